"""A dossier sent up meets the higher level's criteria: the lower level's answers and evidence
are carried over where a higher criterion asks the same (or the receiving office maps it);
what is left unanswered is listed, filled in by the receiving office (audited) or put in the
one-stop return; the engine then judges the copies like any nominee."""

import pytest
from django.core.exceptions import ValidationError

from tests.nominations.conftest import pdf_upload
from thidua.campaigns.enums import CriterionKind
from thidua.campaigns.models import Criterion
from thidua.core.models import AuditLog
from thidua.nominations import selectors, services
from thidua.nominations.enums import Outcome, ProposalState
from thidua.nominations.models import Answer

pytestmark = pytest.mark.django_db

HIGHER_ATTESTED = "Hoàn thành xuất sắc nhiệm vụ được giao."


@pytest.fixture
def answered(filled_a, focal_a, campaign):
    """Commune A's collective answers the district's attested criterion (with evidence) and
    the CCHC one, before its dossier goes up."""
    collective = filled_a.nominees.get(subject_type="collective")
    for c in campaign.criteria.filter(subject_type="collective"):
        services.answer_set(
            actor=focal_a, nominee=collective, criterion=c, attested=True,
            text=f"Kết quả: {c.text}", evidence=pdf_upload(f"minh chứng {c.pk}"),
        )  # fmt: skip
    return collective


@pytest.fixture
def higher_tasks(province_campaign):
    """The province also asks the district's CCHC criterion, with the same parameters."""
    return Criterion.objects.create(
        campaign=province_campaign, subject_type="collective", position=5,
        text="Hoàn thành 100% nhiệm vụ CCHC năm 2023.", kind=CriterionKind.TASKS_COMPLETED,
        params={"min_percent": 100},
    )  # fmt: skip


@pytest.fixture
def upper(answered, council_list, higher_tasks, secretariat, campaign, province_campaign):
    form = province_campaign.award_forms.get(subject_type="collective")
    return services.proposal_forward_prepare(
        actor=secretariat, source_campaign=campaign, target_campaign=province_campaign,
        award_form=form, nominees=[answered],
    )  # fmt: skip


def _send(upper, secretariat):
    for m in selectors.dossier_missing(upper):
        services.document_upload(
            actor=secretariat, proposal=upper, item=m.item, nominee=m.nominee, upload=pdf_upload()
        )
    return services.proposal_submit(actor=secretariat, proposal=upper)


def _higher_attested(province_campaign):
    return Criterion.objects.get(
        campaign=province_campaign, subject_type="collective", kind=CriterionKind.ATTESTED
    )


def test_matching_answers_and_evidence_come_up_with_the_nominee(
    upper, answered, higher_tasks, campaign
):
    (copy,) = upper.nominees.all()
    (carried,) = Answer.objects.filter(nominee=copy)
    lower_tasks = campaign.criteria.get(kind=CriterionKind.TASKS_COMPLETED)
    source = Answer.objects.get(nominee=answered, criterion=lower_tasks)
    assert carried.criterion == higher_tasks and carried.attested
    assert carried.text == source.text
    with carried.evidence.open("rb") as a, source.evidence.open("rb") as b:
        assert a.read() == b.read()
    assert carried.evidence.name != source.evidence.name  # a copy, not a shared file
    row = AuditLog.objects.get(action="nominations.answer.carry")
    assert row.after["carried"] == [
        {"nominee": copy.pk, "criterion": higher_tasks.pk, "from": lower_tasks.pk}
    ]


def test_the_unmatched_criterion_is_listed_then_a_mapping_carries_it(
    upper, province_campaign, province_secretariat, campaign
):
    (missing,) = selectors.missing_higher_answers(upper)
    assert missing.criterion.text == HIGHER_ATTESTED
    assert {c.text for c in missing.candidates} == set(
        campaign.criteria.filter(subject_type="collective").values_list("text", flat=True)
    )
    lower_attested = campaign.criteria.get(subject_type="collective", kind="attested")
    with pytest.raises(ValidationError, match="cùng đối tượng"):
        services.criterion_map_set(
            actor=province_secretariat, target=missing.criterion,
            source=campaign.criteria.filter(subject_type="individual").first(),
        )  # fmt: skip
    services.criterion_map_set(
        actor=province_secretariat, target=missing.criterion, source=lower_attested
    )
    assert selectors.missing_higher_answers(upper) == []
    answer = Answer.objects.get(nominee__proposal=upper, criterion=missing.criterion)
    assert answer.attested and answer.evidence
    assert AuditLog.objects.filter(action="nominations.criterion.map").count() == 1


def test_the_receiving_office_fills_in_and_the_engine_judges_normally(
    upper, secretariat, province_secretariat, province_campaign
):
    (missing,) = selectors.missing_higher_answers(upper)
    # Not while the lower level still prepares its package.
    with pytest.raises(ValidationError, match="chỉ điền khi đang xem xét hoặc đã tiếp nhận"):
        services.answer_fill_received(
            actor=province_secretariat, nominee=missing.nominee, criterion=missing.criterion,
            attested=True,
        )  # fmt: skip
    sent = _send(upper, secretariat)
    services.proposal_accept(actor=province_secretariat, proposal=sent)
    copy = missing.nominee
    copy.refresh_from_db()
    verdict = selectors.verdict_of(copy, missing.criterion)
    assert verdict.outcome == Outcome.NEEDS_REVIEW and copy.eligible is None
    services.answer_fill_received(
        actor=province_secretariat, nominee=copy, criterion=missing.criterion, attested=True,
        text="Theo Báo cáo thành tích của huyện (bản giấy).", evidence=pdf_upload("bản giấy"),
    )  # fmt: skip
    verdict = selectors.verdict_of(copy, missing.criterion)  # judged again
    assert verdict.outcome == Outcome.MET
    row = AuditLog.objects.get(action="nominations.answer.fill_received")
    assert row.actor == province_secretariat and row.after["attested"] is True
    assert selectors.missing_higher_answers(sent) == []


def test_a_missing_answer_goes_into_the_one_stop_return(
    upper, secretariat, province_secretariat, focal_a
):
    (missing,) = selectors.missing_higher_answers(upper)
    sent = _send(upper, secretariat)
    slot = selectors.dossier_slots(sent)[0]
    services.proposal_return(
        actor=province_secretariat, proposal=sent,
        reasons=[
            {"item": slot.item, "nominee": slot.nominee, "reason": "Thiếu chữ ký."},
            {"criterion": missing.criterion, "nominee": missing.nominee,
             "reason": "Bổ sung kết quả và minh chứng."},
        ],
    )  # fmt: skip
    sent.refresh_from_db()
    assert sent.state == ProposalState.RETURNED
    details = sent.events.get(action="proposal_return").details
    assert details[1] == {
        "item": None, "item_name": f"Kết quả tiêu chí «{HIGHER_ATTESTED}»",
        "nominee": missing.nominee.pk, "nominee_name": missing.nominee.display_name,
        "reason": "Bổ sung kết quả và minh chứng.", "criterion": missing.criterion.pk,
    }  # fmt: skip
    # The lower level answers it on its returned dossier, like any criterion.
    services.answer_set(
        actor=secretariat, nominee=missing.nominee, criterion=missing.criterion, attested=True,
        evidence=pdf_upload("bổ sung"),
    )  # fmt: skip
    assert selectors.missing_higher_answers(sent) == []


def test_a_dossier_of_this_level_is_not_a_forwarded_one(filled_a, province_secretariat):
    assert selectors.missing_higher_answers(filled_a) == []
    nominee = filled_a.nominees.first()
    with pytest.raises(ValidationError, match="hồ sơ do cấp dưới gửi lên"):
        services.answer_fill_received(
            actor=province_secretariat, nominee=nominee,
            criterion=filled_a.campaign.criteria.first(), attested=True,
        )  # fmt: skip
