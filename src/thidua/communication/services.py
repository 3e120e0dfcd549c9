"""Every write of the communication app: keyword-only, atomic, validated, one audit row each.

Article states move only through the functions named in enums.TRANSITIONS:
guard → save(update_fields) → audit row → notification (e-mail after commit).
"""

import uuid

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from thidua.communication.enums import (
    TRANSITIONS,
    ArticleKind,
    ArticleState,
    CaseState,
)
from thidua.communication.html import clean_html, plain_text
from thidua.communication.models import (
    Article,
    CaseProposal,
    IssuerProfile,
    Photo,
)
from thidua.communication.photos import process_photo
from thidua.core.services import audit_record, notify, snapshot
from thidua.core.text import nfc, slugify_vi
from thidua.core.transitions import transition
from thidua.distribution.services import users_with_role_over
from thidua.org.enums import Role
from thidua.org.models import Unit

ARTICLE_FIELDS = ["kind", "state", "title", "slug", "summary", "campaign", "award", "nominee"]
SLUG_MAX = 120


def _user(actor):
    return actor if actor is not None and actor.is_authenticated else None


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
    for name, value in fields.items():
        setattr(article, name, value)
    article.full_clean()
    transition(
        article, to=to, allowed_from=TRANSITIONS, actor=actor,
        action=lambda before: f"communication.article.{TRANSITIONS[(before, to)][8:]}",
        unit_id=article.unit_id, what="bài viết", note=note,
        update_fields=["updated_at", *fields],
    )  # fmt: skip
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
