"""The proposal's state machine, the dossier checklist and the nomination window."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import make_person
from tests.nominations.conftest import complete_dossier, pdf_upload
from thidua.core.models import AuditLog, Notification
from thidua.nominations import selectors, services
from thidua.nominations.enums import NomineeState, ProposalState
from thidua.nominations.models import Document, Event, Nominee, Proposal
from thidua.nominations.selectors import dossier_missing

pytestmark = pytest.mark.django_db


def test_proposal_open_is_one_per_unit(campaign, focal_a, world):
    first = services.proposal_open(actor=focal_a, campaign=campaign, unit=world.commune_a)
    again = services.proposal_open(actor=focal_a, campaign=campaign, unit=world.commune_a)

    assert first.pk == again.pk
    assert Proposal.objects.filter(campaign=campaign).count() == 1


def test_a_unit_outside_the_campaign_cannot_propose(campaign, secretariat, world):
    with pytest.raises(ValidationError, match="không thuộc danh sách tham gia"):
        services.proposal_open(actor=secretariat, campaign=campaign, unit=world.noivu)


def test_nominee_of_another_unit_is_refused(proposal_a, focal_a, forms, world):
    with pytest.raises(ValidationError) as err:
        services.nominee_add(
            actor=focal_a,
            proposal=proposal_a,
            award_form=forms["individual"],
            person=world.person_b,
        )

    assert "Đặng Thị Bích Đào không thuộc Xã Yên Lạc" in str(err.value)
    assert not Nominee.objects.exists()


def test_collective_form_refuses_a_person_and_the_same_subject_twice(
    proposal_a, focal_a, forms, world
):
    with pytest.raises(ValidationError, match="dành cho tập thể"):
        services.nominee_add(
            actor=focal_a,
            proposal=proposal_a,
            award_form=forms["collective"],
            person=world.person_a,
        )
    services.nominee_add(actor=focal_a, proposal=proposal_a, award_form=forms["collective"])
    with pytest.raises(ValidationError, match="đã có trong danh sách"):
        services.nominee_add(actor=focal_a, proposal=proposal_a, award_form=forms["collective"])


def test_missing_documents_are_listed_per_proposal_and_per_nominee(
    proposal_a, focal_a, forms, world
):
    services.nominee_add(actor=focal_a, proposal=proposal_a, award_form=forms["collective"])
    services.nominee_add(
        actor=focal_a, proposal=proposal_a, award_form=forms["individual"], person=world.person_a
    )

    labels = [m.label for m in dossier_missing(proposal_a)]

    # One Tờ trình and one minutes for the unit even though two forms ask for them.
    assert labels == [
        "Tờ trình đề nghị khen thưởng",
        "Biên bản họp Hội đồng Thi đua – Khen thưởng của đơn vị",
        "Báo cáo thành tích của Xã Yên Lạc",
        "Bản tóm tắt thành tích của Xã Yên Lạc",
        "Báo cáo thành tích của Nguyễn Văn Hưởng",
        "Bản tóm tắt thành tích của Nguyễn Văn Hưởng",
    ]


def test_submit_refuses_an_incomplete_dossier_and_names_what_is_missing(
    proposal_a, focal_a, forms, world
):
    services.nominee_add(actor=focal_a, proposal=proposal_a, award_form=forms["collective"])
    complete_dossier(focal_a, proposal_a)
    minutes = Document.objects.get(item__name__startswith="Biên bản")
    minutes.superseded_at = timezone.now()
    minutes.save()

    with pytest.raises(ValidationError) as err:
        services.proposal_submit(actor=focal_a, proposal=proposal_a)

    assert err.value.messages == [
        "Hồ sơ còn thiếu: Biên bản họp Hội đồng Thi đua – Khen thưởng của đơn vị."
    ]
    proposal_a.refresh_from_db()
    assert proposal_a.state == ProposalState.DRAFT


def test_submit_refuses_an_empty_proposal(proposal_a, focal_a):
    with pytest.raises(ValidationError, match="Chưa có tập thể, cá nhân nào"):
        services.proposal_submit(actor=focal_a, proposal=proposal_a)


def test_submit_only_inside_the_nomination_window(filled_a, focal_a, campaign):
    phase = campaign.phase("nomination")
    with pytest.raises(ValidationError, match="Đã hết thời gian đề nghị"):
        services.proposal_submit(actor=focal_a, proposal=filled_a, now=phase.ends_at)
    with pytest.raises(ValidationError, match="Chưa đến thời gian"):
        services.proposal_submit(
            actor=focal_a, proposal=filled_a, now=phase.starts_at - dt.timedelta(seconds=1)
        )

    ok = services.proposal_submit(
        actor=focal_a, proposal=filled_a, now=phase.ends_at - dt.timedelta(seconds=1)
    )
    assert ok.state == ProposalState.SUBMITTED


def test_submit_moves_nominees_records_history_and_tells_the_secretariat(
    filled_a, focal_a, secretariat
):
    proposal = services.proposal_submit(actor=focal_a, proposal=filled_a)

    assert (proposal.state, proposal.version) == (ProposalState.SUBMITTED, 1)
    assert set(proposal.nominees.values_list("state", flat=True)) == {NomineeState.SUBMITTED}
    assert list(Event.objects.values_list("action", "version")) == [("proposal_submit", 1)]
    assert AuditLog.objects.filter(action="nominations.proposal.proposal_submit").count() == 1
    note = Notification.objects.get(user=secretariat)
    assert note.title == "Hồ sơ đề nghị khen thưởng của Xã Yên Lạc"


def test_submitting_twice_makes_one_version(filled_a, focal_a):
    services.proposal_submit(actor=focal_a, proposal=filled_a)
    stale = Proposal.objects.get(pk=filled_a.pk)
    stale.state = ProposalState.DRAFT  # a second tab still showing the draft

    with pytest.raises(ValidationError, match="Hồ sơ đã được gửi"):
        services.proposal_submit(actor=focal_a, proposal=stale)
    assert Proposal.objects.get(pk=filled_a.pk).version == 1
    assert Event.objects.count() == 1


def test_return_with_reasons_then_supplement_and_resubmit(filled_a, focal_a, secretariat):
    services.proposal_submit(actor=focal_a, proposal=filled_a)
    minutes = Document.objects.get(item__name__startswith="Biên bản", superseded_at=None)

    services.proposal_return(
        actor=secretariat,
        proposal=filled_a,
        reasons=[
            {
                "item": minutes.item,
                "nominee": None,
                "reason": "Biên bản chưa có chữ ký của Chủ tịch Hội đồng.",
            }
        ],
    )
    filled_a.refresh_from_db()
    assert filled_a.state == ProposalState.RETURNED
    assert set(filled_a.nominees.values_list("state", flat=True)) == {NomineeState.RETURNED}
    returned = Event.objects.get(action="proposal_return")
    assert returned.details[0]["reason"] == "Biên bản chưa có chữ ký của Chủ tịch Hội đồng."
    assert (
        Notification.objects.filter(user=focal_a, title__contains="trả lại để bổ sung").count() == 1
    )

    services.document_upload(
        actor=focal_a, proposal=filled_a, item=minutes.item, upload=pdf_upload("biên bản có chữ ký")
    )
    services.proposal_submit(actor=focal_a, proposal=filled_a)
    filled_a.refresh_from_db()
    assert (filled_a.state, filled_a.version) == (ProposalState.SUBMITTED, 2)
    versions = Document.objects.filter(proposal=filled_a, item=minutes.item).order_by("uploaded_at")
    assert [d.superseded_at is None for d in versions] == [False, True]
    assert list(Event.objects.values_list("action", flat=True)) == [
        "proposal_submit",
        "proposal_return",
        "proposal_submit",
    ]


def test_return_needs_a_reason(filled_a, focal_a, secretariat):
    services.proposal_submit(actor=focal_a, proposal=filled_a)
    with pytest.raises(ValidationError, match="Ghi rõ lý do trả lại"):
        services.proposal_return(actor=secretariat, proposal=filled_a, reasons=[], note="  ")


@pytest.mark.parametrize(
    "state,action,allowed",
    [
        (ProposalState.DRAFT, "accept", False),
        (ProposalState.DRAFT, "return", False),
        (ProposalState.SUBMITTED, "accept", True),
        (ProposalState.SUBMITTED, "return", True),
        (ProposalState.RETURNED, "accept", False),
        (ProposalState.RETURNED, "return", False),
        (ProposalState.ACCEPTED, "accept", False),
        (ProposalState.ACCEPTED, "return", False),
    ],
)
def test_review_transitions(filled_a, secretariat, state, action, allowed):
    Proposal.objects.filter(pk=filled_a.pk).update(state=state)

    def act():
        if action == "accept":
            services.proposal_accept(actor=secretariat, proposal=filled_a)
        else:
            services.proposal_return(
                actor=secretariat, proposal=filled_a, reasons=[], note="Bổ sung hồ sơ."
            )

    if allowed:
        act()
        assert Proposal.objects.get(pk=filled_a.pk).state == (
            ProposalState.ACCEPTED if action == "accept" else ProposalState.RETURNED
        )
    else:
        with pytest.raises(ValidationError, match="Không thể chuyển hồ sơ"):
            act()
        assert Proposal.objects.get(pk=filled_a.pk).state == state


@pytest.mark.parametrize("state", [ProposalState.SUBMITTED, ProposalState.ACCEPTED])
def test_the_unit_cannot_change_a_dossier_under_review(filled_a, focal_a, forms, world, state):
    Proposal.objects.filter(pk=filled_a.pk).update(state=state)
    other = make_person(world.commune_a, "Lục Văn Minh")
    with pytest.raises(ValidationError, match="chỉ sửa được hồ sơ đang soạn"):
        services.nominee_add(
            actor=focal_a, proposal=filled_a, award_form=forms["individual"], person=other
        )


def test_accept_evaluates_eligibility(filled_a, focal_a, secretariat):
    services.proposal_submit(actor=focal_a, proposal=filled_a)
    services.proposal_accept(actor=secretariat, proposal=filled_a)

    nominees = {n.subject_type: n for n in Nominee.objects.all()}
    assert set(n.state for n in nominees.values()) == {NomineeState.ACCEPTED}
    # No tasks, components or ratings were recorded: a human must judge, nothing is "met".
    assert nominees["collective"].eligible is None
    assert nominees["individual"].eligible is None
    verdicts = selectors.verdicts_by_nominee(n.pk for n in nominees.values())
    assert len(verdicts[nominees["collective"].pk]) == 3
    assert len(verdicts[nominees["individual"].pk]) == 2
