"""Demo stage `decided`: the council's staged list becomes the decision of the district
chairman (Quyết định khen thưởng), issued under Nghị định 98/2023 as the seed's 2023 movement
would have been (decided in February 2024), paid from the district's 2024 fund, with every
certificate printed. Idempotent: a campaign with an issued decision is left as it is."""

import datetime as dt

from django.db import transaction

from thidua.awards import services
from thidua.awards.enums import DecisionState
from thidua.awards.models import Decision
from thidua.campaigns import services as campaign_services
from thidua.campaigns.enums import CampaignState
from thidua.campaigns.models import Campaign
from thidua.core.formatting import money
from thidua.demo.signing import build_signatures
from thidua.nominations.selectors import nominees_staged

DECIDED_ON = dt.date(2024, 2, 5)
FUND_BUDGET = 30_000_000
PROPOSAL_TEXT = (
    "Xét đề nghị của Trưởng phòng Nội vụ huyện – Thường trực Hội đồng Thi đua – Khen thưởng huyện."
)
EXECUTORS = (
    "Chánh Văn phòng HĐND và UBND huyện, Trưởng phòng Nội vụ, Trưởng phòng Tài chính – Kế "
    "hoạch, Thủ trưởng các cơ quan, đơn vị có liên quan và các tập thể, cá nhân có tên tại Điều 1"
)


def build_decided(campaign: Campaign) -> str:
    done = Decision.objects.filter(campaign=campaign, state=DecisionState.ISSUED).first()
    if done is not None:
        return f"đã có Quyết định số {done.reference}; {build_signatures(done)}"
    with transaction.atomic():
        staged = list(nominees_staged(campaign=campaign))
        if not staged:
            return "Hội đồng chưa đề nghị khen thưởng trường hợp nào; chưa lập quyết định"
        if campaign.state == CampaignState.RUNNING:
            campaign = campaign_services.campaign_start_evaluation(actor=None, campaign=campaign)
        fund_unit = campaign.fund_unit or campaign.issuer
        services.fund_set_budget(
            actor=None, unit=fund_unit, year=DECIDED_ON.year, budget=FUND_BUDGET
        )
        draft = services.decision_create(
            actor=None,
            campaign=campaign,
            decided_on=DECIDED_ON,
            proposal_text=PROPOSAL_TEXT,
            executors=EXECUTORS,
        )
        decision = services.decision_issue(actor=None, decision=draft)
        batch = services.certificate_batch_start(actor=None, decision=decision, background=False)
    batch = services.certificate_batch_run(batch_id=batch.pk, processes=1)
    signed = build_signatures(decision)
    collectives = sum(1 for n in staged if n.subject_type != "individual")
    return (
        f"Quyết định số {decision.reference} ngày {DECIDED_ON:%d/%m/%Y}: {collectives} tập "
        f"thể, {len(staged) - collectives} cá nhân, tổng tiền thưởng "
        f"{money(decision.total)}; {batch.done} giấy khen đã in; {signed}"
    )
