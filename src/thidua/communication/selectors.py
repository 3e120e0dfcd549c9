"""Reads of the communication app.

public_* functions are the portal's only way in: they return published articles (and photos of
published articles) and nothing else. The back-office readers go through the reader's scope;
`*_get_for(user, pk)` answer 404 outside its reach.
"""

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from thidua.communication.enums import ArticleState, CaseState
from thidua.communication.models import (
    Article,
    CaseProposal,
    IssuerProfile,
    Photo,
)
from thidua.org.enums import Role
from thidua.org.scope import user_scope

NOT_FOUND = "Không tìm thấy hoặc bạn không có quyền truy cập."
EDITORIAL = {Role.EDITOR, Role.SECRETARIAT, Role.ADMIN}


def _pk(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404(NOT_FOUND) from None


# Public --------------------------------------------------------------------------------------


def _published() -> QuerySet[Article]:
    return Article.objects.filter(state__in=ArticleState.public())


LIST_FIELDS = (
    "id",
    "kind",
    "state",
    "title",
    "slug",
    "summary",
    "body",
    "published_at",
    "campaign__id",
    "campaign__title",
)


def public_articles(kind: str | None = None) -> QuerySet[Article]:
    """Published articles, newest first, with their campaign's title and their photos (one more
    query). Only the columns a list shows are read."""
    qs = _published()
    if kind is not None:
        qs = qs.filter(kind=kind)
    return (
        qs.select_related("campaign")
        .only(*LIST_FIELDS)
        .prefetch_related(Prefetch("photos", queryset=Photo.objects.order_by("position", "id")))
        .order_by("-published_at", "-id")
    )


def public_article(kind: str, slug: str) -> Article | None:
    """One published article with what its page shows (subject's award and decision)."""
    if not isinstance(slug, str) or len(slug) > 200:
        return None
    return (
        _published()
        .filter(kind=kind, slug=slug)
        .select_related("campaign", "award__award_form", "award__decision")
        .prefetch_related(Prefetch("photos", queryset=Photo.objects.order_by("position", "id")))
        .first()
    )


def public_photo(pk) -> Photo | None:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return Photo.objects.filter(pk=pk, article__state__in=ArticleState.public()).first()


def public_profile(unit) -> IssuerProfile | None:
    return IssuerProfile.objects.filter(unit=unit).first()


# Back office: articles -------------------------------------------------------------------------


def articles_for(user, *, kind: str | None = None, state: str | None = None) -> QuerySet[Article]:
    """Articles of units the reader edits or reviews for."""
    scope = user_scope(user)
    if not scope.has_role(*EDITORIAL):
        return Article.objects.none()
    qs = Article.objects.filter(scope.unit_q("unit__", roles=EDITORIAL))
    if kind:
        qs = qs.filter(kind=kind)
    if state:
        qs = qs.filter(state=state)
    return qs.select_related("unit", "created_by", "campaign").order_by("-updated_at", "-id")


def article_get_for(user, pk) -> Article:
    article = (
        articles_for(user)
        .select_related(
            "award__decision",
            "award__award_form",
            "nominee__person",
            "nominee__unit",
            "case",
            "reviewed_by",
        )
        .prefetch_related("photos")
        .filter(pk=_pk(pk))
        .first()
    )
    if article is None:
        raise Http404(NOT_FOUND)
    return article


def photo_get_for(user, pk) -> Photo:
    photo = Photo.objects.select_related("article").filter(pk=_pk(pk)).first()
    if photo is None or not articles_for(user).filter(pk=photo.article_id).exists():
        raise Http404(NOT_FOUND)
    return photo


# Back office: proposals of cases ---------------------------------------------------------------


def cases_for(user, *, state: str | None = None) -> QuerySet[CaseProposal]:
    """Editors see the proposals from units in their reach; a proposer sees their own."""
    scope = user_scope(user)
    if scope.is_empty:
        return CaseProposal.objects.none()
    q = Q(proposer=user)
    if scope.has_role(*EDITORIAL):
        q |= scope.unit_q("unit__", roles=EDITORIAL)
    qs = CaseProposal.objects.filter(q)
    if state:
        qs = qs.filter(state=state)
    return qs.select_related("unit", "proposer", "campaign", "handled_by").order_by(
        "-created_at", "-id"
    )


def case_get_for(user, pk) -> CaseProposal:
    case = cases_for(user).filter(pk=_pk(pk)).first()
    if case is None:
        raise Http404(NOT_FOUND)
    return case


def open_case_count(user) -> int:
    return cases_for(user).filter(state__in=CaseState.open()).count()


# Read by monitoring (home, dashboard, reminders): plain querysets and values, one query each --


def articles_in_review(scope, *, limit: int) -> list[Article]:
    """Stories of units the scope reaches waiting for review, oldest first."""
    return list(
        Article.objects.filter(scope.unit_q("unit__"))
        .filter(state=ArticleState.REVIEW)
        .select_related("unit")
        .order_by("submitted_at", "id")[:limit]
    )
