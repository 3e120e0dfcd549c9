"""The nomination phase of the campaigns that wait for a framework's results."""

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from thidua.campaigns import services as campaign_services
from thidua.campaigns.enums import CampaignState, PhaseKind
from thidua.core.formatting import deadline
from thidua.core.services import audit_record, notify
from thidua.indicators.enums import (
    FrameworkState,
)
from thidua.indicators.models import (
    Framework,
    NominationWait,
)

# Nomination phase of the campaigns that wait for the results ----------------------------------


@transaction.atomic
def nomination_wait_set(
    *, actor, campaign, frameworks: Sequence[Framework], nomination_days: int = 15
) -> NominationWait:
    """The campaign opens its nomination phase when all these frameworks are published."""
    if campaign.state not in (CampaignState.DRAFT, CampaignState.PUBLISHED, CampaignState.RUNNING):
        raise ValidationError("Phong trào đã sang giai đoạn xét khen thưởng.")
    if not frameworks:
        raise ValidationError("Chọn ít nhất một bộ chỉ số.")
    wait, _ = NominationWait.objects.get_or_create(
        campaign=campaign, defaults={"nomination_days": nomination_days}
    )
    wait.nomination_days = nomination_days
    wait.full_clean()
    wait.save()
    wait.frameworks.set(frameworks)
    audit_record(
        actor=actor,
        action="indicators.nomination_wait.set",
        obj=wait,
        unit_id=campaign.issuer_id,
        after={"frameworks": sorted(f.pk for f in frameworks), "days": nomination_days},
    )
    return wait


def _open_waiting_campaigns(*, actor, framework: Framework, now: dt.datetime) -> list:
    """For each campaign waiting on this framework whose frameworks are now all published:
    set its nomination phase (now → now + N days) through campaigns.services.phase_set and
    notify the participant units' focal points."""

    opened = []
    waits = NominationWait.objects.filter(frameworks=framework, opened_at__isnull=True)
    for wait in waits.select_related("campaign__issuer").prefetch_related("frameworks"):
        if any(
            f.state != FrameworkState.PUBLISHED and f.pk != framework.pk
            for f in wait.frameworks.all()
        ):
            continue
        campaign = wait.campaign
        if campaign.state not in (CampaignState.PUBLISHED, CampaignState.RUNNING):
            continue
        local = timezone.localtime(now)
        ends = (local + dt.timedelta(days=wait.nomination_days)).replace(
            hour=0, minute=0, second=0, microsecond=0
        ) + dt.timedelta(days=1)
        try:
            # A savepoint: a campaign whose schedule refuses the phase must not stop the
            # publication; the refusal is recorded and the secretariat sets the phase by hand.
            with transaction.atomic():
                campaign_services.phase_set(
                    actor=actor,
                    campaign=campaign,
                    kind=PhaseKind.NOMINATION,
                    starts_at=now,
                    ends_at=ends,
                    note="Mở khi công bố kết quả chỉ số cải cách hành chính",
                )
        except ValidationError as exc:
            audit_record(
                actor=actor,
                action="indicators.nomination.open_refused",
                obj=campaign,
                unit_id=campaign.issuer_id,
                note=" ".join(exc.messages),
            )
            continue
        wait.opened_at = now
        wait.save(update_fields=["opened_at"])
        names = ", ".join(f.name for f in wait.frameworks.all())
        units = [p.unit for p in campaign.participants.select_related("unit")]
        notify(
            users=campaign_services.focal_points_of(units),
            title=f"Đề nghị khen thưởng: {campaign.title}",
            body=f"Đã có kết quả {names}. Đề nghị đơn vị gửi hồ sơ đề nghị khen thưởng "
            f"{deadline(ends)}.",
            url=f"/phong-trao/{campaign.pk}/",
        )
        audit_record(
            actor=actor,
            action="indicators.nomination.open",
            obj=campaign,
            unit_id=campaign.issuer_id,
            after={"framework": framework.pk, "ends_at": ends.isoformat()},
        )
        opened.append(campaign)
    return opened
