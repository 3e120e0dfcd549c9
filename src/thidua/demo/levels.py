"""`thidua demo` (stage `levels`, after `disclosure`): the procedure across levels.

- The province (Tỉnh Cao Bằng) runs its 2023 administrative-reform campaign; Huyện Nguyên
  Bình sends up what its council proposed and its chairman decided (the best commune and one
  civil servant, for the Bằng khen of the province's chairman), with its decision and the
  trail. The province's office (`tinh`) returns the dossier once with every reason, the
  district supplements and sends it again, the province accepts it and puts the list under
  public disclosure, its window open at the time the demo is built (10 working days from
  today), one comment published.
- The internal approval chains (chuyên viên → lãnh đạo phòng → lãnh đạo UBND) of the district
  and the province, and dossiers under way along them: «Việc của tôi» of `noivu`,
  `chutich` and `tinh` is not empty.
- A cluster of highland communes (cụm thi đua) with its rotating head, its covenant, its 2023
  scores and ranking, whose leader may be proposed for the province's Cờ thi đua.
- An award of the district's decision annulled (a false dossier: the annulling decision, the
  certificate revoked, the money to recover), and another certificate re-issued (lost).

Everything is written through the services; idempotent: a later build re-opens the
disclosure only when the last window has closed.
"""

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from thidua.approvals import services as approvals
from thidua.approvals.enums import StepRole
from thidua.awards import services as awards
from thidua.awards.enums import DecisionState, ReissueKind
from thidua.awards.models import Award, Decision
from thidua.awards.selectors import decision_trail_data
from thidua.campaigns import services as campaign_services
from thidua.campaigns.enums import (
    CriterionKind,
    DossierScope,
    FormKind,
    PhaseKind,
    SubjectType,
)
from thidua.campaigns.models import Campaign
from thidua.clusters import services as clusters
from thidua.clusters.enums import ClusterKind
from thidua.clusters.models import Cluster
from thidua.demo import campaigns_data as seed_data
from thidua.demo import participation
from thidua.demo.participation import evidence_pdf
from thidua.nominations import services as nominations
from thidua.nominations.enums import CouncilOutcome
from thidua.nominations.models import Proposal
from thidua.nominations.selectors import dossier_missing, dossier_slots
from thidua.org.models import Unit
from thidua.participation import services as disclosures
from thidua.participation.enums import DisclosureBasis
from thidua.participation.models import Disclosure

TITLE = "Phong trào thi đua đẩy mạnh cải cách hành chính tỉnh Cao Bằng năm 2023"
PROVINCE, DISTRICT = "CB", "NB"
BANG_KHEN = "Bằng khen của Chủ tịch UBND tỉnh"
CO_THI_DUA = "Cờ thi đua của UBND tỉnh"
REPORT = seed_data.CHECKLIST[2][0]  # the district's own item: its file goes up with the nominee
CHECKLIST = [
    ("Tờ trình đề nghị khen thưởng của Chủ tịch UBND cấp huyện.", DossierScope.PER_PROPOSAL),
    ("Biên bản họp Hội đồng Thi đua – Khen thưởng cấp huyện.", DossierScope.PER_PROPOSAL),
    (REPORT, DossierScope.PER_NOMINEE),
]
CRITERION = (
    "Hoàn thành xuất sắc nhiệm vụ cải cách hành chính năm 2023, đã được cấp huyện khen thưởng."
)
ADDRESS = participation.ADDRESS
CLUSTER = "Cụm thi đua các xã vùng cao huyện Nguyên Bình"
CLUSTER_MEMBERS = ["X01732", "X01735", "X01738", "X01744", "X01747", "X01777"]
CLUSTER_CRITERIA = [  # (criterion, maximum points), the 2023 covenant's scoring
    ("Thực hiện các chỉ tiêu phát triển kinh tế – xã hội", Decimal(40)),
    ("Cải cách hành chính, chuyển đổi số", Decimal(30)),
    ("Quốc phòng, an ninh, trật tự an toàn xã hội", Decimal(20)),
    ("Tổ chức phong trào thi đua, khen thưởng", Decimal(10)),
]


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(0, 0)))


def _users() -> dict:
    names = ["noivu", "lanhdao.nv", "chutich", "tinh"]
    return get_user_model().objects.in_bulk(names, field_name="username")


# The province's campaign and the district's package sent up -------------------------------


def _province_campaign(province: Unit, district: Unit, tinh, now: dt.datetime) -> Campaign:
    campaign = campaign_services.campaign_create(
        actor=tinh, issuer=province, fund_unit=province, year=2023, title=TITLE,
        issuer_display="ỦY BAN NHÂN DÂN\nTỈNH CAO BẰNG", place="Cao Bằng",
        period_start=dt.date(2023, 1, 10), period_end=dt.date(2023, 12, 31),
        signer_title="CHỦ TỊCH", signer_name="Hoàng Xuân Ánh",
        awards_text="Chủ tịch UBND tỉnh tặng Bằng khen, Cờ thi đua cho tập thể, cá nhân tiêu "
        "biểu trong công tác cải cách hành chính năm 2023, theo đề nghị của các huyện.",
    )  # fmt: skip
    campaign_services.participants_set(actor=tinh, campaign=campaign, units=[district])
    campaign_services.phase_set(
        actor=tinh, campaign=campaign, kind=PhaseKind.REGISTRATION,
        starts_at=_aware(dt.date(2023, 1, 10)), ends_at=_aware(dt.date(2023, 1, 20)),
    )  # fmt: skip
    for subject in (SubjectType.COLLECTIVE, SubjectType.INDIVIDUAL):
        campaign_services.criterion_add(
            actor=tinh, campaign=campaign, subject_type=subject, text=CRITERION,
            kind=CriterionKind.ATTESTED,
        )  # fmt: skip
    forms = [
        (BANG_KHEN, SubjectType.COLLECTIVE, 10, FormKind.BANG_KHEN_TINH),
        (BANG_KHEN, SubjectType.INDIVIDUAL, 20, FormKind.BANG_KHEN_TINH),
        (CO_THI_DUA, SubjectType.COLLECTIVE, 3, FormKind.CO_THI_DUA_TINH),
    ]
    for name, subject, quota, kind in forms:
        campaign_services.award_form_add(
            actor=tinh, campaign=campaign, name=name, subject_type=subject, quota=quota,
            legal_kind=kind, rule_set="Nghị định 98/2023/NĐ-CP", checklist=CHECKLIST,
        )  # fmt: skip
    campaign = campaign_services.campaign_publish(
        actor=tinh, campaign=campaign, issued_on=dt.date(2023, 1, 10), doc_number="08"
    )
    return participation.open_nominations(
        campaign, now=now, days=(10, 45), actor=tinh,
        note="Nhận hồ sơ đề nghị khen thưởng của các huyện (dữ liệu mẫu)",
    )  # fmt: skip


def _awards(decision: Decision) -> dict[str, list[Award]]:
    """The decision's awards by subject type, in the council's order."""
    out: dict[str, list[Award]] = {}
    for a in (
        Award.objects.filter(decision=decision, nominee__council_outcome=CouncilOutcome.PROPOSED)
        .select_related("nominee", "certificate")
        .order_by("nominee__council_rank", "pk")
    ):
        out.setdefault(a.nominee.subject_type, []).append(a)
    return out


def _send_up(seed: Campaign, target: Campaign, decision: Decision, chosen, users, now):
    """The district's package: prepared, completed, sent; returned once by the province with
    every reason; supplemented and sent again; accepted."""
    noivu, tinh = users["noivu"], users["tinh"]
    data = decision_trail_data(decision)
    for award in chosen:
        form = target.award_forms.get(name=BANG_KHEN, subject_type=award.nominee.subject_type)
        proposal = nominations.proposal_forward_prepare(
            actor=noivu, source_campaign=seed, target_campaign=target, award_form=form,
            nominees=[award.nominee], decision=data,
            note="Hội đồng Thi đua – Khen thưởng huyện đề nghị Chủ tịch UBND tỉnh tặng Bằng "
            "khen cho tập thể, cá nhân dẫn đầu phong trào cải cách hành chính năm 2023.",
        )  # fmt: skip
    for nominee in proposal.nominees.all():
        for criterion in target.criteria.filter(subject_type=nominee.subject_type):
            nominations.answer_set(
                actor=noivu, nominee=nominee, criterion=criterion, attested=True,
                text=f"Đã được tặng Giấy khen theo Quyết định số {decision.reference}.",
                evidence=evidence_pdf("quyet dinh huyen"),
            )  # fmt: skip
    for m in dossier_missing(proposal):
        nominations.document_upload(
            actor=noivu, proposal=proposal, item=m.item, nominee=m.nominee,
            upload=evidence_pdf(m.label),
        )  # fmt: skip
    proposal = nominations.proposal_submit(actor=noivu, proposal=proposal, now=now)
    slots = dossier_slots(proposal)
    to_fix = [s for s in slots if s.nominee is None][:1] + [s for s in slots if s.nominee][:1]
    reasons = [
        "Tờ trình chưa nêu số lượng, tỷ lệ khen thưởng trong năm của huyện; thiếu chữ ký, "
        "đóng dấu của Chủ tịch UBND huyện.",
        "Báo cáo thành tích chưa có số liệu Chỉ số CCHC năm 2023 đã được thẩm định.",
    ]
    proposal = nominations.proposal_return(
        actor=tinh, proposal=proposal,
        reasons=[{"item": s.item, "nominee": s.nominee, "reason": r}
                 for s, r in zip(to_fix, reasons, strict=True)],
        note="Đề nghị huyện bổ sung đồng thời các nội dung trên và gửi lại trong 05 ngày làm việc.",
    )  # fmt: skip
    for s in to_fix:
        nominations.document_upload(
            actor=noivu, proposal=proposal, item=s.item, nominee=s.nominee,
            upload=evidence_pdf(f"bo sung {s.item.pk}"),
        )  # fmt: skip
    proposal = nominations.proposal_submit(actor=noivu, proposal=proposal, now=now)
    return nominations.proposal_accept(
        actor=tinh, proposal=proposal, note="Hồ sơ đã bổ sung đầy đủ theo yêu cầu."
    )


def _disclose(campaign: Campaign, today: dt.date, tinh) -> Disclosure | None:
    """The province's list open for comments from today for 10 working days (the province
    chooses to disclose its own awards), one comment published; a later build opens a new
    window only when the last one has closed."""
    last = Disclosure.objects.filter(campaign=campaign).order_by("-closes_on").first()
    if last is not None and last.closes_on >= today:
        return None
    opens_on = today if last is None else max(today, last.closes_on + dt.timedelta(days=1))
    disclosure = disclosures.disclosure_open(
        actor=tinh, campaign=campaign, opens_on=opens_on, today=opens_on,
        closes_on=disclosures.earliest_close(opens_on, 10), basis=DisclosureBasis.OFFICE,
        contact="Ban Thi đua – Khen thưởng tỉnh Cao Bằng (Sở Nội vụ), số 011 đường Hoàng Đình "
        "Giong, thành phố Cao Bằng; điện thoại 0206 3852 160.",
    )  # fmt: skip
    entry = disclosure.entries.order_by("position").first()
    comment = disclosures.comment_submit(
        entry=entry, author_name="Hoàng Thị Lan", contact="0915 246 810", address=ADDRESS,
        content="Là người dân trong xã, tôi thấy thủ tục hành chính ở xã nay được giải quyết "
        "nhanh, cán bộ hướng dẫn tận tình; tôi đồng tình với đề nghị khen thưởng.",
    )  # fmt: skip
    disclosures.comment_publish(actor=tinh, comment=comment, note="Ý kiến phù hợp.")
    return disclosure


# Internal approval --------------------------------------------------------------------------


def _chains(district: Unit, province: Unit, users) -> None:
    chains = [
        (district, [
            ("Chuyên viên Phòng Nội vụ thụ lý, kiểm tra hồ sơ", StepRole.OFFICER),
            ("Lãnh đạo Phòng Nội vụ cho ý kiến", StepRole.DIVISION_HEAD),
            ("Lãnh đạo UBND huyện duyệt", StepRole.OFFICE_HEAD),
        ], [("noivu", StepRole.OFFICER), ("lanhdao.nv", StepRole.DIVISION_HEAD),
            ("chutich", StepRole.OFFICE_HEAD)]),
        (province, [
            ("Chuyên viên Ban Thi đua – Khen thưởng tỉnh thụ lý", StepRole.OFFICER),
            ("Lãnh đạo Ban Thi đua – Khen thưởng cho ý kiến", StepRole.DIVISION_HEAD),
            ("Lãnh đạo UBND tỉnh duyệt", StepRole.OFFICE_HEAD),
        ], [("tinh", StepRole.OFFICER)]),
    ]  # fmt: skip
    for office, steps, holders in chains:
        approvals.chain_set(actor=users["tinh"] if office == province else users["noivu"],
                            office=office, steps=steps)  # fmt: skip
        for username, role in holders:
            approvals.approver_add(actor=None, office=office, user=users[username], role=role)


def _district_work(seed: Campaign, users, now: dt.datetime) -> None:
    """Two đột xuất dossiers along the district's chain: Thị trấn Nguyên Bình's (accepted),
    returned once inside the office and now with the UBND's leader; Xã Yên Lạc's, just sent,
    with the officer."""
    noivu, head = users["noivu"], users["lanhdao.nv"]
    deeds = Campaign.objects.get(issuer=seed.issuer, title=participation.TITLE)
    first = Proposal.objects.get(campaign=deeds, unit__code=participation.COMMUNE)
    a = approvals.assignment_create(actor=noivu, proposal=first, officer=noivu)
    a = approvals.assignment_act(
        actor=noivu, assignment=a, approve=True, comment="Hồ sơ đủ thành phần, đúng tiêu chuẩn."
    )
    a = approvals.assignment_act(
        actor=head, assignment=a, approve=False,
        comment="Bổ sung xác nhận của Công an thị trấn về sự việc vào tờ trình.",
    )  # fmt: skip
    a = approvals.assignment_act(
        actor=noivu, assignment=a, approve=True, comment="Đã bổ sung xác nhận của Công an."
    )
    approvals.assignment_act(
        actor=head, assignment=a, approve=True, comment="Đồng ý, trình lãnh đạo UBND huyện."
    )
    second = participation.submit_deed(
        deeds, Unit.objects.get(code="X01732"), now=now,
        achievement="Ngày 02/9/2024, phát hiện cháy nhà dân ở xóm Nà Luông, đã cùng người dân "
        "dập tắt đám cháy, cứu được tài sản và đưa hai cụ già ra ngoài an toàn.",
        summary="Dũng cảm chữa cháy, cứu người và tài sản ngày 02/9/2024.",
    )  # fmt: skip
    approvals.assignment_create(actor=noivu, proposal=second, officer=noivu)


# Clusters -----------------------------------------------------------------------------------


def _cluster(district: Unit, noivu) -> Cluster:
    cluster = clusters.cluster_create(
        actor=noivu, name=CLUSTER, kind=ClusterKind.CLUSTER, organiser=district,
        note="Các xã vùng cao, đặc biệt khó khăn; trưởng cụm luân phiên hằng năm.",
    )  # fmt: skip
    members = {u.code: u for u in Unit.objects.filter(code__in=CLUSTER_MEMBERS)}
    for code in CLUSTER_MEMBERS:
        clusters.cluster_member_add(actor=noivu, cluster=cluster, unit=members[code])
    row = clusters.cluster_year_open(actor=noivu, cluster=cluster, year=2023)
    clusters.cluster_year_set(
        actor=noivu, cluster=cluster, year=2023, head=row.head,
        covenant_signed_on=dt.date(2023, 2, 15), covenant=evidence_pdf("giao uoc 2023"),
    )  # fmt: skip
    criteria = [
        clusters.criterion_add(actor=noivu, cluster=cluster, year=2023, name=n, max_points=m)
        for n, m in CLUSTER_CRITERIA
    ]
    # Year-end scores: each member's share of every criterion's maximum (synthetic).
    shares = dict(zip(CLUSTER_MEMBERS, [96, 88, 91, 84, 79, 93], strict=True))
    points = {
        (c.pk, members[code].pk): (c.max_points * shares[code] / 100).quantize(Decimal("0.5"))
        for c in criteria
        for code in CLUSTER_MEMBERS
    }
    clusters.scores_set(actor=noivu, cluster=cluster, year=2023, points=points)
    # 2024: the head passes to the next member (rotation), the new covenant signed.
    row = clusters.cluster_year_open(actor=noivu, cluster=cluster, year=2024)
    clusters.cluster_year_set(
        actor=noivu, cluster=cluster, year=2024, head=row.head,
        covenant_signed_on=dt.date(2024, 2, 20), covenant=evidence_pdf("giao uoc 2024"),
    )  # fmt: skip
    return cluster


# Annulment and re-issue ---------------------------------------------------------------------


def _annul_and_reissue(seed: Campaign, annulled: Award, reissued: Award, noivu) -> None:
    annulment = awards.award_annul(
        actor=noivu, award=annulled, number="125/QĐ-UBND", decided_on=dt.date(2024, 6, 14),
        signer_name=seed.signer_name or "Đào Nguyên Phong", signer_title="CHỦ TỊCH",
        reason="Kết luận thanh tra số 05/KL-TTr ngày 03/6/2024: hồ sơ đề nghị khen thưởng kê "
        "khai sáng kiến không đúng sự thật.",
    )  # fmt: skip
    awards.annulment_record_recovery(
        actor=noivu, annulment=annulment, amount=annulment.to_recover // 2,
        note="Nộp lần thứ nhất, phần còn lại nộp trước ngày 31/12/2024",
    )  # fmt: skip
    awards.certificate_reissue(
        actor=noivu, certificate=reissued.certificate, kind=ReissueKind.LOST,
        reason="Giấy khen bị thất lạc khi nhà văn hóa xã bị lũ quét ngày 14/7/2024.",
        reference="Công văn số 245/UBND-NV ngày 20/8/2024", decided_on=dt.date(2024, 8, 20),
    )  # fmt: skip


def build_levels(seed: Campaign, *, now: dt.datetime | None = None) -> str:
    now = now or timezone.now()
    province = Unit.objects.get(code=PROVINCE)
    district = seed.issuer
    users = _users()
    with transaction.atomic():
        target = Campaign.objects.filter(issuer=province, title=TITLE).first()
        if target is None:
            decision = Decision.objects.get(campaign=seed, state=DecisionState.ISSUED)
            by_subject = _awards(decision)
            collectives, individuals = by_subject["collective"], by_subject["individual"]
            target = _province_campaign(province, district, users["tinh"], now)
            _send_up(seed, target, decision, [collectives[0], individuals[0]], users, now)
            _chains(district, province, users)
            received = Proposal.objects.get(campaign=target, unit=district)
            approvals.assignment_create(actor=users["tinh"], proposal=received,
                                        officer=users["tinh"])  # fmt: skip
            _district_work(seed, users, now)
            _cluster(district, users["noivu"])
            _annul_and_reissue(seed, individuals[-1], collectives[-1], users["noivu"])
        disclosure = _disclose(target, timezone.localdate(now), users["tinh"])
    opened = f"công khai đến hết ngày {disclosure.closes_on:%d/%m/%Y}" if disclosure else "đã có"
    return (
        f"hồ sơ của huyện gửi lên tỉnh, trả lại bổ sung một lần, đã tiếp nhận, {opened}; "
        "quy trình duyệt nội bộ, cụm thi đua, 1 khen thưởng bị hủy bỏ, 1 giấy khen cấp lại"
    )
