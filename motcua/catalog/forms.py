"""Forms of the catalogue admin: the procedure form and the import/export screens."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from motcua.catalog.io.files import MAX_FILE_BYTES
from motcua.catalog.io.values import form_schema_problem
from motcua.catalog.models import Procedure


class ProcedureAdminForm(forms.ModelForm):
    class Meta:
        model = Procedure
        fields = [
            "code",
            "name",
            "field",
            "level",
            "competent_authority",
            "implementing_agency",
            "agencies",
            "subjects",
            "conditions",
            "result",
            "channel_desk",
            "channel_post",
            "channel_online",
            "time_limit_value",
            "time_limit_unit",
            "same_day_cutoff",
            "time_limit_note",
            "suspension_allowed",
            "fee_note",
            "online_level_legacy",
            "online_class",
            "publishing_unit",
            "publishing_decision",
            "published_on",
            "valid_from",
            "valid_to",
            "version",
            "status",
            "replaces",
            "change_note",
            "source",
            "form_schema",
        ]

    def clean_form_schema(self):
        value = self.cleaned_data.get("form_schema")
        if value in (None, ""):
            return {}  # no online form for this procedure
        problem = form_schema_problem(value)
        if problem:
            raise ValidationError(capfirst(problem) + ".", code="invalid_form_schema")
        return value


class ImportCatalogForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp danh mục (.json hoặc .xlsx)"),
        help_text=_(
            "Tệp do motcua xuất ra hoặc soạn theo hướng dẫn định dạng danh mục. Hệ thống kiểm tra "
            "toàn bộ tệp và cho xem trước; chỉ ghi khi bạn xác nhận."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,.xlsx,application/json"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise ValidationError(
                _("Tệp lớn hơn %(mb)d MB; hãy chia danh mục thành nhiều tệp nhỏ hơn."),
                params={"mb": MAX_FILE_BYTES // (1024 * 1024)},
                code="too_big",
            )
        return upload


class ExportCatalogForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Định dạng tệp"),
        choices=[
            ("xlsx", _("Excel (.xlsx), mỗi bảng một trang tính")),
            ("json", _("JSON (motcua-catalog)")),
        ],
        initial="xlsx",
        widget=forms.RadioSelect,
    )
