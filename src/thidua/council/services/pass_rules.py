"""Pass rules: which share of votes passes a nominee for an award form, dated by validity."""

import datetime as dt
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import transaction

from thidua.campaigns.models import AwardForm
from thidua.core.services import audit_record, snapshot
from thidua.core.text import nfc
from thidua.council.models import (
    AgendaItem,
    Council,
    PassRule,
)

PASS_RULE_FIELDS = [
    "form_kind",
    "subject_type",
    "level",
    "ballot_type",
    "denominator",
    "threshold_num",
    "threshold_den",
    "strict",
    "quorum_num",
    "quorum_den",
    "written_votes",
    "tie_breakers",
    "basis",
    "valid_from",
    "valid_to",
]


RULES_WHERE = "Cấu hình › Hội đồng Thi đua – Khen thưởng › Quy tắc xét chọn"


@transaction.atomic
def pass_rule_set(
    *,
    actor,
    form_kind: str,
    ballot_type: str,
    denominator: str,
    threshold: Fraction,
    subject_type: str = "",
    level: str = "",
    strict: bool = False,
    quorum: Fraction = Fraction(0),
    written_votes: bool = False,
    tie_breakers: list[str] | None = None,
    basis: str = "",
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    rule: PassRule | None = None,
) -> PassRule:
    """A dated pass rule for a legal award form (and subject type, council level; blank: all).
    Every campaign whose award form has that legal kind inherits it; a new row supersedes an
    older one by date. With `rule`, that row is changed instead (audited before/after)."""
    threshold, quorum = Fraction(threshold), Fraction(quorum)
    before = snapshot(rule, PASS_RULE_FIELDS) if rule is not None else None
    rule = rule or PassRule()
    rule.form_kind, rule.subject_type, rule.level = form_kind, subject_type or "", level or ""
    rule.ballot_type, rule.denominator = ballot_type, denominator
    rule.threshold_num, rule.threshold_den = threshold.numerator, threshold.denominator
    rule.strict = strict
    rule.quorum_num, rule.quorum_den = quorum.numerator, quorum.denominator
    rule.written_votes = written_votes
    rule.tie_breakers = list(tie_breakers or [])
    rule.basis = nfc(basis)
    rule.valid_from, rule.valid_to = valid_from, valid_to
    rule.full_clean()
    rule.save()
    audit_record(
        actor=actor,
        action="council.pass_rule.set" if before is None else "council.pass_rule.update",
        obj=rule,
        before=before,
        after=snapshot(rule, PASS_RULE_FIELDS),
    )
    return rule


@transaction.atomic
def pass_rule_delete(*, actor, rule: PassRule) -> None:
    """Remove a pass rule no agenda has used (a used one is ended with a date instead)."""
    if AgendaItem.objects.filter(rule=rule).exists():
        raise ValidationError(
            "Quy tắc này đã được dùng tại một phiên họp nên không xóa được; hãy nhập ngày hết "
            "hiệu lực cho quy tắc và thêm quy tắc mới."
        )
    audit_record(
        actor=actor,
        action="council.pass_rule.delete",
        obj=rule,
        before=snapshot(rule, PASS_RULE_FIELDS),
    )
    rule.delete()


def rule_in_force(
    *,
    form_kind: str | None,
    subject_type: str,
    level: str,
    day: dt.date,
    rules: list[PassRule] | None = None,
) -> PassRule | None:
    """The pass rule in force on `day` for a legal form, subject type and council level: the
    most specific one (own level and subject before blank ones), then the latest starting."""
    if not form_kind:
        return None
    if rules is None:
        rules = list(PassRule.objects.filter(form_kind=form_kind))
    found = [
        r
        for r in rules
        if r.form_kind == form_kind
        and r.subject_type in ("", subject_type)
        and r.level in ("", level)
        and (r.valid_from is None or r.valid_from <= day)
        and (r.valid_to is None or day <= r.valid_to)
    ]
    found.sort(
        key=lambda r: (bool(r.level), bool(r.subject_type), r.valid_from or dt.date.min, r.pk),
        reverse=True,
    )
    return found[0] if found else None


def rule_for_form(
    award_form: AwardForm, council: Council, day: dt.date, rules: list[PassRule] | None = None
) -> PassRule | None:
    return rule_in_force(
        form_kind=award_form.legal_kind,
        subject_type=award_form.subject_type,
        level=council.issuer.kind,
        day=day,
        rules=rules,
    )


def missing_rule_message(forms: list[AwardForm], day: dt.date) -> str:
    """What to do when an award form has no pass rule on the session's date, and where."""
    no_kind = sorted({f.name for f in forms if not f.legal_kind})
    no_rule = sorted({f.name for f in forms if f.legal_kind})
    parts = []
    if no_rule:
        parts.append(
            f"Chưa có quy tắc xét chọn có hiệu lực vào ngày họp {day:%d/%m/%Y} cho: "
            f"{', '.join(no_rule)}. Thêm quy tắc cho hình thức này tại «{RULES_WHERE}» "
            "rồi lưu lại nội dung xét."
        )
    if no_kind:
        parts.append(
            f"Chưa chọn hình thức theo quy định cho: {', '.join(no_kind)}. Chọn tại trang "
            "phong trào › Hình thức khen thưởng."
        )
    return " ".join(parts)
