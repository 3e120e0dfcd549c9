"""Votes: a member's electronic or written ballot, the secretariat's paper tally, and the tally.

A secret ballot's audit row names the member who voted and never the votes."""

import datetime as dt
import random
from collections import Counter
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from thidua.campaigns.models import AwardForm
from thidua.council import sealing
from thidua.council.enums import (
    BallotType,
    Choice,
    SessionState,
)
from thidua.council.models import (
    AgendaItem,
    BallotReceipt,
    CouncilMember,
    CouncilSession,
    OpenVote,
    PaperTally,
    Recusal,
    SecretBallot,
    SecretVote,
)
from thidua.council.services._common import _audit, _locked, _require
from thidua.council.services.composition import member_of, recused_of, voting_members
from thidua.council.services.sessions import _present_ids, _require_council_phase

ALREADY_VOTED = "Bạn đã bỏ phiếu trong phiên họp này; mỗi thành viên chỉ bỏ phiếu một lần."


NOT_VOTING = "Phiên họp không ở giai đoạn bỏ phiếu; phiếu không được ghi nhận."


NOT_A_MEMBER = "Bạn không phải thành viên Hội đồng có quyền biểu quyết tại phiên họp này."


ABSENT = "Bạn không có mặt tại phiên họp theo danh sách điểm danh nên không thể bỏ phiếu trực tiếp."


def _electronic_items(session: CouncilSession, *, written: bool = False) -> dict[int, AgendaItem]:
    items = session.items.select_related("rule").filter(
        rule__ballot_type__in=BallotType.electronic()
    )
    if written:
        items = items.filter(rule__written_votes=True)
    return {i.pk: i for i in items}


def _checked_choices(items: dict[int, AgendaItem], choices: Mapping[Any, str]) -> dict[int, str]:
    try:
        parsed = {int(k): v for k, v in choices.items()}
    except (TypeError, ValueError):
        raise ValidationError("Phiếu có nội dung không hợp lệ.") from None
    if set(parsed) - set(items):
        raise ValidationError(
            "Phiếu có tên người không thuộc nội dung xét của phiên họp này; "
            "phiếu không được ghi nhận."
        )
    missing = [items[pk] for pk in items if pk not in parsed]
    if missing:
        raise ValidationError(
            f"Phiếu chưa biểu quyết cho {len(missing)} trường hợp; "
            "hãy chọn Đồng ý hoặc Không đồng ý cho từng trường hợp."
        )
    if any(v not in Choice.values for v in parsed.values()):
        raise ValidationError("Mỗi trường hợp chỉ chọn Đồng ý hoặc Không đồng ý.")
    return parsed


def _member_items(
    session: CouncilSession, member: CouncilMember, items: dict[int, AgendaItem], choices
) -> tuple[dict[int, AgendaItem], set[int]]:
    """The items the member votes on, and the secret-ballot items they are recused on (sealed
    as blanks). Naming a recused item is refused."""
    recused = {pk for pk, ids in recused_of(session).items() if member.pk in ids and pk in items}
    chosen = {str(k) for k in choices}
    named = [i for pk, i in items.items() if pk in recused and str(pk) in chosen]  # agenda order
    if named:
        raise ValidationError(
            f"{member.full_name} không tham gia biểu quyết đối với "
            f"{', '.join(str(i.nominee) for i in named)} (xung đột lợi ích); phiếu không được "
            "ghi nhận."
        )
    blank = {pk for pk in recused if items[pk].rule.ballot_type == BallotType.SECRET}
    return {pk: i for pk, i in items.items() if pk not in recused}, blank


def _store_ballot(session, member, items, choices, *, written: bool, blank=()) -> None:
    try:
        with transaction.atomic():
            BallotReceipt.objects.create(session=session, member=member, written=written)
    except IntegrityError:
        raise ValidationError(ALREADY_VOTED) from None
    secret = {pk: c for pk, c in choices.items() if items[pk].rule.ballot_type == BallotType.SECRET}
    if secret or blank:  # sealed until voting closes (council/sealing.py)
        SecretBallot.objects.create(
            session=session, sealed=sealing.seal(session.pk, secret, blank=blank)
        )
    OpenVote.objects.bulk_create(
        [
            OpenVote(item_id=pk, member=member, choice=c, written=written)
            for pk, c in choices.items()
            if items[pk].rule.ballot_type == BallotType.OPEN
        ]
    )


@transaction.atomic
def ballot_cast(
    *,
    actor,
    session: CouncilSession,
    choices: Mapping[Any, str],
    now: dt.datetime | None = None,
) -> None:
    """A present voting member casts their one ballot: agree / disagree for every nominee
    voted electronically. Refused (nothing counted) after closing, for a nominee not on the
    agenda, a second time, by an absent member or by a non-member."""
    session = _locked(session)
    _require(session, SessionState.VOTING, message=NOT_VOTING)
    _require_council_phase(session, now)
    member = member_of(session, actor)
    if member is None or not member.votes:
        raise ValidationError(NOT_A_MEMBER)
    if member.pk not in _present_ids(session):
        raise ValidationError(ABSENT)
    items = _electronic_items(session)
    if not items:
        raise ValidationError("Phiên họp này bỏ phiếu bằng phiếu giấy.")
    items, recused = _member_items(session, member, items, choices)
    parsed = _checked_choices(items, choices)
    _store_ballot(session, member, items, parsed, written=False, blank=recused)
    # Who voted, never how.
    _audit(actor, "council.ballot.cast", session, after={"member": member.pk})


@transaction.atomic
def ballot_cast_written(
    *,
    actor,
    session: CouncilSession,
    member: CouncilMember,
    choices: Mapping[Any, str],
    now: dt.datetime | None = None,
) -> None:
    """The secretary records an absent member's written vote, where the rule allows it."""
    session = _locked(session)
    _require(session, SessionState.VOTING, message=NOT_VOTING)
    _require_council_phase(session, now)
    if member.council_id != session.council_id or not member.votes:
        raise ValidationError("Người này không phải thành viên Hội đồng có quyền biểu quyết.")
    if member.pk in _present_ids(session):
        raise ValidationError(
            "Thành viên có mặt tự bỏ phiếu; phiếu bằng văn bản chỉ dành cho thành viên vắng mặt."
        )
    items = _electronic_items(session, written=True)
    if not items:
        raise ValidationError(
            "Quy tắc xét chọn của phiên họp không cho phép gửi phiếu bằng văn bản."
        )
    items, recused = _member_items(session, member, items, choices)
    parsed = _checked_choices(items, choices)
    _store_ballot(session, member, items, parsed, written=True, blank=recused)
    _audit(actor, "council.ballot.cast_written", session, after={"member": member.pk})


@transaction.atomic
def paper_tally_enter(
    *,
    actor,
    session: CouncilSession,
    award_form: AwardForm,
    issued: int,
    returned: int,
    valid: int,
    votes_for: Mapping[Any, int],
) -> PaperTally:
    """The secretary enters the counted paper ballots of one award form."""
    session = _locked(session)
    _require(session, SessionState.VOTING, message=NOT_VOTING)
    items = {
        i.pk: i
        for i in session.items.select_related("rule").filter(
            award_form=award_form, rule__ballot_type=BallotType.PAPER
        )
    }
    if not items:
        raise ValidationError("Hình thức khen thưởng này không bỏ phiếu bằng phiếu giấy.")
    present = len(_present_ids(session))
    if not (0 <= valid <= returned <= issued <= present):
        raise ValidationError(
            f"Số phiếu không hợp lý: phải có số phiếu hợp lệ ≤ thu về ≤ phát ra "
            f"≤ số thành viên có mặt ({present})."
        )
    try:
        counts = {int(k): int(v) for k, v in votes_for.items()}
    except (TypeError, ValueError):
        raise ValidationError("Số phiếu đồng ý phải là số nguyên.") from None
    if set(counts) != set(items):
        raise ValidationError(
            "Cần nhập số phiếu đồng ý cho đúng từng trường hợp của hình thức này."
        )
    over = [items[pk].nominee for pk, n in counts.items() if not 0 <= n <= valid]
    if over:
        raise ValidationError(f"Số phiếu đồng ý phải từ 0 đến {valid} (số phiếu hợp lệ).")
    # A member recused on a nominee crosses them out: their ballot counts no vote for them.
    present_ids, recused = _present_ids(session), recused_of(session)
    for pk, n in counts.items():
        out_of = len(present_ids & recused.get(pk, set()))
        if out_of and n > valid - out_of:
            raise ValidationError(
                f"{items[pk].nominee}: {out_of} thành viên có mặt không tham gia xét trường hợp "
                f"này (xung đột lợi ích), nên số phiếu đồng ý không quá {valid - out_of}."
            )
    tally, _ = PaperTally.objects.update_or_create(
        session=session,
        award_form=award_form,
        defaults={"issued": issued, "returned": returned, "valid": valid},
    )
    tally.full_clean()
    for pk, n in counts.items():
        AgendaItem.objects.filter(pk=pk).update(paper_for=n)
    _audit(
        actor,
        "council.paper_tally.enter",
        session,
        after={
            "award_form": award_form.pk,
            "issued": issued,
            "returned": returned,
            "valid": valid,
            "votes_for": {str(k): v for k, v in counts.items()},
        },
    )
    return tally


def _shuffle_secret_ballots(session: CouncilSession) -> None:
    """Unseal the session's secret ballots and rewrite them in a random order under new random
    keys, in plaintext, so that neither their content is sealed any longer nor their storage
    order (rowid, ctid) or transaction (xmin) follows the order in which members voted.

    When a member was recused on some items, their ballot lacks those items and so would
    stand out among the others: then every vote becomes a ballot of its own, and no ballot
    links a member's votes on several nominees."""
    ballots: dict[Any, list[tuple[int, str]]] = {}
    for ballot_id, sealed in SecretBallot.objects.filter(
        session=session, sealed__isnull=False
    ).values_list("id", "sealed"):
        ballots[ballot_id] = sorted(sealing.unseal(session.pk, sealed).items())
    for ballot_id, item_id, choice in SecretVote.objects.filter(
        ballot__session=session
    ).values_list("ballot_id", "item_id", "choice"):
        ballots.setdefault(ballot_id, []).append((item_id, choice))
    groups = list(ballots.values())
    if Recusal.objects.filter(item__session=session).exists():
        groups = [[vote] for votes in groups for vote in votes]
    random.SystemRandom().shuffle(groups)
    SecretVote.objects.filter(ballot__session=session).delete()
    SecretBallot.objects.filter(session=session).delete()
    new = SecretBallot.objects.bulk_create([SecretBallot(session=session) for _ in groups])
    SecretVote.objects.bulk_create(
        [
            SecretVote(ballot=b, item_id=item_id, choice=choice)
            for b, votes in zip(new, groups, strict=True)
            for item_id, choice in votes
        ]
    )


def _counts(session: CouncilSession) -> dict[int, Counter]:
    counts: dict[int, Counter] = {}
    for model, field in ((SecretVote, "item__session"), (OpenVote, "item__session")):
        for item_id, choice in model.objects.filter(**{field: session}).values_list(
            "item_id", "choice"
        ):
            counts.setdefault(item_id, Counter())[choice] += 1
    return counts


def tally(session: CouncilSession) -> dict[int, dict[str, int]]:
    """Per agenda item: votes for, against, valid ballots and members taking part, computed
    from the stored votes (and the entered paper tallies) — what the results must equal."""
    members = {m.pk for m in voting_members(session.council, session.held_on)}
    present = _present_ids(session)
    written = set(session.receipts.filter(written=True).values_list("member_id", flat=True))
    recused = recused_of(session)
    counts = _counts(session)
    tallies = {t.award_form_id: t for t in session.paper_tallies.all()}
    out = {}
    for item in session.items.select_related("rule"):
        rule = item.rule
        # Members recused on this nominee count neither among all members nor taking part.
        out_of = recused.get(item.pk, set())
        total = len(members - out_of)
        if rule.ballot_type == BallotType.PAPER:
            t = tallies.get(item.award_form_id)
            valid = max(0, (t.valid if t else 0) - len(present & out_of))
            agree = min(item.paper_for or 0, valid)
            out[item.pk] = {
                "for": agree,
                "against": valid - agree,
                "valid": valid,
                "taking_part": len(present - out_of),
                "total": total,
                "recused": len(out_of),
            }
            continue
        c = counts.get(item.pk, Counter())
        out[item.pk] = {
            "for": c[Choice.AGREE],
            "against": c[Choice.DISAGREE],
            "valid": c[Choice.AGREE] + c[Choice.DISAGREE],
            "taking_part": len(present - out_of)
            + (len(written - out_of) if rule.written_votes else 0),
            "total": total,
            "recused": len(out_of),
        }
    return out
