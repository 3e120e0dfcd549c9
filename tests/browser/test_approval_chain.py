# ruff: noqa: F811  (pytest fixtures imported from other modules)
"""End to end in Debian's Chromium: the administrator sets the office's approval chain on its
screen, the secretariat assigns a received dossier to an officer, the officer finds it in
«Việc của tôi» (with its due date) and sends it up, the head of division returns it with a
comment, and after it comes back up the office's leader approves it."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.approvals.test_chain import staff  # noqa: F401
from tests.browser.test_council_flow import _context, browser  # noqa: F401
from tests.conftest import _persona
from tests.nominations.conftest import (  # noqa: F401
    _private_media,
    campaign,
    filled_a,
    forms,
    proposal_a,
)
from thidua.approvals import services
from thidua.approvals.enums import AssignmentState, StepRole
from thidua.approvals.models import Assignment
from thidua.nominations import services as nominations
from thidua.nominations.models import Proposal
from thidua.org.enums import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(browser, url, username):
    page = _context(browser).new_page()
    page.goto(f"{url}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", "mat-khau-thu-nghiem")
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/**")
    return page


def _decide(page, url, proposal, choice, comment):
    page.goto(f"{url}/viec-cua-toi/")
    page.click(f"#my-work tr[data-proposal='{proposal.pk}'] a")
    page.locator("#act label", has_text=choice).click()
    page.fill("#id_comment", comment)
    with page.expect_navigation():
        page.click("#act button[type=submit]")


def test_a_dossier_moves_through_the_chain_on_the_screens(
    browser, live_server, world, staff, filled_a, focal_a, secretariat
):
    nominations.proposal_submit(actor=focal_a, proposal=filled_a)
    at = dt.datetime(2026, 2, 6, 9, tzinfo=timezone.get_current_timezone())
    Proposal.objects.filter(pk=filled_a.pk).update(submitted_at=at)
    services.approver_add(actor=None, office=world.district, user=staff["head"],
                          role=StepRole.DIVISION_HEAD)  # fmt: skip
    services.approver_add(actor=None, office=world.district, user=staff["leader"],
                          role=StepRole.OFFICE_HEAD)  # fmt: skip
    _persona("quantri", Role.ADMIN, world.district)
    url = live_server.url

    # The administrator sets the three steps and the officer on the configuration screen.
    admin = _as(browser, url, "quantri")
    admin.goto(f"{url}/cau-hinh/khen-thuong/")
    admin.click("text=Quy trình duyệt hồ sơ")
    admin.fill("#id_name_1", "Chuyên viên thụ lý")
    admin.select_option("#id_role_1", StepRole.OFFICER)
    admin.fill("#id_name_2", "Lãnh đạo phòng")
    admin.select_option("#id_role_2", StepRole.DIVISION_HEAD)
    admin.fill("#id_name_3", "Lãnh đạo cơ quan")
    admin.select_option("#id_role_3", StepRole.OFFICE_HEAD)
    with admin.expect_navigation():
        admin.click("#buoc button[type=submit]")
    assert "Đã lưu quy trình duyệt." in admin.inner_text("main")
    admin.select_option("#id_user", label="Hà Thu (chuyenvien)")
    admin.select_option("#id_role", StepRole.OFFICER)
    with admin.expect_navigation():
        admin.click("#nguoi-xu-ly button:has-text('Thêm người xử lý')")
    assert "chuyenvien" in admin.inner_text("#approvers")

    # The secretariat assigns the dossier from its page.
    sec = _as(browser, url, "noivu")
    sec.goto(f"{url}/de-nghi/{filled_a.pk}/")
    sec.click("#approval-link")
    sec.select_option("#id_officer", label="Hà Thu (chuyenvien)")
    with sec.expect_navigation():
        sec.click("#assign button[type=submit]")
    assert "Đã phân công xử lý hồ sơ." in sec.inner_text("main")

    # «Việc của tôi» is in the officer's menu, with the due date across Tết.
    officer = _as(browser, url, "chuyenvien")
    officer.click("nav >> text=Việc của tôi")
    row = officer.locator(f"#my-work tr[data-proposal='{filled_a.pk}']").inner_text()
    assert "Bước 1/3: Chuyên viên thụ lý" in row and "hạn 13/03/2026" in row
    _decide(officer, url, filled_a, "Đồng ý", "Hồ sơ đủ thành phần")

    head = _as(browser, url, "truongphong")
    _decide(head, url, filled_a, "Trả lại", "Bổ sung báo cáo thành tích")
    assert "Đã trả lại." in head.inner_text("main")
    assert "Bổ sung báo cáo thành tích" in head.inner_text("#approval-history")

    _decide(officer, url, filled_a, "Đồng ý", "Đã bổ sung")
    _decide(head, url, filled_a, "Đồng ý", "Trình lãnh đạo")
    leader = _as(browser, url, "lanhdao")
    _decide(leader, url, filled_a, "Đồng ý", "Đồng ý")
    assert "Đã duyệt xong" in leader.inner_text("#current-step")
    leader.goto(f"{url}/viec-cua-toi/")
    assert "Không có hồ sơ nào đang chờ bạn xử lý." in leader.inner_text("#my-work")
    assert Assignment.objects.get(proposal=filled_a).state == AssignmentState.APPROVED
