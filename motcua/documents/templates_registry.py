"""Which official form (mẫu) a dossier's documents use: versioned data, chosen by receipt date.

The forms changed with Circular 03/2025/TT-VPCP on 1 July 2025; a dossier keeps the set in
force when it was received (RULES.md: every rule is versioned data with an effective date).
The 2025 numbering comes from a secondary source (docs/shared legal-research §1.3) and is
marked there as unverified: correcting a number or a title is a change of this table only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

RECEIPT = "receipt"
SUPPLEMENT_REQUEST = "supplement_request"
REFUSAL = "refusal"
APOLOGY = "apology"
STOP_NOTICE = "stop_notice"
CONTROL_SHEET = "control_sheet"
REGISTER = "register"

# Kinds printed for one dossier (the register covers a desk and a period instead).
DOSSIER_KINDS = (RECEIPT, SUPPLEMENT_REQUEST, REFUSAL, APOLOGY, STOP_NOTICE, CONTROL_SHEET)


@dataclass(frozen=True)
class FormTemplate:
    kind: str
    edition: str  # "2018" or "2025": the template set the form belongs to
    form_number: str
    title: str
    template: str
    circular: str
    valid_from: dt.date | None
    valid_to: dt.date | None  # inclusive

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass(frozen=True)
class TemplateSet:
    name: str
    circular: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    forms: dict[str, FormTemplate]

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


def _set(name, circular, valid_from, valid_to, rows) -> TemplateSet:
    forms = {
        kind: FormTemplate(
            kind=kind, edition=name, form_number=number, title=title, template=f"documents/pdf/{kind}.html",
            circular=circular, valid_from=valid_from, valid_to=valid_to,
        )
        for kind, number, title in rows
    }
    return TemplateSet(name, circular, valid_from, valid_to, forms)


SWITCH_2025 = dt.date(2025, 7, 1)

SET_2018 = _set(
    "2018", "Thông tư số 01/2018/TT-VPCP", None, SWITCH_2025 - dt.timedelta(days=1),
    [
        (RECEIPT, "01", _("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ")),
        (SUPPLEMENT_REQUEST, "02", _("PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ")),
        (REFUSAL, "03", _("PHIẾU TỪ CHỐI TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ")),
        (APOLOGY, "04", _("PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ")),
        (CONTROL_SHEET, "05", _("PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ")),
        (REGISTER, "06", _("SỔ THEO DÕI HỒ SƠ")),
    ],
)

SET_2025 = _set(
    "2025", "Thông tư số 03/2025/TT-VPCP", SWITCH_2025, None,
    [
        (RECEIPT, "01", _("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ")),
        (SUPPLEMENT_REQUEST, "02", _("PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ")),
        (REFUSAL, "03", _("PHIẾU TỪ CHỐI TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ")),
        (APOLOGY, "04", _("VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT")),
        (STOP_NOTICE, "05", _("THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ")),
        (CONTROL_SHEET, "06", _("PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ")),
        (REGISTER, "07", _("SỔ THEO DÕI HỒ SƠ")),
    ],
)

TEMPLATE_SETS = (SET_2018, SET_2025)


class UnknownForm(LookupError):
    """The kind does not exist in the set in force on that day (e.g. a 2018 stop notice)."""


def set_for(day: dt.date) -> TemplateSet:
    for template_set in TEMPLATE_SETS:
        if template_set.valid_on(day):
            return template_set
    raise UnknownForm(day)  # unreachable while the sets cover every day


def form_for(kind: str, day: dt.date) -> FormTemplate:
    """The form of ``kind`` in force on ``day``; ``UnknownForm`` if that set has none."""
    try:
        return set_for(day).forms[kind]
    except KeyError:
        raise UnknownForm(kind) from None


def all_kinds() -> frozenset[str]:
    return frozenset(kind for template_set in TEMPLATE_SETS for kind in template_set.forms)
