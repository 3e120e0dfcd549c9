"""The receiving office's screen «Tiêu chí cấp trên chưa có kết quả» for a dossier sent up:
it lists each forwarded nominee's unanswered criteria in a constant number of queries, fills
one in (audited), maps a criterion to the lower campaign's; the lower level's secretariat sees
the dossier but may not fill in for the higher level; the dossier page puts the same rows into
the one-stop return."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import login
from tests.nominations import conftest as nomination_fixtures
from tests.nominations.conftest import pdf_upload
from thidua.core.models import AuditLog
from thidua.nominations import selectors, services
from thidua.nominations.enums import ProposalState
from thidua.nominations.models import Answer

pytestmark = pytest.mark.django_db

campaign = nomination_fixtures.campaign
forms = nomination_fixtures.forms
proposal_a = nomination_fixtures.proposal_a
filled_a = nomination_fixtures.filled_a
province_secretariat = nomination_fixtures.province_secretariat
province_campaign = nomination_fixtures.province_campaign
council_list = nomination_fixtures.council_list
_private_media = nomination_fixtures._private_media

PDF = b"%PDF-1.4\n% minh chung\n%%EOF\n"


@pytest.fixture
def sent(secretariat, campaign, province_campaign, council_list):
    upper = services.proposal_forward_prepare(
        actor=secretariat, source_campaign=campaign, target_campaign=province_campaign,
        award_form=province_campaign.award_forms.get(subject_type="individual"),
        nominees=[n for n in council_list if n.subject_type == "individual"],
    )  # fmt: skip
    for m in selectors.dossier_missing(upper):
        services.document_upload(
            actor=secretariat, proposal=upper, item=m.item, nominee=m.nominee, upload=pdf_upload()
        )
    return services.proposal_submit(actor=secretariat, proposal=upper)


def test_the_receiving_office_lists_and_fills_in_the_missing_answers(
    client, sent, province_secretariat, django_assert_num_queries
):
    (missing,) = selectors.missing_higher_answers(sent)
    url = reverse("web:proposal_higher_criteria", args=[sent.pk])
    login(client, province_secretariat)
    client.get(url)
    with django_assert_num_queries(HIGHER_QUERIES):
        page = client.get(url).content.decode()
    assert "Hoàn thành xuất sắc nhiệm vụ được giao." in page
    assert missing.nominee.display_name in page
    prefix = f"n{missing.nominee.pk}c{missing.criterion.pk}"
    response = client.post(url, {
        "action": "fill", "nominee": missing.nominee.pk, "criterion": missing.criterion.pk,
        f"{prefix}-attested": "on", f"{prefix}-text": "Theo bản giấy của huyện.",
        f"{prefix}-evidence": SimpleUploadedFile("mc.pdf", PDF, "application/pdf"),
    })  # fmt: skip
    assert response.status_code == 302
    answer = Answer.objects.get(nominee=missing.nominee, criterion=missing.criterion)
    assert answer.attested and answer.text == "Theo bản giấy của huyện." and answer.evidence
    assert AuditLog.objects.filter(action="nominations.answer.fill_received").count() == 1
    assert "Mọi tiêu chí đơn vị tự xác nhận" in client.get(url).content.decode()


HIGHER_QUERIES = 8  # whatever the number of nominees and criteria


def test_a_bad_file_is_said_on_the_row_and_nothing_is_written(client, sent, province_secretariat):
    (missing,) = selectors.missing_higher_answers(sent)
    prefix = f"n{missing.nominee.pk}c{missing.criterion.pk}"
    login(client, province_secretariat)
    response = client.post(reverse("web:proposal_higher_criteria", args=[sent.pk]), {
        "action": "fill", "nominee": missing.nominee.pk, "criterion": missing.criterion.pk,
        f"{prefix}-attested": "on",
        f"{prefix}-evidence": SimpleUploadedFile("mc.pdf", b"MZ not a pdf", "application/pdf"),
    })  # fmt: skip
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    assert not Answer.objects.filter(nominee=missing.nominee).exists()


def test_the_lower_level_sees_the_dossier_but_may_not_fill_in(client, sent, secretariat):
    (missing,) = selectors.missing_higher_answers(sent)
    url = reverse("web:proposal_higher_criteria", args=[sent.pk])
    login(client, secretariat)
    page = client.get(url).content.decode()
    assert missing.criterion.text in page and 'value="fill"' not in page
    before = AuditLog.objects.count()
    response = client.post(url, {
        "action": "fill", "nominee": missing.nominee.pk, "criterion": missing.criterion.pk,
        f"n{missing.nominee.pk}c{missing.criterion.pk}-attested": "on",
    })  # fmt: skip
    assert response.status_code == 403
    assert AuditLog.objects.count() == before
    assert not Answer.objects.filter(nominee=missing.nominee).exists()


def test_the_dossier_page_returns_the_missing_answer_with_the_documents(
    client, sent, province_secretariat
):
    (missing,) = selectors.missing_higher_answers(sent)
    login(client, province_secretariat)
    detail = reverse("web:proposal_detail", args=[sent.pk])
    page = client.get(detail).content.decode()
    field = f"reason-crit-{missing.criterion.pk}-{missing.nominee.pk}"
    assert f'name="{field}"' in page
    client.post(detail, {"action": "return", field: "Bổ sung minh chứng tiêu chí."})
    sent.refresh_from_db()
    assert sent.state == ProposalState.RETURNED
    (detail_row,) = sent.events.get(action="proposal_return").details
    assert detail_row["criterion"] == missing.criterion.pk
    assert detail_row["reason"] == "Bổ sung minh chứng tiêu chí."
