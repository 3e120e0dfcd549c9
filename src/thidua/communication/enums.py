from django.db import models


class ArticleKind(models.TextChoices):
    STORY = "story", "Gương điển hình"
    NEWS = "news", "Tin tức"


class ArticleState(models.TextChoices):
    DRAFT = "draft", "Bản nháp"
    REVIEW = "review", "Chờ duyệt"
    RETURNED = "returned", "Bị trả lại"
    PUBLISHED = "published", "Đã đăng"
    WITHDRAWN = "withdrawn", "Đã gỡ xuống"

    @classmethod
    def editable(cls) -> set[str]:
        """States in which the editor may change the text and the photos."""
        return {cls.DRAFT, cls.RETURNED}

    @classmethod
    def public(cls) -> set[str]:
        """The only state the portal ever shows."""
        return {cls.PUBLISHED}


# The only allowed moves, each made by one service in communication.services.
TRANSITIONS: dict[tuple[str, str], str] = {
    (ArticleState.DRAFT, ArticleState.REVIEW): "article_submit",
    (ArticleState.RETURNED, ArticleState.REVIEW): "article_submit",
    (ArticleState.REVIEW, ArticleState.PUBLISHED): "article_approve",
    (ArticleState.REVIEW, ArticleState.RETURNED): "article_return",
    (ArticleState.PUBLISHED, ArticleState.WITHDRAWN): "article_withdraw",
    (ArticleState.WITHDRAWN, ArticleState.DRAFT): "article_reopen",
}


class CaseState(models.TextChoices):
    NEW = "new", "Chờ biên tập viên xem"
    ACCEPTED = "accepted", "Đã nhận viết bài"
    DECLINED = "declined", "Không sử dụng"

    @classmethod
    def open(cls) -> set[str]:
        return {cls.NEW}
