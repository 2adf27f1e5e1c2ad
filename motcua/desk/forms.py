"""Forms of the desk: receiving a paper dossier, the details of a workflow action and its
confirmation."""

from __future__ import annotations

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Channel
from motcua.dossiers.transitions import Action

from .uploads import validate_scan

MAX_SCANS = 20


class Outcome:
    ACCEPT = "accept"
    SUPPLEMENT = "request_supplement"
    REFUSE = "refuse"
    REDIRECT = "redirect"
    CHOICES = (
        (ACCEPT, _("Tiếp nhận: cấp mã hồ sơ và hẹn ngày trả kết quả")),
        (SUPPLEMENT, _("Yêu cầu bổ sung, hoàn thiện hồ sơ")),
        (REFUSE, _("Từ chối tiếp nhận")),
        (REDIRECT, _("Hướng dẫn nộp tại cơ quan khác")),
    )


class MultipleScanInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleScanField(forms.FileField):
    """Several files in one input (the pattern of the Django documentation)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleScanInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        if len(files) > MAX_SCANS:
            raise ValidationError(
                _("Chỉ nhận tối đa %(count)s tệp mỗi lần."), params={"count": MAX_SCANS}
            )
        errors, cleaned = [], []
        for upload in files:
            upload = super().clean(upload, initial)
            try:
                upload.sniffed_type = validate_scan(upload)
            except ValidationError as error:
                errors.extend(error.messages)
                continue
            cleaned.append(upload)
        if errors:
            raise ValidationError(errors)
        return cleaned


def split_lines(text: str) -> list[str]:
    return [line.strip(" -•\t") for line in (text or "").splitlines() if line.strip(" -•\t")]


class ReceiveForm(forms.Form):
    """Everything the desk enters for one walk-in or postal dossier, and the outcome."""

    form_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    applicant_name = forms.CharField(label=_("Họ và tên người nộp"), max_length=200)
    applicant_phone = forms.RegexField(
        label=_("Số điện thoại"),
        max_length=20,
        required=False,
        regex=r"^\+?[0-9 .]{8,20}$",
        error_messages={"invalid": _("Số điện thoại chỉ gồm chữ số, từ 8 đến 20 ký tự.")},
    )
    applicant_address = forms.CharField(label=_("Địa chỉ"), max_length=300, required=False)
    channel = forms.ChoiceField(
        label=_("Hình thức nộp"),
        widget=forms.RadioSelect,
        initial=Channel.DESK,
        choices=[(Channel.DESK, Channel.DESK.label), (Channel.POST, Channel.POST.label)],
    )
    documents = forms.MultipleChoiceField(
        label=_("Giấy tờ đã nhận"), required=False, widget=forms.CheckboxSelectMultiple
    )
    scans = MultipleScanField(
        label=_("Bản quét giấy tờ (PDF, JPEG hoặc PNG, tối đa 20 MB mỗi tệp)"), required=False
    )
    outcome = forms.ChoiceField(
        label=_("Kết quả kiểm tra hồ sơ"),
        widget=forms.RadioSelect,
        choices=Outcome.CHOICES,
        initial=Outcome.ACCEPT,
    )
    missing_items = forms.CharField(
        label=_(
            "Giấy tờ cần bổ sung (mỗi dòng một mục; để trống để lấy các giấy tờ chưa đánh dấu)"
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    reason = forms.CharField(
        label=_("Lý do (khi từ chối hoặc hướng dẫn nộp nơi khác)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )
    to_agency_name = forms.CharField(
        label=_("Cơ quan có thẩm quyền (khi hướng dẫn nộp nơi khác)"),
        max_length=300,
        required=False,
    )

    def __init__(self, *args, procedure, confirm: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.procedure = procedure
        if confirm:
            # The page asks, as the dossier page does for acts with legal effect: recording the
            # outcome gives a code and a legal clock, a notice or a refusal, none of which can be
            # taken back. (An integration confirms by sending the request.)
            self.fields["confirmed"] = forms.BooleanField(
                label=_("Tôi đã kiểm tra thành phần hồ sơ, thông tin người nộp và xác nhận kết quả "
                        "kiểm tra ở trên"),
                error_messages={"required": _("Vui lòng đánh dấu xác nhận trước khi ghi nhận hồ sơ.")},
            )
        self.required_documents = list(procedure.documents.all())
        self.fields["documents"].choices = [
            (str(doc.pk), self.document_label(doc)) for doc in self.required_documents
        ]
        if not self.is_bound:
            self.initial["form_key"] = uuid.uuid4().hex

    @staticmethod
    def document_label(doc) -> str:
        counts = []
        if doc.originals:
            counts.append(_("%(n)s bản chính") % {"n": doc.originals})
        if doc.copies:
            counts.append(_("%(n)s bản sao") % {"n": doc.copies})
        return f"{doc.name} ({', '.join(str(c) for c in counts)})" if counts else doc.name

    def received_documents(self) -> list[dict]:
        chosen = set(self.cleaned_data.get("documents") or [])
        return [
            {"name": doc.name, "originals": doc.originals, "copies": doc.copies}
            for doc in self.required_documents
            if str(doc.pk) in chosen
        ]

    def missing_list(self) -> list[str]:
        """What the supplement request lists: typed items, else the unticked mandatory documents."""
        typed = split_lines(self.cleaned_data.get("missing_items", ""))
        if typed:
            return typed
        chosen = set(self.cleaned_data.get("documents") or [])
        return [
            doc.name
            for doc in self.required_documents
            if doc.mandatory and str(doc.pk) not in chosen
        ]

    def clean(self):
        data = super().clean()
        outcome = data.get("outcome")
        if outcome == Outcome.ACCEPT and "documents" in data:
            # Decree 61/2018 art. 19: only a complete dossier gets a code and an appointment; an
            # incomplete one gets one supplement request listing everything missing.
            chosen = set(data.get("documents") or [])
            missing = [d.name for d in self.required_documents if d.mandatory and str(d.pk) not in chosen]
            if missing:
                self.add_error(
                    "documents",
                    _("Hồ sơ chưa đủ thành phần bắt buộc, còn thiếu: %(missing)s. Chỉ tiếp nhận hồ sơ "
                      "đầy đủ; nếu người nộp chưa có, hãy chọn «Yêu cầu bổ sung, hoàn thiện hồ sơ».")
                    % {"missing": "; ".join(f"«{name}»" for name in missing)},
                )
        if outcome == Outcome.SUPPLEMENT and "documents" in data and not self.missing_list():
            self.add_error("missing_items", _("Vui lòng liệt kê đầy đủ các giấy tờ cần bổ sung."))
        if outcome in (Outcome.REFUSE, Outcome.REDIRECT) and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Vui lòng nhập lý do."))
        if outcome == Outcome.REDIRECT and not (data.get("to_agency_name") or "").strip():
            self.add_error("to_agency_name", _("Vui lòng nhập tên cơ quan có thẩm quyền."))
        return data


class ProcedureChoiceForm(forms.Form):
    """First step of receiving: which procedure (a plain GET form, so it works without JS)."""

    thu_tuc = forms.ModelChoiceField(
        label=_("Thủ tục hành chính"),
        queryset=None,
        empty_label=_("— Chọn thủ tục —"),
        error_messages={
            "invalid_choice": _("Thủ tục này không thuộc cơ quan của bạn; vui lòng chọn lại.")
        },
    )

    def __init__(self, *args, procedures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["thu_tuc"].queryset = procedures


# Actions whose effect reaches the applicant (a code and receipt, a notice, a decision, a new
# legal time limit) and that no lawful action can take back. Without JavaScript their form has a
# required "I have checked" box and the server refuses them without it; with JavaScript every
# action asks first (hx-confirm). docs/workflow.md, "Confirmation and undo on the desk".
CONFIRM_REQUIRED = frozenset({
    Action.ACCEPT, Action.REFUSE, Action.REDIRECT, Action.REQUEST_SUPPLEMENT, Action.RESUBMIT,
    Action.APPROVE, Action.RESOLVE, Action.RETURN_RESULT, Action.CLOSE, Action.WITHDRAW,
    Action.APOLOGISE, Action.RESUME,
})
CONFIRM_LABEL = _("Tôi đã kiểm tra và xác nhận thao tác này")

# The question the browser asks before each action; ``%(ref)s`` is the dossier's code.
QUESTIONS = {
    Action.ACCEPT: _("Tiếp nhận hồ sơ %(ref)s? Hồ sơ sẽ được cấp mã, hẹn ngày trả kết quả và người nộp sẽ nhận thông báo."),
    Action.REQUEST_SUPPLEMENT: _("Yêu cầu bổ sung hồ sơ %(ref)s? Người nộp sẽ nhận thông báo các giấy tờ cần bổ sung."),
    Action.REFUSE: _("Từ chối hồ sơ %(ref)s? Người nộp sẽ nhận thông báo từ chối."),
    Action.REDIRECT: _("Hướng dẫn nộp hồ sơ %(ref)s tại cơ quan khác? Việc giải quyết hồ sơ tại đây sẽ kết thúc và người nộp sẽ nhận thông báo."),
    Action.RESUBMIT: _("Ghi nhận đã nhận hồ sơ bổ sung của hồ sơ %(ref)s? Thời hạn giải quyết sẽ được tính lại từ đầu."),
    Action.START_STEP: _("Bắt đầu xử lý bước hiện tại của hồ sơ %(ref)s?"),
    Action.COMPLETE_STEP: _("Hoàn thành bước này và chuyển hồ sơ %(ref)s sang bước sau?"),
    Action.RETURN_STEP: _("Chuyển trả hồ sơ %(ref)s về bước trước?"),
    Action.SUSPEND: _("Tạm dừng giải quyết hồ sơ %(ref)s? Người nộp sẽ nhận thông báo tạm dừng."),
    Action.RESUME: _("Tiếp tục giải quyết hồ sơ %(ref)s? Hạn trả kết quả lùi theo thời gian tạm dừng và người nộp sẽ nhận thông báo."),
    Action.PROPOSE: _("Trình lãnh đạo phê duyệt kết quả hồ sơ %(ref)s?"),
    Action.APPROVE: _("Phê duyệt kết quả hồ sơ %(ref)s? Người nộp sẽ nhận thông báo hồ sơ đã có kết quả."),
    Action.RETURN_TO_STEP: _("Trả lại hồ sơ %(ref)s để xử lý lại?"),
    Action.RESOLVE: _("Xác nhận hồ sơ %(ref)s đã có kết quả? Người nộp sẽ nhận thông báo."),
    Action.RETURN_RESULT: _("Trả kết quả hồ sơ %(ref)s? Người nộp sẽ nhận thông báo đã trả kết quả."),
    Action.WITHDRAW: _("Rút hồ sơ %(ref)s? Hồ sơ sẽ dừng giải quyết và người nộp sẽ nhận thông báo."),
    Action.CLOSE: _("Kết thúc hồ sơ %(ref)s?"),
    Action.ASSIGN: _("Giao xử lý hồ sơ %(ref)s cho cán bộ đã chọn?"),
    Action.APOLOGISE: _("Xin lỗi và hẹn lại ngày trả kết quả hồ sơ %(ref)s? Người nộp sẽ nhận văn bản xin lỗi."),
}
UNDO_QUESTION = _("Hoàn tác «%(action)s» với hồ sơ %(ref)s?")


def dossier_ref(dossier) -> str:
    """How a question names the dossier: its code, or its number before it has one."""
    return dossier.code or _("số %(pk)s") % {"pk": dossier.pk}


def question(action: str, dossier) -> str:
    text = QUESTIONS.get(action) or _("Thực hiện «%(action)s» với hồ sơ %(ref)s?")
    return text % {"ref": dossier_ref(dossier), "action": Action(action).label}


class ConfirmForm(forms.Form):
    """The "I have checked" box of an action that cannot be undone (the no-JavaScript path)."""

    confirmed = forms.BooleanField(
        label=CONFIRM_LABEL,
        error_messages={"required": _("Vui lòng đánh dấu ô «Tôi đã kiểm tra và xác nhận thao tác này».")},
    )

    @staticmethod
    def needed(action: str) -> bool:
        return action in CONFIRM_REQUIRED
