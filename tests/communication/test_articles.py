import pytest
from django.core.exceptions import ValidationError

from tests.communication.conftest import image_upload
from thidua.communication import selectors, services
from thidua.communication.enums import TRANSITIONS, ArticleKind, ArticleState
from thidua.core.models import AuditLog, Notification


def _actions(article):
    return list(
        AuditLog.objects.filter(object_type="communication.article", object_id=str(article.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_story_goes_draft_review_published_with_an_audit_trail(story, editor, secretariat):
    assert (story.state, story.slug) == (ArticleState.DRAFT, "nguoi-can-bo-tan-tuy-voi-mot-cua")
    services.article_submit(actor=editor, article=story)
    assert Notification.objects.filter(user=secretariat, title__contains=story.title).count() == 1
    story = services.article_approve(actor=secretariat, article=story)
    assert story.state == ArticleState.PUBLISHED and story.published_at is not None
    assert story.reviewed_by == secretariat
    assert _actions(story) == [
        "communication.article.create",
        "communication.article.submit",
        "communication.article.approve",
    ]


def test_return_needs_a_reason_and_the_editor_is_told(story, editor, secretariat):
    services.article_submit(actor=editor, article=story)
    with pytest.raises(ValidationError):
        services.article_return(actor=secretariat, article=story, note="  ")
    story = services.article_return(actor=secretariat, article=story, note="Thêm ảnh minh họa.")
    assert (story.state, story.review_note) == (ArticleState.RETURNED, "Thêm ảnh minh họa.")
    assert (
        Notification.objects.get(user=editor, title__startswith="Bài viết bị trả lại").body
        == "Thêm ảnh minh họa."
    )
    story = services.article_update(actor=editor, article=story, title="Tận tụy với một cửa")
    assert services.article_submit(actor=editor, article=story).state == ArticleState.REVIEW


@pytest.mark.parametrize(
    "start,to",
    [
        (ArticleState.DRAFT, ArticleState.PUBLISHED),
        (ArticleState.DRAFT, ArticleState.RETURNED),
        (ArticleState.PUBLISHED, ArticleState.REVIEW),
        (ArticleState.WITHDRAWN, ArticleState.PUBLISHED),
    ],
)
def test_moves_outside_the_table_are_refused(story, start, to):
    assert (start, to) not in TRANSITIONS
    type(story).objects.filter(pk=story.pk).update(state=start, published_at=story.created_at)
    with pytest.raises(ValidationError):
        services._move(actor=None, article=story, to=to)


def test_every_edge_of_the_table_is_a_service(story, editor, secretariat):
    services.article_submit(actor=editor, article=story)
    services.article_approve(actor=secretariat, article=story)
    services.article_withdraw(actor=secretariat, article=story, note="Sai tên")
    story = services.article_reopen(actor=editor, article=story)
    assert story.state == ArticleState.DRAFT
    assert set(TRANSITIONS.values()) <= {n for n in dir(services) if n.startswith("article_")}


def test_published_article_cannot_be_edited_and_its_slug_stays(published_story, editor):
    with pytest.raises(ValidationError):
        services.article_update(actor=editor, article=published_story, title="Khác")
    services.article_withdraw(actor=None, article=published_story)
    story = services.article_reopen(actor=editor, article=published_story)
    story = services.article_update(actor=editor, article=story, title="Một tiêu đề khác hẳn")
    assert story.slug == "nguoi-can-bo-tan-tuy-voi-mot-cua"


def test_empty_story_cannot_be_submitted(world, editor):
    article = services.article_create(
        actor=editor,
        kind=ArticleKind.NEWS,
        unit=world.district,
        title="Tin",
        body="<script>x</script>",
    )
    assert article.body == ""
    with pytest.raises(ValidationError) as exc:
        services.article_submit(actor=editor, article=article)
    assert exc.value.messages == ["Bài viết chưa có nội dung."]


def test_slugs_are_vietnamese_free_and_unique_per_kind(world, editor):
    a = services.article_create(
        actor=editor,
        kind=ArticleKind.NEWS,
        unit=world.district,
        title="Nguyễn Văn Hưởng – Phòng Nội vụ",
    )
    b = services.article_create(
        actor=editor,
        kind=ArticleKind.NEWS,
        unit=world.district,
        title="Nguyễn Văn Hưởng: Phòng Nội vụ!",
    )
    c = services.article_create(
        actor=editor,
        kind=ArticleKind.STORY,
        unit=world.district,
        title="Nguyễn Văn Hưởng – Phòng Nội vụ",
    )
    assert (a.slug, b.slug, c.slug) == (
        "nguyen-van-huong-phong-noi-vu",
        "nguyen-van-huong-phong-noi-vu-2",
        "nguyen-van-huong-phong-noi-vu",
    )


def test_body_is_sanitised_when_saved(world, editor):
    a = services.article_create(
        actor=editor,
        kind=ArticleKind.NEWS,
        unit=world.district,
        title="Tin",
        body='<p onclick="x()">A<script>b()</script></p>',
    )
    assert a.body == "<p>A</p>"


def test_photos_are_added_only_while_editable(story, editor, secretariat):
    photo = services.photo_add(actor=editor, article=story, upload=image_upload(), caption="Ảnh")
    assert (photo.width, photo.height, photo.kind, photo.caption) == (1600, 800, "jpeg", "Ảnh")
    services.article_submit(actor=editor, article=story)
    with pytest.raises(ValidationError):
        services.photo_add(actor=editor, article=story, upload=image_upload())
    assert story.photos.count() == 1


def test_public_readers_never_return_a_draft_a_review_or_a_returned_story(
    world, editor, secretariat, published_story
):
    draft = services.article_create(
        actor=editor, kind=ArticleKind.STORY, unit=world.district, title="Bản nháp bí mật", body="x"
    )
    review = services.article_create(
        actor=editor, kind=ArticleKind.STORY, unit=world.district, title="Đang chờ duyệt", body="x"
    )
    services.article_submit(actor=editor, article=review)
    returned = services.article_create(
        actor=editor, kind=ArticleKind.STORY, unit=world.district, title="Bị trả lại", body="x"
    )
    services.article_submit(actor=editor, article=returned)
    services.article_return(actor=secretariat, article=returned, note="Sửa")
    photo = services.photo_add(actor=editor, article=draft, upload=image_upload())
    assert [a.pk for a in selectors.public_articles(ArticleKind.STORY)] == [published_story.pk]
    for hidden in (draft, review, returned):
        assert selectors.public_article(ArticleKind.STORY, hidden.slug) is None
    assert selectors.public_photo(photo.pk) is None
    assert selectors.public_article(ArticleKind.NEWS, published_story.slug) is None


def test_back_office_readers_follow_roles(world, story, editor, secretariat, observer, focal_a):
    assert list(selectors.articles_for(editor)) == [story]
    assert list(selectors.articles_for(secretariat)) == [story]
    assert list(selectors.articles_for(observer)) == []
    assert list(selectors.articles_for(focal_a)) == []
