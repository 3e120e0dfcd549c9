"""build_council (the `council` demo stage) on top of `thidua demo --stage nominated`: a
9-member council met with 8 present, secret ballot done, one tie at the cut resolved by the
chair, the proposed list staged within the quotas, the minutes ready."""

import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from thidua.council import minutes as council_minutes
from thidua.council import minutes_signing
from thidua.council.enums import SessionState
from thidua.council.models import BallotReceipt, CouncilSession, SecretBallot, TieDecision
from thidua.council.selectors import progress
from thidua.demo.awards import build_decided
from thidua.demo.campaigns import seed_campaign
from thidua.demo.council import build_council
from thidua.documents.models import FileSignature
from thidua.nominations import letter_signing
from thidua.nominations.enums import CouncilOutcome, NomineeState
from thidua.nominations.models import Nominee, Proposal

pytestmark = pytest.mark.django_db


def test_demo_council_stage(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    call_command("demo", "--stage", "nominated")
    campaign = seed_campaign()
    # Stand-in for the indicators stage: until the PAR/DDCI results and ratings are published
    # the engine leaves accepted nominees "needs review" (eligible None).
    Nominee.objects.filter(
        proposal__campaign=campaign, state=NomineeState.ACCEPTED, eligible__isnull=True
    ).update(eligible=True)

    message = build_council(campaign)

    session = CouncilSession.objects.get(campaign=campaign)
    p = progress(session)
    assert (p.total, p.present, p.voted) == (9, 8, 8)
    assert session.state == SessionState.STAGED
    assert SecretBallot.objects.filter(session=session).count() == 8
    assert BallotReceipt.objects.filter(session=session).count() == 8
    assert TieDecision.objects.filter(session=session).count() == 1
    ranks = {
        form.subject_type: sorted(
            Nominee.objects.filter(
                award_form=form, council_outcome=CouncilOutcome.PROPOSED
            ).values_list("council_rank", flat=True)
        )
        for form in campaign.award_forms.all()
    }
    # collectives (quota 5): equal votes ordered by the published PAR index, the fifth place
    # going to one of two equal at the cut; individuals (quota 10): nine share the first place, the
    # tenth is the chair's choice between two tied at the cut
    assert ranks == {"collective": [1, 2, 3, 4, 5], "individual": [1] * 9 + [10]}
    fifth = session.items.get(award_form__subject_type="collective", rank=5)
    assert fifth.decided_by == "par_index"
    tenth = session.items.get(award_form__subject_type="individual", rank=10)
    assert tenth.decided_by == "decision"
    assert "8/9 thành viên có mặt" in message
    assert "1 trường hợp bằng phiếu tại ranh giới do Chủ tịch Hội đồng quyết định" in message
    pdf = council_minutes.render(session, council_minutes.MINUTES, "pdf")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Chủ tịch Hội đồng quyết định theo thứ tự" in " ".join(text.split())

    assert build_council(campaign).startswith("đã có phiên họp ngày")
    assert CouncilSession.objects.count() == 1


def test_the_demo_minutes_are_issued_and_signed_by_the_chair_and_the_secretary(tmp_path, settings):
    """The `decided` stage issues the minutes and signs them under the demo CA, as the decision;
    the API lists both signatures valid, and building again signs nothing twice."""
    settings.MEDIA_ROOT = tmp_path
    call_command("demo", "--stage", "nominated")
    campaign = seed_campaign()
    Nominee.objects.filter(
        proposal__campaign=campaign, state=NomineeState.ACCEPTED, eligible__isnull=True
    ).update(eligible=True)
    build_council(campaign)
    message = build_decided(campaign)
    session = CouncilSession.objects.get(campaign=campaign)
    signed = minutes_signing.minutes_signatures(session)
    assert [(s["step"], s["valid"], s["long_term"]) for s in signed] == [
        ("chair", True, True), ("secretary", True, True),
    ]  # fmt: skip
    assert "biên bản họp (Bế Văn Thắng, Chủ tịch Hội đồng)" in message
    # one unit's tờ trình, signed by its head
    letter = letter_signing.letter_signatures(
        Proposal.objects.get(campaign=campaign, unit__code="X01726")
    )
    assert [(s["step"], s["signer"], s["valid"]) for s in letter] == [
        ("unit_head", "Nông Văn Thành", True)
    ]
    # the minutes (chair, secretary), the tờ trình and the decision, each signed once, on the
    # one documents path; building again signs none of them twice
    assert FileSignature.objects.count() == 4
    assert build_decided(campaign).endswith("biên bản họp và quyết định đã có chữ ký số")
    assert FileSignature.objects.count() == 4
