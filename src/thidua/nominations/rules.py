"""Who may see and act on proposals.

See a dossier: the unit's own people with an editing role (focal point), the secretariat and
administrators over the campaign's issuer or the unit, and the council over the issuer
(it reviews dossiers). Editors and observers never see dossiers. Edit: the unit's focal point
(or the secretariat) while the dossier is a draft or returned. Review (return, accept,
override a verdict): the secretariat running the campaign.
"""

import rules

from thidua.campaigns.rules import can_register_for, runs
from thidua.nominations.models import Nominee, Proposal
from thidua.org.enums import Role
from thidua.org.rules import PEOPLE_EDITORS
from thidua.org.scope import user_scope

DOSSIER_READERS = PEOPLE_EDITORS | {Role.COUNCIL_MEMBER, Role.COUNCIL_CHAIR}
COUNCIL = {Role.COUNCIL_MEMBER, Role.COUNCIL_CHAIR}


def _proposal(obj) -> Proposal:
    return obj.proposal if isinstance(obj, Nominee) else obj


@rules.predicate
def sees_proposal(user, obj) -> bool:
    proposal = _proposal(obj)
    scope = user_scope(user)
    return scope.covers(proposal.unit, PEOPLE_EDITORS) or scope.covers(
        proposal.campaign.issuer, Role.managing() | COUNCIL
    )


@rules.predicate
def edits_proposal(user, obj) -> bool:
    proposal = _proposal(obj)
    return can_register_for(user, proposal.campaign, proposal.unit)


@rules.predicate
def reviews_proposal(user, obj) -> bool:
    return runs(user, _proposal(obj).campaign)


# The tờ trình: the unit (its focal point, or its head) issues it; the unit head (thủ trưởng
# đơn vị) reads the unit's proposals and signs the tờ trình.
@rules.predicate
def heads_unit(user, obj) -> bool:
    return user_scope(user).covers(_proposal(obj).unit, {Role.UNIT_HEAD})


rules.add_perm("nominations.view_proposal", sees_proposal | heads_unit)
rules.add_perm("nominations.change_proposal", edits_proposal)
rules.add_perm("nominations.review_proposal", reviews_proposal)


rules.add_perm("nominations.issue_letter", edits_proposal | heads_unit)
rules.add_perm("nominations.sign_letter", heads_unit)
