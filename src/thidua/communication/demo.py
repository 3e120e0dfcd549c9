"""Demo stage `published` (after `decided`): the decided campaign's results are public; three
published stories about awardees, two news items, one proposal from the Mặt trận waiting for the
editor; the plan and the decision distributed to every unit, some of them opened. Idempotent."""

import io

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from thidua.awards.enums import DecisionState
from thidua.awards.models import Decision
from thidua.campaigns.enums import SubjectType
from thidua.campaigns.models import Campaign
from thidua.communication import services
from thidua.communication.enums import ArticleKind, CaseState, DocumentKind
from thidua.communication.models import Article, CaseProposal, Delivery, Distribution
from thidua.org.enums import Role
from thidua.org.models import RoleAssignment

PROFILE = {
    "intro": (
        "<p>Ủy ban nhân dân huyện Nguyên Bình tổ chức các phong trào thi đua yêu nước, trọng "
        "tâm là phong trào thi đua đẩy mạnh <strong>cải cách hành chính</strong>, xây dựng chính "
        "quyền điện tử.</p><p>Thường trực Hội đồng Thi đua – Khen thưởng huyện là Phòng Nội vụ; "
        "Phòng Văn hóa và Thông tin cùng Trung tâm Văn hóa và Truyền thông huyện tuyên truyền, "
        "nhân rộng các gương điển hình tiên tiến.</p>"
    ),
    "address": "Thị trấn Nguyên Bình, huyện Nguyên Bình, tỉnh Cao Bằng",
    "phone": "0206 3872 123",
    "email": "ubnd.nguyenbinh@caobang.gov.vn",
}
NEWS = [
    (
        "UBND huyện ban hành Kế hoạch thi đua cải cách hành chính năm 2023",
        "Kế hoạch đặt mục tiêu nâng cao Chỉ số CCHC và DDCI của huyện.",
        "<p>Ủy ban nhân dân huyện Nguyên Bình đã ban hành Kế hoạch phát động phong trào thi đua "
        "đẩy mạnh cải cách hành chính năm 2023, gửi tới các cơ quan, đơn vị và Ủy ban nhân dân các "
        "xã, thị trấn.</p><p>Các đơn vị đăng ký thi đua và gửi kế hoạch của đơn vị trước hạn.</p>",
    ),
    (
        "Tổng kết phong trào thi đua cải cách hành chính năm 2023",
        "Chủ tịch UBND huyện tặng Giấy khen cho các tập thể, cá nhân có thành tích xuất sắc.",
        "<p>Trên cơ sở đề nghị của Hội đồng Thi đua – Khen thưởng huyện, Chủ tịch Ủy ban nhân dân "
        "huyện đã quyết định tặng Giấy khen cho các tập thể, cá nhân có thành tích xuất sắc trong "
        "phong trào.</p><ul><li>Các xã, thị trấn hoàn thành 100% nhiệm vụ CCHC được giao;</li>"
        "<li>Nhiều sáng kiến giúp người dân làm thủ tục trực tuyến.</li></ul>",
    ),
]
CASE = {
    "subject_name": "Bà Hoàng Thị Nhung",
    "subject_detail": "Chi hội trưởng Chi hội Phụ nữ xóm Nà Bản, xã Yên Lạc",
    "description": "Vận động hơn 30 hộ gia đình làm thủ tục hành chính trực tuyến trên Cổng "
    "dịch vụ công; hướng dẫn tận nhà cho người cao tuổi.",
    "contact": "Ủy ban MTTQ huyện – 0206 3872 456",
}
PALETTE = [(164, 22, 26), (11, 79, 156), (26, 127, 55)]


def _user(username: str, role: str):
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        ra = RoleAssignment.objects.filter(role=role).select_related("user").first()
        user = ra.user if ra else None
    return user


def _photo(n: int, caption: str) -> SimpleUploadedFile:
    """A generated illustration (a gradient band with a light disc): the demo has no photos."""
    from PIL import Image, ImageDraw

    r, g, b = PALETTE[n % len(PALETTE)]
    image = Image.new("RGB", (1200, 800), (r, g, b))
    draw = ImageDraw.Draw(image)
    for y in range(800):
        shade = int(120 * y / 800)
        draw.line(
            [(0, y), (1200, y)],
            fill=(min(255, r + shade), min(255, g + shade), min(255, b + shade)),
        )
    draw.ellipse([420, 180, 780, 540], fill=(250, 245, 230))
    buf = io.BytesIO()
    image.save(buf, format="JPEG", quality=85)
    return SimpleUploadedFile(f"{caption}.jpg", buf.getvalue(), content_type="image/jpeg")


def _story_body(award, decision) -> str:
    who = award.name if award.subject_type != SubjectType.INDIVIDUAL else f"{award.name}"
    detail = f" ({award.detail})" if award.detail else ""
    return (
        f"<p><strong>{who}</strong>{detail} là một trong những điển hình của phong trào thi "
        f"đua cải cách hành chính năm 2023.</p>"
        "<p>Trong năm, đơn vị và cá nhân đã giải quyết hồ sơ thủ tục hành chính đúng hạn, "
        "niêm yết công khai đầy đủ và hướng dẫn tận tình người dân, doanh nghiệp; chủ động "
        "đưa dịch vụ công trực tuyến đến từng xóm.</p>"
        f"<p>Ghi nhận thành tích đó, Chủ tịch Ủy ban nhân dân huyện đã tặng "
        f"<em>{award.award_form.name}</em> theo Quyết định số {decision.reference}.</p>"
    )


def _summary(award) -> str:
    if award.subject_type == SubjectType.INDIVIDUAL and award.detail:
        return f"{award.award_form.name} – {award.detail}"
    return award.award_form.name


def _pick_awards(decision) -> list:
    awards = list(decision.awards.select_related("award_form", "unit").order_by("position", "id"))
    individuals = [a for a in awards if a.subject_type == SubjectType.INDIVIDUAL]
    collectives = [a for a in awards if a.subject_type != SubjectType.INDIVIDUAL]
    return (individuals[:2] + collectives[:1] + individuals[2:] + collectives[1:])[:3]


def build_published(campaign: Campaign) -> str:
    decision = (
        Decision.objects.filter(campaign=campaign, state=DecisionState.ISSUED)
        .select_related("issuer")
        .order_by("decided_on", "id")
        .first()
    )
    if decision is None:
        return "chưa có quyết định khen thưởng được ban hành; chưa công bố"
    if Article.objects.filter(campaign=campaign, kind=ArticleKind.STORY).exists():
        return "đã công bố"
    editor, secretariat = _user("bientap", Role.EDITOR), _user("noivu", Role.SECRETARIAT)
    observer = _user("mattran", Role.OBSERVER)
    unit = campaign.issuer
    with transaction.atomic():
        services.profile_save(actor=editor, unit=unit, **PROFILE)
        stories = []
        for n, award in enumerate(_pick_awards(decision)):
            article = services.article_create(
                actor=editor,
                kind=ArticleKind.STORY,
                unit=unit,
                campaign=campaign,
                award=award,
                title=f"{award.name}: tận tụy vì người dân",
                summary=_summary(award),
                body=_story_body(award, decision),
            )
            services.photo_add(
                actor=editor,
                article=article,
                upload=_photo(n, award.name),
                caption=f"{award.name} (ảnh minh họa)",
            )
            services.article_submit(actor=editor, article=article)
            services.article_approve(actor=secretariat, article=article)
            stories.append(article)
        for title, summary, body in NEWS:
            news = services.article_create(
                actor=editor,
                kind=ArticleKind.NEWS,
                unit=unit,
                campaign=campaign,
                title=title,
                summary=summary,
                body=body,
            )
            services.article_submit(actor=editor, article=news)
            services.article_approve(actor=secretariat, article=news)
        if not CaseProposal.objects.filter(subject_name=CASE["subject_name"]).exists():
            services.case_propose(actor=observer, unit=unit, campaign=campaign, **CASE)
        if campaign.plan_pdf:
            services.plan_distribute(actor=secretariat, campaign=campaign)
        units = {p.unit for p in campaign.participants.select_related("unit")}
        units |= {a.unit for a in decision.awards.select_related("unit")}
        dist = services.decision_distribute(
            actor=secretariat, decision=decision, units=sorted(units, key=lambda u: u.path)
        )
    opened = _open_some(dist)
    cases = CaseProposal.objects.filter(state=CaseState.NEW).count()
    return (
        f"{len(stories)} gương điển hình, {len(NEWS)} tin đã đăng; {cases} đề xuất chờ biên "
        f"tập viên; Quyết định số {decision.reference} gửi {dist.deliveries.count()} đơn vị, "
        f"{opened} đơn vị đã mở"
    )


def _open_some(dist: Distribution) -> int:
    """The recipient units that have an account open the document (the demo's focal points)."""
    opened = 0
    for delivery in Delivery.objects.filter(distribution=dist).select_related("unit"):
        ra = RoleAssignment.objects.filter(unit=delivery.unit).select_related("user").first()
        if ra is not None:
            services.delivery_open(user=ra.user, delivery=delivery)
            opened += 1
    for plan in Distribution.objects.filter(kind=DocumentKind.PLAN, campaign=dist.campaign):
        for delivery in plan.deliveries.select_related("unit"):
            ra = RoleAssignment.objects.filter(unit=delivery.unit).select_related("user").first()
            if ra is not None:
                services.delivery_open(user=ra.user, delivery=delivery)
    return opened
