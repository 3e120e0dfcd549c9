"""End to end in Debian's Chromium: a commune's focal point builds a proposal with one
collective and two individuals, uploads and generates its documents and submits; the
secretariat returns it for the minutes; the unit supplements; the secretariat accepts."""

import pytest

from tests.browser.test_campaign_flow import _log_in, _log_out, page  # noqa: F401
from tests.browser.test_login_and_search import ARTIFACTS
from tests.nominations.conftest import campaign, forms, person_a2  # noqa: F401
from thidua.demo.campaigns import demo_plan_pdf
from thidua.nominations.enums import ProposalState
from thidua.nominations.models import Document, Proposal

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("private_media"),
]


def _row(page, item, nominee=None):
    return page.locator(
        f"#dossier tr[data-item='{item.pk}'][data-nominee='{nominee.pk if nominee else ''}']"
    )


def _add(page, form_pk, subject):
    page.select_option("#id_award_form", str(form_pk))
    page.select_option("#id_subject", subject)
    page.click("#add-nominee button[type=submit]")
    page.wait_for_selector("text=Đã thêm vào danh sách đề nghị.")


def test_focal_point_builds_submits_secretariat_returns_then_accepts(
    page,
    live_server,
    world,
    secretariat,
    focal_a,
    campaign,
    forms,
    person_a2,
    tmp_path,  # noqa: F811
):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    url = live_server.url
    scan = tmp_path / "bien-ban.pdf"
    scan.write_bytes(demo_plan_pdf(world.commune_a))

    _log_in(page, url, "daumoi.a")
    page.goto(f"{url}/phong-trao/{campaign.pk}/")
    page.click("text=Đề nghị khen thưởng")
    page.click("button:has-text('Lập hồ sơ đề nghị')")
    page.wait_for_url("**/de-nghi/*/")
    _add(page, forms["collective"].pk, f"u{world.commune_a.pk}")
    _add(page, forms["individual"].pk, f"p{world.person_a.pk}")
    _add(page, forms["individual"].pk, f"p{person_a2.pk}")
    assert "Hồ sơ còn thiếu 8 tài liệu" in page.inner_text("#missing")

    proposal = Proposal.objects.get()
    items = {i.name.split()[0] + i.name.split()[1]: i for i in forms["collective"].checklist.all()}
    items_ind = {
        i.name.split()[0] + i.name.split()[1]: i for i in forms["individual"].checklist.all()
    }
    to_trinh, bien_ban = items["Tờtrình"], items["Biênbản"]
    _row(page, to_trinh).locator("button:has-text('Tạo bản in (PDF)')").click()
    page.wait_for_selector("text=Đã tạo bản dự thảo Tờ trình đề nghị khen thưởng.")
    _row(page, bien_ban).locator("input[type=file]").set_input_files(str(scan))
    _row(page, bien_ban).locator("button:has-text('Tải lên')").click()
    page.wait_for_selector("text=Đã tải lên Biên bản")
    for nominee in proposal.nominees.all():
        chosen = items if nominee.subject_type == "collective" else items_ind
        _row(page, chosen["Báocáo"], nominee).locator(
            "button:has-text('Tạo dự thảo (Word)')"
        ).click()
        page.wait_for_selector("text=Đã tạo bản dự thảo Báo cáo thành tích.")
        row = _row(page, chosen["Bảntóm"], nominee)
        row.locator("input[type=file]").set_input_files(str(scan))
        row.locator("button:has-text('Tải lên')").click()
        page.wait_for_selector("text=Đã tải lên Bản tóm tắt thành tích.")
    assert page.inner_text("#complete") == "Hồ sơ đã đủ các thành phần bắt buộc."
    page.screenshot(path=str(ARTIFACTS / "proposal-complete.png"), full_page=True)
    page.click("#submit-proposal")
    page.wait_for_selector("text=Đã gửi hồ sơ đề nghị khen thưởng.")
    assert page.inner_text("#proposal-state").startswith("Đã gửi")
    _log_out(page, url)

    _log_in(page, url, "noivu")
    page.goto(f"{url}/de-nghi/{proposal.pk}/")
    _row(page, bien_ban).locator("input[type=text]").fill("Biên bản chưa có chữ ký của Thư ký.")
    page.click("#review button:has-text('Trả lại để bổ sung')")
    page.wait_for_selector("text=Đã trả lại hồ sơ để đơn vị bổ sung.")
    assert "Biên bản chưa có chữ ký của Thư ký." in page.inner_text("#history")
    _log_out(page, url)

    _log_in(page, url, "daumoi.a")
    page.goto(f"{url}/de-nghi/{proposal.pk}/")
    assert page.inner_text("#proposal-state").startswith("Trả lại để bổ sung")
    _row(page, bien_ban).locator("input[type=file]").set_input_files(str(scan))
    _row(page, bien_ban).locator("button:has-text('Tải lên')").click()
    page.wait_for_selector("text=Đã tải lên Biên bản")
    page.click("#submit-proposal")
    page.wait_for_selector("text=Đã gửi hồ sơ đề nghị khen thưởng.")
    _log_out(page, url)

    _log_in(page, url, "noivu")
    page.goto(f"{url}/de-nghi/{proposal.pk}/")
    page.click("#review button:has-text('Tiếp nhận hồ sơ')")
    page.wait_for_selector("text=Đã tiếp nhận hồ sơ; các tiêu chí đã được đánh giá.")
    page.screenshot(path=str(ARTIFACTS / "proposal-accepted.png"), full_page=True)

    proposal.refresh_from_db()
    assert (proposal.state, proposal.version) == (ProposalState.ACCEPTED, 2)
    assert Document.objects.filter(proposal=proposal, superseded_at=None).count() == 8
    assert Document.objects.filter(proposal=proposal, kind="generated").count() == 4
