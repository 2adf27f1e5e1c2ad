"""The citizen's side of online public services in Debian's Chromium on a 360-px phone.

1. A new citizen registers, verifies the e-mail and logs in; applies for "Đăng ký khai sinh"
   (1.001193) at Kim Liên ward from the catalogue page: a wrong form first (the Vietnamese
   message shows next to the field), a renamed .exe refused, a PDF per mandatory document,
   review, submission. The desk officer accepts it in a second browser (desk UI); the citizen
   gets the code, the due date, the receipt PDF (code inside) and the public lookup its QR code
   opens (no personal data there). An official asks for a supplement (``workflow`` call), the
   citizen answers online and sees the new due date. The officials handle it to the end
   (``workflow`` calls: the desk journeys cover those screens); the electronic result is issued
   automatically (online result channel); the citizen downloads it and checks it on the public
   verification page (the file matches; a copy with one byte changed does not), then rates.
2. Level 4: "Cấp bản sao trích lục hộ tịch" (2.000635, 8.000 đồng): applied for, paid through
   the sandbox gateway after one failed attempt, payment receipt downloaded; one page in English.

axe-core runs on every page the citizen sees, each of which must fit the 360-px screen.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import assert_no_axe_violations, wait_for_desk_script

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
PASSWORD = "Lan-khai-sinh-2026"
BIRTH = "1.001193"
EXTRACT_COPY = "2.000635"
CODE = re.compile(r"^\S+-\d{6}-\d{4}$")


@pytest.fixture
def media(settings, tmp_path):
    """Uploads and issued results in a temporary folder, not in the developer's data/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return settings.MEDIA_ROOT


@pytest.fixture
def phone(page: Page) -> Page:
    page.set_viewport_size(PHONE)
    return page


def checked(page: Page) -> None:
    """axe-core clean, and nothing forces sideways scrolling on a 360-px phone."""
    assert_no_axe_violations(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide"


def pdf_bytes(label: str) -> bytes:
    # Each file its own content: the portal keeps one copy of identical files per account.
    return (
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n% " + label.encode() + b"\n"
        b"trailer\n<<>>\n%%EOF\n"
    )


def pdf_file(name: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": pdf_bytes(name)}


def pdf_text(content: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True
    )
    return result.stdout.decode("utf-8")


def pdf_qr_codes(content: bytes) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            ["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", "-", str(Path(folder) / "page")],
            input=content, check=True,
        )
        image = next(Path(folder).glob("page*.png"))
        result = subprocess.run(["zbarimg", "-q", "--raw", str(image)], capture_output=True)
    return [line for line in result.stdout.decode("utf-8").splitlines() if line]


def login(page: Page, base: str, username: str, password: str, next_path: str = "/") -> None:
    page.goto(f"{base}/accounts/login/?next={next_path}")
    page.get_by_label(re.compile("tên đăng nhập", re.I)).fill(username)
    page.get_by_label(re.compile("^Mật khẩu", re.I)).fill(password)
    page.locator("main form").first.get_by_role("button", name="Đăng nhập").click()
    expect(page).not_to_have_url(re.compile("/accounts/login/"))


def field(page: Page, path: str):
    """A field of the generated form by its dotted path (the labels repeat: "Họ, chữ đệm và tên")."""
    return page.locator(f"#draft-form [name='{path}']")


def document_card(page: Page, title: str):
    return page.locator(".card.document", has=page.get_by_role("heading", name=re.compile("^" + re.escape(title))))


def attach(page: Page, title: str, file: dict) -> None:
    card = document_card(page, title)
    card.locator("input[type=file]").set_input_files(file)
    card.get_by_role("button", name="Đính kèm").click()


def play(name: str, dossier_pk: int, username: str, **details) -> None:
    """One official's step through the workflow, as the desk screens would do it."""
    from django.contrib.auth import get_user_model

    from motcua.dossiers import workflow
    from motcua.dossiers.models import Dossier

    dossier = Dossier.objects.get(pk=dossier_pk)
    official = get_user_model().objects.get(username=username)
    getattr(workflow, name)(dossier, by=official, expected_version=dossier.version, **details)


# ---------------------------------------------------------------------------------------------
# Level 3: register, apply for a birth registration, follow it, verify the result, rate


def register_and_verify(page: Page, base: str, mailoutbox) -> None:
    page.goto(base + "/thu-tuc/" + BIRTH + "/")
    page.get_by_role("link", name="Đăng ký", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký tài khoản")
    checked(page)
    page.get_by_role("link", name="Công dân (cá nhân)").click()
    checked(page)
    page.get_by_label(re.compile("^Họ và tên")).fill("Đỗ Thị Lan")
    page.get_by_label(re.compile("^Số định danh cá nhân")).fill("001194012345")
    page.get_by_label(re.compile("^Ngày sinh")).fill("1994-03-15")
    page.get_by_label(re.compile("^Số điện thoại di động")).fill("0912 345 678")
    page.get_by_label(re.compile("^Địa chỉ e-mail")).fill("lan.do@example.vn")
    page.get_by_label(re.compile("^Địa chỉ thường trú")).fill("Số 5 ngõ 4 Kim Liên, Đống Đa, Hà Nội")
    page.get_by_label(re.compile("^Mật khẩu")).fill(PASSWORD)
    page.get_by_label(re.compile("^Nhập lại mật khẩu")).fill(PASSWORD)
    page.get_by_label(re.compile("^Tôi đồng ý")).check()
    page.get_by_role("button", name="Tạo tài khoản").click()
    expect(page.locator(".messages")).to_contain_text("Đã tạo tài khoản")
    expect(page.locator(".verify-banner")).to_contain_text("Tài khoản chưa được xác minh")
    checked(page)

    # The verification link from the e-mail (locmem backend: the live server shares the process).
    letters = [m for m in mailoutbox if "lan.do@example.vn" in m.to]
    assert len(letters) == 1
    link = re.search(r"https?://\S+/accounts/verify/\S+/", letters[0].body).group(0)
    page.goto(link)
    expect(page.locator("main")).to_contain_text("xác minh", ignore_case=True)
    expect(page.locator(".verify-banner")).to_have_count(0)
    checked(page)

    # Log out and back in, with the e-mail address as the user name.
    page.get_by_role("button", name=re.compile("^Đăng xuất")).click()
    page.goto(base + "/accounts/login/")
    checked(page)
    login(page, base, "lan.do@example.vn", PASSWORD, "/accounts/profile/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tài khoản của tôi")
    expect(page.locator("main")).to_contain_text("đã xác minh")
    checked(page)


def fill_birth_form_with_a_mistake(page: Page) -> None:
    """Everything right except the father's date of birth, left out after ticking "the father
    is known": only the server knows that this makes it required."""
    # Prefilled from the account: the applicant's name, identity number, e-mail, phone.
    expect(field(page, "applicant.full_name")).to_have_value("Đỗ Thị Lan")
    expect(field(page, "applicant.id_number")).to_have_value("001194012345")
    field(page, "applicant.residence").fill("Số 5 ngõ 4 Kim Liên, Đống Đa, Hà Nội")
    field(page, "applicant.relationship").select_option("Mẹ")
    field(page, "child.full_name").fill("Nguyễn Minh An")
    page.get_by_role("radio", name="Nam", exact=True).check()
    field(page, "child.date_of_birth").fill("2026-03-01")
    field(page, "child.place_of_birth").fill("Bệnh viện Phụ sản Hà Nội, phường Láng Thượng, quận Đống Đa, Hà Nội")
    page.get_by_role("radio", name="Cơ sở y tế", exact=True).check()
    field(page, "child.hometown").fill("Hà Nội")
    field(page, "mother.full_name").fill("Đỗ Thị Lan")
    field(page, "mother.date_of_birth").fill("1994-03-15")
    field(page, "mother.ethnicity").fill("Kinh")
    field(page, "mother.nationality").fill("Việt Nam")
    field(page, "mother.residence").fill("Số 5 ngõ 4 Kim Liên, Đống Đa, Hà Nội")
    page.get_by_role("checkbox", name="Đã xác định được người cha?").check()
    expect(field(page, "father.full_name")).to_be_visible()  # shown by the condition
    field(page, "father.full_name").fill("Nguyễn Văn Bình")
    field(page, "father.ethnicity").fill("Kinh")
    field(page, "father.nationality").fill("Việt Nam")
    field(page, "father.residence").fill("Số 5 ngõ 4 Kim Liên, Đống Đa, Hà Nội")
    field(page, "attachments.0.kind").select_option("Giấy chứng sinh")
    field(page, "attachments.0.file_name").fill("giay-chung-sinh.pdf")
    field(page, "copies_requested").fill("1")
    page.get_by_role("checkbox", name="Cam đoan").check()


def apply_for_birth_registration(page: Page, base: str) -> int:
    page.goto(base + "/thu-tuc/" + BIRTH + "/")
    checked(page)
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nộp hồ sơ trực tuyến")
    checked(page)
    page.get_by_label("Ủy ban nhân dân phường Kim Liên").check()
    page.get_by_role("button", name="Bắt đầu khai hồ sơ").click()
    expect(page).to_have_url(re.compile(r"/dich-vu-cong/ho-so-nhap/\d+/$"))
    dossier_pk = int(re.search(r"/ho-so-nhap/(\d+)/", page.url).group(1))
    expect(page.locator("main")).to_contain_text("Ủy ban nhân dân phường Kim Liên")
    checked(page)

    fill_birth_form_with_a_mistake(page)
    page.get_by_role("button", name="Tiếp tục: xem lại hồ sơ").click()
    expect(page.locator(".error-summary")).to_contain_text("Tờ khai còn thông tin thiếu hoặc chưa đúng")
    father_born = page.locator("#f-father-date_of_birth")
    expect(father_born).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#f-father-date_of_birth-errors")).to_have_text("Vui lòng nhập thông tin này.")
    expect(field(page, "father.full_name")).to_have_value("Nguyễn Văn Bình")  # nothing lost
    checked(page)
    father_born.fill("1992-07-20")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu nháp")

    # A program renamed to .pdf is refused by its content, with the reason.
    attach(page, "Giấy chứng sinh", {"name": "giay-chung-sinh.pdf", "mimeType": "application/pdf",
                                     "buffer": b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 512})
    expect(page.locator(".messages")).to_contain_text("không phải PDF, JPEG hoặc PNG")
    expect(document_card(page, "Giấy chứng sinh")).to_contain_text("Chưa có tệp.")
    checked(page)
    for title, name in (
        ("Giấy chứng sinh", "giay-chung-sinh.pdf"),
        ("Hộ chiếu, Chứng minh nhân dân", "can-cuoc.pdf"),
        ("Sổ hộ khẩu hoặc sổ tạm trú", "xac-nhan-cu-tru.pdf"),
    ):
        attach(page, title, pdf_file(name))
        expect(page.locator(".messages")).to_contain_text("Đã đính kèm 1 tệp")
        expect(document_card(page, title).get_by_role("link", name=name)).to_be_visible()
    checked(page)

    page.get_by_role("button", name="Tiếp tục: xem lại hồ sơ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Xem lại hồ sơ trước khi nộp")
    review = page.locator("main")
    expect(review).to_contain_text("Nguyễn Minh An")
    expect(review).to_contain_text("20/07/1992")
    expect(review).to_contain_text("can-cuoc.pdf")
    expect(review).not_to_contain_text("THIẾU")
    # The fee "depends on the case": not summed up as "Không thu".
    expect(page.locator("#phi-h + ul + p")).to_contain_text("Theo từng trường hợp")
    checked(page)
    page.get_by_label("Trực tuyến", exact=True).check()  # the result comes back online
    page.get_by_label(re.compile("^Tôi cam đoan")).check()
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đã nộp hồ sơ")
    expect(page.locator("main")).to_contain_text("Ủy ban nhân dân phường Kim Liên")
    checked(page)
    return dossier_pk


def desk_accepts(browser, browser_context_args, base: str, applicant: str) -> None:
    from motcua.demo.accounts import demo_password

    context = browser.new_context(**browser_context_args)
    try:
        desk = context.new_page()
        login(desk, base, "motcua.kimlien", demo_password(), "/motcua/?tab=cho-tiep-nhan")
        desk.locator("table.queue tr", has_text=applicant).get_by_role("link").first.click()
        expect(desk.locator(".dossier-status")).to_have_text("Đã nộp, chờ tiếp nhận")
        questions: list[str] = []

        def confirm(dialog):  # every desk action asks first (docs/workflow.md)
            questions.append(dialog.message)
            dialog.accept()

        wait_for_desk_script(desk)

        desk.once("dialog", confirm)
        desk.get_by_role("button", name="Tiếp nhận hồ sơ", exact=True).click()
        # In place (htmx): the acceptance makes the receipt PDF and the e-mail in the request
        # when no job queue runs, which takes seconds on a busy machine.
        expect(desk.locator(".dossier-status")).to_have_text("Đã tiếp nhận", timeout=20_000)
        assert questions and "Tiếp nhận" in questions[0]
    finally:
        context.close()


def receipt_and_public_lookup(page: Page, base: str, dossier_pk: int) -> str:
    page.goto(f"{base}/accounts/profile/")
    # Reached from the site's main navigation (the profile page links there too).
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Hồ sơ của tôi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hồ sơ của tôi")
    checked(page)
    page.get_by_role("link", name=re.compile("đăng ký khai sinh", re.I)).first.click()
    expect(page).to_have_url(re.compile(f"/dich-vu-cong/ho-so/{dossier_pk}/$"))
    code = page.locator(".dossier-code").inner_text().strip()
    assert CODE.match(code), code
    expect(page.locator(".dossier-status")).to_have_text("Đã tiếp nhận")
    expect(page.locator(".dossier-due strong")).to_have_text(re.compile(r"\d{2}/\d{2}/\d{4}"))
    checked(page)

    slip = page.locator("li", has_text="Giấy tiếp nhận hồ sơ và hẹn trả kết quả").get_by_role("link", name="tải về (PDF)")
    response = page.request.get(base + slip.get_attribute("href"))  # the browser's session
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    receipt = response.body()
    assert code in pdf_text(receipt)
    qr = next(url for url in pdf_qr_codes(receipt) if "/tra-cuu/" in url)
    assert f"ma={code}" in qr and "bi-mat=" in qr

    # What a stranger scanning the QR code sees: the status, nothing personal.
    page.goto(qr)
    expect(page.get_by_role("heading", level=2)).to_have_text(f"Hồ sơ {code}")
    expect(page.locator(".dossier-status")).to_have_text("Đã tiếp nhận")
    body = page.locator("main").inner_text()
    for personal in ("Đỗ Thị Lan", "001194012345", "Nguyễn Minh An", "0912345678", "lan.do@example.vn"):
        assert personal not in body
    checked(page)
    return code


def answer_supplement(page: Page, base: str, dossier_pk: int) -> None:
    # Once handling has begun, an official finds something missing (the clock stops).
    play("start_step", dossier_pk, "motcua.kimlien")
    play(
        "request_supplement", dossier_pk, "motcua.kimlien",
        missing_items=["Giấy chứng nhận kết hôn của cha, mẹ (bản chụp)"],
    )
    page.goto(f"{base}/dich-vu-cong/ho-so/{dossier_pk}/")
    expect(page.locator(".dossier-status")).to_have_text("Chờ bổ sung hồ sơ")
    expect(page.locator(".timeline")).to_contain_text("Giấy chứng nhận kết hôn của cha, mẹ")
    checked(page)
    page.get_by_role("link", name="Nộp bổ sung hồ sơ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nộp bổ sung hồ sơ")
    checked(page)
    page.get_by_label(re.compile("Giấy chứng nhận kết hôn")).set_input_files(pdf_file("ket-hon.pdf"))
    page.get_by_label(re.compile("^Ghi chú")).fill("Bổ sung giấy chứng nhận kết hôn.")
    page.get_by_role("button", name="Gửi hồ sơ bổ sung").click()
    expect(page.locator(".messages")).to_contain_text("Hồ sơ bổ sung của bạn đã được gửi")
    expect(page.locator(".dossier-status")).to_have_text("Đang xử lý")
    # The clock restarted at the answer: the new appointment, in the message and the facts.
    due = page.locator(".dossier-due strong").inner_text()
    assert re.search(r"\d{2}/\d{2}/\d{4}", due), due
    expect(page.locator(".messages")).to_contain_text(f"Hẹn trả kết quả mới: {due}")
    expect(page.locator(".timeline")).to_contain_text("Bạn đã nộp hồ sơ bổ sung.")
    checked(page)


def result_verified_and_rated(page: Page, base: str, dossier_pk: int, code: str) -> None:
    for name, who in (
        ("start_step", "motcua.kimlien"), ("complete_step", "motcua.kimlien"),  # the supplement reset step 1
        ("start_step", "chuyenvien.kimlien"), ("propose", "chuyenvien.kimlien"),
        ("approve", "lanhdao.kimlien"),
    ):
        play(name, dossier_pk, who)

    page.goto(f"{base}/dich-vu-cong/ho-so/{dossier_pk}/")
    expect(page.locator(".electronic-result")).to_contain_text("Mã xác minh")
    checked(page)
    download = page.get_by_role("link", name="Tải kết quả điện tử (PDF)")
    response = page.request.get(base + download.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    result = response.body()
    assert code in pdf_text(result)

    page.get_by_role("link", name="Xác minh kết quả").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Xác minh kết quả điện tử")
    expect(page.locator(".verdict.ok")).to_contain_text("đang có hiệu lực")
    checked(page)
    page.get_by_label(re.compile("^Tệp PDF kết quả")).set_input_files(
        {"name": "ket-qua.pdf", "mimeType": "application/pdf", "buffer": result}
    )
    page.get_by_role("button", name="So sánh tệp").click()
    expect(page.locator(".comparison")).to_have_text("Tệp khớp với bản gốc")
    checked(page)
    middle = len(result) // 2
    tampered = result[:middle] + bytes([result[middle] ^ 0x01]) + result[middle + 1:]
    page.get_by_label(re.compile("^Tệp PDF kết quả")).set_input_files(
        {"name": "ket-qua.pdf", "mimeType": "application/pdf", "buffer": tampered}
    )
    page.get_by_role("button", name="So sánh tệp").click()
    expect(page.locator(".comparison")).to_contain_text("KHÔNG khớp")
    checked(page)

    page.goto(f"{base}/dich-vu-cong/ho-so/{dossier_pk}/")
    page.get_by_role("link", name="Đánh giá", exact=True).click()
    checked(page)
    for name, value in (("access", 5), ("procedure", 4), ("officials", 5), ("result", 5), ("handling", 4)):
        page.locator(f"input[name={name}][value='{value}']").check()
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.locator("main")).to_contain_text("Cảm ơn bạn đã đánh giá")
    checked(page)


def test_new_citizen_applies_for_a_birth_registration_follows_it_and_verifies_the_result(
    phone: Page, browser, browser_context_args, live_server, demo, media, mailoutbox
):
    from motcua.dossiers.models import Dossier
    from motcua.feedback.models import Rating

    base = live_server.url
    register_and_verify(phone, base, mailoutbox)
    dossier_pk = apply_for_birth_registration(phone, base)
    desk_accepts(browser, browser_context_args, base, "Đỗ Thị Lan")
    code = receipt_and_public_lookup(phone, base, dossier_pk)
    answer_supplement(phone, base, dossier_pk)
    result_verified_and_rated(phone, base, dossier_pk, code)

    dossier = Dossier.objects.get(pk=dossier_pk)
    assert dossier.code == code and dossier.channel == "online"
    assert Rating.objects.get(dossier=dossier).procedure == 4


# ---------------------------------------------------------------------------------------------
# Level 4: apply for a copy of a civil-status extract and pay its fee online


@pytest.fixture
def verified_citizen(demo):
    from django.utils import timezone

    from motcua.accounts.models import AccountType, User

    citizen = User(
        username="tran.van.hung", full_name="Trần Văn Hùng", email="hung.tran@example.vn",
        phone="0987654321", account_type=AccountType.CITIZEN, identity_number="001088004567",
        address="Số 12 phố Phạm Ngọc Thạch, Kim Liên, Đống Đa, Hà Nội",
        email_verified_at=timezone.now(),
    )
    citizen.set_password(PASSWORD)
    citizen.save()
    return citizen


def apply_for_extract_copy(page: Page, base: str) -> int:
    page.goto(base + "/thu-tuc/" + EXTRACT_COPY + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cấp bản sao trích lục hộ tịch")
    checked(page)
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    page.get_by_label("Ủy ban nhân dân phường Kim Liên").check()
    page.get_by_role("button", name="Bắt đầu khai hồ sơ").click()
    expect(page).to_have_url(re.compile(r"/dich-vu-cong/ho-so-nhap/\d+/$"))
    dossier_pk = int(re.search(r"/ho-so-nhap/(\d+)/", page.url).group(1))
    expect(field(page, "applicant.full_name")).to_have_value("Trần Văn Hùng")
    field(page, "applicant.residence").fill("Số 12 phố Phạm Ngọc Thạch, Kim Liên, Đống Đa, Hà Nội")
    field(page, "applicant.relationship").select_option("Bản thân")
    field(page, "event").select_option("Kết hôn")
    field(page, "subject_person.full_name").fill("Trần Văn Hùng")
    field(page, "registration.registered_on").fill("2015-09-12")
    field(page, "copies").fill("1")
    page.get_by_role("checkbox", name="Cam đoan").check()
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu nháp")
    attach(page, "Hộ chiếu, Chứng minh nhân dân", pdf_file("can-cuoc-hung.pdf"))
    expect(page.locator(".messages")).to_contain_text("Đã đính kèm 1 tệp")
    checked(page)

    page.get_by_role("button", name="Tiếp tục: xem lại hồ sơ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Xem lại hồ sơ trước khi nộp")
    expect(page.locator("main")).to_contain_text("8.000 đồng")
    expect(page.locator("main")).to_contain_text("thanh toán trực tuyến sau khi nộp hồ sơ")
    checked(page)
    page.get_by_label("Trực tuyến", exact=True).check()
    page.get_by_label(re.compile("^Tôi cam đoan")).check()
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đã nộp hồ sơ")
    return dossier_pk


def test_citizen_pays_the_fee_of_a_level4_procedure_online_after_one_failed_attempt(
    phone: Page, live_server, verified_citizen, media
):
    from motcua.payments.models import Payment, PaymentStatus

    base = live_server.url
    login(phone, base, verified_citizen.username, PASSWORD)
    dossier_pk = apply_for_extract_copy(phone, base)

    phone.get_by_role("link", name="Theo dõi hồ sơ trong tài khoản").click()
    payment = phone.locator(".payment")
    expect(payment).to_contain_text("8.000 đồng")
    checked(phone)
    payment.get_by_role("link", name="Thanh toán trực tuyến").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Thanh toán phí, lệ phí")
    expect(phone.locator(".pay-total")).to_have_text("8.000 đồng")
    checked(phone)

    # The gateway says no: a message in words, and the way to try again.
    phone.get_by_role("button", name="Thanh toán trực tuyến").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Cổng thanh toán thử nghiệm")
    checked(phone)
    phone.get_by_role("button", name="Thất bại").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Thanh toán chưa thành công")
    checked(phone)
    phone.get_by_role("button", name="Thanh toán lại").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Cổng thanh toán thử nghiệm")
    phone.get_by_role("button", name="Thanh toán thành công").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Thanh toán thành công")
    checked(phone)

    phone.goto(f"{base}/dich-vu-cong/ho-so/{dossier_pk}/")
    expect(phone.locator(".payment")).to_contain_text("Đã thanh toán")
    checked(phone)
    receipt_link = phone.get_by_role("link", name="Biên lai thu phí, lệ phí (PDF)")
    response = phone.request.get(base + receipt_link.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    receipt = pdf_text(response.body())
    assert "8.000" in receipt
    statuses = sorted(Payment.objects.filter(dossier_id=dossier_pk).values_list("status", flat=True))
    assert statuses == sorted([PaymentStatus.FAILED, PaymentStatus.PAID])

    # The same dossier page in English, through the switch in the header.
    phone.get_by_label("Ngôn ngữ").select_option("en")
    phone.get_by_role("button", name="Đổi").click()
    expect(phone.locator("html")).to_have_attribute("lang", "en")
    expect(phone.locator("#payment-heading")).to_have_text("Fees and charges")
    expect(phone).to_have_url(re.compile(f"/dich-vu-cong/ho-so/{dossier_pk}/$"))
    checked(phone)
