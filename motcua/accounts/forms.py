"""Forms of the accounts app. Every message for bad input is a Vietnamese sentence."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import (
    AuthenticationForm,
    BaseUserCreationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
    SetPasswordMixin,
)
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .conf import REPRESENTATION_EXTENSIONS, representation_max_upload
from .models import AccountType, Representation, RepresentationKind
from .validators import clean_identity_number, clean_phone, clean_tax_code

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]
# Magic bytes of the document types we accept: a renamed HTML page is not a PDF.
_SIGNATURES = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
}


def date_field(label, required=False, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": _("Ngày không hợp lệ: hãy nhập theo dạng ngày/tháng/năm, ví dụ 25/12/1990.")
        },
    )


def identity_field(label, required=True, help_text=""):
    # Wider than the stored 12 digits: people type spaces or dots between groups.
    return forms.CharField(
        label=label,
        required=required,
        max_length=20,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )


def check_date_of_birth(value: dt.date | None) -> dt.date | None:
    if value and value > timezone.localdate():
        raise ValidationError(_("Ngày sinh không thể ở sau ngày hôm nay."), code="future")
    if value and value.year < 1900:
        raise ValidationError(_("Ngày sinh phải từ năm 1900 trở đi."), code="too_old")
    return value


def email_taken(email: str, exclude_pk=None) -> bool:
    users = get_user_model().objects.filter(email__iexact=email)
    if exclude_pk is not None:
        users = users.exclude(pk=exclude_pk)
    return users.exists()


def identity_number_taken(number: str, exclude_pk=None) -> bool:
    users = get_user_model().objects.filter(identity_number=number)
    if exclude_pk is not None:
        users = users.exclude(pk=exclude_pk)
    return users.exists()


DUPLICATE_EMAIL = _(
    "Địa chỉ e-mail này đã được dùng cho một tài khoản khác. Nếu đó là tài khoản "
    "của bạn, hãy đăng nhập hoặc dùng chức năng quên mật khẩu."
)
DUPLICATE_IDENTITY = _(
    "Số định danh cá nhân này đã được dùng cho một tài khoản khác. Nếu đó là "
    "tài khoản của bạn, hãy đăng nhập hoặc dùng chức năng quên mật khẩu."
)


class LoginForm(AuthenticationForm):
    """Log in with an e-mail address, an identity number or a login name."""

    username = forms.CharField(
        label=_("Số định danh cá nhân, e-mail hoặc tên đăng nhập"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _(
            "Thông tin đăng nhập hoặc mật khẩu không đúng. Vui lòng thử lại "
            "(mật khẩu phân biệt chữ hoa, chữ thường)."
        ),
        "inactive": _("Tài khoản này đã bị khóa. Vui lòng liên hệ bộ phận một cửa."),
        "service_account": _(
            "Đây là tài khoản của một hệ thống tích hợp: chỉ dùng được qua API bằng token, "
            "không đăng nhập vào trang được."
        ),
    }

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        from .integration_tokens import is_service_account

        if is_service_account(user):
            raise ValidationError(self.error_messages["service_account"], code="service_account")

    def clean(self):
        identifier = (self.cleaned_data.get("username") or "").strip()
        if identifier:
            self.cleaned_data["username"] = self.login_name_for(identifier)
        return super().clean()

    @staticmethod
    def login_name_for(identifier: str) -> str:
        users = get_user_model().objects
        if users.filter(username=identifier).exists():
            return identifier
        if "@" in identifier:
            matches = list(
                users.filter(email__iexact=identifier).values_list("username", flat=True)[:2]
            )
        else:
            number = "".join(ch for ch in identifier if ch.isdigit())
            matches = (
                list(users.filter(identity_number=number).values_list("username", flat=True)[:2])
                if len(number) == 12
                else []
            )
        # An e-mail shared by two old accounts identifies nobody: fall back to the login name.
        return matches[0] if len(matches) == 1 else identifier


PASSWORD_HELP = _(
    "Ít nhất 8 ký tự; không chỉ gồm chữ số; không phải mật khẩu phổ biến và không "
    "giống họ tên, e-mail của bạn."
)
PASSWORD_MISMATCH = _("Hai lần nhập mật khẩu không giống nhau.")


def vietnamese_password_fields(
    form, first="password1", second="password2", label1=None, label2=None
):
    # Django's own help text is partly untranslated in Vietnamese: say it ourselves.
    form.fields[first].label = label1 or _("Mật khẩu")
    form.fields[first].help_text = PASSWORD_HELP
    form.fields[second].label = label2 or _("Nhập lại mật khẩu")
    form.fields[second].help_text = _("Nhập lại đúng mật khẩu ở trên để kiểm tra.")


class PasswordFieldsMixin(SetPasswordMixin):
    error_messages = {"password_mismatch": PASSWORD_MISMATCH}


class EmailPasswordResetForm(PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Địa chỉ e-mail của tài khoản")
        self.fields["email"].error_messages["invalid"] = _("Địa chỉ e-mail không hợp lệ.")


class VietnameseSetPasswordForm(SetPasswordForm):
    error_messages = {"password_mismatch": PASSWORD_MISMATCH}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        vietnamese_password_fields(
            self, "new_password1", "new_password2", _("Mật khẩu mới"), _("Nhập lại mật khẩu mới")
        )


class VietnamesePasswordChangeForm(PasswordChangeForm):
    error_messages = {
        "password_mismatch": PASSWORD_MISMATCH,
        "password_incorrect": _("Mật khẩu hiện tại không đúng. Vui lòng nhập lại."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Mật khẩu hiện tại")
        vietnamese_password_fields(
            self, "new_password1", "new_password2", _("Mật khẩu mới"), _("Nhập lại mật khẩu mới")
        )


class RegistrationForm(PasswordFieldsMixin, BaseUserCreationForm):
    """Shared by citizens and organisations: contact data, password, consent."""

    account_type = AccountType.CITIZEN
    password1, password2 = SetPasswordMixin.create_password_fields(
        label1=_("Mật khẩu"), label2=_("Nhập lại mật khẩu")
    )
    consent = forms.BooleanField(
        label=_(
            "Tôi đồng ý để cơ quan nhà nước xử lý các dữ liệu cá nhân trên cho mục đích "
            "giải quyết thủ tục hành chính của tôi."
        ),
        error_messages={
            "required": _("Bạn cần đồng ý với việc xử lý dữ liệu cá nhân để tạo tài khoản.")
        },
    )

    class Meta:
        model = get_user_model()
        fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        vietnamese_password_fields(self)
        self.fields["email"].required = True
        self.fields["phone"].required = True
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].help_text = _("Số di động, ví dụ 0912345678.")
        self.fields["address"].widget.attrs["autocomplete"] = "street-address"
        # Keep the fields in reading order: the mixins add passwords and consent last.
        self.order_fields([*self._meta.fields, "password1", "password2", "consent"])

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if email_taken(email):
            raise ValidationError(DUPLICATE_EMAIL, code="duplicate_email")
        return email

    def clean_phone(self):
        return clean_phone(self.cleaned_data.get("phone"))

    def _check_identity(self, value: str, date_of_birth=None) -> str:
        number = clean_identity_number(value, date_of_birth)
        if identity_number_taken(number):
            raise ValidationError(DUPLICATE_IDENTITY, code="duplicate_identity")
        return number

    def save(self, commit=True):
        from .models import new_username

        user = super().save(commit=False)
        user.account_type = self.account_type
        user.username = new_username(
            "org" if self.account_type == AccountType.ORGANISATION else "citizen"
        )
        if commit:
            user.save()
        return user


class CitizenRegistrationForm(RegistrationForm):
    account_type = AccountType.CITIZEN
    identity_number = identity_field(
        _("Số định danh cá nhân (số CCCD)"),
        help_text=_("12 chữ số in trên thẻ căn cước hoặc căn cước công dân."),
    )
    date_of_birth = date_field(_("Ngày sinh"), required=True)

    class Meta(RegistrationForm.Meta):
        fields = ("full_name", "identity_number", "date_of_birth", "phone", "email", "address")
        labels = {
            "full_name": _("Họ và tên"),
            "phone": _("Số điện thoại di động"),
            "email": _("Địa chỉ e-mail"),
            "address": _("Địa chỉ thường trú hoặc nơi ở hiện tại"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        self.fields["full_name"].widget.attrs["autocomplete"] = "name"
        self.fields["date_of_birth"].widget.attrs["autocomplete"] = "bday"

    def clean_date_of_birth(self):
        return check_date_of_birth(self.cleaned_data.get("date_of_birth"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("identity_number") and "date_of_birth" not in self.errors:
            try:
                cleaned["identity_number"] = self._check_identity(
                    cleaned["identity_number"], cleaned.get("date_of_birth")
                )
            except ValidationError as error:
                self.add_error("identity_number", error)
        return cleaned

    def clean_identity_number(self):
        # Format only here; the birth-year check needs the date of birth (see clean()).
        return clean_identity_number(self.cleaned_data.get("identity_number"))


class OrganisationRegistrationForm(RegistrationForm):
    account_type = AccountType.ORGANISATION
    identity_number = identity_field(
        _("Số định danh cá nhân của người đại diện"),
        required=False,
        help_text=_("Không bắt buộc; 12 chữ số."),
    )

    class Meta(RegistrationForm.Meta):
        fields = (
            "organisation_name",
            "tax_code",
            "address",
            "full_name",
            "identity_number",
            "phone",
            "email",
        )
        labels = {
            "organisation_name": _("Tên tổ chức, doanh nghiệp"),
            "tax_code": _("Mã số doanh nghiệp/mã số thuế"),
            "address": _("Địa chỉ trụ sở"),
            "full_name": _("Họ và tên người đại diện"),
            "phone": _("Số điện thoại di động của người đại diện"),
            "email": _("Địa chỉ e-mail liên hệ"),
        }
        help_texts = {
            "tax_code": _("10 chữ số, hoặc 13 chữ số với chi nhánh (ví dụ 0101234567-001).")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("organisation_name", "tax_code", "address", "full_name"):
            self.fields[name].required = True
        self.fields["organisation_name"].widget.attrs["autocomplete"] = "organization"
        self.fields["full_name"].widget.attrs["autocomplete"] = "name"
        self.fields["tax_code"].widget.attrs["inputmode"] = "numeric"

    def clean_tax_code(self):
        return clean_tax_code(self.cleaned_data.get("tax_code"))

    def clean_identity_number(self):
        value = self.cleaned_data.get("identity_number")
        return self._check_identity(value) if value else ""


class ProfileForm(forms.ModelForm):
    """Contact data the owner may change. Data vouched for by VNeID is shown, not edited."""

    identity_number = identity_field(_("Số định danh cá nhân"), required=False)
    date_of_birth = date_field(_("Ngày sinh"))

    class Meta:
        model = get_user_model()
        fields = (
            "full_name",
            "identity_number",
            "date_of_birth",
            "phone",
            "email",
            "address",
            "organisation_name",
            "tax_code",
        )
        labels = {
            "full_name": _("Họ và tên"),
            "phone": _("Số điện thoại di động"),
            "email": _("Địa chỉ e-mail"),
            "address": _("Địa chỉ"),
            "organisation_name": _("Tên tổ chức, doanh nghiệp"),
            "tax_code": _("Mã số doanh nghiệp/mã số thuế"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.original_email = self.instance.email
        self.original_identity_number = self.instance.identity_number
        if not self.instance.is_organisation:
            del self.fields["organisation_name"]
            del self.fields["tax_code"]
        else:
            self.fields["organisation_name"].required = True
            self.fields["tax_code"].required = True
        if self.instance.identity_verified_at:
            for name in ("full_name", "identity_number", "date_of_birth"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _(
                    "Đã xác thực qua tài khoản định danh điện tử; không sửa ở đây."
                )
        self.fields["email"].required = True
        self.fields["phone"].required = True
        self.fields["full_name"].required = True
        self.fields["email"].help_text = _("Nếu đổi e-mail, bạn cần xác minh lại địa chỉ mới.")
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})

    def clean_phone(self):
        return clean_phone(self.cleaned_data.get("phone"))

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if email.lower() != (self.original_email or "").lower() and email_taken(
            email, self.instance.pk
        ):
            raise ValidationError(DUPLICATE_EMAIL, code="duplicate_email")
        return email

    def clean_date_of_birth(self):
        return check_date_of_birth(self.cleaned_data.get("date_of_birth"))

    def clean_tax_code(self):
        return clean_tax_code(self.cleaned_data.get("tax_code"))

    def clean(self):
        cleaned = super().clean()
        field = self.fields["identity_number"]
        value = cleaned.get("identity_number")
        if field.disabled or "identity_number" in self.errors:
            return cleaned
        if not value:
            # Optional for accounts that never had one (officials, organisations), but a
            # citizen's number cannot be erased: forms and dossiers are prefilled from it.
            if self.original_identity_number:
                self.add_error(
                    "identity_number", _("Không thể xóa số định danh cá nhân của tài khoản.")
                )
            return cleaned
        try:
            number = clean_identity_number(value, cleaned.get("date_of_birth"))
            if identity_number_taken(number, self.instance.pk):
                raise ValidationError(DUPLICATE_IDENTITY, code="duplicate_identity")
            cleaned["identity_number"] = number
        except ValidationError as error:
            self.add_error("identity_number", error)
        return cleaned

    @property
    def email_changed(self) -> bool:
        return (self.cleaned_data.get("email") or "").lower() != (self.original_email or "").lower()

    def save(self, commit=True):
        user = super().save(commit=False)
        if self.email_changed:
            user.email_verified_at = None
        if commit:
            user.save()
        return user


class RepresentationForm(forms.ModelForm):
    represented_identity_number = identity_field(
        _("Số định danh cá nhân (cá nhân) hoặc mã số doanh nghiệp (tổ chức)")
    )
    valid_from = date_field(_("Hiệu lực từ ngày"), help_text=_("Để trống nếu có hiệu lực ngay."))
    valid_to = date_field(_("Hiệu lực đến ngày"), help_text=_("Để trống nếu không thời hạn."))

    class Meta:
        model = Representation
        fields = (
            "kind",
            "represented_name",
            "represented_identity_number",
            "relationship",
            "document",
            "valid_from",
            "valid_to",
        )
        widgets = {"kind": forms.RadioSelect}
        labels = {
            "kind": _("Đại diện cho"),
            "represented_name": _("Họ tên người được đại diện hoặc tên tổ chức"),
            "relationship": _("Quan hệ hoặc căn cứ đại diện"),
            "document": _("Văn bản ủy quyền (PDF, JPG hoặc PNG, không bắt buộc)"),
        }
        help_texts = {
            "relationship": _(
                "Ví dụ: cha/mẹ của người chưa thành niên; người được ủy "
                "quyền theo giấy ủy quyền số …; giám đốc công ty."
            )
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["kind"].choices = RepresentationKind.choices
        self.fields["kind"].error_messages["required"] = _(
            "Vui lòng chọn đại diện cho cá nhân hay tổ chức."
        )
        self.fields["document"].widget.attrs["accept"] = ",".join(
            f".{ext}" for ext in REPRESENTATION_EXTENSIONS
        )

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if not document or not hasattr(document, "content_type"):
            return document  # nothing new uploaded
        extension = document.name.rsplit(".", 1)[-1].lower() if "." in document.name else ""
        if extension not in REPRESENTATION_EXTENSIONS:
            raise ValidationError(_("Chỉ nhận tệp PDF, JPG hoặc PNG."), code="extension")
        limit = representation_max_upload()
        if document.size > limit:
            raise ValidationError(
                _("Tệp quá lớn: tối đa %(mb)s MB."),
                code="too_large",
                params={"mb": limit // (1024 * 1024) or 1},
            )
        head = document.read(16)
        document.seek(0)
        if not head.startswith(_SIGNATURES[extension]):
            raise ValidationError(
                _(
                    "Nội dung tệp không đúng định dạng %(ext)s. Vui lòng tải lên bản quét PDF hoặc ảnh JPG, PNG."
                ),
                code="content",
                params={"ext": extension.upper()},
            )
        return document

    def clean(self):
        cleaned = super().clean()
        valid_from, valid_to = cleaned.get("valid_from"), cleaned.get("valid_to")
        if valid_from and valid_to and valid_to < valid_from:
            self.add_error(
                "valid_to", _("Ngày hết hiệu lực phải sau hoặc bằng ngày bắt đầu hiệu lực.")
            )
        number, kind = cleaned.get("represented_identity_number"), cleaned.get("kind")
        if number and kind:
            try:
                if kind == RepresentationKind.ORGANISATION:
                    cleaned["represented_identity_number"] = clean_tax_code(number)
                else:
                    cleaned["represented_identity_number"] = clean_identity_number(number)
            except ValidationError as error:
                self.add_error("represented_identity_number", error)
            else:
                own = self.user.identity_number if self.user else ""
                if own and cleaned["represented_identity_number"] == own:
                    self.add_error(
                        "represented_identity_number",
                        _(
                            "Đây là số định danh của chính bạn: khi nộp cho bản thân không cần khai báo đại diện."
                        ),
                    )
        return cleaned
