"""Demo stage `titles`: the district's 2023 annual title round (đợt xét công nhận danh hiệu thi
đua thường xuyên năm 2023), run through the same machinery as the seed movement.

- January 2023: each unit registers its people for Lao động tiên tiến, the ones it expects to
  stand out for Chiến sĩ thi đua cơ sở (never more than the 15 % cap allows), and itself for
  Tập thể lao động tiên tiến.
- January 2024: the units send their lists with the dossier of the round's kind; the 2023
  staff ratings and discipline records judge the individuals, so a registered person rated
  below "hoàn thành tốt nhiệm vụ" is shown ineligible; the Chiến sĩ's initiatives of 2023 are
  recognised by the district's initiatives council.
- The district council votes (the seed's council, its pass rules per title), the chairman
  issues the decision under the rule set in force on its date (Nghị định 98/2023), the fund
  pays, every certificate is printed and the award history gains the 2023 titles.
- February 2024: the province recognises a quarter of those units as Tập thể lao động xuất
  sắc; its decision is entered in the award history from Excel.

Resumable like the seed stages: each step looks at what is stored and does only what is
missing (the round with its registrations and lists, one transaction; the council; the
decision; the certificates; the signatures; the province's decision), so a rerun after a
failure part-way continues from there, and a finished round is left as it is."""

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db import transaction

from thidua.awards import selectors as award_selectors
from thidua.awards import services as award_services
from thidua.awards.enums import BatchState, DecisionState
from thidua.awards.legal import amount_for, legal_tables
from thidua.campaigns import selectors as campaign_selectors
from thidua.campaigns import services as campaign_services
from thidua.campaigns.enums import (
    AnnualRating,
    AwardKind,
    CampaignState,
    CriterionKind,
    PhaseKind,
    SubjectType,
)
from thidua.campaigns.models import Campaign
from thidua.core.formatting import money
from thidua.demo.campaigns import _aware
from thidua.demo.council import SECRETARY, build_council
from thidua.demo.nominations import SUBMITTED_AT, ensure_window, evidence_pdf
from thidua.demo.records import PROVINCE, import_rows
from thidua.demo.signing import build_signatures
from thidua.indicators.selectors import ratings_by_person
from thidua.nominations import services as nomination_services
from thidua.nominations.selectors import dossier_missing, nominees_staged
from thidua.org.models import Person
from thidua.records import selectors as records_selectors
from thidua.records import services as records_services
from thidua.records.caps import cap_check
from thidua.records.models import AwardRecord

YEAR = 2023
TITLE = f"Xét công nhận danh hiệu thi đua năm {YEAR}"
LDTT, CSTD, TTLDTT = "LAO_DONG_TIEN_TIEN", "CSTD_CO_SO", "TAP_THE_LDTT"
FORMS = [
    ("Lao động tiên tiến", LDTT, SubjectType.INDIVIDUAL),
    ("Chiến sĩ thi đua cơ sở", CSTD, SubjectType.INDIVIDUAL),
    ("Tập thể lao động tiên tiến", TTLDTT, SubjectType.COLLECTIVE),
]
CRITERIA = [
    (
        SubjectType.INDIVIDUAL,
        "Hoàn thành tốt nhiệm vụ được giao trở lên (xếp loại chất lượng năm 2023).",
        CriterionKind.RATING_AT_LEAST,
        {"rating": "good"},
    ),
    (
        SubjectType.INDIVIDUAL,
        "Chấp hành tốt chủ trương, chính sách của Đảng, pháp luật của Nhà nước; không bị kỷ luật.",
        CriterionKind.NO_DISCIPLINE,
        {},
    ),
    (
        SubjectType.COLLECTIVE,
        "Hoàn thành tốt nhiệm vụ, kế hoạch được giao; có phong trào thi đua thường xuyên, "
        "thiết thực, hiệu quả.",
        CriterionKind.ATTESTED,
        {},
    ),
]
REGISTERED_SHARE = 0.9  # the rest did not register at the start of the year
DECIDED_ON = dt.date(2024, 1, 31)  # after the council of 26/01/2024
DECISION_TEXT = (
    "Xét đề nghị của Trưởng phòng Nội vụ huyện – Thường trực Hội đồng Thi đua – Khen thưởng "
    "huyện về việc công nhận danh hiệu thi đua năm 2023."
)
EXECUTORS = (
    "Chánh Văn phòng HĐND và UBND huyện, Trưởng phòng Nội vụ, Trưởng phòng Tài chính – Kế "
    "hoạch, Thủ trưởng các cơ quan, đơn vị có liên quan và các tập thể, cá nhân có tên tại Điều 1"
)
GOOD = {AnnualRating.GOOD, AnnualRating.EXCELLENT}
EXCELLENT_SHARE = 0.25
PROVINCE_DECISION = ("236/QĐ-UBND", dt.date(2024, 2, 26))


def title_round(seed: Campaign) -> Campaign | None:
    return Campaign.objects.filter(
        issuer=seed.issuer, year=YEAR, award_kind=AwardKind.THUONG_XUYEN, title=TITLE
    ).first()


def _create(seed: Campaign) -> Campaign:
    c = campaign_services.campaign_create(
        actor=None,
        issuer=seed.issuer,
        fund_unit=seed.fund_unit or seed.issuer,
        year=YEAR,
        award_kind=AwardKind.THUONG_XUYEN,
        title=TITLE,
        issuer_display=seed.issuer_display,
        doc_symbol=seed.doc_symbol,
        place=seed.place,
        period_start=dt.date(YEAR, 1, 5),
        period_end=dt.date(YEAR, 12, 31),
        signer_title=seed.signer_title,
        signer_name=seed.signer_name,
    )
    campaign_services.participants_set(
        actor=None, campaign=c, units=[p.unit for p in seed.participants.select_related("unit")]
    )
    campaign_services.phase_set(
        actor=None,
        campaign=c,
        kind=PhaseKind.REGISTRATION,
        starts_at=_aware(dt.datetime(YEAR, 1, 5, 7, 30)),  # noqa: DTZ001
        ends_at=_aware(dt.datetime(YEAR, 1, 31, 17, 0)),  # noqa: DTZ001
        note="Các đơn vị gửi danh sách đăng ký danh hiệu thi đua năm 2023",
    )
    for subject, text, kind, params in CRITERIA:
        campaign_services.criterion_add(
            actor=None, campaign=c, subject_type=subject, text=text, kind=kind, params=params
        )
    checklist = campaign_selectors.kind_checklist(c)
    for name, code, subject in FORMS:
        campaign_services.award_form_add(
            actor=None,
            campaign=c,
            name=name,
            legal_kind=code,
            subject_type=subject,
            quota=None,
            checklist=checklist,
        )
    return campaign_services.campaign_publish(
        actor=None, campaign=c, issued_on=dt.date(YEAR, 1, 5), doc_number="04"
    )


def _register(c: Campaign, forms: dict, rng: random.Random) -> dict[int, list]:
    """January 2023: who each unit registers (the lists reach the district's standing office,
    which enters them). Returns unit id → (registered people, Chiến sĩ)."""
    office = get_user_model().objects.get(username=SECRETARY[0])
    units = [p.unit_id for p in c.participants.all()]
    ratings = ratings_by_person(
        person_ids=list(Person.objects.filter(unit_id__in=units).values_list("pk", flat=True)),
        year=YEAR,
    )
    caps = records_selectors.caps()
    chosen: dict[int, list] = {}
    for i, part in enumerate(c.participants.select_related("unit").order_by("unit__code")):
        unit = part.unit
        when = _aware(dt.datetime(YEAR, 1, 9 + i % 10, 8 + i % 8, 30))  # noqa: DTZ001
        people = list(Person.objects.filter(unit=unit).order_by("sort_key", "pk"))
        registered = [p for p in people if rng.random() < REGISTERED_SHARE]
        for p in registered:
            campaign_services.title_register(
                actor=office, campaign=c, unit=unit, award_form=forms[LDTT], person=p, now=when
            )
        # the cap is counted on those who will hold Lao động tiên tiến, less one for the vote
        likely = [p for p in registered if ratings.get(p.pk) in GOOD]
        limit = cap_check(
            title_code=CSTD, count=0, basis_count=max(len(likely) - 1, 0), day=DECIDED_ON,
            caps=caps,
        ).limit  # fmt: skip
        cstd = [p for p in likely if ratings.get(p.pk) == AnnualRating.EXCELLENT][: limit or 0]
        for p in cstd:
            campaign_services.title_register(
                actor=office, campaign=c, unit=unit, award_form=forms[CSTD], person=p, now=when
            )
        campaign_services.title_register(
            actor=office, campaign=c, unit=unit, award_form=forms[TTLDTT], now=when
        )
        chosen[unit.pk] = [registered, cstd]
    return chosen


def _propose(c: Campaign, forms: dict, chosen: dict[int, list]) -> int:
    """January 2024: each unit's list, its dossier, submitted and accepted."""
    attested = [k for k in c.criteria.all() if k.kind == CriterionKind.ATTESTED]
    made = 0
    for part in c.participants.select_related("unit").order_by("unit__code"):
        unit = part.unit
        registered, cstd = chosen[unit.pk]
        proposal = nomination_services.proposal_open(actor=None, campaign=c, unit=unit)
        collective = nomination_services.nominee_add(
            actor=None,
            proposal=proposal,
            award_form=forms[TTLDTT],
            achievement=f"{unit.name} hoàn thành tốt nhiệm vụ, kế hoạch năm {YEAR}.",
        )
        for k in attested:
            nomination_services.answer_set(
                actor=None,
                nominee=collective,
                criterion=k,
                attested=True,
                text="Có báo cáo tổng kết năm 2023 được thủ trưởng đơn vị xác nhận.",
                evidence=evidence_pdf(f"bao cao tong ket {unit.code}"),
            )
        for p in registered:
            nomination_services.nominee_add(
                actor=None,
                proposal=proposal,
                award_form=forms[LDTT],
                person=p,
                achievement=f"{p.position or 'Công chức'}: hoàn thành tốt nhiệm vụ năm {YEAR}.",
            )
        for p in cstd:
            nomination_services.nominee_add(
                actor=None,
                proposal=proposal,
                award_form=forms[CSTD],
                person=p,
                achievement="Hoàn thành xuất sắc nhiệm vụ; có sáng kiến được Hội đồng sáng kiến "
                f"huyện công nhận năm {YEAR}.",
            )
        for m in dossier_missing(proposal):
            nomination_services.document_upload(
                actor=None,
                proposal=proposal,
                item=m.item,
                nominee=m.nominee,
                upload=evidence_pdf(m.label),
            )
        proposal = nomination_services.proposal_submit(
            actor=None, proposal=proposal, now=SUBMITTED_AT
        )
        nomination_services.proposal_accept(
            actor=None, proposal=proposal, note="Hồ sơ đầy đủ (dữ liệu mẫu)."
        )
        made += 1
    nomination_services.eligibility_evaluate(campaign=c, now=SUBMITTED_AT)
    return made


def _initiatives(chosen: dict[int, list]) -> int:
    n = 0
    for _registered, cstd in chosen.values():
        for p in cstd:
            n += 1
            records_services.initiative_create(
                actor=None,
                name=f"Sáng kiến số hóa hồ sơ thủ tục hành chính năm {YEAR} – {p.unit.name}",
                unit=p.unit,
                authors=[p],
                year=YEAR,
                recognised_by="Hội đồng sáng kiến huyện Nguyên Bình",
                scope="co_so",
                decision_number="12/QĐ-HĐSK",
                decision_date=dt.date(YEAR, 12, 15),
                summary="",
            )
    return n


def _decide(c: Campaign):
    if c.state != CampaignState.EVALUATING:
        c = campaign_services.campaign_start_evaluation(actor=None, campaign=c)
    draft = award_services.decision_create(
        actor=None,
        campaign=c,
        decided_on=DECIDED_ON,
        proposal_text=DECISION_TEXT,
        executors=EXECUTORS,
    )
    # the 2024 fund covers the movement's awards and this round's
    fund_unit = c.fund_unit or c.issuer
    fund = award_selectors.fund_figures(fund_unit.pk, DECIDED_ON.year)
    needed = (fund["spent"] if fund else 0) + draft.total
    if fund is None or fund["budget"] < needed:
        award_services.fund_set_budget(
            actor=None, unit=fund_unit, year=DECIDED_ON.year, budget=-(-needed // 10**6) * 10**6
        )
    return award_services.decision_issue(actor=None, decision=draft)


def build_titles(seed: Campaign) -> str:
    done: list[str] = []
    c = title_round(seed)
    if c is None:
        rng = random.Random(YEAR)
        with transaction.atomic():
            c = _create(seed)
            forms = {f.legal_kind: f for f in c.award_forms.all()}
            chosen = _register(c, forms, rng)
            c = ensure_window(c, SUBMITTED_AT, SUBMITTED_AT)
            units = _propose(c, forms, chosen)
            initiatives = _initiatives(chosen)
        registered = sum(len(r) + len(s) + 1 for r, s in chosen.values())
        done.append(f"{registered} đăng ký danh hiệu của {units} đơn vị, {initiatives} sáng kiến")
    build_council(c)
    decision = c.decisions.filter(state=DecisionState.ISSUED).first()
    if decision is None:
        with transaction.atomic():
            staged = list(nominees_staged(campaign=c))
            decision = _decide(c)
        done.append(
            f"Quyết định số {decision.reference} ngày {DECIDED_ON:%d/%m/%Y} công nhận "
            f"{len(staged)} danh hiệu, tổng tiền thưởng {money(decision.total)}"
        )
    batch = decision.batches.order_by("pk").last()
    if batch is None or batch.state != BatchState.DONE:
        if batch is None:
            batch = award_services.certificate_batch_start(
                actor=None, decision=decision, background=False
            )
        batch = award_services.certificate_batch_run(batch_id=batch.pk, processes=1)
        done.append(f"{batch.done} giấy chứng nhận đã in")
    signed = build_signatures(decision)
    if done or not any(idle in signed for idle in ("đã có", "trống:", "chưa có tài khoản")):
        done.append(signed)
    if not AwardRecord.objects.filter(year=YEAR, decision_number=PROVINCE_DECISION[0]).exists():
        excellent = _province_excellent(decision)
        done.append(
            f"{excellent} Tập thể lao động xuất sắc do tỉnh công nhận, nhập vào quá trình "
            "khen thưởng"
        )
    return "; ".join(done) if done else f"đã có «{c.title}»"


def _province_excellent(decision) -> int:
    """Tập thể lao động xuất sắc is the province's to decide (on the district's proposal): a
    quarter of the units the district recognised, entered from the province's decision as an
    office brings in a higher level's decisions (the history importer, all or nothing)."""
    units = sorted(
        {a.unit for a in decision.awards.select_related("unit") if a.person_id is None},
        key=lambda u: u.code,
    )
    rng = random.Random(f"{YEAR} {PROVINCE_DECISION[0]}")  # the same units on every build
    chosen = [u for u in units if rng.random() < EXCELLENT_SHARE]
    number, day = PROVINCE_DECISION
    money_each = amount_for(
        form_kind="TAP_THE_LDXS", subject_type="collective", decision_date=day,
        tables=legal_tables(),
    ).amount  # fmt: skip
    rows = [
        ["", u.code, YEAR, "Tập thể lao động xuất sắc", PROVINCE, number, day, money_each,
         f"Hoàn thành xuất sắc nhiệm vụ năm {YEAR}"]
        for u in chosen
    ]  # fmt: skip
    result = import_rows(rows)
    return result.created
