"""Every write of the communication app: keyword-only, atomic, validated, one audit row each.

Article states move only through the functions named in enums.TRANSITIONS:
guard → save(update_fields) → audit row → notification (e-mail after commit).
"""

import datetime as dt
import uuid
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from thidua.communication.enums import (
    TRANSITIONS,
    ArticleKind,
    ArticleState,
    CaseState,
    DocumentKind,
)
from thidua.communication.html import clean_html, plain_text
from thidua.communication.models import (
    Article,
    CaseProposal,
    Delivery,
    Distribution,
    IssuerProfile,
    Photo,
)
from thidua.communication.photos import process_photo
from thidua.core.services import audit_record, notify, snapshot
from thidua.core.text import nfc, slugify_vi
from thidua.org.enums import Role
from thidua.org.models import RoleAssignment, Unit

ARTICLE_FIELDS = ["kind", "state", "title", "slug", "summary", "campaign", "award", "nominee"]
SLUG_MAX = 120


def _user(actor):
    return actor if actor is not None and actor.is_authenticated else None


def users_with_role_over(unit: Unit, roles: Iterable[str], *, exact: bool = False) -> list:
    """Active users holding one of the roles for the unit (or, unless `exact`, for a unit
    above it), today."""
    today = timezone.localdate()
    unit_ids = [unit.pk] if exact else [*unit.ancestor_ids, unit.pk]
    user_ids = (
        RoleAssignment.objects.filter(role__in=list(roles), unit_id__in=unit_ids)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=today))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .values("user_id")
    )
    return list(get_user_model().objects.filter(pk__in=user_ids, is_active=True))


# Slugs ----------------------------------------------------------------------------------------


def default_slug_source(*, kind: str, title: str, award=None, nominee=None) -> str:
    """A story about someone is named after them and their unit ("nguyen-van-huong-phong-noi-vu");
    anything else after its title."""
    if kind == ArticleKind.STORY and award is not None:
        if award.person_id:
            return f"{award.name} {award.unit.name}"
        return award.name
    if kind == ArticleKind.STORY and nominee is not None:
        if nominee.person_id:
            return f"{nominee.person.full_name} {nominee.unit.name}"
        return nominee.unit.name
    return title


def unique_slug(*, kind: str, source: str, exclude_pk: int | None = None) -> str:
    base = slugify_vi(source)[:SLUG_MAX].strip("-") or "bai-viet"
    taken = set(
        Article.objects.filter(kind=kind, slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


# Articles -------------------------------------------------------------------------------------


def _clean_article(article: Article) -> None:
    article.title = nfc(article.title)
    article.summary = nfc(article.summary)
    article.body = clean_html(article.body)
    if not article.title:
        raise ValidationError({"title": "Bài viết cần có tiêu đề."})
    if article.kind == ArticleKind.NEWS:
        article.award = article.nominee = None
    if article.award is not None and article.campaign_id is None:
        article.campaign_id = article.award.decision.campaign_id
    if article.nominee is not None and article.campaign_id is None:
        article.campaign_id = article.nominee.proposal.campaign_id


def _set_slug(article: Article, wanted: str = "") -> None:
    """Slugs follow the text until the article is first published; then they never change,
    so shared links keep working."""
    if article.published_at is not None:
        return
    source = wanted or default_slug_source(
        kind=article.kind, title=article.title, award=article.award, nominee=article.nominee
    )
    article.slug = unique_slug(kind=article.kind, source=source, exclude_pk=article.pk)


@transaction.atomic
def article_create(
    *,
    actor,
    kind: str,
    unit: Unit,
    title: str,
    summary: str = "",
    body: str = "",
    campaign=None,
    award=None,
    nominee=None,
    case: CaseProposal | None = None,
    slug: str = "",
) -> Article:
    """A new draft by an editor."""
    if kind not in ArticleKind.values:
        raise ValidationError({"kind": "Loại bài viết không hợp lệ."})
    article = Article(
        kind=kind,
        unit=unit,
        title=title,
        summary=summary,
        body=body,
        campaign=campaign,
        award=award,
        nominee=nominee,
        case=case,
        created_by=_user(actor),
    )
    _clean_article(article)
    _set_slug(article, slug)
    article.full_clean()
    article.save()
    audit_record(
        actor=actor,
        action="communication.article.create",
        obj=article,
        unit_id=unit.pk,
        after=snapshot(article, ARTICLE_FIELDS),
    )
    return article


def _locked(article: Article) -> Article:
    return Article.objects.select_for_update().get(pk=article.pk)


@transaction.atomic
def article_update(*, actor, article: Article, slug: str = "", **changes) -> Article:
    """Change the text of a draft or a returned article."""
    article = _locked(article)
    if article.state not in ArticleState.editable():
        raise ValidationError("Chỉ sửa được bài viết đang là bản nháp hoặc bị trả lại.")
    allowed = {"title", "summary", "body", "campaign", "award", "nominee"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    before = snapshot(article, ARTICLE_FIELDS)
    for name, value in changes.items():
        setattr(article, name, value)
    _clean_article(article)
    _set_slug(article, slug)
    article.full_clean()
    article.save()
    audit_record(
        actor=actor,
        action="communication.article.update",
        obj=article,
        unit_id=article.unit_id,
        before=before,
        after=snapshot(article, ARTICLE_FIELDS),
    )
    return article


def _move(*, actor, article: Article, to: str, note: str = "", **fields) -> Article:
    article = _locked(article)
    if (article.state, to) not in TRANSITIONS:
        raise ValidationError(
            f"Không thể chuyển bài viết từ “{article.get_state_display()}” sang "
            f"“{ArticleState(to).label}”."
        )
    before = article.state
    article.state = to
    for name, value in fields.items():
        setattr(article, name, value)
    article.full_clean()
    article.save(update_fields=["state", "updated_at", *fields])
    audit_record(
        actor=actor,
        action=f"communication.article.{TRANSITIONS[(before, to)][8:]}",
        obj=article,
        unit_id=article.unit_id,
        before={"state": before},
        after={"state": to},
        note=note,
    )
    return article


@transaction.atomic
def article_submit(*, actor, article: Article) -> Article:
    """Editor → secretariat: asks for review; the secretariat over the unit is told."""
    if not plain_text(article.body) and article.state in ArticleState.editable():
        raise ValidationError("Bài viết chưa có nội dung.")
    article = _move(
        actor=actor, article=article, to=ArticleState.REVIEW, submitted_at=timezone.now()
    )
    notify(
        users=users_with_role_over(article.unit, {Role.SECRETARIAT}),
        title=f"Bài viết chờ duyệt: {article.title}",
        body=f"{article.get_kind_display()} “{article.title}” đã được gửi để duyệt.",
        url=f"/truyen-thong/bai-viet/{article.pk}/",
    )
    return article


@transaction.atomic
def article_approve(*, actor, article: Article) -> Article:
    """Secretariat: review → published. The slug is fixed from now on."""
    now = timezone.now()
    article = _move(
        actor=actor,
        article=article,
        to=ArticleState.PUBLISHED,
        reviewed_by=_user(actor),
        review_note="",
        published_at=article.published_at or now,
    )
    if article.created_by_id:
        notify(
            users=get_user_model().objects.filter(pk=article.created_by_id),
            title=f"Bài viết đã được đăng: {article.title}",
            url=article.public_path,
            email=False,
        )
    return article


@transaction.atomic
def article_return(*, actor, article: Article, note: str) -> Article:
    """Secretariat: review → returned to the editor, with the reason."""
    note = nfc(note or "")
    if not note:
        raise ValidationError({"note": "Cần ghi rõ lý do trả lại để biên tập viên sửa."})
    article = _move(
        actor=actor,
        article=article,
        to=ArticleState.RETURNED,
        note=note,
        reviewed_by=_user(actor),
        review_note=note,
    )
    if article.created_by_id:
        notify(
            users=get_user_model().objects.filter(pk=article.created_by_id),
            title=f"Bài viết bị trả lại: {article.title}",
            body=note,
            url=f"/truyen-thong/bai-viet/{article.pk}/",
        )
    return article


@transaction.atomic
def article_withdraw(*, actor, article: Article, note: str = "") -> Article:
    """Secretariat: take a published article off the portal (its slug stays reserved)."""
    return _move(actor=actor, article=article, to=ArticleState.WITHDRAWN, note=nfc(note or ""))


@transaction.atomic
def article_reopen(*, actor, article: Article) -> Article:
    """Editor: a withdrawn article back to draft, to correct and submit again."""
    return _move(actor=actor, article=article, to=ArticleState.DRAFT)


# Photos ---------------------------------------------------------------------------------------


@transaction.atomic
def photo_add(*, actor, article: Article, upload, caption: str = "") -> Photo:
    """Check the photo by content, resize and re-encode it, store it with the article."""
    article = _locked(article)
    if article.state not in ArticleState.editable():
        raise ValidationError("Chỉ thêm ảnh cho bài viết đang là bản nháp hoặc bị trả lại.")
    processed = process_photo(upload)
    position = article.photos.count()
    photo = Photo(
        article=article,
        kind=processed.kind,
        width=processed.width,
        height=processed.height,
        size=len(processed.data),
        sha256=processed.sha256,
        caption=nfc(caption or ""),
        position=position,
        uploaded_by=_user(actor),
    )
    photo.image.save(
        f"{article.pk}-{uuid.uuid4().hex[:12]}.{processed.extension}",
        ContentFile(processed.data),
        save=False,
    )
    photo.full_clean()
    photo.save()
    audit_record(
        actor=actor,
        action="communication.photo.add",
        obj=photo,
        unit_id=article.unit_id,
        after={
            "article": article.pk,
            "width": photo.width,
            "height": photo.height,
            "sha256": photo.sha256,
        },
    )
    return photo


@transaction.atomic
def photo_remove(*, actor, photo: Photo) -> None:
    article = _locked(photo.article)
    if article.state not in ArticleState.editable():
        raise ValidationError("Chỉ xoá ảnh của bài viết đang là bản nháp hoặc bị trả lại.")
    audit_record(
        actor=actor,
        action="communication.photo.remove",
        obj=photo,
        unit_id=article.unit_id,
        before={"article": article.pk, "sha256": photo.sha256},
    )
    name = photo.image.name
    photo.delete()
    transaction.on_commit(lambda: photo.image.storage.delete(name))


# Proposals of cases -----------------------------------------------------------------------------


@transaction.atomic
def case_propose(
    *,
    actor,
    unit: Unit,
    subject_name: str,
    description: str,
    subject_detail: str = "",
    campaign=None,
    contact: str = "",
) -> CaseProposal:
    """An observer or a unit proposes a case for a story; the editors over the unit are told."""
    case = CaseProposal(
        proposer=_user(actor),
        unit=unit,
        subject_name=nfc(subject_name or ""),
        subject_detail=nfc(subject_detail or ""),
        campaign=campaign,
        description=(description or "").strip(),
        contact=nfc(contact or ""),
    )
    case.full_clean()
    case.save()
    audit_record(
        actor=actor,
        action="communication.case.propose",
        obj=case,
        unit_id=unit.pk,
        after=snapshot(case, ["subject_name", "campaign"]),
    )
    notify(
        users=users_with_role_over(unit, {Role.EDITOR}),
        title=f"Đề xuất gương điển hình: {case.subject_name}",
        body=f"{unit.name} đề xuất viết về {case.subject_name}.",
        url=f"/truyen-thong/de-xuat/{case.pk}/",
    )
    return case


def _locked_case(case: CaseProposal) -> CaseProposal:
    case = CaseProposal.objects.select_for_update().get(pk=case.pk)
    if case.state not in CaseState.open():
        raise ValidationError("Đề xuất này đã được xử lý.")
    return case


@transaction.atomic
def case_accept(*, actor, case: CaseProposal, unit: Unit) -> Article:
    """The editor takes the case: a draft story is started from it."""
    case = _locked_case(case)
    case.state, case.handled_by, case.handled_at = CaseState.ACCEPTED, _user(actor), timezone.now()
    case.save(update_fields=["state", "handled_by", "handled_at"])
    audit_record(actor=actor, action="communication.case.accept", obj=case, unit_id=case.unit_id)
    body = case.description
    if case.subject_detail:
        body = f"{case.subject_detail}\n\n{body}"
    article = article_create(
        actor=actor,
        kind=ArticleKind.STORY,
        unit=unit,
        title=case.subject_name,
        body=body,
        campaign=case.campaign,
        case=case,
    )
    if case.proposer_id:
        notify(
            users=get_user_model().objects.filter(pk=case.proposer_id),
            email=False,
            title=f"Đề xuất “{case.subject_name}” đã được nhận viết bài",
        )
    return article


@transaction.atomic
def case_decline(*, actor, case: CaseProposal, note: str) -> CaseProposal:
    note = nfc(note or "")
    if not note:
        raise ValidationError({"note": "Cần ghi lý do không sử dụng đề xuất."})
    case = _locked_case(case)
    case.state, case.note = CaseState.DECLINED, note
    case.handled_by, case.handled_at = _user(actor), timezone.now()
    case.save(update_fields=["state", "note", "handled_by", "handled_at"])
    audit_record(
        actor=actor, action="communication.case.decline", obj=case, unit_id=case.unit_id, note=note
    )
    if case.proposer_id:
        notify(
            users=get_user_model().objects.filter(pk=case.proposer_id),
            email=False,
            title=f"Đề xuất “{case.subject_name}” không được sử dụng",
            body=note,
        )
    return case


# The issuing body's page ----------------------------------------------------------------------


@transaction.atomic
def profile_save(
    *, actor, unit: Unit, intro: str = "", address: str = "", phone: str = "", email: str = ""
) -> IssuerProfile:
    profile, _ = IssuerProfile.objects.select_for_update().get_or_create(unit=unit)
    before = snapshot(profile, ["intro", "address", "phone", "email"])
    profile.intro = clean_html(intro)
    profile.address, profile.phone, profile.email = nfc(address), nfc(phone), (email or "").strip()
    profile.full_clean()
    profile.save()
    audit_record(
        actor=actor,
        action="communication.profile.save",
        obj=profile,
        unit_id=unit.pk,
        before=before,
        after=snapshot(profile, ["intro", "address", "phone", "email"]),
    )
    return profile


# Document distribution --------------------------------------------------------------------------


def _read_file(file) -> tuple[bytes, str]:
    """Bytes and base name of a FieldFile, a File or a (name, bytes) pair."""
    if isinstance(file, tuple):
        name, data = file
        return bytes(data), name
    name = getattr(file, "name", "") or "van-ban"
    storage = getattr(file, "storage", None)
    if storage is not None:  # a FieldFile: read the stored copy, leave the field's handle alone
        with storage.open(file.name, "rb") as fh:
            return fh.read(), name.rsplit("/", 1)[-1]
    file.seek(0)
    return file.read(), name.rsplit("/", 1)[-1]


@transaction.atomic
def document_distribute(
    *,
    actor,
    kind: str,
    title: str,
    units: Iterable[Unit],
    sender_unit: Unit,
    file=None,
    file_name: str = "",
    url: str = "",
    reference: str = "",
    campaign=None,
    source: str = "",
    notify_users: bool = True,
    sent_at: dt.datetime | None = None,
) -> Distribution:
    """Send an issued document to each unit's inbox, and tell the units' users (in the app and
    by e-mail) unless the caller already did (`notify_users=False`).

    `file` is a FieldFile / File (copied now, so later changes do not alter what was sent) or a
    (name, bytes) pair; `url` links to the document inside the application instead or as well.
    With `source` ("awards.decision:12"), units already sent that source are not sent it twice;
    calling again adds only the new units. Returns the distribution.
    """
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": "Loại văn bản không hợp lệ."})
    units = list({u.pk: u for u in units}.values())
    if not units:
        raise ValidationError("Chưa chọn đơn vị nhận.")
    if file is None and not url:
        raise ValidationError("Cần có tệp văn bản hoặc đường dẫn tới văn bản.")
    dist = None
    if source:
        dist = Distribution.objects.select_for_update().filter(source=source).first()
    created = dist is None
    if created:
        dist = Distribution(
            kind=kind,
            title=nfc(title or ""),
            reference=nfc(reference or ""),
            url=url,
            campaign=campaign,
            sender_unit=sender_unit,
            source=source,
            sent_by=_user(actor),
            sent_at=sent_at or timezone.now(),
        )
        if file is not None:
            data, name = _read_file(file)
            dist.file_name = file_name or name
            ext = dist.file_name.rsplit(".", 1)[-1].lower() if "." in dist.file_name else "bin"
            dist.file.save(f"{uuid.uuid4().hex}.{ext}", ContentFile(data), save=False)
        dist.full_clean()
        dist.save()
    have = set(Delivery.objects.filter(distribution=dist).values_list("unit_id", flat=True))
    new_units = [u for u in units if u.pk not in have]
    Delivery.objects.bulk_create([Delivery(distribution=dist, unit=u) for u in new_units])
    audit_record(
        actor=actor,
        action="communication.document.distribute",
        obj=dist,
        unit_id=sender_unit.pk,
        after={"kind": kind, "units": [u.pk for u in new_units], "source": source},
    )
    if notify_users and new_units:
        users = {}
        for unit in new_units:
            for user in users_with_role_over(unit, Role.values, exact=True):
                users[user.pk] = user
        ref = f" số {dist.reference}" if dist.reference else ""
        notify(
            users=users.values(),
            title=f"Văn bản đến: {dist.get_kind_display()}{ref}",
            body=f"{sender_unit.name} gửi: {dist.title}",
            url="/van-ban-den/",
        )
    return dist


@transaction.atomic
def delivery_open(*, user, delivery: Delivery) -> Delivery:
    """Record that a user of the recipient unit opened the document; only the first opening is
    kept (who and when). Opening by anyone else (the sender previewing) records nothing."""
    from thidua.org.scope import user_scope

    if delivery.opened_at is not None:
        return delivery
    if delivery.unit_id not in {g.unit_id for g in user_scope(user).grants}:
        return delivery
    updated = Delivery.objects.filter(pk=delivery.pk, opened_at__isnull=True).update(
        opened_at=timezone.now(), opened_by=user
    )
    delivery.refresh_from_db(fields=["opened_at", "opened_by"])
    if updated:
        audit_record(
            actor=user, action="communication.document.open", obj=delivery, unit_id=delivery.unit_id
        )
    return delivery


def _ref_slug(reference: str) -> str:
    return slugify_vi(reference.replace("/", " "))


def plan_distribute(
    *, actor, campaign, units: Iterable[Unit] | None = None, notify_users: bool = True
) -> Distribution:
    """Send a published campaign's plan (its PDF) to its participants (or the given units)."""
    from thidua.campaigns.enums import CampaignState

    if campaign.state not in CampaignState.visible_to_participants() or not campaign.plan_pdf:
        raise ValidationError("Chỉ gửi được kế hoạch đã ban hành.")
    if units is None:
        units = [p.unit for p in campaign.participants.select_related("unit")]
    return document_distribute(
        actor=actor,
        kind=DocumentKind.PLAN,
        title=campaign.title,
        reference=campaign.reference,
        units=units,
        sender_unit=campaign.issuer,
        file=campaign.plan_pdf,
        file_name=f"ke-hoach-{_ref_slug(campaign.reference)}.pdf",
        campaign=campaign,
        url=f"/phong-trao/{campaign.pk}/",
        source=f"campaigns.campaign:{campaign.pk}:plan",
        notify_users=notify_users,
    )


def decision_distribute(
    *, actor, decision, units: Iterable[Unit] | None = None, notify_users: bool = True
) -> Distribution:
    """Send an issued decision (its PDF) to the campaign's participants and the awardees'
    units (or the given units)."""
    from thidua.awards.enums import DecisionState

    if decision.state != DecisionState.ISSUED or not decision.pdf:
        raise ValidationError("Chỉ gửi được quyết định đã ban hành.")
    if units is None:
        unit_ids = set(decision.campaign.participants.values_list("unit_id", flat=True))
        unit_ids |= set(decision.awards.values_list("unit_id", flat=True))
        units = list(Unit.objects.filter(pk__in=unit_ids))
    return document_distribute(
        actor=actor,
        kind=DocumentKind.DECISION,
        title=decision.summary,
        reference=decision.reference,
        units=units,
        sender_unit=decision.issuer,
        file=decision.pdf,
        file_name=f"quyet-dinh-{_ref_slug(decision.reference)}.pdf",
        campaign=decision.campaign,
        source=f"awards.decision:{decision.pk}",
        notify_users=notify_users,
    )
