"""Every write to the council. One function per state change; each writes its audit row.

Side effects run in this order: guard → save → audit row. The council's outcome reaches the
nominees only through thidua.nominations.services.nominee_stage_council_outcome.

A secret ballot's audit row names the member who voted and never the votes.

Callers import from here; the names below are the package's whole interface. The modules:
`composition` (councils, members, relations, recusal), `pass_rules`, `sessions` (agenda,
attendance, opening the vote), `ballots` (casting, paper tally, tally), `results` (closing,
ranking, ties, staging the outcome); `_common` holds the session lock and audit helpers.
"""

from thidua.council.services._common import SESSION_FIELDS  # noqa: F401
from thidua.council.services.ballots import (  # noqa: F401
    ABSENT,
    ALREADY_VOTED,
    NOT_A_MEMBER,
    NOT_VOTING,
    ballot_cast,
    ballot_cast_written,
    paper_tally_enter,
    tally,
)
from thidua.council.services.composition import (  # noqa: F401
    COUNCIL_FIELDS,
    MEMBER_FIELDS,
    NO_QUORUM,
    RELATION_FIELDS,
    council_create,
    council_update,
    member_add,
    member_of,
    member_profile_set,
    member_remove,
    member_update,
    recused_of,
    relation_declare,
    relation_remove,
    voting_members,
)
from thidua.council.services.pass_rules import (  # noqa: F401
    PASS_RULE_FIELDS,
    RULES_WHERE,
    missing_rule_message,
    pass_rule_delete,
    pass_rule_set,
    rule_for_form,
    rule_in_force,
)
from thidua.council.services.results import (  # noqa: F401
    RESULT_FIELDS,
    par_index_of,
    session_close_voting,
    session_stage_outcomes,
    tie_resolve,
    ties_open,
)
from thidua.council.services.sessions import (  # noqa: F401
    agenda_set,
    attendance_set,
    repeat_notes,
    session_create,
    session_open_voting,
)
