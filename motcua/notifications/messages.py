"""What each message says, as a table: one row per workflow action (or reminder kind).

Adding a message for a new action (say ``apologise``) is one row in ``MESSAGES``; the
transition hook sends a message for every action that has a row and for nothing else.
Placeholders are filled by ``render``; every text is Vietnamese through gettext and is rendered
in the site's language whatever the language of the request that caused it.

No message carries an identity number or the applicant's name: only the dossier's code, the
procedure, the agency and dates. Free text typed by officials is scrubbed (``contacts.scrub``).
SMS texts stay within two Unicode segments (``sms_segments``): a link replaces the details.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .contacts import scrub


@dataclass(frozen=True)
class Message:
    subject: Promise
    email: Promise
    sms: Promise | None = None  # None: e-mail only (messages for officials)
    # Attach the receipt and appointment slip (PDF) to the e-mail.
    attach_receipt: bool = False


_RESULT = Message(
    subject=_("Hồ sơ {ref} đã có kết quả"),
    email=_(
        "Hồ sơ «{procedure}» (mã {ref}) đã có kết quả giải quyết.\n"
        "Vui lòng nhận kết quả theo hình thức bạn đã chọn hoặc tại {agency}.\n\n"
        "Xem chi tiết: {link}"
    ),
    sms=_("Hồ sơ {ref} đã có kết quả. {link}"),
)

# Messages to the applicant, by workflow action.
MESSAGES: dict[str, Message] = {
    "submit": Message(
        subject=_("Đã gửi hồ sơ {ref}, chờ tiếp nhận"),
        email=_(
            "Hồ sơ «{procedure}» (số {ref}) đã được gửi tới {agency} lúc {at}.\n"
            "Bộ phận một cửa sẽ kiểm tra hồ sơ; mã hồ sơ và ngày hẹn trả kết quả được cấp khi "
            "hồ sơ được tiếp nhận.\n\n"
            "Theo dõi hồ sơ: {link}"
        ),
        sms=_("Hồ sơ {ref} đã gửi, chờ tiếp nhận. {link}"),
    ),
    "accept": Message(
        subject=_("Hồ sơ {ref} đã được tiếp nhận"),
        email=_(
            "{agency} đã tiếp nhận hồ sơ «{procedure}».\n"
            "Mã hồ sơ: {ref}\n"
            "Hẹn trả kết quả: {due}\n\n"
            "Giấy tiếp nhận hồ sơ và hẹn trả kết quả được đính kèm thư này.\n"
            "Theo dõi hồ sơ: {link}"
        ),
        sms=_("Hồ sơ {ref} đã tiếp nhận, hẹn trả {due_day}. {link}"),
        attach_receipt=True,
    ),
    "request_supplement": Message(
        subject=_("Hồ sơ {ref} cần bổ sung, hoàn thiện"),
        email=_(
            "Hồ sơ «{procedure}» (mã {ref}) cần được bổ sung, hoàn thiện.\n"
            "Các giấy tờ, nội dung cần bổ sung:\n{items}\n\n"
            "Nộp bổ sung trực tuyến tại: {supplement_link}"
        ),
        sms=_("Hồ sơ {ref} cần bổ sung: {supplement_link}"),
    ),
    "refuse": Message(
        subject=_("Hồ sơ {ref} không được giải quyết"),
        email=_(
            "Hồ sơ «{procedure}» (mã {ref}) không được giải quyết.\n"
            "Lý do: {reason}\n\n"
            "Xem chi tiết: {link}"
        ),
        sms=_("Hồ sơ {ref} bị từ chối. Lý do: {link}"),
    ),
    "redirect": Message(
        subject=_("Hồ sơ {ref}: hướng dẫn nộp tại cơ quan khác"),
        email=_(
            "Hồ sơ «{procedure}» (số {ref}) không thuộc thẩm quyền tiếp nhận của {agency}.\n"
            "Vui lòng nộp hồ sơ tại: {to_agency}\n"
            "Lý do: {reason}\n\n"
            "Xem chi tiết: {link}"
        ),
        sms=_("Hồ sơ {ref} cần nộp nơi khác. Xem: {link}"),
    ),
    "resubmit": Message(
        subject=_("Đã nhận hồ sơ bổ sung {ref}"),
        email=_(
            "Đã nhận phần bổ sung của hồ sơ «{procedure}» (mã {ref}).\n"
            "{due_sentence}\n\n"
            "Theo dõi hồ sơ: {link}"
        ),
        sms=_("Đã nhận bổ sung hồ sơ {ref}. {link}"),
    ),
    "suspend": Message(
        subject=_("Hồ sơ {ref} tạm dừng giải quyết"),
        email=_(
            "Việc giải quyết hồ sơ «{procedure}» (mã {ref}) được tạm dừng.\n"
            "Lý do: {reason}\n\n"
            "Xem chi tiết: {link}"
        ),
        sms=_("Hồ sơ {ref} tạm dừng giải quyết. Lý do: {link}"),
    ),
    "resume": Message(
        subject=_("Hồ sơ {ref} được tiếp tục giải quyết"),
        email=_(
            "Hồ sơ «{procedure}» (mã {ref}) được tiếp tục giải quyết.\n"
            "Hẹn trả kết quả: {due}\n\n"
            "Theo dõi hồ sơ: {link}"
        ),
        sms=_("Hồ sơ {ref} tiếp tục xử lý, hẹn {due_day}. {link}"),
    ),
    "resolve": _RESULT,
    "approve": _RESULT,
    "return_result": Message(
        subject=_("Đã trả kết quả hồ sơ {ref}"),
        email=_(
            "Kết quả hồ sơ «{procedure}» (mã {ref}) đã được trả ({channel}) lúc {at}.\n"
            "Mời bạn đánh giá mức độ hài lòng về việc giải quyết hồ sơ: {link}"
        ),
        sms=_("Đã trả kết quả hồ sơ {ref}. Đánh giá: {link}"),
    ),
    "withdraw": Message(
        subject=_("Hồ sơ {ref} đã được rút"),
        email=_(
            "Hồ sơ «{procedure}» (số {ref}) đã được rút theo yêu cầu lúc {at}.\n"
            "Nếu không phải bạn yêu cầu, vui lòng liên hệ {agency}.\n\n"
            "Xem chi tiết: {link}"
        ),
        sms=_("Hồ sơ {ref} đã được rút. {link}"),
    ),
    # The apology and new appointment for a dossier that will be late (issue 5).
    "apologise": Message(
        subject=_("Xin lỗi và hẹn lại ngày trả kết quả hồ sơ {ref}"),
        email=_(
            "{competent} xin lỗi vì hồ sơ «{procedure}» (mã {ref}) chưa có kết quả đúng hẹn.\n"
            "Lý do: {reason}\n"
            "Hẹn trả kết quả mới: {new_due}\n\n"
            "Xem chi tiết: {link}"
        ),
        sms=_("Xin lỗi, hồ sơ {ref} trễ, hẹn mới {new_due_day}. {link}"),
    ),
}

REMINDER_DUE_SOON = "reminder_due_soon"
REMINDER_OVERDUE = "reminder_overdue"

# Messages to officials (e-mail only), by reminder kind.
OFFICIAL_MESSAGES: dict[str, Message] = {
    REMINDER_DUE_SOON: Message(
        subject=_("Nhắc hạn: hồ sơ {ref} đến hạn {due}"),
        email=_(
            "Hồ sơ {ref} («{procedure}», {competent}) đến hạn trả kết quả lúc {due}; "
            "tình trạng hiện tại: {status}.\n"
            "Vui lòng hoàn thành đúng hạn; nếu không thể, cần ban hành văn bản xin lỗi và hẹn "
            "lại ngày trả kết quả trước khi hết hạn.\n\n"
            "Mở hồ sơ: {desk_link}"
        ),
    ),
    REMINDER_OVERDUE: Message(
        subject=_("Quá hạn: hồ sơ {ref} đã quá hạn từ {due}"),
        email=_(
            "Hồ sơ {ref} («{procedure}», {competent}) đã quá hạn trả kết quả từ {due}; "
            "tình trạng hiện tại: {status}.\n"
            "Hồ sơ sẽ trả kết quả muộn: đề nghị ban hành văn bản xin lỗi, hẹn lại ngày trả kết "
            "quả và thông báo cho người nộp.\n\n"
            "Mở hồ sơ: {desk_link}"
        ),
    ),
}

RETURN_CHANNELS = {
    "desk": _("trực tiếp tại bộ phận một cửa"),
    "post": _("qua dịch vụ bưu chính"),
    "online": _("trực tuyến"),
}

SMS_MAX_SEGMENTS = 2
# The GSM 03.38 basic set; anything else (Vietnamese letters) makes the SMS UCS-2.
_GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)


def sms_segments(text: str) -> int:
    """How many SMS a text takes: 160/153 characters in GSM-7, 70/67 in UCS-2 (Unicode)."""
    if all(char in _GSM7 for char in text):
        single, part, length = 160, 153, len(text)
    else:
        single, part = 70, 67
        length = len(text.encode("utf-16-le")) // 2
    if length <= single:
        return 1
    return -(-length // part)


@dataclass(frozen=True)
class Rendered:
    subject: str
    email: str
    sms: str
    attach_receipt: bool


def public_url(path: str) -> str:
    base = (getattr(settings, "MOTCUA_PUBLIC_URL", "") or "http://127.0.0.1:8000").rstrip("/")
    return f"{base}{path}"


def dossier_link(dossier) -> str:
    """The applicant's page of the dossier; for an applicant without an account the public
    lookup (code + secret, as printed on the receipt)."""
    if dossier.applicant_id:
        return public_url(f"/dich-vu-cong/ho-so/{dossier.pk}/")
    if dossier.code:
        from motcua.documents.context import tracking_url

        return tracking_url(dossier)
    return public_url("/")


def moment(value, pattern: str = "%H:%M %d/%m/%Y") -> str:
    if isinstance(value, str):
        value = parse_datetime(value)
    if not isinstance(value, dt.datetime):
        return ""
    return timezone.localtime(value).strftime(pattern)


def day(value) -> str:
    return moment(value, "%d/%m/%Y")


def _context(dossier, details: dict, at) -> dict:
    details = details or {}
    items = [scrub(str(item)) for item in details.get("missing_items") or []]
    due = moment(dossier.due_at) or str(_("chưa xác định"))
    if dossier.status in ("in_processing", "received") and dossier.due_at:
        due_sentence = _("Thời hạn giải quyết được tính lại từ đầu; hẹn trả kết quả mới: {due}.")
    else:
        due_sentence = _("Bộ phận một cửa sẽ kiểm tra lại hồ sơ và thông báo kết quả tiếp nhận.")
    new_due = details.get("new_due_at") or getattr(dossier, "new_due_at", None) or dossier.due_at
    return {
        "ref": dossier.code or f"#{dossier.pk}",
        "procedure": dossier.procedure.name,
        "agency": dossier.receiving_agency.name,
        "competent": dossier.competent_agency.name,
        "due": due,
        "due_sentence": str(due_sentence).format(due=due),
        "new_due": moment(new_due) or due,
        "due_day": day(dossier.due_at) or due,
        "new_due_day": day(new_due) or due,
        "at": moment(at or timezone.now()),
        "reason": scrub(str(details.get("reason") or "")) or str(_("(không ghi)")),
        "items": "\n".join(f"- {item}" for item in items) or "-",
        "to_agency": scrub(str(details.get("to_agency_name") or "")),
        "channel": str(RETURN_CHANNELS.get(str(details.get("channel") or ""), "")),
        "status": dossier.get_status_display(),
        "link": dossier_link(dossier),
        "supplement_link": public_url(f"/dich-vu-cong/ho-so/{dossier.pk}/bo-sung/")
        if dossier.applicant_id
        else dossier_link(dossier),
        "desk_link": public_url(f"/motcua/ho-so/{dossier.pk}/"),
    }


def _fit_sms(text: str, link: str) -> str:
    """Drop the link, then cut the text, rather than send a third segment."""
    if sms_segments(text) <= SMS_MAX_SEGMENTS:
        return text
    text = text.replace(link, "").rstrip(" :.") + "."
    while sms_segments(text) > SMS_MAX_SEGMENTS:
        text = text[:-2] + "…"
    return text


def render(kind: str, dossier, details: dict | None = None, *, at=None) -> Rendered:
    """The subject, e-mail text and SMS text of message ``kind`` about ``dossier``."""
    message = MESSAGES.get(kind) or OFFICIAL_MESSAGES[kind]
    with translation.override(settings.LANGUAGE_CODE):
        context = _context(dossier, details or {}, at)
        subject = str(message.subject).format(**context)
        email = str(message.email).format(**context)
        sms = ""
        if message.sms is not None:
            link = (
                context["supplement_link"]
                if "{supplement_link}" in str(message.sms)
                else context["link"]
            )
            sms = _fit_sms(str(message.sms).format(**context), link)
    return Rendered(subject=subject, email=email, sms=sms, attach_receipt=message.attach_receipt)
