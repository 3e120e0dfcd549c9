"""`thidua demo --stage nominated`: most units submitted, one dossier returned and resubmitted,
a nominee ineligible for a visible reason; running it twice changes nothing."""

import pytest
from django.core.management import call_command

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
    disciplined = Nominee.objects.get(
        verdicts__outcome="not_met", verdicts__criterion__kind="no_discipline"
    )
    assert disciplined.eligible is False
    assert (
        "Khiển trách theo Quyết định 45/QĐ-UBND ngày 14/08/2023"
        in disciplined.verdicts.get(criterion__kind="no_discipline").explanation
    )

    counts = (Proposal.objects.count(), Nominee.objects.count(), Event.objects.count())
    call_command("demo", "--stage", "nominated")
    assert (Proposal.objects.count(), Nominee.objects.count(), Event.objects.count()) == counts
