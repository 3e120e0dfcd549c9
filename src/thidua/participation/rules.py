"""Who may do what with the public's part.

A disclosure and its comments: the secretariat (or an administrator) over the disclosing
body opens, reads and moderates; the council over it reads (the comments are among its
papers). Opening a disclosure needs the right to run the campaign. A citizen's proposal: the
secretariat over the body it was sent to reads, answers, and turns it into a nomination.
Everything else answers 404.
"""

import rules

from thidua.campaigns.rules import runs
from thidua.org.enums import Role
from thidua.org.scope import user_scope
from thidua.participation.models import CitizenEvidence, CitizenProposal, PublicComment

COUNCIL = {Role.COUNCIL_MEMBER, Role.COUNCIL_CHAIR}


def _disclosure(obj):
    return obj.entry.disclosure if isinstance(obj, PublicComment) else obj


def _citizen(obj) -> CitizenProposal:
    return obj.proposal if isinstance(obj, CitizenEvidence) else obj


@rules.predicate
def manages_disclosure(user, obj) -> bool:
    return user_scope(user).covers(_disclosure(obj).unit, Role.managing())


@rules.predicate
def reads_disclosure(user, obj) -> bool:
    return user_scope(user).covers(_disclosure(obj).unit, Role.managing() | COUNCIL)


@rules.predicate
def has_managing_role(user) -> bool:
    return user_scope(user).has_role(*Role.managing())


@rules.predicate
def reads_some_disclosure(user) -> bool:
    return user_scope(user).has_role(*(Role.managing() | COUNCIL))


@rules.predicate
def handles_citizen(user, obj) -> bool:
    return user_scope(user).covers(_citizen(obj).unit, Role.managing())


rules.add_perm("participation.view_disclosures", reads_some_disclosure)
rules.add_perm("participation.view_disclosure", reads_disclosure)
rules.add_perm("participation.moderate", manages_disclosure)
rules.add_perm("participation.open_disclosure", runs)
rules.add_perm("participation.view_citizen_proposals", has_managing_role)
rules.add_perm("participation.handle_citizen", handles_citizen)
