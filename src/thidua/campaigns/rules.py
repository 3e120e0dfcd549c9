"""Who may see and run a campaign.

See: anyone whose roles reach the issuing unit; once published, also the participant units'
people (a focal point sees the campaigns its unit takes part in). Change: the secretariat
(or an administrator) over the issuer; a unit's focal point runs its unit's sub-campaigns.
Register: the focal point (or the secretariat) of a participant unit.
"""

import rules

from thidua.campaigns.enums import CampaignState
from thidua.campaigns.models import Campaign, Registration
from thidua.org.enums import Role
from thidua.org.models import Unit
from thidua.org.rules import PEOPLE_EDITORS
from thidua.org.scope import user_scope


def _participant_units(campaign: Campaign) -> list[Unit]:
    cached = getattr(campaign, "_participant_units", None)
    if cached is None:
        cached = [p.unit for p in campaign.participants.select_related("unit")]
        campaign._participant_units = cached
    return cached


@rules.predicate
def reaches_issuer(user, campaign: Campaign) -> bool:
    return user_scope(user).covers(campaign.issuer)


@rules.predicate
def participates(user, campaign: Campaign) -> bool:
    if campaign.state not in CampaignState.visible_to_participants():
        return False
    scope = user_scope(user)
    return any(scope.covers(u) for u in _participant_units(campaign))


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
    return any(u.pk == unit.pk for u in _participant_units(campaign)) and user_scope(user).covers(
        unit, PEOPLE_EDITORS
    )


@rules.predicate
def registers_somewhere(user, campaign: Campaign) -> bool:
    return any(can_register_for(user, campaign, u) for u in _participant_units(campaign))


@rules.predicate
def sees_registration(user, registration: Registration) -> bool:
    return user_scope(user).covers(registration.unit) or runs(user, registration.campaign)


rules.add_perm("campaigns.view_campaign", reaches_issuer | participates)
rules.add_perm("campaigns.change_campaign", runs)
rules.add_perm("campaigns.add_campaign", may_launch)
rules.add_perm("campaigns.register", registers_somewhere)
rules.add_perm("campaigns.view_registration", sees_registration)
