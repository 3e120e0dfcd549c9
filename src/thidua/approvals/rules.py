"""Who configures, assigns and sees the internal approval of dossiers.

Configure an office's chain (steps, who holds each role): an administrator over the office.
Assign a received proposal to an officer: the secretariat or an administrator over the office
(the campaign's issuer). See a dossier's internal approval: whoever may see the proposal and
either manages the office or holds a role in its chain. Acting at a step is checked by the
service (approvals.services.can_act).
"""

import rules

from thidua.approvals.models import Approver
from thidua.org.enums import Role
from thidua.org.scope import user_scope


@rules.predicate
def administers_office(user, office) -> bool:
    return user_scope(user).covers(office, {Role.ADMIN})


@rules.predicate
def manages_receiving_office(user, proposal) -> bool:
    return user_scope(user).covers(proposal.campaign.issuer, Role.managing())


@rules.predicate
def holds_role_in_receiving_office(user, proposal) -> bool:
    return (
        getattr(user, "pk", None) is not None
        and Approver.objects.filter(
            chain__office_id=proposal.campaign.issuer_id, user=user
        ).exists()
    )


rules.add_perm("approvals.configure_chain", administers_office)
rules.add_perm("approvals.assign", manages_receiving_office)
rules.add_perm(
    "approvals.view_assignment", manages_receiving_office | holds_role_in_receiving_office
)


@rules.predicate
def administers_somewhere(user) -> bool:
    return user_scope(user).has_role(Role.ADMIN)


rules.add_perm("approvals.configure_chains", administers_somewhere)
