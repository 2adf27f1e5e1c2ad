from motcua.core.text import clean_query, fold


def test_fold_strips_marks_and_folds_d_with_stroke():
    assert fold("Đăng ký khai sinh") == "dang ky khai sinh"
    assert fold("ĐĂNG KÝ") == "dang ky"
    assert fold("đường Điện Biên Phủ") == "duong dien bien phu"


def test_fold_drops_control_characters_and_squeezes_spaces():
    assert fold("khai\x00 sinh\t\n") == "khai sinh"


def test_fold_of_nfd_input_equals_fold_of_nfc_input():
    import unicodedata

    text = "Phường Văn Miếu - Quốc Tử Giám"
    assert fold(unicodedata.normalize("NFD", text)) == fold(text)


def test_clean_query_caps_length_and_removes_controls():
    assert clean_query("a\x07b" * 5000, max_length=200) == clean_query("a b" * 5000)[:200]
    assert len(clean_query("x" * 10_000)) == 200
