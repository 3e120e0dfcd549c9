"""The portal's sitemap: fixed pages, public campaigns and results, published articles."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from thidua.communication import selectors as cs
from thidua.portal import queries


class PagesSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return [
            "front",
            "portal:about",
            "portal:campaigns",
            "portal:results",
            "portal:stories",
            "portal:news_list",
            "portal:verify_form",
            "portal:disclosures",
            "portal:citizen_propose",
        ]

    def location(self, item):
        return reverse(item)


class CampaignSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return queries.public_campaign_list()

    def location(self, item):
        return reverse("portal:campaign", args=[item.pk])


class ResultSitemap(Sitemap):
    def items(self):
        return queries.result_campaigns()

    def location(self, item):
        return reverse("portal:result", args=[item.pk])

    def lastmod(self, item):
        return item.last_decided_on


class ArticleSitemap(Sitemap):
    def items(self):
        return cs.public_articles().prefetch_related(None)

    def location(self, item):
        return item.public_path

    def lastmod(self, item):
        return item.published_at


SITEMAPS = {
    "trang": PagesSitemap,
    "phong-trao": CampaignSitemap,
    "ket-qua": ResultSitemap,
    "bai-viet": ArticleSitemap,
}
