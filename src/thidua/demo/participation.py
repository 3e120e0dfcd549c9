"""`thidua demo` (stage `disclosure`, after `published`): the district's round of đột xuất
commendations, whose list — a proposal of Thị trấn Nguyên Bình for a civil servant who saved
a child from the flood — is under public disclosure on the portal (`/cong-khai/`) with its
window open at the time the demo is built (opened two days before, closing after the 10
working days the law asks), one comment published and one waiting for moderation; and two
proposals citizens sent through the portal, one answered. Idempotent: a later build opens a
new window only when the last one has closed."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from thidua.campaigns import services as campaign_services
from thidua.campaigns.enums import CampaignState, DossierScope, PhaseKind, SubjectType
from thidua.campaigns.models import Campaign
from thidua.demo.nominations import evidence_pdf
from thidua.nominations import services as nominations
from thidua.nominations.models import Proposal
from thidua.nominations.selectors import dossier_missing
from thidua.org.models import Person, Unit
from thidua.participation import services
from thidua.participation.enums import DeedKind, DisclosureBasis, ProposerKind
from thidua.participation.models import CitizenProposal, Disclosure

TITLE = "Khen thưởng đột xuất năm 2024: người tốt, việc tốt, hành động dũng cảm"
COMMUNE = "X01726"  # Thị trấn Nguyên Bình
ADDRESS = "203.0.113.7"  # a documentation address (RFC 5737): the demo's visitor
FORM = "Giấy khen của Chủ tịch UBND huyện (khen thưởng đột xuất)"
CHECKLIST = [
    ("Tờ trình đề nghị khen thưởng đột xuất của đơn vị.", DossierScope.PER_PROPOSAL),
    ("Báo cáo tóm tắt hành động, việc làm (có xác nhận của chính quyền nơi xảy ra).",
     DossierScope.PER_NOMINEE),
]  # fmt: skip
CRITERION = (
    "Có hành động dũng cảm hoặc việc làm tốt, nêu gương trong cộng đồng, được chính quyền nơi "
    "xảy ra xác nhận."
)


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(0, 0)))


def _launch(seed: Campaign) -> Campaign:
    district = seed.issuer
    campaign = campaign_services.campaign_create(
        actor=None, issuer=district, fund_unit=district, year=2024, title=TITLE,
        issuer_display=seed.issuer_display, place=seed.place,
        period_start=dt.date(2024, 1, 2), period_end=dt.date(2024, 12, 31),
        awards_text="Chủ tịch UBND huyện tặng Giấy khen đột xuất cho cá nhân, tập thể có hành "
        "động dũng cảm, việc làm tốt.",
    )  # fmt: skip
    campaign_services.participants_set(
        actor=None, campaign=campaign, units=[p.unit for p in seed.participants.all()]
    )
    campaign_services.phase_set(
        actor=None, campaign=campaign, kind=PhaseKind.REGISTRATION,
        starts_at=_aware(dt.date(2024, 1, 2)), ends_at=_aware(dt.date(2024, 1, 10)),
    )  # fmt: skip
    campaign_services.criterion_add(
        actor=None, campaign=campaign, subject_type=SubjectType.INDIVIDUAL, text=CRITERION,
        kind="attested",
    )  # fmt: skip
    campaign_services.award_form_add(
        actor=None, campaign=campaign, name=FORM, subject_type=SubjectType.INDIVIDUAL,
        quota=None, legal_kind="GIAY_KHEN_CHU_TICH_HUYEN", rule_set="Nghị định 98/2023/NĐ-CP",
        checklist=CHECKLIST,
    )  # fmt: skip
    return campaign_services.campaign_publish(
        actor=None, campaign=campaign, issued_on=dt.date(2024, 1, 2), doc_number="03"
    )


def open_nominations(
    campaign: Campaign, *, now: dt.datetime, days: tuple[int, int], note: str, actor=None
) -> Campaign:
    """The published campaign running, its nomination window open around `now` (from
    `days[0]` days before to `days[1]` days after), so the demo's screens can be tried."""
    if campaign.state == CampaignState.PUBLISHED:
        campaign = campaign_services.campaign_start(actor=actor, campaign=campaign)
    campaign_services.phase_set(
        actor=actor, campaign=campaign, kind=PhaseKind.NOMINATION,
        starts_at=now - dt.timedelta(days=days[0]), ends_at=now + dt.timedelta(days=days[1]),
        note=note,
    )  # fmt: skip
    return campaign


def _nominate(campaign: Campaign, now: dt.datetime) -> None:
    campaign = open_nominations(
        campaign, now=now, days=(20, 60),
        note="Nhận hồ sơ đề nghị khen thưởng đột xuất (dữ liệu mẫu)",
    )  # fmt: skip
    proposal = submit_deed(
        campaign, Unit.objects.get(code=COMMUNE), now=now,
        achievement="Ngày 14/7/2024, khi lũ quét tràn qua ngầm tràn Nà Bản, đã lao xuống dòng "
        "nước xiết cứu một học sinh bị cuốn trôi, đưa em vào bờ an toàn.",
        summary="Dũng cảm cứu người trong lũ quét ngày 14/7/2024.",
    )  # fmt: skip
    nominations.proposal_accept(actor=None, proposal=proposal, note="Hồ sơ đầy đủ (dữ liệu mẫu).")
    nominations.eligibility_evaluate(campaign=campaign, now=now)


def submit_deed(
    campaign: Campaign,
    commune: Unit,
    *,
    achievement: str,
    summary: str,
    now: dt.datetime,
    actor=None,
) -> Proposal:
    """The commune's đột xuất dossier for one of its people, complete and sent."""
    person = Person.objects.filter(unit=commune).order_by("-sort_key").first()
    proposal = nominations.proposal_open(actor=actor, campaign=campaign, unit=commune)
    nominee = nominations.nominee_add(
        actor=actor, proposal=proposal, award_form=campaign.award_forms.get(), person=person,
        achievement=achievement, summary=summary,
    )  # fmt: skip
    for criterion in campaign.criteria.all():
        nominations.answer_set(
            actor=actor, nominee=nominee, criterion=criterion, attested=True,
            text="Có xác nhận của UBND và Công an nơi xảy ra sự việc.",
            evidence=evidence_pdf("xac nhan"),
        )  # fmt: skip
    for m in dossier_missing(proposal):
        nominations.document_upload(
            actor=actor,
            proposal=proposal,
            item=m.item,
            nominee=m.nominee,
            upload=evidence_pdf(m.label),
        )
    return nominations.proposal_submit(actor=actor, proposal=proposal, now=now)


def _disclose(campaign: Campaign, today: dt.date) -> Disclosure | None:
    last = Disclosure.objects.filter(campaign=campaign).order_by("-closes_on").first()
    if last is not None and last.closes_on >= today:
        return None
    opens_on = today - dt.timedelta(days=2)
    if last is not None:
        opens_on = max(opens_on, last.closes_on + dt.timedelta(days=1))
    disclosure = services.disclosure_open(
        actor=None, campaign=campaign, opens_on=opens_on, today=opens_on,
        closes_on=services.earliest_close(opens_on, 10), basis=DisclosureBasis.LAW,
        contact="Phòng Nội vụ huyện Nguyên Bình, thị trấn Nguyên Bình; điện thoại 0206 3872 123.",
    )  # fmt: skip
    entry = disclosure.entries.first()
    published = services.comment_submit(
        entry=entry, author_name="Lục Văn Tường", contact="0912 345 678", address=ADDRESS,
        content="Tôi là người dân xóm Nà Bản, chứng kiến sự việc. Anh đã cứu cháu học sinh "
        "trong lúc nước lũ rất to; đề nghị khen thưởng xứng đáng.",
    )  # fmt: skip
    services.comment_publish(actor=None, comment=published)
    services.comment_submit(
        entry=entry, author_name="Nông Thị Hạnh", contact="hanh.nt@example.vn", address=ADDRESS,
        content="Đề nghị ghi rõ thêm tên các người dân cùng tham gia ứng cứu hôm đó.",
    )  # fmt: skip
    return disclosure


def _citizens(district: Unit) -> int:
    if CitizenProposal.objects.exists():
        return 0
    answered = services.citizen_proposal_submit(
        unit=district, proposer_kind=ProposerKind.ENTERPRISE,
        proposer_name="Công ty TNHH Vận tải Thành Đạt", proposer_contact="0206 3851 999",
        proposer_address="Tổ 3, thị trấn Nguyên Bình", subject_name="Ông Đàm Văn Sáng",
        subject_detail="Lái xe của công ty, trú tại xã Thể Dục", deed_kind=DeedKind.GOOD_DEED,
        happened_on=dt.date(2024, 9, 3),
        description="Nhặt được ví có 25 triệu đồng và giấy tờ của khách, đã tìm trả lại "
        "người bị mất.", address=ADDRESS,
        files=[(evidence_pdf("xac nhan"), "xac-nhan-cong-an.pdf")],
    )  # fmt: skip
    services.citizen_proposal_answer(
        actor=None, proposal=answered,
        answer="Cảm ơn Công ty. UBND xã Thể Dục đã tặng Giấy khen cho ông Đàm Văn Sáng; "
        "huyện không khen thưởng thêm cho cùng một việc làm.",
    )  # fmt: skip
    services.citizen_proposal_submit(
        unit=district, proposer_kind=ProposerKind.CITIZEN, proposer_name="Hoàng Văn Pao",
        proposer_contact="0987 111 222", subject_name="Em Triệu Thị Mai",
        subject_detail="Học sinh Trường THCS Thành Công", deed_kind=DeedKind.RESCUE,
        happened_on=dt.date(2024, 8, 20),
        description="Em Mai đã cứu hai em nhỏ bị ngã xuống suối Phja Đén khi nước lên.",
        address=ADDRESS, files=[(evidence_pdf("anh hien truong"), "anh-hien-truong.pdf")],
    )  # fmt: skip
    return 2


@transaction.atomic
def build_disclosure(seed: Campaign, *, now: dt.datetime | None = None) -> str:
    now = now or timezone.now()
    campaign = Campaign.objects.filter(issuer=seed.issuer, title=TITLE).first()
    if campaign is None:
        campaign = _launch(seed)
        _nominate(campaign, now)
    disclosure = _disclose(campaign, timezone.localdate(now))
    citizens = _citizens(seed.issuer)
    opened = f"công khai đến hết ngày {disclosure.closes_on:%d/%m/%Y}" if disclosure else "đã có"
    return f"danh sách đột xuất {opened}; {citizens} đề xuất của nhân dân"
