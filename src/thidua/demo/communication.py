"""Demo stage `published` (after `decided`): the decided campaign's results are public; three
published stories about awardees, two news items, one proposal from the Mặt trận waiting for the
editor; the plan and the decision distributed to every unit, some of them opened. Idempotent."""

import io
import random

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image, ImageDraw, ImageFont

from thidua.awards import services as awards_services
from thidua.awards.enums import DecisionState
from thidua.awards.models import Decision
from thidua.campaigns import services as campaigns_services
from thidua.campaigns.enums import SubjectType
from thidua.campaigns.models import Campaign
from thidua.communication import services
from thidua.communication.enums import ArticleKind, CaseState
from thidua.communication.models import Article, CaseProposal
from thidua.distribution import services as distribution_services
from thidua.distribution.enums import DocumentKind
from thidua.distribution.models import Delivery, Distribution
from thidua.documents.fonts import FONT_DIR
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
    """A drawn illustration, different for each story: the commune's one-stop office (bộ
    phận một cửa) under a morning sky, hills behind, a flag, and people coming to it. Drawn by
    the demo with Pillow (no photo of a real person); released under CC0 like the demo."""
    rng = random.Random(n)
    r, g, b = PALETTE[n % len(PALETTE)]
    w, h = 1200, 800
    image = Image.new("RGB", (w, h))
    draw = ImageDraw.Draw(image)
    for y in range(h):  # sky: the story's colour fading to a warm light
        t = y / h
        draw.line([(0, y), (w, y)], fill=(
            int(r + (255 - r) * t), int(g + (236 - g) * t), int(b + (200 - b) * t)))  # fmt: skip
    sun_x = rng.randint(150, 1050)
    draw.ellipse([sun_x - 60, 90, sun_x + 60, 210], fill=(255, 226, 140))
    for i, shade in enumerate([(86, 140, 96), (62, 118, 78)]):  # two ranges of hills
        base = 430 + i * 60
        points = (
            [(0, h)]
            + [
                (x, base - int(90 * abs(((x / 300 + i * 0.5 + n * 0.37) % 2) - 1)))
                for x in range(0, w + 50, 50)
            ]
            + [(w, h)]
        )
        draw.polygon(points, fill=shade)
    draw.rectangle([0, 600, w, h], fill=(196, 176, 132))  # the yard
    draw.rectangle([380, 330, 820, 600], fill=(246, 232, 196))  # the office
    draw.polygon([(350, 340), (600, 240), (850, 340)], fill=(178, 34, 34))  # the roof
    draw.rectangle([560, 470, 640, 600], fill=(120, 78, 48))  # the door
    for x in (420, 480, 680, 740):
        draw.rectangle([x, 390, x + 40, 440], fill=(150, 190, 220))
    draw.rectangle([440, 345, 760, 375], fill=(200, 30, 30))  # the sign board
    font = ImageFont.truetype(str(FONT_DIR / "Tinos-Bold.ttf"), 22)
    draw.text((600, 360), "BỘ PHẬN MỘT CỬA", fill=(255, 230, 120), font=font, anchor="mm")
    draw.line([(900, 600), (900, 300)], fill=(90, 90, 90), width=6)  # the flag
    draw.rectangle([903, 300, 1003, 366], fill=(218, 37, 29))
    star = [(953, 312), (960, 330), (979, 330), (964, 341), (970, 359), (953, 348),
            (936, 359), (942, 341), (927, 330), (946, 330)]  # fmt: skip
    draw.polygon(star, fill=(255, 205, 0))
    for _ in range(rng.randint(3, 6)):  # people coming to the office
        x = rng.randint(120, 1080)
        y = rng.randint(640, 740)
        colour = rng.choice([(30, 70, 140), (200, 60, 60), (240, 240, 240), (60, 120, 60)])
        draw.ellipse([x - 12, y - 70, x + 12, y - 46], fill=(224, 180, 140))
        draw.rectangle([x - 16, y - 46, x + 16, y], fill=colour)
        draw.polygon([(x - 26, y - 72), (x, y - 90), (x + 26, y - 72)], fill=(214, 190, 120))
    buf = io.BytesIO()
    image.save(buf, format="JPEG", quality=85)
    return SimpleUploadedFile(f"{caption}.jpg", buf.getvalue(), content_type="image/jpeg")


PHOTO_LICENCE = "Ảnh minh họa do hệ thống vẽ tự động, không phải ảnh thật; giấy phép CC0"


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
                caption=f"{award.name}. {PHOTO_LICENCE}.",
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
            campaigns_services.plan_distribute(actor=secretariat, campaign=campaign)
        units = {p.unit for p in campaign.participants.select_related("unit")}
        units |= {a.unit for a in decision.awards.select_related("unit")}
        dist = awards_services.decision_distribute(
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
            distribution_services.delivery_open(user=ra.user, delivery=delivery)
            opened += 1
    for plan in Distribution.objects.filter(kind=DocumentKind.PLAN, campaign=dist.campaign):
        for delivery in plan.deliveries.select_related("unit"):
            ra = RoleAssignment.objects.filter(unit=delivery.unit).select_related("user").first()
            if ra is not None:
                distribution_services.delivery_open(user=ra.user, delivery=delivery)
    return opened
