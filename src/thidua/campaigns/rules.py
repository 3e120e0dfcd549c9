"""Who may see and run a campaign.

See: anyone whose roles reach the issuing unit; once published, also the participant units'
people (a focal point sees the campaigns its unit takes part in). Change: the secretariat
(or an administrator) over the issuer; a unit's focal point runs its unit's sub-campaigns.
Register: the focal point (or the secretariat) of a participant unit.
"""

import rules

from thidua.campaigns.enums import CampaignState
from thidua.campaigns.models import Campaign, CampaignParticipant, Registration
from thidua.org.enums import Role
from thidua.org.models import Unit
from thidua.org.rules import PEOPLE_EDITORS
from thidua.org.scope import user_scope


def _participant_ids(campaign: Campaign) -> frozenset[int]:
    """The participant units' ids (one query of integers, kept on the campaign): what a
    screen checking unit after unit of its list asks."""
    cached = getattr(campaign, "_participant_ids", None)
    if cached is None:
        cached = frozenset(
            CampaignParticipant.objects.filter(campaign=campaign).values_list("unit_id", flat=True)
        )
        campaign._participant_ids = cached
    return cached


def _takes_part_within(user, campaign: Campaign, roles: set[str] | None = None) -> bool:
    """A participant unit lies within the user's reach (through `roles`, when given): one
    EXISTS query, whatever the number of participants (a national round has thousands)."""
    scope = user_scope(user)
    if scope.is_empty:
        return False
    reach = scope.unit_q("unit__", roles=roles)
    # A focal point's view and register checks ask the same question: asked once a request.
    answers = campaign.__dict__.setdefault("_takes_part_within", {})
    key = (user.pk, str(reach))
    if key not in answers:
        answers[key] = CampaignParticipant.objects.filter(campaign=campaign).filter(reach).exists()
    return answers[key]


@rules.predicate
def reaches_issuer(user, campaign: Campaign) -> bool:
    return user_scope(user).covers(campaign.issuer)


@rules.predicate
def participates(user, campaign: Campaign) -> bool:
    if campaign.state not in CampaignState.visible_to_participants():
        return False
    return _takes_part_within(user, campaign)


@rules.predicate
def runs(user, campaign: Campaign) -> bool:
    scope = user_scope(user)
    if scope.covers(campaign.issuer, Role.managing()):
        return True
    return campaign.parent_id is not None and any(
        g.role == Role.FOCAL_POINT and g.unit_id == campaign.issuer_id for g in scope.grants
    )


@rules.predicate
def may_launch(user) -> bool:
    return user_scope(user).has_role(Role.SECRETARIAT, Role.ADMIN, Role.FOCAL_POINT)


def can_register_for(user, campaign: Campaign, unit: Unit) -> bool:
    """The unit takes part and the user may act for it (its focal point or the secretariat)."""
    return user_scope(user).covers(unit, PEOPLE_EDITORS) and unit.pk in _participant_ids(campaign)


def can_register_somewhere(user, campaign: Campaign) -> bool:
    """The user may act for one of the participant units (one EXISTS query)."""
    return _takes_part_within(user, campaign, PEOPLE_EDITORS)


@rules.predicate
def registers_somewhere(user, campaign: Campaign) -> bool:
    return can_register_somewhere(user, campaign)


@rules.predicate
def sees_registration(user, registration: Registration) -> bool:
    return user_scope(user).covers(registration.unit) or runs(user, registration.campaign)


rules.add_perm("campaigns.view_campaign", reaches_issuer | participates)
rules.add_perm("campaigns.change_campaign", runs)
rules.add_perm("campaigns.add_campaign", may_launch)
rules.add_perm("campaigns.register", registers_somewhere)
rules.add_perm("campaigns.view_registration", sees_registration)
