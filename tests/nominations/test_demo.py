"""`thidua demo --stage nominated`: most units submitted, one dossier returned and resubmitted,
a nominee ineligible for a visible reason; running it twice changes nothing."""

import pytest
from django.core.management import call_command

from thidua.nominations import selectors
from thidua.nominations.enums import ProposalState
from thidua.nominations.models import Event, Nominee, Proposal

pytestmark = pytest.mark.django_db


def test_demo_nominated_stage(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    call_command("demo", "--stage", "nominated")

    states = list(Proposal.objects.values_list("state", flat=True))
    assert len(states) == 28  # 31 participants, 3 send nothing
    assert states.count(ProposalState.ACCEPTED) == 25
    returned = Proposal.objects.get(unit__code="X01744")
    assert list(Event.objects.filter(proposal=returned).values_list("action", flat=True)) == [
        "proposal_submit",
        "proposal_return",
        "proposal_submit",
    ]
    verdicts = selectors.verdicts_by_nominee(Nominee.objects.values_list("pk", flat=True))
    (disciplined,) = [
        v
        for by_nominee in verdicts.values()
        for v in by_nominee
        if v.criterion.kind == "no_discipline" and v.outcome == "not_met"
    ]
    assert Nominee.objects.get(pk=disciplined.nominee_id).eligible is False
    assert "Khiển trách theo Quyết định 45/QĐ-UBND ngày 14/08/2023" in disciplined.explanation

    counts = (Proposal.objects.count(), Nominee.objects.count(), Event.objects.count())
    call_command("demo", "--stage", "nominated")
    assert (Proposal.objects.count(), Nominee.objects.count(), Event.objects.count()) == counts
