"""The sign-in backend: Django's ``ModelBackend``, reading a signed-in user's posts with them.

Every page an official opens needs the user (``request.user``) and their posts
(``units.scoping.request_visibility`` reads them on every request, so a post that ends takes
effect on the next click). Django reads the user with one query and the posts would take a
second; here one plain query with a LEFT JOIN brings both, and the posts ride on the user
object of this request as ``posts_read``. On the desk queue, the busiest page, that takes one
round trip and the ORM's compiling off every request (0.44 ms → 0.25 ms per request, measured
with ``bench/bench_desk_queue.py``'s database).

Passwords, ``user_can_authenticate`` and permissions are ``ModelBackend``'s, unchanged.
"""

from __future__ import annotations

from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db import connection

# The membership columns, under names no user field has.
_POST_COLUMNS = ("agency_id", "role", "valid_from", "valid_to")


@cache
def _user_with_posts_sql(vendor: str) -> str:
    # ``vendor`` is only the cache key: the quoting differs between database engines.
    from motcua.units.models import Membership

    quote = connection.ops.quote_name
    user_model = get_user_model()
    user_columns = ", ".join(
        f"u.{quote(field.column)}" for field in user_model._meta.concrete_fields
    )
    pk = user_model._meta.pk.column
    member = Membership._meta.get_field("user").column
    post_columns = ", ".join(f"m.{quote(c)} AS {quote('post_' + c)}" for c in _POST_COLUMNS)
    return (
        f"SELECT {user_columns}, {post_columns} "
        f"FROM {quote(user_model._meta.db_table)} u "
        f"LEFT JOIN {quote(Membership._meta.db_table)} m ON m.{quote(member)} = u.{quote(pk)} "
        f"WHERE u.{quote(pk)} = %s"
    )


class UserWithPostsBackend(ModelBackend):
    def get_user(self, user_id):
        user_model = get_user_model()
        try:
            pk = user_model._meta.pk.to_python(user_id)
        except ValidationError:  # a tampered session: nobody, as ModelBackend would answer
            return None
        # RawQuerySet converts the user's columns as the ORM does (aware datetimes on SQLite).
        rows = list(user_model._default_manager.raw(_user_with_posts_sql(connection.vendor), [pk]))
        if not rows:
            return None
        user = rows[0]
        user.posts_read = tuple(
            tuple(getattr(row, "post_" + column) for column in _POST_COLUMNS)
            for row in rows
            if row.post_agency_id is not None
        )
        return user if self.user_can_authenticate(user) else None
