"""The Redis cache backend of production (``core.cache``) against the real Redis server."""

from __future__ import annotations

import os
import uuid

import pytest
from django.core.cache import caches
from django.test import override_settings

REDIS_URL = os.environ.get("MOTCUA_TEST_CACHE_REDIS_URL", "redis://127.0.0.1:6379/11")


@pytest.fixture
def redis_cache():
    # A key prefix of its own, never a FLUSHDB (``cache.clear()``): the two test processes run
    # these tests at the same time on the same Redis database, and one's flush between the
    # other's two writes made "add" succeed twice.
    prefix = f"test-{uuid.uuid4().hex}"
    with override_settings(
        CACHES={
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
            "redis": {
                "BACKEND": "motcua.core.cache.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": prefix,
            },
        }
    ):
        cache = caches["redis"]
        yield cache
        client = cache._cache.get_client()
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)


def test_redis_cache_stores_counts_and_forgets_like_any_django_cache(redis_cache):
    redis_cache.set("queue-page", "<table>…</table>", 60)
    assert redis_cache.get("queue-page") == "<table>…</table>"
    assert redis_cache.add("counter", 1, 60) is True
    assert redis_cache.add("counter", 5, 60) is False
    assert redis_cache.incr("counter") == 2
    redis_cache.delete_many(["queue-page", "counter"])
    assert redis_cache.get_many(["queue-page", "counter"]) == {}


def test_redis_cache_reuses_one_client_per_connection_pool(redis_cache):
    client = redis_cache._cache.get_client("a")
    assert redis_cache._cache.get_client("b") is client
    assert redis_cache._cache.get_client("c", write=True) is client  # one server: one pool
