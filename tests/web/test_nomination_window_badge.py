"""The proposal page tells the truth about the nomination window."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from tests.conftest import login
from tests.nominations import conftest as nomination_fixtures
from thidua.campaigns import services as cs
from thidua.campaigns.enums import PhaseKind

campaign = nomination_fixtures.campaign
forms = nomination_fixtures.forms
proposal_a = nomination_fixtures.proposal_a
_private_media = nomination_fixtures._private_media


def test_open_window_says_open_and_a_closed_one_says_why(
    client, proposal_a, campaign, focal_a, secretariat
):
    url = reverse("web:proposal_detail", args=[proposal_a.pk])
    page = login(client, focal_a).get(url).content.decode()
    assert '<span class="badge ok">Đang nhận hồ sơ</span>' in page
    assert "badge warn" not in page

    now = timezone.now()
    cs.phase_set(
        actor=secretariat,
        campaign=campaign,
        kind=PhaseKind.NOMINATION,
        starts_at=now - dt.timedelta(days=9),
        ends_at=now - dt.timedelta(days=1),
    )
    page = client.get(url).content.decode()
    assert "Đang nhận hồ sơ" not in page
    assert '<span class="badge warn">Đã hết thời gian đề nghị khen thưởng (hạn' in page
    start = client.get(reverse("web:proposal_start", args=[campaign.pk])).content.decode()
    assert "Đã hết thời gian đề nghị khen thưởng" in start
