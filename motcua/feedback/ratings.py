"""Who may rate which dossier, and the one way a rating is written.

Rules (docs/feedback.md):
- only the dossier's applicant rates it (officials and other people: the dossier does not
  exist for them here);
- only once the dossier is finished by a result or a refusal: resolved, result returned,
  closed or refused. A withdrawn dossier got neither, so there is nothing to judge;
- one rating per dossier, final: SIPAS counts one questionnaire per dossier and a rating that
  changes after the fact would move reports already published.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier, Status

from .models import DIMENSION_NAMES, Rating, Score

RATEABLE_STATUSES = frozenset(
    {Status.RESOLVED, Status.RESULT_RETURNED, Status.CLOSED, Status.REFUSED}
)


class RatingError(ValueError):
    """A rating that cannot be recorded; ``str()`` is the Vietnamese message."""

    code = "invalid"


class NotRateableYet(RatingError):
    code = "not_rateable"


class AlreadyRated(RatingError):
    code = "already_rated"


def is_owner(dossier: Dossier, user) -> bool:
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and dossier.applicant_id is not None
        and dossier.applicant_id == user.pk
    )


def is_rateable(dossier: Dossier) -> bool:
    return dossier.status in RATEABLE_STATUSES


def rating_for(dossier: Dossier) -> Rating | None:
    """The dossier's rating, or None (uses a prefetched ``rating`` when there is one)."""
    try:
        return dossier.rating
    except Rating.DoesNotExist:
        return None


def can_rate(dossier: Dossier, user) -> bool:
    """True when ``user`` may rate ``dossier`` now (owner, finished, not rated yet)."""
    return is_owner(dossier, user) and is_rateable(dossier) and rating_for(dossier) is None


def not_rateable_message(dossier: Dossier) -> str:
    return str(
        _(
            "Hồ sơ %(dossier)s chưa thể đánh giá: bạn đánh giá được khi hồ sơ đã có kết quả "
            "hoặc đã có văn bản từ chối (hiện tại: %(status)s)."
        )
        % {"dossier": dossier, "status": dossier.get_status_display()}
    )


def already_rated_message(dossier: Dossier) -> str:
    return str(
        _("Bạn đã đánh giá hồ sơ %(dossier)s. Mỗi hồ sơ chỉ được đánh giá một lần.")
        % {"dossier": dossier}
    )


def clean_scores(values: dict) -> dict[str, int]:
    """Five integer scores 1–5 from ``values``; RatingError naming what is wrong."""
    scores: dict[str, int] = {}
    for name in DIMENSION_NAMES:
        raw = values.get(name)
        if raw is None or raw == "":
            raise RatingError(_("Hãy chọn mức độ hài lòng cho tất cả năm tiêu chí."))
        try:
            score = int(raw)
        except (TypeError, ValueError):
            raise RatingError(_("Mức độ hài lòng phải là một số từ 1 đến 5.")) from None
        if isinstance(raw, bool) or score not in Score.values or str(raw).strip() != str(score):
            raise RatingError(_("Mức độ hài lòng phải là một số từ 1 đến 5."))
        scores[name] = score
    return scores


@transaction.atomic
def rate(dossier: Dossier, *, by, scores: dict, comment: str = "") -> Rating:
    """Record the applicant's rating. Raises RatingError (Vietnamese) when it cannot."""
    # Lock the dossier row so two submissions (double click) serialise; the unique key on
    # Rating.dossier is the last line of defence.
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if not is_owner(dossier, by):
        raise RatingError(_("Chỉ người nộp hồ sơ mới đánh giá được hồ sơ này."))
    if not is_rateable(dossier):
        raise NotRateableYet(not_rateable_message(dossier))
    if Rating.objects.filter(dossier=dossier).exists():
        raise AlreadyRated(already_rated_message(dossier))
    clean = clean_scores(scores)
    comment = (comment or "").strip()
    if len(comment) > 2000:
        raise RatingError(_("Ý kiến khác dài tối đa 2.000 ký tự."))
    try:
        with transaction.atomic():
            return Rating.objects.create(dossier=dossier, rated_by=by, comment=comment, **clean)
    except IntegrityError:
        raise AlreadyRated(already_rated_message(dossier)) from None
