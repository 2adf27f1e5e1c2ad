"""Forms: the rating questionnaire, the feedback form, and the officials' actions."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.accounts.validators import clean_phone
from motcua.catalog.models import Procedure, VersionStatus
from motcua.dossiers.models import Dossier
from motcua.units.models import Agency

from .models import DIMENSIONS, Score

SCORE_REQUIRED = _("Hãy chọn một mức độ hài lòng cho tiêu chí này.")
SCORE_INVALID = _("Mức độ hài lòng phải là một số từ 1 đến 5.")


class RatingForm(forms.Form):
    comment = forms.CharField(
        label=_("Ý kiến khác (không bắt buộc)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Ý kiến khác dài tối đa %(limit_value)d ký tự.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The dimensions first, in the SIPAS order; the comment last.
        fields = {}
        for name, label, help_text in DIMENSIONS:
            fields[name] = forms.TypedChoiceField(
                label=label,
                help_text=help_text,
                choices=[(value, label) for value, label in Score.choices],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": SCORE_REQUIRED, "invalid_choice": SCORE_INVALID},
            )
        fields["comment"] = self.fields["comment"]
        self.fields = fields

    def dimension_fields(self):
        return [self[name] for name, _label, _help in DIMENSIONS]

    def scores(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name, _label, _help in DIMENSIONS}


def current_procedures():
    return Procedure.objects.filter(status=VersionStatus.ACTIVE).order_by("name", "code")


def routing_agencies():
    return (
        Agency.objects.filter(procedures__status=VersionStatus.ACTIVE)
        .select_related("unit")
        .distinct()
        .order_by("name")
    )


class FeedbackForm(forms.Form):
    procedure = forms.ModelChoiceField(
        label=_("Thủ tục hành chính được phản ánh"),
        queryset=Procedure.objects.none(),
        empty_label=_("— Chọn thủ tục —"),
        error_messages={
            "required": _("Hãy chọn thủ tục hành chính mà bạn muốn phản ánh, kiến nghị."),
            "invalid_choice": _("Thủ tục đã chọn không có trong danh mục đang áp dụng."),
        },
    )
    agency = forms.ModelChoiceField(
        label=_("Cơ quan giải quyết (nếu biết)"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=_("— Không rõ —"),
        help_text=_("Nếu thủ tục do nhiều cơ quan thực hiện, hãy chọn cơ quan bạn muốn phản ánh."),
        error_messages={"invalid_choice": _("Cơ quan đã chọn không có trong danh sách.")},
    )
    dossier_code = forms.CharField(
        label=_("Mã hồ sơ liên quan (nếu có)"),
        required=False,
        max_length=60,
        help_text=_("Mã in trên giấy tiếp nhận và hẹn trả kết quả."),
        error_messages={"max_length": _("Mã hồ sơ dài tối đa %(limit_value)d ký tự.")},
    )
    content = forms.CharField(
        label=_("Nội dung phản ánh, kiến nghị"),
        widget=forms.Textarea(attrs={"rows": 6}),
        min_length=10,
        max_length=5000,
        error_messages={
            "required": _("Hãy nhập nội dung phản ánh, kiến nghị."),
            "min_length": _("Nội dung quá ngắn: hãy viết ít nhất %(limit_value)d ký tự."),
            "max_length": _("Nội dung dài tối đa %(limit_value)d ký tự."),
        },
    )
    sender_name = forms.CharField(
        label=_("Họ và tên"),
        max_length=200,
        error_messages={"required": _("Hãy nhập họ và tên để cơ quan liên hệ khi cần.")},
    )
    sender_phone = forms.CharField(label=_("Số điện thoại"), required=False, max_length=20)
    sender_email = forms.EmailField(
        label=_("Thư điện tử"),
        required=False,
        error_messages={"invalid": _("Địa chỉ thư điện tử không hợp lệ.")},
    )
    consent_to_publish = forms.BooleanField(
        label=_(
            "Tôi đồng ý để câu trả lời được công khai trên cổng (không kèm họ tên, số điện thoại, "
            "thư điện tử của tôi)."
        ),
        required=False,
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["procedure"].queryset = current_procedures()
        self.fields["agency"].queryset = routing_agencies()
        self.fields["sender_phone"].widget.attrs.update(autocomplete="tel", inputmode="tel")
        self.fields["sender_email"].widget.attrs.update(autocomplete="email")
        self.fields["sender_name"].widget.attrs.update(autocomplete="name")
        if user is not None and user.is_authenticated and not self.is_bound:
            self.initial.setdefault("sender_name", user.full_name or user.get_full_name())
            self.initial.setdefault("sender_phone", user.phone)
            self.initial.setdefault("sender_email", user.email)

    def clean_sender_phone(self):
        value = (self.cleaned_data.get("sender_phone") or "").strip()
        return clean_phone(value) if value else ""

    def clean_content(self):
        return self.cleaned_data["content"].strip()

    def clean(self):
        data = super().clean()
        if not self.errors.get("sender_phone") and not self.errors.get("sender_email"):
            if not data.get("sender_phone") and not data.get("sender_email"):
                self.add_error(
                    "sender_phone",
                    _("Hãy nhập số điện thoại hoặc thư điện tử để nhận thông tin trả lời."),
                )
        procedure = data.get("procedure")
        if procedure is not None:
            self._route(data, procedure)
        return data

    def _route(self, data, procedure) -> None:
        """Decide who answers: the dossier's competent agency, the agency chosen, or the
        procedure's only agency; else the unit that published the procedure."""
        code = (data.get("dossier_code") or "").strip()
        dossier = Dossier.objects.select_related("competent_agency").filter(code=code).first() if code else None
        # The code is not checked against the sender: saying "no such dossier" would tell
        # strangers which codes exist. A known code only helps routing.
        data["dossier"] = dossier
        agency = data.get("agency")
        allowed = list(procedure.agencies.all())
        if dossier is not None:
            agency = dossier.competent_agency
        elif agency is not None:
            if allowed and agency not in allowed:
                self.add_error(
                    "agency", _("Cơ quan đã chọn không thực hiện thủ tục này; hãy chọn lại hoặc để «Không rõ».")
                )
                return
        elif len(allowed) == 1:
            agency = allowed[0]
        data["agency"] = agency
        data["unit"] = agency.unit if agency is not None else procedure.publishing_unit


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Giao cho"),
        queryset=None,
        empty_label=None,
        error_messages={"invalid_choice": _("Người được giao phải là công chức của cơ quan xử lý.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, assignees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignees
        self.fields["assignee"].label_from_instance = lambda u: u.full_name or u.username


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Nội dung trả lời"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10000,
        error_messages={"required": _("Hãy nhập nội dung trả lời.")},
    )
    publish = forms.BooleanField(
        label=_("Công khai câu hỏi và câu trả lời trên cổng (người gửi đã đồng ý)"), required=False
    )
    public_question = forms.CharField(
        label=_("Nội dung phản ánh sẽ công khai"),
        help_text=_("Hãy lược bỏ họ tên, số giấy tờ, địa chỉ và mọi thông tin cá nhân."),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, consent: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not consent:
            del self.fields["publish"]
            del self.fields["public_question"]

    def clean(self):
        data = super().clean()
        if data.get("publish") and not (data.get("public_question") or "").strip():
            self.add_error(
                "public_question",
                _("Hãy nhập nội dung phản ánh sẽ công khai (đã lược bỏ thông tin cá nhân)."),
            )
        return data


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)

