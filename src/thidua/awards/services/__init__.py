"""Every write to awards, one module per area. One function per state change; each writes its
audit row.

Side effects run in this order: guard → save → audit row → notification (after commit).
Callers import from here; the names below are the package's whole interface.
"""

from thidua.awards.services._common import (
    CODE_ALPHABET,
    CODE_LENGTH,
)
from thidua.awards.services.annulment import (
    annulment_record_recovery,
    award_annul,
    certificate_reissue,
)
from thidua.awards.services.certificates import (
    certificate_batch_run,
    certificate_batch_start,
    certificate_batch_task,
    certificate_revoke,
    issuer_key_publish,
    print_layout_set,
)
from thidua.awards.services.decisions import (
    DATE_WHERE,
    DECISION_FIELDS,
    DateNeedsConfirmation,
    OverBudget,
    actor_may_overdraw,
    decision_create,
    decision_data,
    decision_date_problems,
    decision_defaults,
    decision_distribute,
    decision_issue,
    decision_remove_award,
    decision_update,
)
from thidua.awards.services.fund import (
    budget_problem,
    fund_set_budget,
)
from thidua.awards.services.legal_rows import (
    DEFAULT_DECISION_BASES,
    LEGAL_FIELDS,
    LEGAL_WHERE,
    base_salary_save,
    basis_template,
    basis_template_save,
    coefficient_save,
    legal_basis_lines,
    legal_row_delete,
    legal_row_remove,
    legal_row_save,
    plan_reward_basis,
    rule_set_in_force,
    rule_set_save,
)
from thidua.awards.services.signatures import (
    KIND,
    STEPS,
    decision_document_issue,
    decision_sign,
    decision_sign_with_key,
    signing_credential_set,
    signing_credential_set_remote,
)

__all__ = [
    "KIND",
    "STEPS",
    "decision_document_issue",
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "DATE_WHERE",
    "DECISION_FIELDS",
    "DEFAULT_DECISION_BASES",
    "DateNeedsConfirmation",
    "LEGAL_FIELDS",
    "LEGAL_WHERE",
    "OverBudget",
    "actor_may_overdraw",
    "annulment_record_recovery",
    "award_annul",
    "base_salary_save",
    "basis_template",
    "basis_template_save",
    "budget_problem",
    "certificate_batch_run",
    "certificate_batch_start",
    "certificate_batch_task",
    "certificate_reissue",
    "certificate_revoke",
    "coefficient_save",
    "decision_create",
    "decision_data",
    "decision_date_problems",
    "decision_defaults",
    "decision_distribute",
    "decision_issue",
    "decision_remove_award",
    "decision_sign",
    "decision_sign_with_key",
    "decision_update",
    "fund_set_budget",
    "issuer_key_publish",
    "legal_basis_lines",
    "legal_row_delete",
    "legal_row_remove",
    "legal_row_save",
    "plan_reward_basis",
    "print_layout_set",
    "rule_set_in_force",
    "rule_set_save",
    "signing_credential_set",
    "signing_credential_set_remote",
]
