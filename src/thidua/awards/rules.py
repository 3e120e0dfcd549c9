"""Who may see and act on decisions, certificates and the fund.

See a decision: every role reaching the issuer (secretariat, council, editor, observer of the
district); once issued, also the people of a unit it awards (they are notified and open it),
who download only their own units' certificates. Draft and edit: the secretariat over the
issuer. Issue: the chair (Chủ tịch) or the secretariat over the issuer. Revoke or re-issue a
certificate, annul an award, set the fund's budget: the secretariat over the issuer.
"""

import rules

from thidua.awards.enums import DecisionState
from thidua.awards.models import Award, Certificate, Decision
from thidua.org.enums import Role
from thidua.org.scope import user_scope

ISSUERS = Role.managing() | {Role.COUNCIL_CHAIR}
# Who may let a decision spend beyond the fund's budget (with a recorded reason).
OVERDRAWERS = {Role.COUNCIL_CHAIR, Role.ADMIN}


@rules.predicate
def reaches_issuer(user, decision: Decision) -> bool:
    return user_scope(user).covers(decision.issuer)


@rules.predicate
def awards_a_unit_of(user, decision: Decision) -> bool:
    if decision.state != DecisionState.ISSUED:
        return False
    scope = user_scope(user)
    if scope.is_empty:
        return False
    return Award.objects.filter(decision=decision).filter(scope.unit_q("unit__")).exists()


def may_download(user, certificate: Certificate) -> bool:
    """The issuer's readers get every certificate; an awarded unit's people their own."""
    scope = user_scope(user)
    return scope.covers(certificate.award.decision.issuer) or scope.covers(certificate.award.unit)


@rules.predicate
def manages_issuer(user, decision: Decision) -> bool:
    return user_scope(user).covers(decision.issuer, Role.managing())


@rules.predicate
def may_issue(user, decision: Decision) -> bool:
    return user_scope(user).covers(decision.issuer, ISSUERS)


@rules.predicate
def may_overdraw(user, decision: Decision) -> bool:
    return user_scope(user).covers(decision.fund_unit, OVERDRAWERS)


@rules.predicate
def manages_somewhere(user) -> bool:
    return user_scope(user).has_role(*Role.managing())


rules.add_perm("awards.view_decision", reaches_issuer | awards_a_unit_of)
rules.add_perm("awards.change_decision", manages_issuer)
rules.add_perm("awards.issue_decision", may_issue)
rules.add_perm("awards.revoke_certificate", manages_issuer)
# Annul an award (hủy bỏ) and re-issue a certificate (cấp lại, cấp đổi): the secretariat over
# the issuer records the decision its authority signed.
rules.add_perm("awards.annul_award", manages_issuer)
rules.add_perm("awards.reissue_certificate", manages_issuer)
rules.add_perm("awards.view_annulments", manages_somewhere)
rules.add_perm("awards.manage_fund", manages_somewhere)
rules.add_perm("awards.overdraw_fund", may_overdraw)


@rules.predicate
def is_administrator(user) -> bool:
    return user_scope(user).has_role(Role.ADMIN)


# The law's tables (rule sets, coefficients, base salaries, "Căn cứ" templates) are national
# data: the secretariat reads them, an administrator changes them.
rules.add_perm("awards.view_legal", manages_somewhere)
rules.add_perm("awards.change_legal", is_administrator)
