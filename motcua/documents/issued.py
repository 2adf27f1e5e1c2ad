"""Which slips a dossier has: a slip records an act, so it exists only once that act happened.

The audit trail is the record of the acts (acceptance, supplement request, refusal, apology,
withdrawal): a receipt for a dossier never accepted, or a refusal for one never refused, would
be an official document stating something false. The dossier page links to these kinds only,
and the download answers 404 with ``not_issued_message`` for any other.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from motcua.dossiers.models import AuditEvent, Dossier
from motcua.dossiers.transitions import Action

from .context import reference_date
from .templates_registry import (
    APOLOGY,
    CONTROL_SHEET,
    DOSSIER_KINDS,
    RECEIPT,
    REFUSAL,
    STOP_NOTICE,
    SUPPLEMENT_REQUEST,
    UnknownForm,
    form_for,
)

# The act each slip records. The control sheet starts with the acceptance at the desk.
ACT = {
    RECEIPT: Action.ACCEPT,
    SUPPLEMENT_REQUEST: Action.REQUEST_SUPPLEMENT,
    REFUSAL: Action.REFUSE,
    APOLOGY: Action.APOLOGISE,
    STOP_NOTICE: Action.WITHDRAW,
    CONTROL_SHEET: Action.ACCEPT,
}


def acts_done(dossier: Dossier) -> set[str]:
    """The slip-issuing actions recorded in the dossier's audit trail (one query)."""
    return set(
        AuditEvent.objects.filter(dossier_id=dossier.pk, action__in=set(ACT.values()))
        .values_list("action", flat=True)
        .distinct()
    )


def is_issued(dossier: Dossier, kind: str, acts: set[str] | None = None) -> bool:
    """Whether the act behind ``kind`` happened (the form set is checked separately)."""
    if kind not in ACT:
        return False
    acts = acts_done(dossier) if acts is None else acts
    if ACT[kind] not in acts:
        return False
    # An accepted dossier has its code; without one a receipt would show "Mã hồ sơ: —".
    return not (kind == RECEIPT and not dossier.code)


def issued_kinds(dossier: Dossier) -> list[str]:
    """The slips of ``dossier`` that exist in its form set, in the order the page lists them."""
    acts = acts_done(dossier)
    day = reference_date(dossier)
    kinds = []
    for kind in DOSSIER_KINDS:
        if not is_issued(dossier, kind, acts):
            continue
        try:
            form_for(kind, day)
        except UnknownForm:
            continue  # a withdrawn 2018-era dossier: that set has no stop notice
        kinds.append(kind)
    return kinds


def not_issued_message(kind: str) -> str:
    """Why ``kind`` does not exist for this dossier, in words the official understands."""
    messages = {
        RECEIPT: _(
            "Hồ sơ chưa được tiếp nhận nên chưa có giấy tiếp nhận hồ sơ và hẹn trả kết quả."
        ),
        SUPPLEMENT_REQUEST: _(
            "Hồ sơ chưa từng được yêu cầu bổ sung, hoàn thiện nên không có phiếu yêu cầu bổ sung."
        ),
        REFUSAL: _("Hồ sơ không bị từ chối nên không có phiếu từ chối tiếp nhận, giải quyết hồ sơ."),
        APOLOGY: _(
            "Cơ quan chưa xin lỗi và hẹn lại ngày trả kết quả cho hồ sơ này nên chưa có văn bản xin lỗi."
        ),
        STOP_NOTICE: _("Hồ sơ chưa bị rút nên không có thông báo dừng giải quyết hồ sơ."),
        CONTROL_SHEET: _(
            "Hồ sơ chưa được tiếp nhận nên chưa có phiếu kiểm soát quá trình giải quyết hồ sơ."
        ),
    }
    return messages.get(kind, _("Hồ sơ này không có văn bản này."))
