"""Fixtures of the public portal's tests: published and unpublished articles side by side, and
a decided campaign (through the awards tests' staging) with one issued and one draft decision."""

import pytest

from tests.awards.conftest import DECIDED_ON, stage
from tests.communication.conftest import image_upload
from tests.nominations.conftest import campaign, forms  # noqa: F401
from thidua.awards import services as aws
from thidua.communication import services
from thidua.communication.enums import ArticleKind


def publish(article, editor, secretariat):
    services.article_submit(actor=editor, article=article)
    return services.article_approve(actor=secretariat, article=article)


def make_article(
    world, editor, kind=ArticleKind.STORY, title="Bài", body="<p>Nội dung</p>", **extra
):
    return services.article_create(
        actor=editor, kind=kind, unit=world.district, title=title, body=body, **extra
    )


@pytest.fixture
def hidden_articles(world, editor, secretariat):
    """A draft, one in review, one returned and one withdrawn story, and a draft news item,
    each with a photo: none may ever appear on the portal."""
    out = {}
    for state in ("draft", "review", "returned", "withdrawn"):
        a = make_article(
            world, editor, title=f"Bí mật {state} gương", body=f"<p>NỘI-DUNG-{state}</p>"
        )
        services.photo_add(actor=editor, article=a, upload=image_upload())
        if state != "draft":
            services.article_submit(actor=editor, article=a)
        if state == "returned":
            services.article_return(actor=secretariat, article=a, note="Sửa lại")
        if state == "withdrawn":
            services.article_approve(actor=secretariat, article=a)
            services.article_withdraw(actor=secretariat, article=a)
        out[state] = a
    out["news_draft"] = make_article(
        world, editor, kind=ArticleKind.NEWS, title="Bí mật tin nháp", body="<p>NỘI-DUNG-tin</p>"
    )
    return out


@pytest.fixture
def decided(campaign, forms, world, focal_a, focal_b, secretariat, chair):  # noqa: F811
    """The campaign with 1 collective and 2 individuals awarded by an issued decision."""
    staged = stage(
        campaign=campaign,
        forms=forms,
        world=world,
        focal_a=focal_a,
        focal_b=focal_b,
        secretariat=secretariat,
        collectives=1,
        individuals=2,
    )
    aws.fund_set_budget(actor=secretariat, unit=world.district, year=2024, budget=50_000_000)
    draft = aws.decision_create(actor=secretariat, campaign=staged.campaign, decided_on=DECIDED_ON)
    return aws.decision_issue(actor=chair, decision=draft)
