import pytest

from motcua.catalog.models import Procedure, VersionStatus
from motcua.catalog.search import Rank, find_version, search_procedures
from motcua.catalog.tests.factories import make_birth_registration, make_procedure

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    make_birth_registration()
    make_procedure(code="1.000001", name="Đăng ký khai sinh có yếu tố nước ngoài")
    make_procedure(code="1.000002", name="Đăng ký lại khai sinh")
    make_procedure(code="1.000003", name="Thủ tục đăng ký khai sinh kết hợp nhận cha, mẹ, con")
    make_procedure(code="1.000004", name="Đăng ký kết hôn")
    make_procedure(code="1.000005", name="Cấp giấy phép xây dựng")


def names(query):
    return [p.name for p in search_procedures(Procedure.objects.all(), query)]


@pytest.mark.parametrize(
    "query", ["dang ky khai sinh", "khai sinh", "ĐĂNG KÝ", "đăng ký", "1.001193"]
)
def test_search_finds_khai_sinh_with_or_without_diacritics_and_by_code(catalogue, query):
    assert "Đăng ký khai sinh" in names(query)


def test_search_without_diacritics_puts_the_exact_name_first(catalogue):
    assert names("dang ky khai sinh")[0] == "Đăng ký khai sinh"


def test_search_ranks_exact_then_prefix_then_phrase_then_all_words(catalogue):
    assert names("Đăng ký khai sinh") == [
        "Đăng ký khai sinh",  # the name itself
        "Đăng ký khai sinh có yếu tố nước ngoài",  # starts with the query
        "Thủ tục đăng ký khai sinh kết hợp nhận cha, mẹ, con",  # contains the phrase
        "Đăng ký lại khai sinh",  # every word, another order
    ]


def test_search_breaks_ties_alphabetically_ignoring_diacritics(catalogue):
    # All four start with "Đăng ký"; Đ must not sort after Z as raw code points would.
    make_procedure(code="1.000006", name="Xác nhận tình trạng hôn nhân")
    assert names("dang ky") == [
        "Đăng ký kết hôn",
        "Đăng ký khai sinh",
        "Đăng ký khai sinh có yếu tố nước ngoài",
        "Đăng ký lại khai sinh",
        "Thủ tục đăng ký khai sinh kết hợp nhận cha, mẹ, con",
    ]


def test_search_by_code_ranks_code_matches_after_name_matches(catalogue):
    make_procedure(code="2.000100", name="Chứng thực bản sao 1.001193 đã lưu")
    results = list(search_procedures(Procedure.objects.all(), "1.001193"))
    assert [p.name for p in results] == ["Chứng thực bản sao 1.001193 đã lưu", "Đăng ký khai sinh"]
    assert results[-1].search_rank == Rank.CODE_OR_OTHER


def test_search_by_code_prefix_finds_the_procedure(catalogue):
    assert names("1.0011") == ["Đăng ký khai sinh"]


def test_search_words_in_any_order_and_case(catalogue):
    assert names("SINH KHAI dang") == [
        "Đăng ký khai sinh",
        "Đăng ký khai sinh có yếu tố nước ngoài",
        "Đăng ký lại khai sinh",
        "Thủ tục đăng ký khai sinh kết hợp nhận cha, mẹ, con",
    ]


def test_search_that_matches_nothing_is_empty(catalogue):
    assert names("giấy phép lái xe") == []


@pytest.mark.parametrize(
    "query",
    ["x" * 10_000, "khai\x00sinh", "%", "_", "' OR 1=1 --", "khai sinh" + "\x7f" * 50, "🙂"],
)
def test_search_with_hostile_input_returns_a_normal_result(catalogue, query):
    results = names(query)
    assert isinstance(results, list)
    assert "Cấp giấy phép xây dựng" not in results


def test_search_percent_sign_is_literal_not_a_wildcard(catalogue):
    assert names("%") == []


def test_search_with_control_characters_inside_still_finds(catalogue):
    assert "Đăng ký khai sinh" in names("khai\x00sinh")


@pytest.mark.parametrize("query", ["", "   ", None, "\x00\x01\x02"])
def test_empty_or_control_only_query_leaves_queryset_unfiltered(catalogue, query):
    assert len(names(query)) == Procedure.objects.count()


def test_search_result_can_be_paged_with_limit(catalogue):
    page = search_procedures(Procedure.objects.all(), "dang ky")[1:3]
    assert [p.name for p in page] == ["Đăng ký khai sinh", "Đăng ký khai sinh có yếu tố nước ngoài"]


def test_find_version_prefers_the_active_version_over_newer_drafts_and_older_ones():
    make_procedure(code="1.004000", name="Cũ", version=1, status=VersionStatus.REPLACED)
    make_procedure(code="1.004000", name="Hiện hành", version=2)
    make_procedure(code="1.004000", name="Dự thảo", version=3, status=VersionStatus.DRAFT)
    assert find_version("1.004000").name == "Hiện hành"
    assert find_version("1.004000", 1).name == "Cũ"
    assert find_version("1.004000", 3) is None  # drafts are never public


def test_find_version_without_active_one_returns_the_newest_published():
    make_procedure(code="1.004001", name="Bãi bỏ", version=2, status=VersionStatus.ABOLISHED)
    make_procedure(code="1.004001", name="Cũ", version=1, status=VersionStatus.REPLACED)
    assert find_version("1.004001").name == "Bãi bỏ"
    assert find_version("không-có") is None
