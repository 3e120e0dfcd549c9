"""Public portal pages (no login): the issuing body, campaigns with their published plan,
results of decided campaigns, exemplary stories, news, the Atom feed and the sitemap.

Every read goes through communication.selectors.public_* or portal.queries, which return only
what was published. An unknown slug or id gets a friendly 404 page.
"""

import hashlib

from django.contrib.syndication.views import Feed
from django.core.cache import caches
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_GET

from thidua.campaigns.enums import SubjectType
from thidua.communication import selectors as cs
from thidua.communication.enums import ArticleKind
from thidua.communication.html import plain_text
from thidua.portal import queries

HOME_NEWS, HOME_STORIES, HOME_CAMPAIGNS = 5, 3, 5
LIST_SIZE = 20
RESULT_PAGE_SIZE = 200  # awards on one page of a campaign's results
CACHE_SECONDS = 600  # a public page built once serves anonymous visitors this long at most
SITE_NAME = "Thi đua – Khen thưởng"
_KIND_OF = {"story": ArticleKind.STORY, "news": ArticleKind.NEWS}


def not_found(request, message: str = "Không tìm thấy trang bạn cần."):
    response = render(request, "portal/not_found.html", {"message": message}, status=404)
    response["X-Robots-Tag"] = "noindex"
    return response


def _og(request, *, title: str, description: str = "", image=None, kind: str = "website"):
    return {
        "title": title,
        "description": description,
        "type": kind,
        "url": request.build_absolute_uri(),
        "image": request.build_absolute_uri(_photo_url(image)) if image else "",
    }


def _photo_url(photo) -> str:
    return reverse("portal:photo", args=[photo.pk, photo.extension])


def _page(request, qs, size: int = LIST_SIZE):
    from django.core.paginator import Paginator

    return Paginator(qs, size).get_page(request.GET.get("trang"))


@require_GET
def home(request):
    news = list(cs.public_articles(ArticleKind.NEWS)[:HOME_NEWS])
    stories = list(cs.public_articles(ArticleKind.STORY)[:HOME_STORIES])
    campaigns = list(queries.public_campaign_list()[:HOME_CAMPAIGNS])
    results = list(queries.result_campaigns()[:HOME_CAMPAIGNS])
    return render(request, "portal/home.html", {
        "news": news, "stories": stories, "campaigns": campaigns, "results": results,
        "og": _og(request, title=SITE_NAME,
                  description="Kế hoạch, kết quả khen thưởng, gương điển hình tiên tiến và tin "
                              "tức về phong trào thi đua."),
        "nav": "home",
    })  # fmt: skip


@require_GET
def portal_home(request):
    """`/cong-thong-tin/`, the portal's old address: a visitor goes to `/`, where the portal now
    lives; a signed-in user, whose `/` is the work page, still sees the portal here."""
    if not request.user.is_authenticated:
        return redirect("front", permanent=True)
    return home(request)


@require_GET
def about(request):
    issuers = [(u, queries.issuer_units(u)) for u in queries.issuers()]
    return render(request, "portal/about.html", {
        "issuers": issuers, "nav": "about",
        "og": _og(request, title="Giới thiệu cơ quan ban hành"),
    })  # fmt: skip


@require_GET
def campaign_list(request):
    return render(request, "portal/campaigns.html", {
        "page": _page(request, queries.public_campaign_list()), "nav": "campaigns",
        "og": _og(request, title="Các phong trào thi đua"),
    })  # fmt: skip


@require_GET
def campaign_detail(request, pk):
    campaign = queries.public_campaign(pk)
    if campaign is None:
        return not_found(request, "Không tìm thấy phong trào thi đua này.")
    return render(request, "portal/campaign.html", {
        "campaign": campaign, "nav": "campaigns",
        "has_results": queries.result_campaigns().filter(pk=campaign.pk).exists(),
        "og": _og(request, title=campaign.title,
                  description=f"Kế hoạch số {campaign.reference} của {campaign.issuer.name}"),
    })  # fmt: skip


def _pdf(field_file, name: str) -> FileResponse:
    response = FileResponse(
        field_file.open("rb"), as_attachment=False, filename=name, content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def campaign_plan_pdf(request, pk):
    campaign = queries.public_campaign(pk)
    if campaign is None or not campaign.plan_pdf:
        return not_found(request, "Kế hoạch này chưa được công bố.")
    return _pdf(campaign.plan_pdf, f"ke-hoach-{campaign.pk}.pdf")


@require_GET
def result_list(request):
    """Built once per version of the published decisions (counting a province's awards for
    every request cost seconds at the nation's size)."""
    page = request.GET.get("trang", "1")
    return cached_public_page(
        request,
        ("results", queries.published_stamp(), page),
        lambda: render(
            request,
            "portal/results.html",
            {
                "page": _page(request, queries.result_campaigns()),
                "nav": "results",
                "og": _og(request, title="Kết quả khen thưởng"),
            },
        ),  # fmt: skip
        cache=page.isdigit() and len(page) < 6,
    )


@require_GET
def result_detail(request, pk):
    """A campaign's results: every issued decision with its counts, and its awards a page at a
    time (a province's title round awards hundreds of thousands). Built once for anonymous
    visitors until a decision is issued or withdrawn (`public_results_stamp`)."""
    stamp = queries.public_results_stamp(pk)
    if stamp is None:
        return not_found(request, "Phong trào này chưa có quyết định khen thưởng được công bố.")
    page = request.GET.get("trang", "1")
    return cached_public_page(
        request,
        ("result", pk, stamp, page),
        lambda: _result_page(request, pk),
        cache=page.isdigit() and len(page) < 6,  # not one entry per odd query string
    )


def _result_page(request, pk):
    campaign = queries.public_campaign(pk)
    decisions = queries.public_decisions(campaign) if campaign else []
    if not decisions:
        return not_found(request, "Phong trào này chưa có quyết định khen thưởng được công bố.")
    paginator = Paginator(queries.public_awards(campaign), RESULT_PAGE_SIZE)
    paginator.count = sum(d.individual_count + d.collective_count for d in decisions)
    page = paginator.get_page(request.GET.get("trang"))
    of = {d.pk: d for d in decisions}
    shown: dict[int, dict] = {}  # the decisions on this page, their awards in printed order
    for number, award in enumerate(page, start=page.start_index()):
        award.number = number
        group = shown.setdefault(
            award.decision_id,
            {"decision": of[award.decision_id], "collectives": [], "individuals": []},
        )
        key = "individuals" if award.subject_type == SubjectType.INDIVIDUAL else "collectives"
        group[key].append(award)
    stories = list(cs.public_articles(ArticleKind.STORY).filter(campaign=campaign)[:6])
    return render(request, "portal/result.html", {
        "campaign": campaign, "decisions": decisions, "shown": list(shown.values()),
        "page": page, "stories": stories, "nav": "results",
        "og": _og(request, title=f"Kết quả khen thưởng: {campaign.title}"),
    })  # fmt: skip


def cached_public_page(request, key: tuple, build, *, cache: bool = True) -> HttpResponse:
    """A public page as an anonymous visitor sees it, kept in the shared cache under `key`
    (which names what the page shows and its version) for CACHE_SECONDS; a signed-in reader
    (whose layout differs) and a 404 are always built afresh. The page's ETag names the same
    version: a visitor who already holds it gets 304 Not Modified, before any cache read."""
    if request.user.is_authenticated or not cache:
        return build()
    name = "portal:" + ":".join(str(part) for part in (*key, request.get_host()))
    etag = '"' + hashlib.sha256(name.encode()).hexdigest()[:32] + '"'
    unchanged = get_conditional_response(request, etag=etag)
    if unchanged is not None:
        unchanged["ETag"] = etag
        return unchanged
    hit = caches["default"].get(name)
    if hit is not None:
        content_type, body = hit
        response = HttpResponse(body, content_type=content_type)
    else:
        response = build()
        if response.status_code != 200:
            return response
        caches["default"].set(name, (response["Content-Type"], response.content), CACHE_SECONDS)
    response["ETag"] = etag
    return response


@require_GET
def decision_pdf(request, pk):
    decision = queries.public_decision(pk)
    if decision is None:
        return not_found(request, "Không tìm thấy quyết định này.")
    return _pdf(decision.pdf, f"quyet-dinh-{decision.number}-{decision.year}.pdf")


def _article_list(request, kind: str, template_title: str, nav: str):
    return render(request, "portal/articles.html", {
        "page": _page(request, cs.public_articles(kind)), "kind": kind, "nav": nav,
        "heading": template_title, "og": _og(request, title=template_title),
    })  # fmt: skip


def _article_detail(request, kind: str, slug: str, nav: str):
    article = cs.public_article(kind, slug)
    if article is None:
        return not_found(
            request,
            "Không tìm thấy bài viết này. Có thể đường dẫn bị gõ sai "
            "hoặc bài viết đã được gỡ xuống.",
        )
    photos = list(article.photos.all())
    description = article.summary or plain_text(article.body, 200)
    return render(request, "portal/article.html", {
        "article": article, "photos": photos, "nav": nav,
        "award": article.award if article.award_id and article.award.decision.is_issued else None,
        "og": _og(request, title=article.title, description=description,
                  image=photos[0] if photos else None, kind="article"),
    })  # fmt: skip


@require_GET
def story_list(request):
    return _article_list(request, ArticleKind.STORY, "Gương điển hình tiên tiến", "stories")


@require_GET
def story_detail(request, slug):
    return _article_detail(request, ArticleKind.STORY, slug, "stories")


@require_GET
def news_list(request):
    return _article_list(request, ArticleKind.NEWS, "Tin tức thi đua – khen thưởng", "news")


@require_GET
def news_detail(request, slug):
    return _article_detail(request, ArticleKind.NEWS, slug, "news")


@require_GET
def photo(request, pk, ext):
    found = cs.public_photo(pk)
    if found is None or found.extension != ext:
        raise Http404("Không tìm thấy ảnh.")
    content_type = "image/png" if found.kind == "png" else "image/jpeg"
    response = FileResponse(found.image.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=86400"
    return response


class ArticleFeed(Feed):
    """Atom feed of published news and stories, newest first."""

    feed_type = Atom1Feed
    title = "Tin tức và gương điển hình – Thi đua, khen thưởng"
    subtitle = "Tin tức về phong trào thi đua và những gương điển hình tiên tiến."
    link = "/"
    language = "vi"

    def items(self):
        return cs.public_articles()[:30]

    def item_title(self, item):
        return f"{item.get_kind_display()}: {item.title}"

    def item_description(self, item):
        return item.summary or plain_text(item.body, 300)

    def item_link(self, item):
        return item.public_path

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at

    def item_categories(self, item):
        return [item.get_kind_display()]


feed = ArticleFeed()
