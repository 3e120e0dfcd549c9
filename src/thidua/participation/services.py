"""Every write of the public's part. One function per state change; each writes its audit row.

Anonymous writes (a comment, a citizen's proposal) pass `public_throttle` first, in the view,
on every attempt: an address that floods is refused before its form is even read.
"""

import datetime as dt
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from thidua.campaigns.models import AwardForm, Campaign
from thidua.core import ratelimit
from thidua.core.calendar import add_working_days
from thidua.core.formatting import date_short
from thidua.core.selectors import statutory_duration, work_calendar
from thidua.core.services import audit_record, notify, snapshot
from thidua.core.text import nfc
from thidua.core.transitions import transition
from thidua.core.uploads import CheckedUpload
from thidua.nominations import services as nominations
from thidua.nominations.models import Nominee
from thidua.nominations.selectors import nominees_for_council
from thidua.org.enums import Role
from thidua.org.models import Person, Unit
from thidua.participation.enums import (
    CITIZEN_TRANSITIONS,
    COMMENT_TRANSITIONS,
    CitizenState,
    CommentState,
    DisclosureBasis,
)
from thidua.participation.models import (
    CitizenEvidence,
    CitizenProposal,
    DisclosedNominee,
    Disclosure,
    PublicComment,
)
from thidua.participation.selectors import nominees_needing_law_disclosure

#: The statutory duration row (core.StatutoryDuration) of the disclosure before the council.
DURATION_CODE = "cong-khai-truoc-hoi-dong"
DISCLOSURE_FIELDS = ["campaign", "title", "basis", "legal_basis", "opens_on", "closes_on"]
#: Tracking codes: Crockford's alphabet (no I, L, O, U), 10 characters ≈ 50 bits.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 10
MAX_COMMENT = 4000
MAX_EVIDENCE_FILES = 5


def _text(value: str) -> str:
    return nfc(value or "").strip()


def _secretariat_over(unit: Unit):
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            role_assignments__role=Role.SECRETARIAT,
            role_assignments__unit__in=[*unit.ancestor_ids, unit.pk],
        )
        .distinct()
    )


# Throttle ------------------------------------------------------------------------------------


def public_throttle(*, scope: str, address: str, now: float | None = None) -> None:
    """Count one anonymous attempt from `address` (comments: `comment`; proposals:
    `proposal`) and refuse, in Vietnamese, past the allowed number per window."""
    limits = {
        "comment": settings.THIDUA_PUBLIC_COMMENTS_PER_WINDOW,
        "proposal": settings.THIDUA_PUBLIC_PROPOSALS_PER_WINDOW,
    }
    window = settings.THIDUA_PUBLIC_WINDOW_SECONDS
    verdict = ratelimit.hit(
        f"public-{scope}", ratelimit.address_hash(address), limit=limits[scope], window=window,
        now=now,
    )  # fmt: skip
    if not verdict.allowed:
        minutes = max(1, -(-verdict.retry_after // 60))
        raise ValidationError(
            f"Địa chỉ mạng của bạn đã gửi quá {limits[scope]} lần trong "
            f"{window // 60} phút. Vui lòng thử lại sau khoảng {minutes} phút.",
            code="throttled",
        )


# Disclosure ----------------------------------------------------------------------------------


def earliest_close(opens_on: dt.date, working_days: int) -> dt.date:
    calendar = work_calendar(opens_on, opens_on + dt.timedelta(days=120))
    return add_working_days(opens_on, working_days, calendar)


def _detail(nominee: Nominee) -> str:
    if nominee.person_id:
        person = nominee.person
        return ", ".join(x for x in (person.position, nominee.unit.name) if x)
    return nominee.unit.name if nominee.unit_id != nominee.proposal.unit_id else ""


@transaction.atomic
def disclosure_open(
    *,
    actor,
    campaign: Campaign,
    opens_on: dt.date,
    closes_on: dt.date,
    basis: str,
    contact: str = "",
    title: str = "",
    today: dt.date | None = None,
) -> Disclosure:
    """Publish the campaign's list (its accepted, eligible nominees, as they stand) for comments
    from `opens_on` to the end of `closes_on`. By law (`basis=law`) the window lasts at least
    the working days of the statutory duration in force on `opens_on`."""
    today = today or timezone.localdate()
    Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
    if opens_on < today:
        raise ValidationError({"opens_on": "Ngày bắt đầu công khai không được trước hôm nay."})
    if closes_on < opens_on:
        raise ValidationError({"closes_on": "Ngày kết thúc phải từ ngày bắt đầu công khai trở đi."})
    legal_basis, minimum = "", None
    if basis == DisclosureBasis.LAW:
        duration = statutory_duration(DURATION_CODE, opens_on)
        if duration is None:
            raise ValidationError(
                f"Chưa có thời hạn công khai theo quy định áp dụng ngày {date_short(opens_on)}; "
                "quản trị viên thêm tại Cấu hình › Lịch nghỉ lễ, thời hạn."
            )
        legal_basis, minimum = duration.legal_basis, duration.working_days
        earliest = earliest_close(opens_on, minimum)
        if closes_on < earliest:
            raise ValidationError(
                {
                    "closes_on": f"Theo {legal_basis}, danh sách phải được công khai ít nhất "
                    f"{minimum} ngày làm việc trước khi Hội đồng họp: công khai từ ngày "
                    f"{date_short(opens_on)} thì đến hết ngày {date_short(earliest)} trở đi."
                }
            )
    overlapping = Disclosure.objects.filter(campaign=campaign, closes_on__gte=opens_on).first()
    if overlapping is not None:
        raise ValidationError(
            f"Danh sách của phong trào đang được công khai (từ {date_short(overlapping.opens_on)}"
            f" đến hết {date_short(overlapping.closes_on)}); chỉ mở đợt mới sau ngày này."
        )
    nominees = list(nominees_for_council(campaign=campaign))
    if not nominees:
        raise ValidationError(
            "Phong trào chưa có tập thể, cá nhân nào có hồ sơ đã được tiếp nhận và đủ tiêu "
            "chuẩn: chưa có danh sách để công khai."
        )
    by_law = nominees_needing_law_disclosure(nominees, opens_on)
    if by_law and basis != DisclosureBasis.LAW:
        forms = ", ".join(sorted({rule.name for _, rule in by_law}))
        raise ValidationError(
            {
                "basis": f"Danh sách có {len(by_law)} tập thể, cá nhân được đề nghị {forms}: "
                f"theo {by_law[0][1].legal_basis}, phải công khai theo quy định của pháp luật "
                "(chọn căn cứ «Theo quy định của pháp luật»)."
            }
        )
    disclosure = Disclosure(
        campaign=campaign,
        unit=campaign.issuer,
        title=_text(title)
        or f"Lấy ý kiến nhân dân về danh sách đề nghị khen thưởng: {campaign.title}"[:300],
        basis=basis,
        legal_basis=legal_basis,
        min_working_days=minimum,
        opens_on=opens_on,
        closes_on=closes_on,
        contact=_text(contact),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    disclosure.full_clean()
    disclosure.save()
    DisclosedNominee.objects.bulk_create(
        [
            DisclosedNominee(
                disclosure=disclosure,
                nominee=n,
                position=i,
                name=n.display_name[:255],
                detail=_detail(n)[:500],
                award_form=n.award_form.name[:300],
                summary=n.summary or n.achievement,
            )
            for i, n in enumerate(nominees, start=1)
        ]
    )
    audit_record(
        actor=actor,
        action="participation.disclosure.open",
        obj=disclosure,
        unit_id=disclosure.unit_id,
        after=snapshot(disclosure, DISCLOSURE_FIELDS) | {"nominees": [n.pk for n in nominees]},
    )
    return disclosure


def disclosure_is_open(disclosure: Disclosure, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return disclosure.opens_on <= today <= disclosure.closes_on


@transaction.atomic
def comment_submit(
    *,
    entry: DisclosedNominee,
    author_name: str,
    contact: str,
    content: str,
    address: str,
    now: dt.datetime | None = None,
) -> PublicComment:
    """Receive a comment of the public on one disclosed nominee while its window is open; it
    waits for moderation before anything is shown."""
    now = now or timezone.now()
    disclosure = entry.disclosure
    if not disclosure_is_open(disclosure, timezone.localdate(now)):
        raise ValidationError(
            f"Thời gian lấy ý kiến là từ ngày {date_short(disclosure.opens_on)} đến hết ngày "
            f"{date_short(disclosure.closes_on)}; ý kiến không được ghi nhận."
        )
    comment = PublicComment(
        entry=entry,
        author_name=_text(author_name),
        contact=_text(contact),
        content=_text(content),
        submitted_at=now,
        address_hash=ratelimit.address_hash(address),
    )
    if len(comment.content) > MAX_COMMENT:
        raise ValidationError({"content": f"Nội dung tối đa {MAX_COMMENT} ký tự."})
    comment.full_clean()
    comment.save()
    audit_record(
        actor=None,
        action="participation.comment.submit",
        obj=comment,
        unit_id=disclosure.unit_id,
        after={"entry": entry.pk, "nominee": entry.nominee_id},
    )
    notify(
        users=_secretariat_over(disclosure.unit),
        title=f"Ý kiến của nhân dân về {entry.name}",
        body=f"Có ý kiến mới trong đợt công khai «{disclosure.title}», chờ kiểm duyệt.",
        url=f"/cong-khai-danh-sach/{disclosure.pk}/",
        email=False,
    )
    return comment


def _moderate(*, actor, comment: PublicComment, to: str, note: str, action: str):
    comment = (
        PublicComment.objects.select_for_update()
        .select_related("entry__disclosure")
        .get(pk=comment.pk)
    )
    transition(
        comment, to=to, allowed_from=COMMENT_TRANSITIONS, actor=actor, action=action,
        unit_id=comment.entry.disclosure.unit_id, what="ý kiến", timestamp="moderated_at",
        fields={"moderated_by": actor, "moderation_note": _text(note)[:500]},
    )  # fmt: skip
    return comment


@transaction.atomic
def comment_publish(*, actor, comment: PublicComment, note: str = "") -> PublicComment:
    """Show the comment on the public page (and keep it in the council's papers)."""
    return _moderate(
        actor=actor, comment=comment, to=CommentState.PUBLISHED, note=note,
        action="participation.comment.publish",
    )  # fmt: skip


@transaction.atomic
def comment_hide(*, actor, comment: PublicComment, note: str = "") -> PublicComment:
    """Keep the comment off the public page and out of the council's papers (spam, abuse,
    personal data); it stays in the secretariat's list with who hid it and why."""
    if not _text(note):
        raise ValidationError({"note": "Ghi lý do không công khai ý kiến."})
    return _moderate(
        actor=actor, comment=comment, to=CommentState.HIDDEN, note=note,
        action="participation.comment.hide",
    )  # fmt: skip


# Citizens' proposals -------------------------------------------------------------------------


def _new_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not CitizenProposal.objects.filter(code=code).exists():
            return code


CITIZEN_FIELDS = [
    "proposer_kind",
    "proposer_name",
    "proposer_contact",
    "proposer_address",
    "subject_name",
    "subject_detail",
    "deed_kind",
    "happened_on",
    "description",
]


@transaction.atomic
def citizen_proposal_submit(
    *,
    unit: Unit,
    proposer_kind: str,
    proposer_name: str,
    proposer_contact: str,
    subject_name: str,
    deed_kind: str,
    description: str,
    address: str,
    proposer_address: str = "",
    subject_detail: str = "",
    happened_on: dt.date | None = None,
    files: list[tuple[CheckedUpload, str]] = (),
    now: dt.datetime | None = None,
) -> CitizenProposal:
    """Receive a proposal of commendation from the public, with its evidence files (already
    checked by content and size), and give it a tracking code."""
    now = now or timezone.now()
    if happened_on and happened_on > timezone.localdate(now):
        raise ValidationError({"happened_on": "Ngày xảy ra không được sau hôm nay."})
    if len(files) > MAX_EVIDENCE_FILES:
        raise ValidationError({"files": f"Gửi tối đa {MAX_EVIDENCE_FILES} tệp minh chứng."})
    proposal = CitizenProposal(
        code=_new_code(),
        unit=unit,
        proposer_kind=proposer_kind,
        proposer_name=_text(proposer_name),
        proposer_contact=_text(proposer_contact),
        proposer_address=_text(proposer_address),
        subject_name=_text(subject_name),
        subject_detail=_text(subject_detail),
        deed_kind=deed_kind,
        happened_on=happened_on,
        description=_text(description),
        submitted_at=now,
        address_hash=ratelimit.address_hash(address),
    )
    proposal.full_clean()
    proposal.save()
    for upload, name in files:
        evidence = CitizenEvidence(
            proposal=proposal,
            name=_text(name)[:255] or f"minh-chung.{upload.extension}",
            kind=upload.kind,
            size=upload.size,
            sha256=upload.sha256,
        )
        evidence.file.save(
            f"{proposal.code}-{secrets.token_hex(4)}.{upload.extension}",
            ContentFile(upload.data),
            save=False,
        )
        evidence.save()
    audit_record(
        actor=None,
        action="participation.citizen.submit",
        obj=proposal,
        unit_id=unit.pk,
        after={"code": proposal.code, "files": len(files)},
    )
    notify(
        users=_secretariat_over(unit),
        title=f"Đề xuất khen thưởng của nhân dân: {proposal.subject_name}",
        body=f"{proposal.proposer_name} đề xuất khen thưởng {proposal.subject_name} "
        f"(mã {proposal.code}).",
        url=f"/de-xuat-cua-nhan-dan/{proposal.pk}/",
        email=False,
    )
    return proposal


def _locked_citizen(proposal: CitizenProposal) -> CitizenProposal:
    return CitizenProposal.objects.select_for_update().get(pk=proposal.pk)


@transaction.atomic
def citizen_proposal_answer(*, actor, proposal: CitizenProposal, answer: str) -> CitizenProposal:
    """Answer the proposer (shown on the public status page) without a commendation."""
    proposal = _locked_citizen(proposal)
    answer = _text(answer)
    if not answer:
        raise ValidationError({"answer": "Nhập nội dung trả lời người đề xuất."})
    transition(
        proposal, to=CitizenState.ANSWERED, allowed_from=CITIZEN_TRANSITIONS, actor=actor,
        action="participation.citizen.answer", unit_id=proposal.unit_id, what="đề xuất",
        timestamp="handled_at", fields={"handled_by": actor, "answer": answer},
    )  # fmt: skip
    return proposal


@transaction.atomic
def citizen_proposal_convert(
    *,
    actor,
    proposal: CitizenProposal,
    campaign: Campaign,
    unit: Unit,
    award_form: AwardForm,
    person: Person | None = None,
    answer: str = "",
) -> CitizenProposal:
    """Turn the proposal into a nominee of `campaign` (the đột xuất round the office chose),
    proposed by `unit`: the unit's proposal is opened if needed, the nominee is added with the
    citizen's account as its achievement, and the link is kept on the citizen's proposal."""
    proposal = _locked_citizen(proposal)
    if proposal.state != CitizenState.RECEIVED:
        raise ValidationError(f"Đề xuất đang ở trạng thái «{proposal.get_state_display()}».")
    unit_proposal = nominations.proposal_open(actor=actor, campaign=campaign, unit=unit)
    nominee = nominations.nominee_add(
        actor=actor,
        proposal=unit_proposal,
        award_form=award_form,
        person=person,
        achievement=f"{proposal.description}\n\n(Theo đề xuất của "
        f"{proposal.get_proposer_kind_display().lower()} {proposal.proposer_name}, mã "
        f"{proposal.code}, ngày {date_short(proposal.submitted_at)}.)",
        summary=proposal.get_deed_kind_display(),
    )
    answer = _text(answer) or (
        f"Đề xuất đã được chuyển thành đề nghị khen thưởng {award_form.name} trong "
        f"«{campaign.title}»; kết quả sẽ được thông báo sau khi Hội đồng xét."
    )
    transition(
        proposal, to=CitizenState.CONVERTED, allowed_from=CITIZEN_TRANSITIONS, actor=actor,
        action="participation.citizen.convert", unit_id=proposal.unit_id, what="đề xuất",
        timestamp="handled_at",
        fields={"handled_by": actor, "answer": answer, "nominee": nominee},
        after={"nominee": nominee.pk, "campaign": campaign.pk},
    )  # fmt: skip
    return proposal
