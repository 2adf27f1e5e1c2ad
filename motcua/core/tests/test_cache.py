"""The Redis cache backend of production (``core.cache``) against the real Redis server."""

from __future__ import annotations

import os

import pytest
from django.core.cache import caches
from django.test import override_settings

REDIS_URL = os.environ.get("MOTCUA_TEST_CACHE_REDIS_URL", "redis://127.0.0.1:6379/11")


@pytest.fixture
def redis_cache():
    with override_settings(
        CACHES={
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
            "redis": {"BACKEND": "motcua.core.cache.RedisCache", "LOCATION": REDIS_URL},
        }
    ):
        cache = caches["redis"]
        cache.clear()
        yield cache
        cache.clear()


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
