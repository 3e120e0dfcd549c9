# ruff: noqa: F811  (pytest fixtures imported from other conftest modules)
"""End to end in Debian's Chromium, across two levels: the district sends its council's list
up to the province's campaign; the province returns it once with every reason at once; the
district supplements and sends again; a second return without a justification is refused;
the province accepts, and decides with its own list; the trail shows every step of both
levels with their hashes, and then a document changed behind the application."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.browser.test_campaign_flow import _log_in, _log_out, page  # noqa: F401
from tests.browser.test_login_and_search import ARTIFACTS
from tests.nominations.conftest import (  # noqa: F401
    _private_media,
    campaign,
    council_list,
    filled_a,
    forms,
    pdf_upload,
    proposal_a,
    province_campaign,
    province_secretariat,
)
from thidua.awards import services as award_services
from thidua.campaigns import services as campaign_services
from thidua.nominations import services
from thidua.nominations.enums import NomineeState, ProposalState
from thidua.nominations.models import Document, Proposal

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("legal_tables"),
]


def _reason(page, item_name: str, text: str) -> None:
    page.locator("#dossier tr", has_text=item_name).locator("input[type=text]").fill(text)


def test_forward_return_supplement_forward_decide_with_the_trail(
    page,
    live_server,
    world,
    secretariat,
    province_secretariat,
    campaign,
    province_campaign,
    council_list,
    tmp_path,
):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    url = live_server.url
    scan = tmp_path / "to-trinh.pdf"
    scan.write_bytes(pdf_upload("Tờ trình của Huyện Nguyên Bình").data)
    collective = next(n for n in council_list if n.subject_type == "collective")

    # The district sends its council's list up.
    _log_in(page, url, "noivu")
    page.goto(f"{url}/phong-trao/{campaign.pk}/")
    page.click("text=Gửi hồ sơ lên cấp trên")
    page.wait_for_url("**/gui-cap-tren/")
    form = province_campaign.award_forms.get(subject_type="collective")
    page.select_option("#id_award_form", str(form.pk))
    page.check(f"#fw-{collective.pk}")
    page.fill("#id_note", "Hội đồng huyện đề nghị Chủ tịch UBND tỉnh tặng Bằng khen.")
    page.click("#forward-form button[type=submit]")
    page.wait_for_selector("text=Đã lập hồ sơ gửi lên Tỉnh Cao Bằng.")
    upper = Proposal.objects.get(campaign=province_campaign)
    assert "Huyện Nguyên Bình, phong trào" in page.inner_text("#forwarded-from")
    # «Báo cáo thành tích.» came up with the nominee; the higher level's Tờ trình is missing.
    assert page.inner_text("#missing").count("\n") >= 1
    assert "Tờ trình đề nghị khen thưởng của cấp trình" in page.inner_text("#missing")
    row = page.locator("#dossier tr", has_text="Tờ trình đề nghị khen thưởng của cấp trình")
    row.locator("input[type=file]").set_input_files(str(scan))
    row.locator("button:has-text('Tải lên')").click()
    page.wait_for_selector("#complete")
    page.click("#submit-proposal:has-text('Gửi lên cấp trên')")
    page.wait_for_selector("text=Đã gửi hồ sơ đề nghị khen thưởng.")
    _log_out(page, url)

    # The province finds it in its inbox with the due date, and returns it with every reason.
    _log_in(page, url, "sonoivu")
    page.click("nav >> text=Hồ sơ cấp dưới gửi lên")
    page.wait_for_url("**/ho-so-cap-duoi/")
    inbox_row = page.locator(f"#received tr[data-proposal='{upper.pk}']")
    assert "Huyện Nguyên Bình" in inbox_row.inner_text()
    assert "còn 20 ngày làm việc" in inbox_row.locator("td.due").inner_text()
    due = inbox_row.locator("td.due .clock").get_attribute("data-due")
    day, month, year = (int(x) for x in due.split("/"))
    assert dt.date(year, month, day) > timezone.localdate()
    page.screenshot(path=str(ARTIFACTS / "chain-inbox.png"), full_page=True)
    inbox_row.locator("text=Mở hồ sơ").click()
    page.wait_for_url(f"**/de-nghi/{upper.pk}/")
    _reason(page, "Tờ trình đề nghị khen thưởng của cấp trình", "Tờ trình chưa có chữ ký.")
    _reason(page, "Báo cáo thành tích", "Thiếu số liệu năm 2023.")
    page.fill("#note", "Bổ sung xác nhận của cơ quan thuế.")
    page.click("#review button:has-text('Trả lại để bổ sung')")
    page.wait_for_selector("text=Đã trả lại hồ sơ để đơn vị bổ sung.")
    history = page.inner_text("#history")
    for reason in (
        "Tờ trình chưa có chữ ký.",
        "Thiếu số liệu năm 2023.",
        "Bổ sung xác nhận của cơ quan thuế.",
    ):
        assert reason in history
    _log_out(page, url)

    # The district supplements and sends again.
    _log_in(page, url, "noivu")
    page.goto(f"{url}/de-nghi/{upper.pk}/")
    assert page.inner_text("#proposal-state").startswith("Trả lại để bổ sung")
    row = page.locator("#dossier tr", has_text="Tờ trình đề nghị khen thưởng của cấp trình")
    row.locator("input[type=file]").set_input_files(str(scan))
    row.locator("button:has-text('Tải lên')").click()
    page.wait_for_selector("text=Đã tải lên Tờ trình")
    page.click("#submit-proposal:has-text('Bổ sung và gửi lại')")
    page.wait_for_selector("text=Đã gửi hồ sơ đề nghị khen thưởng.")
    _log_out(page, url)

    # The province: a second return without a justification is refused; it accepts.
    _log_in(page, url, "sonoivu")
    page.goto(f"{url}/de-nghi/{upper.pk}/")
    assert page.is_visible("#second-return")
    _reason(page, "Báo cáo thành tích", "Lại thiếu số liệu.")
    page.click("#review button:has-text('Trả lại để bổ sung')")
    page.wait_for_selector("text=muốn trả lại lần nữa phải ghi rõ lý do chính đáng")
    assert page.inner_text("#proposal-state").startswith("Đã gửi")
    page.click("#review button:has-text('Tiếp nhận hồ sơ')")
    page.wait_for_selector("text=Đã tiếp nhận hồ sơ; các tiêu chí đã được đánh giá.")

    # The province's council proposes the nominee (its vote has its own tests) and its
    # decision is drafted; the province issues it on the decision's page.
    (nominee,) = upper.nominees.all()
    campaign_services.campaign_start_evaluation(actor=province_secretariat, campaign=upper.campaign)
    services.nominee_stage_council_outcome(
        actor=province_secretariat, nominee=nominee, outcome="proposed", votes=9, rank=1
    )
    award_services.fund_set_budget(
        actor=province_secretariat,
        unit=world.province,
        year=timezone.localdate().year,
        budget=50_000_000,
    )
    decision = award_services.decision_create(
        actor=province_secretariat, campaign=upper.campaign, decided_on=timezone.localdate()
    )
    page.goto(f"{url}/quyet-dinh/{decision.pk}/")
    page.click("#ban-hanh >> button:has-text('Ban hành quyết định')")
    page.wait_for_selector("text=Đã ban hành Quyết định số 1/QĐ-UBND.")
    nominee.refresh_from_db()
    assert nominee.state == NomineeState.AWARDED

    # The trail: both levels, every step, intact.
    page.goto(f"{url}/de-nghi/{upper.pk}/")
    page.click("#trail-link")
    page.wait_for_url(f"**/de-nghi/{upper.pk}/nhat-ky/")
    assert page.is_visible("#trail-intact")
    lower_steps = page.locator(f"table.trail[data-proposal='{collective.proposal_id}'] tbody tr")
    assert [r.get_attribute("data-action") for r in lower_steps.all()] == ["submit", "accept"]
    steps = page.locator(f"table.trail[data-proposal='{upper.pk}'] tbody tr")
    assert [r.get_attribute("data-action") for r in steps.all()] == [
        "forward",
        "return",
        "resend",
        "accept",
        "decide",
    ]
    text = page.inner_text(f"table.trail[data-proposal='{upper.pk}']")
    assert "Tỉnh Cao Bằng" in text and "Huyện Nguyên Bình" in text
    assert "Tờ trình chưa có chữ ký." in text and "Thiếu số liệu năm 2023." in text
    assert "Quyết định số 1/QĐ-UBND" in text
    page.screenshot(path=str(ARTIFACTS / "chain-trail.png"), full_page=True)

    # A document swapped in storage after its step: the trail says which step.
    upper.refresh_from_db()
    assert upper.state == ProposalState.ACCEPTED
    doc = Document.objects.filter(proposal=upper, superseded_at=None).order_by("pk").first()
    with doc.file.open("wb") as fh:
        fh.write(b"%PDF-1.4\n% da bi sua\n%%EOF\n")
    page.reload()
    problems = page.inner_text("#trail-problems")
    assert "Hồ sơ đã bị thay đổi sau bước" in problems and doc.name in problems
    assert page.locator("tr.broken").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "chain-trail-forged.png"), full_page=True)
