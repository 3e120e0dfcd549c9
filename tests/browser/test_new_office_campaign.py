"""A new office runs a campaign of another level from launch to certificates, entirely in the
browser (issue 15, "what must be shown"): a province under Nghị định 152/2025, its first
administrator made by `thidua createadmin`, its communes, accounts, council and pass rule set
up on the configuration screens; the secretariat launches the campaign with criteria judged on
the previous year's results; a commune's focal point registers and sends its dossier; the
council votes, each member in their own session; the decision is issued and the certificate
checks out on the public page. Nothing touches /admin/ or the shell after `createadmin`.

The campaign is of the current year: a 2027 campaign cannot reach its nomination phase before
2027 (a guard rail), and the browser has no way to move the server's clock; its phases are set
around the real clock, as an office moving its own deadlines would.
"""

import datetime as dt
import io
import re
import sys

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.db import connections
from django.utils import timezone

from tests.browser.test_campaign_flow import page  # noqa: F401  (Chromium in Vietnamese)
from thidua.awards.models import Certificate
from thidua.campaigns.models import AwardForm
from thidua.demo.campaigns import demo_plan_pdf
from thidua.org.models import Unit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("legal_tables"),
    pytest.mark.usefixtures("private_media"),
]

PASSWORD = "Non-nuoc-Cao-Bang-2026"
VN = dt.timezone(dt.timedelta(hours=7))
User = get_user_model()


def _sign_in(page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")


def _said(page, text: str) -> None:
    """The page confirms with `text`; otherwise fail showing what it said instead."""
    try:
        page.wait_for_selector(f"text={text}", timeout=5000)
    except Exception:  # noqa: BLE001  (show the page, then fail)
        errors = page.locator(".errorlist").all_inner_texts()
        pytest.fail(f"expected «{text}» on {page.url}: {errors}\n{page.inner_text('main')[:1500]}")


def _invite(page, base: str, *, username: str, full_name: str, role: str, unit: Unit) -> None:
    """The administrator invites an account; its owner opens the e-mailed link and chooses
    a password. The administrator's session is restored afterwards."""
    page.goto(f"{base}/tai-khoan/moi/")
    page.fill("#id_full_name", full_name)
    page.fill("#id_email", f"{username}@caobang.gov.vn")
    page.fill("#id_username", username)
    page.select_option("#id_role", role)
    page.select_option("#id_unit", str(unit.pk))
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/tai-khoan/\d+/$"))
    message = next(m for m in reversed(mail.outbox) if f"{username}@caobang.gov.vn" in m.to)
    link = re.search(r"https?://[^/\s]+(/dat-lai-mat-khau/\S+)", message.body).group(1)
    cookies = page.context.cookies()
    page.context.clear_cookies()
    page.goto(f"{base}{link}")
    page.fill("#id_new_password1", PASSWORD)
    page.fill("#id_new_password2", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/dat-lai-mat-khau/xong/")
    page.context.clear_cookies()
    page.context.add_cookies(cookies)


def _local(moment: dt.datetime) -> str:
    """A datetime-local input's value, Vietnam time."""
    return moment.astimezone(VN).strftime("%Y-%m-%dT%H:%M")


def _phases(page, *phases: tuple[str, dt.datetime, dt.datetime]) -> None:
    """The office sets (or moves) phases on the campaign page: (kind, from, before)."""
    for kind, starts, ends in phases:
        page.select_option("#giai-doan #id_kind", kind)
        page.fill("#giai-doan #id_starts_at", _local(starts))
        page.fill("#giai-doan #id_ends_at", _local(ends))
        page.click("#giai-doan button:has-text('Lưu giai đoạn')")
        _said(page, "Đã lưu giai đoạn")


def test_a_new_province_runs_a_campaign_to_certificates_in_the_browser(
    page, live_server, monkeypatch, tmp_path
):
    base = live_server.url
    today = timezone.localdate()
    year = today.year
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    call_command(
        "createadmin", "--username", "quantri", "--email", "quantri@caobang.gov.vn",
        "--full-name", "Nông Văn Minh", "--unit-code", "T04", "--unit-name", "Tỉnh Cao Bằng",
        "--password-stdin", stdout=io.StringIO(),
    )  # fmt: skip
    province = Unit.objects.get(code="T04")
    visited: list[str] = []
    page.on("request", lambda request: visited.append(request.url))

    # The administrator draws the organisation: two communes of the province ----------------
    _sign_in(page, base, "quantri")
    for code, name in (("X01", "Xã Hòa An"), ("X02", "Xã Quảng Uyên")):
        page.goto(f"{base}/don-vi/them/")
        page.fill("#id_code", code)
        page.fill("#id_name", name)
        page.select_option("#id_kind", "commune")
        page.select_option("#id_parent", str(province.pk))
        page.fill("#id_valid_from", "2025-07-01")
        page.click("main button[type=submit]")
        page.wait_for_url(re.compile(r".*/don-vi/\d+/$"))
    commune = Unit.objects.get(code="X01")

    # Accounts: the secretariat, a commune's focal point, the council's three members -------
    accounts = [
        ("thuha", "Hoàng Thị Thu Hà", "secretariat", province),
        ("daumoi.hoaan", "Lương Văn Tùng", "focal_point", commune),
        ("ct.hoidong", "Hoàng Xuân Ánh", "council_chair", province),
        ("uv.eng", "Đàm Văn Eng", "council_member", province),
        ("uv.tuyet", "Nông Thị Tuyết", "council_member", province),
    ]
    for username, full_name, role, unit in accounts:
        _invite(page, base, username=username, full_name=full_name, role=role, unit=unit)

    # The pass rule of the province's Bằng khen, by legal form and level ------------------------
    page.goto(f"{base}/cau-hinh/quy-tac-xet-chon/")
    page.select_option("#id_form_kind", "BANG_KHEN_TINH")
    page.select_option("#id_level", "province")
    page.select_option("#id_ballot_type", "secret")
    page.select_option("#id_denominator", "all_members")
    page.fill("#id_threshold", "1/2")
    page.check("#id_strict")
    page.fill("#id_quorum", "2/3")
    page.fill("#id_valid_from", f"{year}-01-01")
    page.click("#form button[type=submit]")
    _said(page, "Đã")

    # The secretariat forms the council ---------------------------------------------------------
    _sign_in(page, base, "thuha")
    page.goto(f"{base}/cau-hinh/hoi-dong/")
    page.fill("#id_name", "Hội đồng Thi đua – Khen thưởng tỉnh Cao Bằng")
    page.fill("#id_established_by", f"Quyết định số 15/QĐ-UBND ngày 05/01/{year}")
    page.fill("#id_valid_from", f"{year}-01-01")
    page.fill("#id_quorum", "2/3")
    page.click("#form button[type=submit]")
    _said(page, "Đã tạo Hội đồng; hãy thêm thành viên.")
    for username, full_name, council_role in (
        ("ct.hoidong", "Hoàng Xuân Ánh", "chair"),
        ("uv.eng", "Đàm Văn Eng", "member"),
        ("uv.tuyet", "Nông Thị Tuyết", "member"),
    ):
        form = page.locator("#thanh-vien form")
        form.locator("#id_user").select_option(str(User.objects.get(username=username).pk))
        form.locator("#id_full_name").fill(full_name)
        form.locator("#id_role").select_option(council_role)
        form.locator("button[type=submit]").click()
        _said(page, full_name)
    assert page.locator("#members tbody tr").count() == 3

    # The secretariat launches the campaign --------------------------------------------------
    page.goto(f"{base}/phong-trao/them/")
    page.select_option("#id_issuer", str(province.pk))
    page.fill("#id_year", str(year))
    page.fill("#id_title", f"Phát động phong trào thi đua chuyển đổi số năm {year}")
    page.fill("#id_issuer_display", "ỦY BAN NHÂN DÂN\nTỈNH CAO BẰNG")
    page.fill("#id_place", "Cao Bằng")
    page.fill("#id_period_start", f"{year}-01-01")
    page.fill("#id_period_end", f"{year}-12-31")
    page.fill("#id_signer_name", "Hoàng Xuân Ánh")
    # The reward basis is the decree's template, already filled in.
    assert page.input_value("#id_reward_basis").startswith("Theo Nghị định 152/2025/NĐ-CP")
    page.click("main form button[type=submit]")
    _said(page, "Đã tạo dự thảo")
    campaign_url = page.url
    page.check(f"#don-vi input[value='{commune.pk}']")
    page.check(f"#don-vi input[value='{Unit.objects.get(code='X02').pk}']")
    page.click("#don-vi button:has-text('Lưu đơn vị tham gia')")
    _said(page, "Đơn vị tham gia (2)")
    now = timezone.now()
    _phases(
        page,
        ("registration", now - dt.timedelta(days=2), now + dt.timedelta(minutes=30)),
        ("nomination", now + dt.timedelta(minutes=30), now + dt.timedelta(days=10)),
    )
    page.select_option("#tieu-chi #id_subject_type", "collective")
    page.select_option("#tieu-chi #id_kind", "attested")
    page.fill("#tieu-chi #id_text", "Hoàn thành 100% chỉ tiêu chuyển đổi số được giao trong năm.")
    page.click("#tieu-chi button:has-text('Thêm tiêu chí')")
    _said(page, "Đã thêm tiêu chí")
    page.fill("#khen-thuong #id_name", "Bằng khen của Chủ tịch UBND tỉnh")
    page.select_option("#khen-thuong #id_subject_type", "collective")
    page.select_option("#khen-thuong #id_legal_kind", "BANG_KHEN_TINH")
    page.fill("#khen-thuong #id_quota", "1")
    # The checklist comes pre-filled from the kind of commendation (theo đợt); kept as it is.
    assert page.input_value("#khen-thuong #id_item_1")
    page.click("#khen-thuong button:has-text('Thêm hình thức khen thưởng')")
    _said(page, "Đã thêm hình thức khen thưởng")
    page.fill("#trang-thai #id_doc_number", "27")
    page.click("#trang-thai button:has-text('Ban hành')")
    _said(page, "Phong trào chuyển sang trạng thái «Đã ban hành».")
    page.click("#trang-thai button:has-text('Bắt đầu')")
    _said(page, "Phong trào chuyển sang trạng thái")

    # The commune's focal point registers, then sends its dossier ---------------------------------
    plan = tmp_path / "ke-hoach.pdf"
    plan.write_bytes(demo_plan_pdf(commune))
    _sign_in(page, base, "daumoi.hoaan")
    page.goto(f"{campaign_url}dang-ky/")
    page.fill("#id_commitments", "Phấn đấu 100% thủ tục hành chính trực tuyến toàn trình.")
    page.set_input_files("#id_plan", str(plan))
    page.click("button:has-text('Gửi đăng ký')")
    _said(page, "Đã gửi đăng ký thi đua và kế hoạch của đơn vị.")

    # Registration closes and nominations open: the office moves its own deadlines.
    _sign_in(page, base, "thuha")
    page.goto(campaign_url)
    now = timezone.now()
    _phases(
        page,
        ("registration", now - dt.timedelta(days=2), now - dt.timedelta(minutes=10)),
        ("nomination", now - dt.timedelta(minutes=10), now + dt.timedelta(days=10)),
    )

    _sign_in(page, base, "daumoi.hoaan")
    page.goto(f"{campaign_url}de-nghi/")
    page.click("button:has-text('Lập hồ sơ đề nghị')")
    page.wait_for_url("**/de-nghi/*/")
    proposal_url = page.url
    page.select_option("#id_award_form", str(AwardForm.objects.get().pk))
    page.select_option("#id_subject", f"u{commune.pk}")
    page.click("#add-nominee button[type=submit]")
    _said(page, "Đã thêm vào danh sách đề nghị.")
    rows = page.locator("#dossier tr:has(input[type=file])")
    assert rows.count() >= 1
    for i in range(rows.count()):
        rows.nth(i).locator("input[type=file]").set_input_files(str(plan))
        rows.nth(i).locator("button:has-text('Tải lên')").click()
        _said(page, "Đã tải lên")
    assert page.inner_text("#complete") == "Hồ sơ đã đủ các thành phần bắt buộc."
    page.click("#nominees a")
    page.wait_for_url("**/de-nghi/ung-vien/*/")
    answer = page.locator("#criteria form").first
    answer.locator("input[name$='-attested']").check()
    answer.locator("textarea[name$='-text']").fill("Đạt 100% chỉ tiêu (Báo cáo số 12/BC-UBND).")
    answer.locator("input[name$='-evidence']").set_input_files(str(plan))
    page.click("button:has-text('Lưu kết quả tiêu chí')")
    _said(page, "Đã lưu")
    page.goto(proposal_url)
    page.click("#submit-proposal")
    _said(page, "Đã gửi hồ sơ đề nghị khen thưởng.")

    # The secretariat accepts; the criteria are judged -------------------------------------------
    _sign_in(page, base, "thuha")
    page.goto(proposal_url)
    page.click("#review button:has-text('Tiếp nhận hồ sơ')")
    _said(page, "Đã tiếp nhận hồ sơ; các tiêu chí đã được đánh giá.")
    assert "Đủ tiêu chuẩn" in page.inner_text("#nominees")

    # Nominations close, the council's days open; the campaign goes to evaluation -----------------
    page.goto(campaign_url)
    now = timezone.now()
    _phases(
        page,
        ("nomination", now - dt.timedelta(minutes=10), now - dt.timedelta(minutes=5)),
        ("council", now - dt.timedelta(minutes=5), now + dt.timedelta(days=3)),
    )
    page.click("#trang-thai form:has(input[value='evaluating']) button")
    _said(page, "Phong trào chuyển sang trạng thái")

    # The council meets ---------------------------------------------------------------------------
    page.goto(f"{base}/hoi-dong/")
    page.fill("#id_held_on", str(today))
    page.fill("#id_place", "Phòng họp số 1, UBND tỉnh Cao Bằng")
    page.click("button:has-text('Tạo phiên họp')")
    _said(page, "Đã tạo phiên họp; hãy chọn nội dung xét và điểm danh.")
    session_url = page.url
    page.locator("#noi-dung input[type=checkbox]").first.check()
    page.click("#noi-dung button:has-text('Lưu nội dung xét')")
    _said(page, "Đã lưu nội dung xét của phiên họp.")
    boxes = page.locator("#diem-danh input[name='present']")
    for i in range(boxes.count()):
        boxes.nth(i).check()
    page.click("#diem-danh button:has-text('Lưu điểm danh')")
    _said(page, "Đã lưu điểm danh.")
    page.click("#trang-thai button:has-text('Mở bỏ phiếu')")
    _said(page, "Đã mở bỏ phiếu.")

    for username in ("ct.hoidong", "uv.eng", "uv.tuyet"):
        _sign_in(page, base, username)
        page.goto(f"{session_url}bo-phieu/")
        page.locator("fieldset.nominee label", has_text=re.compile(r"^\s*Đồng ý\s*$")).click()
        page.click("#ballot-form button[type=submit]")
        _said(page, "Phiếu của bạn đã được ghi nhận. Cảm ơn bạn.")
    _sign_in(page, base, "ct.hoidong")  # the chair closes the vote
    page.goto(session_url)
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("#chair-close-voting")
    _said(page, "Đã kết thúc bỏ phiếu")

    _sign_in(page, base, "thuha")
    page.goto(session_url)
    assert page.locator("#ket-qua tr[data-nominee]").count() == 1
    page.click("#trang-thai button:has-text('Chuyển kết quả chờ quyết định khen thưởng')")
    _said(page, "Đã chuyển kết quả của Hội đồng sang chờ quyết định khen thưởng.")

    # The fund, the decision, the certificate -----------------------------------------------------
    page.goto(f"{base}/quy-thi-dua/")
    page.select_option("#id_unit", str(province.pk))
    page.fill("#id_year", str(year))
    page.fill("#id_budget", "50.000.000")
    page.click("button:has-text('Lưu dự toán')")
    _said(page, "Đã lưu dự toán quỹ.")
    assert "50.000.000" in page.inner_text("main")
    page.goto(f"{campaign_url}quyet-dinh/them/")
    page.fill("#id_decided_on", str(today))
    page.click("button:has-text('Lập dự thảo')")
    _said(page, "Đã lập dự thảo quyết định từ danh sách Hội đồng đề nghị.")
    page.click("#ban-hanh >> button:has-text('Ban hành quyết định')")
    _said(page, "Đã ban hành Quyết định số 1/QĐ-UBND.")
    assert page.inner_text("#decision-state") == "Đã ban hành"

    certificate = Certificate.objects.select_related("award").get()
    assert certificate.award.name == "Xã Hòa An"
    shown = page.inner_text(f"#cert-{certificate.pk} code")
    page.context.clear_cookies()
    page.goto(f"{base}/xac-thuc/")
    page.fill("#ma", shown.lower())
    page.click("button:has-text('Tra cứu')")
    page.wait_for_url(f"**/xac-thuc/{shown}")
    assert page.inner_text("#verdict") == "Giấy khen hợp lệ"
    assert "Xã Hòa An" in page.inner_text("#awardee")
    assert visited and not [u for u in visited if "/admin/" in u]
    # ORM calls made while Playwright runs get their own connection; close it so PostgreSQL
    # can drop the test database.
    connections.close_all()
