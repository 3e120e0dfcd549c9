"""Who may use each URL: the declaration the URL sweep (`test_url_sweep.py`) checks.

**Adding a URL? Add its row here** (the sweep fails, naming it, until you do). A row says:

- `get`: the personas whose GET gets through (2xx, or a redirect that is not to sign-in);
  every other persona must be refused — anonymous to the sign-in page (the API: 401),
  the others 403 or 404 (405 for a POST-only URL).
- `post`: the personas whose POST (valid session and CSRF token, an empty form) gets past the
  permission check; every other persona must be refused and write nothing.
- `unit_a=True`: the URL's object belongs to commune A, so commune B's focal point must get 404.
- `write="PATCH"` (API only): the write method sent instead of POST (an empty JSON body), judged
  by `post`; for an API operation on PUT, PATCH or DELETE.
- the URL's arguments: a key of the demo world (`tests/security/world.py`, e.g. `pk="proposal"`)
  or a literal value (`fmt="pdf"`).

To see what each persona gets today, run the sweep with `THIDUA_SWEEP_RECORD=/tmp/sweep.jsonl`:
it then records every answer to that file instead of checking the declarations.

Personas (the demo's accounts): anonymous; `quantri` (administrator), `noivu` (district
secretariat), `daumoi.ttnb` (focal point of commune A), `daumoi.yenlac` (focal point of commune B,
the other unit), `hoidong` (council member), `chutich` (council chair), `bientap` (editor),
`mattran` (observer).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.security.world import (
    ADMIN,
    ANON,
    CHAIR,
    EDITOR,
    FOCAL,
    MEMBER,
    OBSERVER,
    OTHER_FOCAL,
    SECRETARIAT,
    SIGNED_IN,
)

EVERYONE = frozenset({ANON, *SIGNED_IN})
STAFF = frozenset(SIGNED_IN)
NOBODY = frozenset()
MANAGERS = frozenset({ADMIN, SECRETARIAT})
COUNCIL = frozenset({MEMBER, CHAIR})
# Those who read a district-level object (a decision, a certificate): everyone signed in but
# the communes' focal points.
DISTRICT = MANAGERS | COUNCIL | {EDITOR, OBSERVER}
# Those who read commune A's rows: the district's readers and commune A's own focal point.
READ_A = DISTRICT | {FOCAL}
# Those who read commune A's dossier: the managers, the council and commune A's focal point.
DOSSIER_A = MANAGERS | COUNCIL | {FOCAL}
FOCALS = frozenset({FOCAL, OTHER_FOCAL})
# Those who change commune A's own rows: the managers and commune A's focal point.
OWN_A = MANAGERS | {FOCAL}


@dataclass(frozen=True, init=False)
class Row:
    get: frozenset | None
    post: frozenset | None
    unit_a: bool = False
    args: dict = field(default_factory=dict)
    write: str = "POST"

    def __init__(self, get, post, unit_a=False, write="POST", **args):
        object.__setattr__(self, "get", get)
        object.__setattr__(self, "post", post)
        object.__setattr__(self, "unit_a", unit_a)
        object.__setattr__(self, "write", write)
        object.__setattr__(self, "args", args)

    def kwargs_for(self, world: dict) -> dict:
        return {k: world.get(v, v) if isinstance(v, str) else v for k, v in self.args.items()}


ACCESS: dict[str, Row] = {
    "api:api-root": Row(NOBODY, NOBODY),
    # The write API (issue 15): `post` is who gets past the permission check with the write
    # method the row names (an empty JSON body then meets a 422 or the service's refusal).
    "api:answer_set": Row(
        NOBODY, OWN_A, unit_a=True, nominee_id="nominee", criterion_id="criterion_item"
    ),
    "api:assignment_add": Row(NOBODY, MANAGERS, campaign_id="campaign"),
    "api:assignment_remove": Row(
        NOBODY, MANAGERS, write="DELETE", campaign_id="campaign", assignment_id="assignment_item"
    ),
    "api:award_form_add": Row(NOBODY, MANAGERS, campaign_id="campaign"),
    "api:award_form_remove": Row(
        NOBODY, MANAGERS, write="DELETE", campaign_id="campaign", award_form_id="award_item"
    ),
    "api:campaign_clone": Row(NOBODY, MANAGERS, campaign_id="campaign"),
    "api:campaign_create": Row(STAFF, MANAGERS | FOCALS),
    "api:campaign_transition": Row(NOBODY, MANAGERS, campaign_id="campaign"),
    "api:campaign_update": Row(STAFF, MANAGERS, write="PATCH", campaign_id="campaign"),
    "api:criterion_add": Row(NOBODY, MANAGERS, campaign_id="campaign"),
    "api:criterion_remove": Row(
        NOBODY, MANAGERS, write="DELETE", campaign_id="campaign", criterion_id="criterion_item"
    ),
    "api:decision_create": Row(NOBODY, MANAGERS, campaign_id="campaign"),
    "api:decision_issue": Row(NOBODY, MANAGERS | {CHAIR}, decision_id="decision"),
    "api:decision_remove_award": Row(
        NOBODY, MANAGERS, write="DELETE", decision_id="decision", award_id="award"
    ),
    "api:decision_update": Row(DISTRICT, MANAGERS, write="PATCH", decision_id="decision"),
    "api:document_generate": Row(NOBODY, OWN_A, unit_a=True, proposal_id="proposal"),
    "api:document_upload": Row(NOBODY, OWN_A, unit_a=True, proposal_id="proposal"),
    "api:fund_set": Row(NOBODY, MANAGERS, write="PUT", unit_id="unit", year=2026),
    "api:nominee_add": Row(NOBODY, OWN_A, unit_a=True, proposal_id="proposal"),
    "api:nominee_remove": Row(DOSSIER_A, OWN_A, unit_a=True, write="DELETE", nominee_id="nominee"),
    "api:nominee_update": Row(DOSSIER_A, OWN_A, unit_a=True, write="PATCH", nominee_id="nominee"),
    "api:participants_set": Row(NOBODY, MANAGERS, write="PUT", campaign_id="campaign"),
    "api:phase_set": Row(
        NOBODY, MANAGERS, write="PUT", campaign_id="campaign", kind="registration"
    ),
    "api:proposal_accept": Row(NOBODY, MANAGERS, unit_a=True, proposal_id="proposal"),
    "api:proposal_detail": Row(DOSSIER_A, NOBODY, unit_a=True, proposal_id="proposal"),
    "api:proposal_open": Row(NOBODY, MANAGERS | FOCALS, campaign_id="campaign"),
    "api:proposal_return": Row(NOBODY, MANAGERS, unit_a=True, proposal_id="proposal"),
    "api:proposal_submit": Row(NOBODY, OWN_A, unit_a=True, proposal_id="proposal"),
    "api:registration_submit": Row(STAFF, MANAGERS | FOCALS, campaign_id="campaign"),
    "api:verdict_override": Row(
        NOBODY,
        MANAGERS,
        unit_a=True,
        write="PUT",
        nominee_id="nominee",
        criterion_id="criterion_item",
    ),
    # an administrator passes every permission; the service then refuses a non-member (422)
    "api:ballot_cast": Row(NOBODY, COUNCIL | frozenset({ADMIN}), session_id="session"),
    "api:ballot_cast_old": Row(NOBODY, COUNCIL | frozenset({ADMIN}), session_id="session"),
    "api:base_salary_create": Row(MANAGERS, frozenset({ADMIN})),
    "api:base_salary_list": Row(MANAGERS, frozenset({ADMIN})),
    "api:base_salary_update": Row(
        NOBODY, frozenset({ADMIN}), write="PATCH", salary_id="base_salary"
    ),
    "api:coefficient_create": Row(MANAGERS, frozenset({ADMIN}), rule_set_id="rule_set"),
    "api:coefficient_delete": Row(
        NOBODY,
        frozenset({ADMIN}),
        write="DELETE",
        rule_set_id="rule_set",
        coefficient_id="coefficient",
    ),
    "api:coefficient_list": Row(MANAGERS, frozenset({ADMIN}), rule_set_id="rule_set"),
    "api:coefficient_update": Row(
        NOBODY,
        frozenset({ADMIN}),
        write="PATCH",
        rule_set_id="rule_set",
        coefficient_id="coefficient",
    ),
    "api:council_create": Row(MANAGERS, MANAGERS),
    "api:council_list": Row(MANAGERS, MANAGERS),
    "api:council_update": Row(NOBODY, MANAGERS, write="PATCH", council_id="council"),
    "api:member_add": Row(MANAGERS, MANAGERS, council_id="council"),
    "api:member_list": Row(MANAGERS, MANAGERS, council_id="council"),
    "api:member_remove": Row(
        NOBODY, MANAGERS, write="DELETE", council_id="council", member_id="council_member"
    ),
    "api:member_update": Row(
        NOBODY, MANAGERS, write="PATCH", council_id="council", member_id="council_member"
    ),
    "api:pass_rule_create": Row(MANAGERS, frozenset({ADMIN})),
    "api:pass_rule_delete": Row(NOBODY, frozenset({ADMIN}), write="DELETE", rule_id="pass_rule"),
    "api:pass_rule_list": Row(MANAGERS, frozenset({ADMIN})),
    "api:pass_rule_update": Row(NOBODY, frozenset({ADMIN}), write="PATCH", rule_id="pass_rule"),
    "api:rule_set_create": Row(MANAGERS, frozenset({ADMIN})),
    "api:rule_set_list": Row(MANAGERS, frozenset({ADMIN})),
    "api:rule_set_update": Row(NOBODY, frozenset({ADMIN}), write="PATCH", rule_set_id="rule_set"),
    # A session's operations are under /council-sessions/{id}/…; the old /councils/sessions/
    # {id}/… paths (`_old`) answer the same, marked deprecated (thidua.api.aliases).
    "api:session_agenda": Row(NOBODY, MANAGERS, session_id="session"),
    "api:session_agenda_old": Row(NOBODY, MANAGERS, session_id="session"),
    "api:session_attendance": Row(NOBODY, MANAGERS, session_id="session"),
    "api:session_attendance_old": Row(NOBODY, MANAGERS, session_id="session"),
    "api:session_close": Row(NOBODY, MANAGERS | frozenset({CHAIR}), session_id="session"),
    "api:session_close_old": Row(NOBODY, MANAGERS | frozenset({CHAIR}), session_id="session"),
    "api:session_create": Row(NOBODY, MANAGERS, council_id="council"),
    "api:session_open": Row(NOBODY, MANAGERS, session_id="session"),
    "api:session_open_old": Row(NOBODY, MANAGERS, session_id="session"),
    "api:session_stage": Row(NOBODY, MANAGERS, session_id="session"),
    "api:session_stage_old": Row(NOBODY, MANAGERS, session_id="session"),
    "api:campaign_detail": Row(STAFF, NOBODY, campaign_id="campaign"),
    "api:campaign_list": Row(STAFF, MANAGERS | FOCALS),
    "api:certificate_check": Row(EVERYONE, NOBODY, code="certificate_code"),
    "api:decision_detail": Row(DISTRICT, NOBODY, decision_id="decision"),
    # GET and POST /frameworks share a path; /indicators/frameworks is its deprecated old path.
    "api:framework_list": Row(STAFF, MANAGERS),
    "api:framework_list_old": Row(STAFF, NOBODY),
    "api:appraisal_save": Row(
        NOBODY,
        frozenset({ADMIN}),
        unit_a=True,
        write="PUT",
        framework_id="open_framework",
        assessment_id="open_assessment",
    ),  # fmt: skip
    "api:assessment_list": Row(STAFF, NOBODY, framework_id="framework"),
    "api:assessment_return": Row(
        NOBODY,
        frozenset({ADMIN}),
        unit_a=True,
        framework_id="open_framework",
        assessment_id="open_assessment",
    ),  # fmt: skip
    "api:assessment_submit": Row(
        NOBODY, OWN_A, unit_a=True, framework_id="open_framework", assessment_id="open_assessment"
    ),
    "api:bands_set": Row(NOBODY, MANAGERS, write="PUT", framework_id="framework"),
    "api:framework_copy": Row(NOBODY, MANAGERS, framework_id="framework"),
    "api:framework_create": Row(STAFF, MANAGERS),
    "api:framework_detail": Row(STAFF, MANAGERS, write="PATCH", framework_id="framework"),
    "api:framework_update": Row(STAFF, MANAGERS, write="PATCH", framework_id="framework"),
    "api:framework_open": Row(NOBODY, MANAGERS, framework_id="framework"),
    "api:framework_publish": Row(NOBODY, MANAGERS, framework_id="framework"),
    "api:nodes_add": Row(NOBODY, MANAGERS, framework_id="framework"),
    "api:nodes_import": Row(NOBODY, MANAGERS, framework_id="framework"),
    "api:node_remove": Row(
        NOBODY, MANAGERS, write="DELETE", framework_id="framework", node_id="node"
    ),
    "api:score_set": Row(
        NOBODY,
        OWN_A,
        unit_a=True,
        write="PUT",
        framework_id="open_framework",
        assessment_id="open_assessment",
        node_id="open_node",
    ),  # fmt: skip
    "api:me": Row(STAFF, NOBODY),
    "api:nominee_detail": Row(DOSSIER_A, NOBODY, unit_a=True, nominee_id="nominee"),
    # The upward chain (issue 17): a dossier's trail reads like the dossier.
    "api:proposal_trail": Row(DOSSIER_A, NOBODY, unit_a=True, proposal_id="proposal"),
    "api:nominee_list": Row(STAFF, NOBODY, campaign_id="campaign"),
    "api:openapi-json": Row(EVERYONE, NOBODY),
    "api:openapi-view": Row(EVERYONE, NOBODY),
    "api:person_awards": Row(READ_A, NOBODY, unit_a=True, person_id="person"),
    "api:person_detail": Row(READ_A, NOBODY, unit_a=True, person_id="person"),
    "api:person_create": Row(STAFF, MANAGERS | FOCALS),
    "api:person_list": Row(STAFF, MANAGERS | FOCALS),
    "api:person_update": Row(READ_A, OWN_A, unit_a=True, write="PATCH", person_id="person"),
    # the person's service history: read like the person, written by who edits its people
    "api:service_period_list": Row(READ_A, OWN_A, unit_a=True, person_id="person"),
    "api:service_period_add": Row(READ_A, OWN_A, unit_a=True, person_id="person"),
    "api:service_period_update": Row(
        NOBODY, OWN_A, unit_a=True, write="PATCH", period_id="service_period"
    ),
    "api:service_period_remove": Row(
        NOBODY, OWN_A, unit_a=True, write="DELETE", period_id="service_period"
    ),
    "api:registration_list": Row(STAFF, MANAGERS | FOCALS, campaign_id="campaign"),
    "api:score_list": Row(STAFF, NOBODY),
    "api:session_detail": Row(MANAGERS | COUNCIL, NOBODY, session_id="session"),
    "api:session_results": Row(MANAGERS | COUNCIL, NOBODY, session_id="session"),
    "api:task_list": Row(STAFF, NOBODY),
    "api:user_create": Row(MANAGERS, MANAGERS),
    "api:user_detail": Row(MANAGERS, NOBODY, user_id="account"),
    "api:user_list": Row(MANAGERS, MANAGERS),
    "api:user_password_link": Row(NOBODY, MANAGERS, user_id="account"),
    "api:user_role_grant": Row(NOBODY, MANAGERS, user_id="account"),
    "api:user_role_revoke": Row(
        NOBODY, MANAGERS, write="DELETE", user_id="account", role_id="account_role"
    ),
    "api:user_update": Row(MANAGERS, MANAGERS, write="PATCH", user_id="account"),
    "api:unit_awards": Row(READ_A, NOBODY, unit_a=True, unit_id="unit"),
    # The statistical forms (header, rows, columns, new version): an administrator writes.
    "api:stat_form_list": Row(MANAGERS, frozenset({ADMIN})),
    "api:stat_form_create": Row(MANAGERS, frozenset({ADMIN})),
    "api:stat_form_detail": Row(MANAGERS, frozenset({ADMIN}), write="PATCH", form_id="stat_form"),
    "api:stat_form_update": Row(MANAGERS, frozenset({ADMIN}), write="PATCH", form_id="stat_form"),
    "api:stat_form_rows": Row(NOBODY, frozenset({ADMIN}), write="PUT", form_id="stat_form"),
    "api:stat_form_columns": Row(NOBODY, frozenset({ADMIN}), write="PUT", form_id="stat_form"),
    "api:stat_form_new_version": Row(NOBODY, frozenset({ADMIN}), form_id="stat_form"),
    "api:statistics_report": Row(MANAGERS, NOBODY, unit_id="unit", year=2023),
    "api:statistics_file": Row(MANAGERS, NOBODY, unit_id="unit", year=2023, fmt="xlsx"),
    "api:unit_detail": Row(READ_A, NOBODY, unit_a=True, unit_id="unit"),
    "api:unit_create": Row(STAFF, MANAGERS),
    "api:unit_list": Row(STAFF, MANAGERS),
    "api:unit_merge": Row(NOBODY, MANAGERS, unit_a=True, unit_id="unit"),
    "api:unit_rename": Row(NOBODY, MANAGERS, unit_a=True, unit_id="unit"),
    "api:unit_split": Row(NOBODY, MANAGERS, unit_a=True, unit_id="unit"),
    "api:unit_update": Row(READ_A, MANAGERS, unit_a=True, write="PATCH", unit_id="unit"),
    "front": Row(EVERYONE, STAFF),
    "login": Row(EVERYONE, EVERYONE),
    "logout": Row(NOBODY, NOBODY),
    "password_change": Row(STAFF, STAFF),
    "password_change_done": Row(STAFF, NOBODY),
    "password_reset": Row(EVERYONE, EVERYONE),
    "password_reset_complete": Row(EVERYONE, NOBODY),
    "password_reset_confirm": Row(EVERYONE, EVERYONE, uidb64="MQ", token="set-password"),
    "password_reset_done": Row(EVERYONE, NOBODY),
    "portal:about": Row(EVERYONE, NOBODY),
    "portal:campaign": Row(EVERYONE, NOBODY, pk="campaign"),
    "portal:campaigns": Row(EVERYONE, NOBODY),
    "portal:decision_pdf": Row(EVERYONE, NOBODY, pk="decision"),
    "portal:feed": Row(EVERYONE, EVERYONE),
    "portal:home": Row(EVERYONE, NOBODY),
    "portal:news": Row(EVERYONE, NOBODY, slug="news_slug"),
    "portal:news_list": Row(EVERYONE, NOBODY),
    "portal:photo": Row(EVERYONE, NOBODY, pk="photo", ext="photo_ext"),
    "portal:plan_pdf": Row(EVERYONE, NOBODY, pk="campaign"),
    "portal:result": Row(EVERYONE, NOBODY, pk="campaign"),
    "portal:results": Row(EVERYONE, NOBODY),
    "portal:sitemap": Row(EVERYONE, EVERYONE),
    "portal:stories": Row(EVERYONE, NOBODY),
    "portal:story": Row(EVERYONE, NOBODY, slug="story_slug"),
    "portal:open_data": Row(EVERYONE, NOBODY),
    "portal:open_data_file": Row(EVERYONE, NOBODY, year="decision_year", fmt="csv"),
    "portal:public_keys": Row(EVERYONE, NOBODY),
    "portal:revocations": Row(EVERYONE, NOBODY),
    "portal:verify": Row(EVERYONE, NOBODY, code="certificate_code"),
    "api:exchange_receive": Row(NOBODY, NOBODY),
    "api:proposal_package_export": Row(MANAGERS, NOBODY, unit_a=True, proposal_id="proposal"),
    "portal:verify_file": Row(EVERYONE, EVERYONE, code="certificate_code"),
    "portal:verify_offline": Row(EVERYONE, NOBODY),
    "portal:verify_form": Row(EVERYONE, NOBODY),
    # The public's part (issue 17): disclosed lists with a comment form per nominee, citizens'
    # proposals and their status by tracking code — all answer anonymous visitors.
    "portal:disclosures": Row(EVERYONE, NOBODY),
    "portal:disclosure_comment": Row(NOBODY, EVERYONE, pk="disclosed_entry"),
    "portal:citizen_propose": Row(EVERYONE, EVERYONE),
    "portal:citizen_status": Row(EVERYONE, NOBODY, code="citizen_code"),
    "web:disclosures": Row(MANAGERS | COUNCIL, MANAGERS),
    "web:disclosure": Row(MANAGERS | COUNCIL, NOBODY, pk="disclosure"),
    "web:comment_moderate": Row(NOBODY, MANAGERS, pk="public_comment", action="cong-khai"),
    "web:citizen_proposals": Row(MANAGERS, NOBODY),
    "web:citizen_proposal": Row(MANAGERS, NOBODY, pk="citizen"),
    "web:citizen_answer": Row(NOBODY, MANAGERS, pk="citizen"),
    "web:citizen_convert": Row(NOBODY, MANAGERS, pk="citizen"),
    "web:citizen_evidence": Row(MANAGERS, NOBODY, pk="citizen_file"),
    "web:account_activate": Row(NOBODY, MANAGERS, pk="account"),
    "web:account_deactivate": Row(NOBODY, MANAGERS, pk="account"),
    "web:account_detail": Row(MANAGERS, MANAGERS, pk="account"),
    "web:account_invite": Row(MANAGERS, MANAGERS),
    "web:account_list": Row(MANAGERS, MANAGERS),
    "web:account_password_link": Row(NOBODY, MANAGERS, pk="account"),
    "web:account_role_grant": Row(NOBODY, MANAGERS, pk="account"),
    "web:account_role_revoke": Row(NOBODY, MANAGERS, pk="account", role_pk="account_role"),
    "web:audit_log": Row(MANAGERS, MANAGERS),
    "web:campaign_assignment_add": Row(NOBODY, MANAGERS, pk="campaign"),
    "web:campaign_assignment_remove": Row(
        NOBODY, MANAGERS, pk="campaign", item_pk="assignment_item"
    ),
    "web:campaign_award_add": Row(NOBODY, MANAGERS, pk="campaign"),
    "web:campaign_award_remove": Row(NOBODY, MANAGERS, pk="campaign", item_pk="award_item"),
    "web:campaign_board": Row(MANAGERS, MANAGERS, pk="campaign"),
    "web:campaign_board_export": Row(MANAGERS, MANAGERS, pk="campaign"),
    "web:campaign_clone": Row(NOBODY, MANAGERS, pk="campaign"),
    "web:campaign_create": Row(MANAGERS | FOCALS, MANAGERS | FOCALS),
    "web:campaign_create_sub": Row(MANAGERS | FOCALS, MANAGERS | FOCALS, parent_pk="campaign"),
    "web:campaign_criterion_add": Row(NOBODY, MANAGERS, pk="campaign"),
    "web:campaign_criterion_remove": Row(NOBODY, MANAGERS, pk="campaign", item_pk="criterion_item"),
    "web:campaign_detail": Row(STAFF, STAFF, pk="campaign"),
    "web:campaign_edit": Row(MANAGERS, MANAGERS, pk="campaign"),
    "web:campaign_list": Row(STAFF, STAFF),
    "web:campaign_participants": Row(NOBODY, MANAGERS, pk="campaign"),
    "web:campaign_phase": Row(NOBODY, MANAGERS, pk="campaign"),
    "web:campaign_plan": Row(STAFF, STAFF, pk="campaign", fmt="pdf"),
    "web:campaign_register": Row(MANAGERS | FOCALS, MANAGERS | FOCALS, pk="campaign"),
    "web:campaign_registration_plan": Row(
        READ_A, READ_A, unit_a=True, pk="campaign", reg_pk="registration"
    ),
    "web:campaign_transition": Row(NOBODY, MANAGERS, pk="campaign"),
    "web:certificate_batch_file": Row(MANAGERS, MANAGERS, pk="decision", batch_pk="batch"),
    "web:certificate_batch_status": Row(MANAGERS, MANAGERS, pk="decision", batch_pk="batch"),
    "web:certificate_file": Row(DISTRICT, DISTRICT, pk="decision", cert_pk="certificate"),
    "web:certificate_print": Row(NOBODY, MANAGERS, pk="decision"),
    "web:cluster_list": Row(STAFF, MANAGERS),
    "web:cluster_detail": Row(DISTRICT, DISTRICT, pk="cluster"),
    "web:cluster_action": Row(NOBODY, MANAGERS, pk="cluster", year=2024, action="tieu-chi"),
    "web:cluster_covenant": Row(DISTRICT, DISTRICT, pk="cluster", year=2024),
    "web:certificate_revoke": Row(NOBODY, MANAGERS, pk="decision", cert_pk="certificate"),
    "web:certificate_reissue": Row(MANAGERS, MANAGERS, pk="decision", cert_pk="certificate"),
    "web:award_annul": Row(MANAGERS, MANAGERS, pk="decision", award_pk="award"),
    "web:annulment_list": Row(MANAGERS, MANAGERS),
    "web:annulment_detail": Row(MANAGERS, MANAGERS, pk="annulment"),
    "web:communication_article": Row(MANAGERS | {EDITOR}, MANAGERS | {EDITOR}, pk="article"),
    "web:communication_article_action": Row(NOBODY, MANAGERS, pk="article", action="go-xuong"),
    "web:communication_article_create": Row(
        frozenset({ADMIN, EDITOR}), frozenset({ADMIN, EDITOR}), kind_slug="tin-tuc"
    ),
    "web:communication_article_edit": Row(frozenset({ADMIN}), frozenset({ADMIN}), pk="article"),
    "web:communication_articles": Row(MANAGERS | {EDITOR}, MANAGERS | {EDITOR}),
    "web:communication_case": Row(
        frozenset({SECRETARIAT, EDITOR, OBSERVER}),
        frozenset({SECRETARIAT, EDITOR, OBSERVER}),
        pk="case",
    ),
    "web:communication_case_action": Row(
        NOBODY, frozenset({EDITOR}), pk="case", action="khong-dung"
    ),
    "web:communication_cases": Row(
        MANAGERS | {FOCAL, OTHER_FOCAL, EDITOR, OBSERVER},
        frozenset({ADMIN, FOCAL, OTHER_FOCAL, OBSERVER}),
    ),
    "web:communication_inbox": Row(STAFF, STAFF),
    "web:communication_inbox_file": Row(
        frozenset({FOCAL}), frozenset({FOCAL}), unit_a=True, pk="delivery"
    ),
    "web:communication_inbox_open": Row(
        frozenset({FOCAL}), frozenset({FOCAL}), unit_a=True, pk="delivery"
    ),
    "web:communication_photo": Row(MANAGERS | {EDITOR}, MANAGERS | {EDITOR}, pk="photo"),
    "web:communication_photo_remove": Row(NOBODY, frozenset({ADMIN}), pk="photo"),
    "web:communication_photo_upload": Row(NOBODY, frozenset({ADMIN}), pk="article"),
    "web:communication_profile": Row(MANAGERS | {EDITOR}, MANAGERS | {EDITOR}),
    "web:communication_send_decision": Row(NOBODY, MANAGERS),
    "web:communication_send_plan": Row(NOBODY, MANAGERS),
    "web:communication_sent": Row(MANAGERS, MANAGERS),
    "web:communication_sent_detail": Row(MANAGERS, MANAGERS, pk="distribution"),
    "web:communication_sent_file": Row(MANAGERS, MANAGERS, pk="distribution"),
    "web:council_action": Row(NOBODY, MANAGERS, pk="session", action="mo-bo-phieu"),
    "web:config_legal": Row(MANAGERS, NOBODY),
    "web:config_councils": Row(MANAGERS, MANAGERS),
    "web:config_council": Row(MANAGERS, MANAGERS, pk="council"),
    "web:config_member_add": Row(NOBODY, MANAGERS, pk="council"),
    "web:config_member": Row(MANAGERS, MANAGERS, pk="council", member_pk="council_member"),
    "web:config_member_remove": Row(NOBODY, MANAGERS, pk="council", member_pk="council_member"),
    "web:config_pass_rules": Row(MANAGERS, frozenset({ADMIN})),
    "web:config_pass_rule": Row(frozenset({ADMIN}), frozenset({ADMIN}), pk="pass_rule"),
    "web:config_pass_rule_delete": Row(NOBODY, frozenset({ADMIN}), pk="pass_rule"),
    "web:config_rule_sets": Row(MANAGERS, frozenset({ADMIN})),
    "web:config_rule_set": Row(MANAGERS, frozenset({ADMIN}), pk="rule_set"),
    "web:config_coefficient_add": Row(NOBODY, frozenset({ADMIN}), pk="rule_set"),
    "web:config_coefficient": Row(
        frozenset({ADMIN}), frozenset({ADMIN}), pk="rule_set", item_pk="coefficient"
    ),
    "web:config_coefficient_delete": Row(
        NOBODY, frozenset({ADMIN}), pk="rule_set", item_pk="coefficient"
    ),
    "web:config_base_salaries": Row(MANAGERS, frozenset({ADMIN})),
    "web:config_base_salary": Row(frozenset({ADMIN}), frozenset({ADMIN}), pk="base_salary"),
    "web:config_bases": Row(MANAGERS, frozenset({ADMIN})),
    "web:config_basis": Row(frozenset({ADMIN}), frozenset({ADMIN}), pk="basis_template"),
    "web:council_agenda": Row(NOBODY, MANAGERS, pk="session"),
    "web:council_close": Row(NOBODY, MANAGERS | frozenset({CHAIR}), pk="session"),
    "web:council_attendance": Row(NOBODY, MANAGERS, pk="session"),
    "web:council_ballot": Row(
        frozenset({ADMIN, MEMBER, CHAIR}), frozenset({ADMIN, MEMBER, CHAIR}), pk="session"
    ),
    "web:council_minutes": Row(
        MANAGERS | COUNCIL, MANAGERS | COUNCIL, pk="session", kind="bien-ban-hop", fmt="pdf"
    ),
    # Signed minutes (issue 20): the secretariat (or the council's secretary, `noivu` in the demo)
    # issues them; the chair and the secretary sign; whoever sees the session downloads them.
    "web:council_minutes_issue": Row(NOBODY, MANAGERS, pk="session"),
    "web:council_minutes_sign": Row(NOBODY, frozenset({ADMIN, SECRETARIAT, CHAIR}), pk="session"),
    "web:council_minutes_file": Row(MANAGERS | COUNCIL, MANAGERS | COUNCIL, pk="session"),
    "web:council_paper": Row(NOBODY, MANAGERS, pk="session", form_pk="award_form"),
    "web:council_progress": Row(MANAGERS | COUNCIL, MANAGERS | COUNCIL, pk="session"),
    "web:council_results": Row(MANAGERS | COUNCIL, MANAGERS | COUNCIL, pk="session"),
    "web:council_session": Row(MANAGERS | COUNCIL, MANAGERS | COUNCIL, pk="session"),
    "web:council_sessions": Row(STAFF, MANAGERS),
    "web:council_tie": Row(NOBODY, frozenset({ADMIN, CHAIR}), pk="session", form_pk="award_form"),
    "web:council_written": Row(NOBODY, MANAGERS, pk="session"),
    # Internal approval (issue 17): everyone's own work list; a received dossier's assignment
    # and steps for the receiving office's managers and its chain's role holders (in the demo,
    # `chutich` is the district chain's last step, lãnh đạo UBND); the chain's configuration for
    # the administrator.
    "web:my_work": Row(STAFF, NOBODY),
    "web:approval_dossier": Row(MANAGERS | {CHAIR}, MANAGERS | {CHAIR}, unit_a=True, pk="proposal"),
    "web:approval_chain": Row(frozenset({ADMIN}), frozenset({ADMIN})),
    # A member declares their own conflicts of interest; the secretariat records anyone's.
    "web:council_relations": Row(MANAGERS | {MEMBER}, MANAGERS | {MEMBER}, pk="own_membership"),
    "web:decision_create": Row(MANAGERS, MANAGERS, campaign_pk="campaign"),
    "web:decision_detail": Row(DISTRICT, DISTRICT, pk="decision"),
    "web:decision_edit": Row(NOBODY, MANAGERS, pk="decision"),
    "web:decision_file": Row(DISTRICT, DISTRICT, pk="decision", fmt="pdf"),
    "web:decision_issue": Row(NOBODY, MANAGERS | {CHAIR}, pk="decision"),
    "web:decision_list": Row(STAFF, STAFF),
    "web:calendar": Row(STAFF, MANAGERS),
    "web:holiday_remove": Row(NOBODY, MANAGERS, pk="holiday"),
    "web:decision_sign": Row(NOBODY, MANAGERS | {CHAIR}, pk="decision"),
    "web:decision_exchange_send": Row(NOBODY, MANAGERS, pk="decision"),
    "web:exchange_home": Row(MANAGERS, NOBODY),
    "web:exchange_import": Row(NOBODY, MANAGERS),
    "web:proposal_package_export": Row(MANAGERS, NOBODY, unit_a=True, pk="proposal"),
    "web:proposal_exchange_send": Row(NOBODY, MANAGERS, unit_a=True, pk="proposal"),
    "web:decision_payments": Row(MANAGERS, MANAGERS, pk="decision"),
    "web:export_people": Row(STAFF, STAFF),
    "web:signing_credential": Row(STAFF, STAFF),
    "web:export_units": Row(STAFF, STAFF),
    "web:fund_list": Row(MANAGERS, MANAGERS),
    "web:healthz": Row(EVERYONE, NOBODY),
    "web:home": Row(EVERYONE, STAFF),
    "web:import": Row(MANAGERS | FOCALS, MANAGERS | FOCALS),
    "web:import_template": Row(MANAGERS | FOCALS, MANAGERS | FOCALS, kind="people"),
    "web:indicator_appraise": Row(NOBODY, frozenset({ADMIN}), unit_a=True, pk="open_assessment"),
    "web:indicator_assessment": Row(READ_A, READ_A, unit_a=True, pk="open_assessment"),
    "web:indicator_assign": Row(NOBODY, MANAGERS, pk="framework"),
    "web:indicator_bands": Row(NOBODY, MANAGERS, pk="framework"),
    "web:indicator_copy": Row(NOBODY, MANAGERS, pk="framework"),
    "web:indicator_deadline": Row(NOBODY, MANAGERS, pk="framework"),
    "web:indicator_discipline_remove": Row(NOBODY, MANAGERS, pk="discipline"),
    "web:indicator_evidence": Row(READ_A, READ_A, unit_a=True, pk="open_evidence"),
    "web:indicator_evidence_remove": Row(NOBODY, OWN_A, unit_a=True, pk="open_evidence"),
    "web:indicator_framework": Row(STAFF, STAFF, pk="framework"),
    "web:indicator_framework_create": Row(MANAGERS, MANAGERS),
    "web:indicator_frameworks": Row(STAFF, STAFF),
    "web:indicator_import": Row(MANAGERS, MANAGERS, pk="framework"),
    "web:indicator_import_template": Row(MANAGERS, MANAGERS, pk="framework"),
    "web:indicator_tree_import": Row(MANAGERS, MANAGERS, pk="framework"),
    "web:indicator_tree_template": Row(STAFF, STAFF),
    "web:indicator_node_add": Row(NOBODY, MANAGERS, pk="framework"),
    "web:indicator_node_remove": Row(NOBODY, MANAGERS, pk="framework", node_pk="node"),
    "web:indicator_open": Row(NOBODY, MANAGERS, pk="framework"),
    "web:indicator_person": Row(READ_A, MANAGERS, unit_a=True, pk="staff_person"),
    "web:indicator_publish": Row(NOBODY, MANAGERS, pk="framework"),
    "web:indicator_return": Row(NOBODY, frozenset({ADMIN}), unit_a=True, pk="open_assessment"),
    "web:indicator_score": Row(
        OWN_A, OWN_A, unit_a=True, pk="open_assessment", node_pk="open_node"
    ),
    "web:indicator_staff": Row(STAFF, MANAGERS),
    "web:indicator_staff_template": Row(MANAGERS, MANAGERS, kind="xep-loai"),
    "web:indicator_submit": Row(NOBODY, OWN_A, unit_a=True, pk="open_assessment"),
    "web:indicator_task": Row(READ_A, OWN_A, unit_a=True, pk="task"),
    "web:indicator_task_confirm": Row(NOBODY, MANAGERS, unit_a=True, pk="task"),
    "web:indicator_task_evidence": Row(
        READ_A, READ_A, unit_a=True, pk="task", report_pk="task_report"
    ),
    "web:indicator_task_reject": Row(NOBODY, MANAGERS, unit_a=True, pk="task"),
    "web:indicator_tasks": Row(STAFF, MANAGERS),
    "web:indicator_unassign": Row(
        NOBODY, MANAGERS, pk="ca_framework", item_pk="component_assignment"
    ),
    "web:indicator_wait": Row(NOBODY, MANAGERS, pk="framework"),
    "web:job_detail": Row(frozenset({SECRETARIAT}), frozenset({SECRETARIAT}), pk="job"),
    "web:job_file": Row(frozenset({SECRETARIAT}), frozenset({SECRETARIAT}), pk="job", n=1),
    "web:job_list": Row(STAFF, STAFF),
    "web:locked_login_unlock": Row(NOBODY, frozenset({ADMIN}), pk="locked_attempt"),
    "web:locked_logins": Row(MANAGERS, MANAGERS),
    "web:monitoring_board_export": Row(MANAGERS, MANAGERS, pk="campaign"),
    "web:monitoring_dashboard": Row(STAFF, STAFF, pk="campaign"),
    "web:monitoring_export": Row(STAFF, STAFF, pk="campaign"),
    "web:monitoring_index": Row(STAFF, STAFF),
    "web:monitoring_job": Row(NOBODY, MANAGERS, pk="campaign"),
    "web:monitoring_nominees_export": Row(MANAGERS, MANAGERS, pk="campaign"),
    "web:monitoring_remind": Row(NOBODY, MANAGERS, pk="campaign"),
    "web:monitoring_reminders": Row(MANAGERS, MANAGERS, pk="campaign"),
    "web:monitoring_rule": Row(NOBODY, MANAGERS, pk="campaign", rule_pk="rule", action="tam-dung"),
    "web:monitoring_summary": Row(MANAGERS, MANAGERS, pk="campaign", fmt="pdf"),
    # Statutory statistics and the cadre-database export: the units one manages (issue 20).
    "web:statistics_index": Row(MANAGERS, MANAGERS),
    "web:statistics_download": Row(MANAGERS, MANAGERS, fmt="xlsx"),
    # The statistical forms themselves: the secretariat reads, an administrator changes.
    "web:stat_forms": Row(MANAGERS, frozenset({ADMIN})),
    "web:stat_form": Row(MANAGERS, frozenset({ADMIN}), pk="stat_form"),
    "web:stat_form_new_version": Row(NOBODY, frozenset({ADMIN}), pk="stat_form"),
    "web:cadre_export": Row(MANAGERS, MANAGERS),
    "web:cadre_export_person": Row(MANAGERS, MANAGERS, unit_a=True, pk="person", fmt="csv"),
    "web:cadre_export_unit": Row(MANAGERS, MANAGERS, unit_a=True, pk="unit", fmt="xml"),
    "web:nominee_detail": Row(DOSSIER_A, NOBODY, unit_a=True, pk="nominee"),
    "web:nominee_list": Row(MANAGERS, MANAGERS, pk="campaign"),
    # The upward chain (issue 17): the campaign's managers send up; everyone signed in has an
    # inbox (scoped to the campaigns they run, empty otherwise); the trail reads like the dossier.
    "web:campaign_forward": Row(MANAGERS, MANAGERS, pk="campaign"),
    "web:received_proposals": Row(STAFF, NOBODY),
    "web:proposal_trail": Row(DOSSIER_A, NOBODY, unit_a=True, pk="proposal"),
    "web:proposal_higher_criteria": Row(DOSSIER_A, MANAGERS, unit_a=True, pk="proposal"),
    "web:notification_preferences": Row(STAFF, STAFF),
    "web:notifications": Row(STAFF, STAFF),
    # Two-factor login: the second step and one's own setup for everyone signed in (a user who
    # owes nothing is sent on); the list of accounts and a reset for administrators only.
    "web:two_factor_verify": Row(STAFF, STAFF),
    "web:two_factor_setup": Row(STAFF, STAFF),
    "web:two_factor_accounts": Row(frozenset({ADMIN}), frozenset({ADMIN})),
    "web:two_factor_reset": Row(NOBODY, frozenset({ADMIN}), pk="account"),
    "web:notifications_read": Row(NOBODY, STAFF),
    "web:initiative_create": Row(MANAGERS | FOCALS, MANAGERS | FOCALS),
    "web:initiative_delete": Row(NOBODY, OWN_A, unit_a=True, pk="initiative"),
    "web:initiative_edit": Row(OWN_A, OWN_A, unit_a=True, pk="initiative"),
    "web:initiative_list": Row(STAFF, STAFF),
    "web:person_create": Row(MANAGERS | FOCALS, MANAGERS | FOCALS),
    "web:person_detail": Row(READ_A, READ_A, unit_a=True, pk="person"),
    "web:person_edit": Row(OWN_A, OWN_A, unit_a=True, pk="person"),
    "web:service_period_add": Row(OWN_A, OWN_A, unit_a=True, pk="person"),
    "web:service_period_edit": Row(OWN_A, OWN_A, unit_a=True, pk="service_period"),
    "web:service_period_delete": Row(NOBODY, OWN_A, unit_a=True, pk="service_period"),
    "web:person_list": Row(STAFF, STAFF),
    "web:print_layout": Row(MANAGERS, MANAGERS),
    "web:print_test_page": Row(MANAGERS, MANAGERS),
    "web:proposal_detail": Row(DOSSIER_A, DOSSIER_A, unit_a=True, pk="proposal"),
    # The tờ trình (issue 20): the unit (focal point, secretariat) issues it; the unit head signs
    # (no persona holds UNIT_HEAD: the demo's `thutruong.ttnb` is not one), so only the
    # administrator gets past the check; whoever reads the dossier downloads it.
    "web:proposal_letter_issue": Row(NOBODY, OWN_A, unit_a=True, pk="proposal"),
    "web:proposal_letter_sign": Row(NOBODY, frozenset({ADMIN}), unit_a=True, pk="proposal"),
    "web:proposal_letter_file": Row(DOSSIER_A, DOSSIER_A, unit_a=True, pk="proposal"),
    "web:proposal_document": Row(DOSSIER_A, DOSSIER_A, unit_a=True, pk="document"),
    "web:proposal_evidence": Row(DOSSIER_A, DOSSIER_A, unit_a=True, pk="answer"),
    "web:proposal_start": Row(MANAGERS | FOCALS, NOBODY, pk="campaign"),
    "web:search": Row(STAFF, STAFF),
    "web:unit_create": Row(MANAGERS, MANAGERS),
    "web:unit_detail": Row(READ_A, READ_A, unit_a=True, pk="unit"),
    "web:unit_edit": Row(MANAGERS, MANAGERS, unit_a=True, pk="unit"),
    "web:unit_merge": Row(MANAGERS, MANAGERS, unit_a=True, pk="unit"),
    "web:unit_rename": Row(MANAGERS, MANAGERS, unit_a=True, pk="unit"),
    "web:unit_split": Row(MANAGERS, MANAGERS, unit_a=True, pk="unit"),
    "web:unit_tree": Row(STAFF, STAFF),
}
