"""Who may see and act on decisions, certificates and the fund.

See a decision: every role reaching the issuer (secretariat, council, editor, observer of the
district); a unit's focal point sees nothing of it here (its units are told by notification and
see the public verification page). Draft and edit: the secretariat over the issuer. Issue: the
chair (Chủ tịch) or the secretariat over the issuer. Revoke a certificate, set the fund's
budget: the secretariat over the issuer.
"""

import rules

from thidua.awards.models import Decision
from thidua.org.enums import Role
from thidua.org.scope import user_scope

ISSUERS = Role.managing() | {Role.COUNCIL_CHAIR}


@rules.predicate
def reaches_issuer(user, decision: Decision) -> bool:
    return user_scope(user).covers(decision.issuer)


@rules.predicate
def manages_issuer(user, decision: Decision) -> bool:
    return user_scope(user).covers(decision.issuer, Role.managing())


@rules.predicate
def may_issue(user, decision: Decision) -> bool:
    return user_scope(user).covers(decision.issuer, ISSUERS)


@rules.predicate
def manages_somewhere(user) -> bool:
    return user_scope(user).has_role(*Role.managing())


rules.add_perm("awards.view_decision", reaches_issuer)
rules.add_perm("awards.change_decision", manages_issuer)
rules.add_perm("awards.issue_decision", may_issue)
rules.add_perm("awards.revoke_certificate", manages_issuer)
rules.add_perm("awards.manage_fund", manages_somewhere)
