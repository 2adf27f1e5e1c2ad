"""Finding procedures: keyword search with a sensible ranking, and a version by its code.

Search works on ``Procedure.search_text`` (``fold(name + " " + code)``, kept by ``save()``):
the query is folded the same way, so "dang ky", "ĐĂNG KÝ" and "đăng ký" all find
"Đăng ký khai sinh" (đ/Đ included, which Unicode does not decompose). The ranking is a
``Case``/``When`` annotation with plain ``contains``/``startswith`` lookups, so the same
SQL runs on SQLite and PostgreSQL and the database can page it with LIMIT.
"""

from __future__ import annotations

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Length, Substr

from motcua.core.text import clean_query, fold

from .models import Procedure, VersionStatus

# Enough for any real query; keeps a pasted paragraph from turning into 100 LIKE clauses.
MAX_WORDS = 8


class Rank:
    """Lower is better; the order the catalogue promises users."""

    NAME_EQUALS = 0
    NAME_STARTS_WITH = 1
    NAME_CONTAINS_PHRASE = 2
    NAME_CONTAINS_ALL_WORDS = 3
    CODE_OR_OTHER = 4


def search_procedures(queryset: QuerySet, query: str | None) -> QuerySet:
    """Procedures of ``queryset`` matching ``query``, best first, annotated with ``search_rank``.

    Order: folded name equals the query, name starts with it, name contains the whole
    phrase, name contains every word in any order, then the rest (code matches, or words
    found only across name and code); ties by folded name, then code and newest version.
    An empty (or all-control-character) query leaves the queryset as is.
    """
    cleaned = clean_query(query)
    folded = fold(cleaned)
    if not folded:
        return queryset
    words = folded.split(" ")[:MAX_WORDS]
    in_text = Q()
    in_name = Q()
    for word in words:
        in_text &= Q(search_text__contains=word)
        in_name &= Q(name_folded__contains=word)
    code_matches = Q(code__istartswith=cleaned)

    rank = Case(
        When(name_folded=folded, then=Value(Rank.NAME_EQUALS)),
        When(name_folded__startswith=folded, then=Value(Rank.NAME_STARTS_WITH)),
        When(name_folded__contains=folded, then=Value(Rank.NAME_CONTAINS_PHRASE)),
        When(in_name, then=Value(Rank.NAME_CONTAINS_ALL_WORDS)),
        default=Value(Rank.CODE_OR_OTHER),
        output_field=IntegerField(),
    )
    return (
        queryset.alias(name_folded=folded_name())
        .filter(in_text | code_matches)
        .annotate(search_rank=rank)
        .order_by("search_rank", "search_text", "code", "-version")
    )


def folded_name():
    """The folded name as an SQL expression: ``search_text`` is "<folded name> <code>".

    Cutting the code off the end keeps one stored column (kept by ``Procedure.save``) while
    letting the ranking tell a name match from a code match. Codes are plain ASCII without
    spaces, so their folded length is their length.
    """
    return Substr("search_text", 1, Length("search_text") - Length("code") - 1)


def published_versions(code: str, queryset: QuerySet | None = None) -> QuerySet:
    """Every public version of the procedure ``code`` (drafts never), newest first."""
    base = Procedure.objects.all() if queryset is None else queryset
    if not _plausible_code(code):
        # A code from a URL may hold anything; PostgreSQL refuses NUL bytes outright, so a
        # code no procedure can have finds nothing instead of reaching the database.
        return base.none()
    return base.published().filter(code=code).order_by("-version", "publishing_unit_id", "pk")


def _plausible_code(code: str) -> bool:
    max_length = Procedure._meta.get_field("code").max_length
    return bool(code) and len(code) <= max_length and code.isprintable()


def find_version(code: str, version: int | None = None, queryset: QuerySet | None = None):
    """The version of ``code`` to show: number ``version``, or else the active one.

    Without an active version (all replaced or abolished) the newest published one is
    returned, so that old links still explain what happened. ``None`` when nothing matches.
    When several localities publish the same code, the lowest publishing unit id wins; the
    catalogue of one deployment normally has a single publishing locality.
    """
    versions = published_versions(code, queryset)
    if version is not None:
        return versions.filter(version=version).first()
    active_first = Case(
        When(status=VersionStatus.ACTIVE, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return versions.order_by(active_first, "-version", "publishing_unit_id", "pk").first()
