import datetime as dt

import pytest

from motcua.documents.templates_registry import (
    APOLOGY,
    RECEIPT,
    STOP_NOTICE,
    UnknownForm,
    form_for,
    set_for,
)


def test_dossier_received_on_30_june_2025_uses_the_2018_forms():
    form = form_for(RECEIPT, dt.date(2025, 6, 30))
    assert form.circular == "Thông tư số 01/2018/TT-VPCP"
    assert form.form_number == "01"


def test_dossier_received_on_1_july_2025_uses_the_2025_forms():
    form = form_for(RECEIPT, dt.date(2025, 7, 1))
    assert form.circular == "Thông tư số 03/2025/TT-VPCP"


def test_2018_set_has_six_forms_and_2025_set_seven():
    assert sorted(f.form_number for f in set_for(dt.date(2019, 1, 1)).forms.values()) == [
        "01", "02", "03", "04", "05", "06",
    ]
    assert len(set_for(dt.date(2026, 1, 1)).forms) == 7


def test_apology_title_changes_with_the_2025_circular():
    assert "HẸN LẠI NGÀY TRẢ KẾT QUẢ" in str(form_for(APOLOGY, dt.date(2025, 6, 30)).title)
    assert "ĐỀ NGHỊ GIA HẠN" in str(form_for(APOLOGY, dt.date(2025, 7, 1)).title)


def test_stop_notice_does_not_exist_before_2025():
    with pytest.raises(UnknownForm):
        form_for(STOP_NOTICE, dt.date(2025, 6, 30))
    assert form_for(STOP_NOTICE, dt.date(2025, 7, 1)).form_number == "05"
