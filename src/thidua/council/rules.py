"""Who may see and run a council session.

See: the council's own members (any role, on the session's date), and the secretariat,
administrators and council roles (org.Role COUNCIL_MEMBER / COUNCIL_CHAIR) over the council's
issuing unit. Run the session (agenda, roll call, open and close voting, paper tallies, written
votes, staging): the council's secretary and the secretariat over the issuer. Vote: a voting
member of the council (the service also checks presence and the session's state). Resolve a tie
across the cut: the council's chair. A unit's focal point sees nothing here.
"""

import rules

from thidua.council.enums import CouncilRole
from thidua.council.models import CouncilSession
from thidua.org.enums import Role
from thidua.org.scope import user_scope

COUNCIL_ROLES = {Role.COUNCIL_MEMBER, Role.COUNCIL_CHAIR}


def membership(user, session: CouncilSession):
    from thidua.council.services import member_of

    return member_of(session, user)


@rules.predicate
def manages_issuer(user, session: CouncilSession) -> bool:
    return user_scope(user).covers(session.council.issuer, Role.managing())


@rules.predicate
def is_member(user, session: CouncilSession) -> bool:
    return membership(user, session) is not None


@rules.predicate
def council_role_over_issuer(user, session: CouncilSession) -> bool:
    return user_scope(user).covers(session.council.issuer, COUNCIL_ROLES)


@rules.predicate
def is_secretary(user, session: CouncilSession) -> bool:
    m = membership(user, session)
    return m is not None and m.role == CouncilRole.SECRETARY


@rules.predicate
def is_voting_member(user, session: CouncilSession) -> bool:
    m = membership(user, session)
    return m is not None and m.votes


@rules.predicate
def is_chair(user, session: CouncilSession) -> bool:
    m = membership(user, session)
    return m is not None and m.role == CouncilRole.CHAIR


@rules.predicate
def may_create_sessions(user) -> bool:
    return user_scope(user).has_role(*Role.managing())


rules.add_perm("council.view_session", is_member | manages_issuer | council_role_over_issuer)
rules.add_perm("council.run_session", is_secretary | manages_issuer)
rules.add_perm("council.vote", is_voting_member)
rules.add_perm("council.resolve_tie", is_chair)
rules.add_perm("council.close_voting", is_chair | is_secretary | manages_issuer)
rules.add_perm("council.add_session", may_create_sessions)


@rules.predicate
def manages_council(user, council) -> bool:
    return user_scope(user).covers(council.issuer, Role.managing())


@rules.predicate
def is_administrator(user) -> bool:
    return user_scope(user).has_role(Role.ADMIN)


# Configuration: a council's composition and quorum by the secretariat over its issuer; the pass
# rules (per legal form and level, shared by every council of that level) by an administrator.
rules.add_perm("council.add_council", may_create_sessions)
rules.add_perm("council.manage_council", manages_council)
rules.add_perm("council.view_pass_rules", may_create_sessions)
rules.add_perm("council.change_pass_rules", is_administrator)


# Conflicts of interest: a member declares their own relations; the secretariat over the
# council's issuer records them for any member.
@rules.predicate
def is_the_member(user, member) -> bool:
    return getattr(user, "pk", None) is not None and member.user_id == user.pk


@rules.predicate
def manages_members_council(user, member) -> bool:
    return user_scope(user).covers(member.council.issuer, Role.managing())


rules.add_perm("council.declare_relations", is_the_member | manages_members_council)


# Signed minutes: the secretariat (or the council's secretary) issues the minutes once the vote is
# closed; the chair and the secretary each sign them, at their own step.
rules.add_perm("council.issue_minutes", is_secretary | manages_issuer)
rules.add_perm("council.sign_minutes", is_chair | is_secretary)
