# ruff: noqa: F811  (pytest fixtures imported from other modules)
"""End to end in Debian's Chromium: the annual title round of 2023 from registration to
certificates. Commune A's focal point registers a title at the start of the year; at the year's
end it builds its list, where the cap refuses one Chiến sĩ thi đua cơ sở too many and a nominee
already recognised for the same achievement is flagged ("one achievement, one award"), so the
unit takes her off; the dossier goes in, the council stages the list, the chair issues the
decision and downloads a certificate."""

import datetime as dt
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.awards.conftest import DECIDED_ON, funded  # noqa: F401
from tests.browser.test_campaign_flow import _log_in, _log_out, page  # noqa: F401
from tests.browser.test_login_and_search import ARTIFACTS
from tests.factories import make_person
from tests.nominations.conftest import _private_media, complete_dossier  # noqa: F401
from tests.nominations.title_round import title_round, titles  # noqa: F401
from thidua.awards import services as award_services
from thidua.awards.models import Certificate
from thidua.campaigns import services as cs
from thidua.campaigns.enums import SubjectType
from thidua.campaigns.models import TitleRegistration
from thidua.nominations import services as ns
from thidua.nominations.enums import CouncilOutcome
from thidua.nominations.models import Nominee, Proposal
from thidua.records.enums import RecordSource
from thidua.records.models import AwardRecord, Title

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("legal_tables"),
]


def _add(page, form_pk, subject):
    page.select_option("#id_award_form", str(form_pk))
    page.select_option("#id_subject", subject)
    page.click("#add-nominee button[type=submit]")


def test_a_title_round_from_registration_to_certificates(
    page, live_server, world, secretariat, focal_a, chair, title_round, titles, funded
):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    url = live_server.url
    ldtt, cstd = titles["LAO_DONG_TIEN_TIEN"], titles["CSTD_CO_SO"]
    people = [make_person(world.commune_a, f"Nông Văn Tài {i}") for i in range(6)]
    mai = make_person(world.commune_a, "Lường Thị Mai", gender="female", ethnicity="Tày")
    title = Title.objects.get(code="LAO_DONG_TIEN_TIEN")
    AwardRecord.objects.create(
        subject_type=SubjectType.INDIVIDUAL, person=mai, unit=world.commune_a, year=2023,
        title=title, title_code=title.code, form_name=title.name, level=title.level,
        issuer="Giám đốc Sở Nội vụ tỉnh Cao Bằng", decision_number="88/QĐ-SNV",
        decision_date=dt.date(2023, 12, 20), source=RecordSource.IMPORT,
    )  # fmt: skip

    # Start of the year: the unit registers its people's titles and its own.
    _log_in(page, url, "daumoi.a")
    page.goto(f"{url}/phong-trao/{title_round.pk}/dang-ky/?unit={world.commune_a.pk}")
    page.select_option("#id_award_form", str(ldtt.pk))
    page.select_option("#id_subject", f"p{people[0].pk}")
    page.click("#add-title button[type=submit]")
    page.wait_for_selector(f"text=Đã đăng ký «Lao động tiên tiến» cho {people[0].full_name}.")
    page.select_option("#id_award_form", str(titles["TAP_THE_LDTT"].pk))
    page.select_option("#id_subject", f"u{world.commune_a.pk}")
    page.click("#add-title button[type=submit]")
    page.wait_for_selector(f"text=cho {world.commune_a.name}.")
    assert TitleRegistration.objects.filter(campaign=title_round).count() == 2
    page.screenshot(path=str(ARTIFACTS / "title-registration.png"), full_page=True)
    for p in people[1:]:
        cs.title_register(
            actor=focal_a, campaign=title_round, unit=world.commune_a, award_form=ldtt, person=p
        )

    # Year end: the list of Lao động tiên tiến (six people and Mai), then the Chiến sĩ.
    proposal = ns.proposal_open(actor=focal_a, campaign=title_round, unit=world.commune_a)
    for p in [*people, mai]:
        ns.nominee_add(actor=focal_a, proposal=proposal, award_form=ldtt, person=p)
    page.goto(f"{url}/de-nghi/{proposal.pk}/")
    assert "Lường Thị Mai (Lao động tiên tiến): Lao động tiên tiến năm 2023, Quyết định số " \
        "88/QĐ-SNV ngày 20/12/2023" in page.inner_text("#repeats")  # fmt: skip
    # the unit takes off the nominee already recognised for the year
    page.locator(f"#nominees tr[data-nominee='{proposal.nominees.get(person=mai).pk}']").locator(
        "button:has-text('Bỏ')"
    ).click()
    page.wait_for_selector("text=Đã bỏ Lường Thị Mai khỏi danh sách đề nghị.")
    assert page.locator("#repeats").count() == 0
    # 6 in the list and Mai's recorded title: 7 Lao động tiên tiến, 15 % of 7 is 1
    _add(page, cstd.pk, f"p{people[0].pk}")
    page.wait_for_selector("text=Đã thêm vào danh sách đề nghị.")
    _add(page, cstd.pk, f"p{people[1].pk}")
    refusal = page.inner_text("#add-nominee .errorlist")
    assert refusal == (
        f"Không thêm được {people[1].full_name}: {world.commune_a.name} năm 2023: 2 «Chiến sĩ "
        "thi đua cơ sở» vượt giới hạn: tối đa 15% của 7 cá nhân đạt «Lao động tiên tiến» là 1 "
        "(Nghị định 91/2017/NĐ-CP)."
    )
    page.screenshot(path=str(ARTIFACTS / "title-round-cap.png"), full_page=True)
    assert Nominee.objects.filter(proposal=proposal, award_form=cstd).count() == 1
    _log_out(page, url)

    # Dossier, review, council (through the services the screens call, tested elsewhere).
    complete_dossier(focal_a, proposal)
    ns.proposal_submit(actor=focal_a, proposal=proposal)
    ns.proposal_accept(actor=secretariat, proposal=proposal)
    Proposal.objects.filter(pk=proposal.pk).update(
        submitted_at=dt.datetime(2024, 1, 10, 9, tzinfo=dt.UTC)
    )
    cs.campaign_start_evaluation(actor=secretariat, campaign=title_round)
    for rank, n in enumerate(proposal.nominees.order_by("id"), start=1):
        ns.nominee_stage_council_outcome(
            actor=secretariat, nominee=n, outcome=CouncilOutcome.PROPOSED, votes=7, rank=rank
        )
    title_round.refresh_from_db()
    decision = award_services.decision_create(
        actor=secretariat, campaign=title_round, decided_on=DECIDED_ON
    )

    # The chair issues the decision and downloads a certificate.
    _log_in(page, url, "chutich")
    page.goto(f"{url}/quyet-dinh/{decision.pk}/")
    page.click("#ban-hanh >> button:has-text('Ban hành quyết định')")
    page.wait_for_selector("text=Đã ban hành Quyết định số")
    assert page.inner_text("#decision-state") == "Đã ban hành"
    cert = Certificate.objects.select_related("award").get(
        award__person=people[0], award__award_form=cstd
    )
    with page.expect_download() as info:
        page.click(f"#cert-{cert.pk} >> text=Tải giấy khen")
    data = Path(info.value.path()).read_bytes()
    text = " ".join(PdfReader(io.BytesIO(data)).pages[0].extract_text().split())
    assert people[0].full_name in text
    page.screenshot(path=str(ARTIFACTS / "title-round-issued.png"), full_page=True)
    held = set(
        AwardRecord.objects.filter(person=people[0], year=2023).values_list("title_code", flat=True)
    )
    assert held == {"LAO_DONG_TIEN_TIEN", "CSTD_CO_SO"}
