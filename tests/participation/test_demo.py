"""`thidua demo` (stage `disclosure`): the district's đột xuất list is under public disclosure
with its window open at the time the demo is built, so `/cong-khai/` is not empty; two
citizens' proposals wait in the secretariat's list. Building again changes nothing."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from thidua.core.selectors import statutory_duration
from thidua.participation.enums import CitizenState, CommentState
from thidua.participation.models import CitizenProposal, Disclosure, PublicComment

pytestmark = pytest.mark.django_db


def test_the_demo_leaves_a_disclosure_open_now_and_citizens_proposals(client):
    call_command("demo", "--stage", "disclosure", stdout=io.StringIO())
    today = timezone.localdate()
    disclosure = Disclosure.objects.get()
    assert disclosure.opens_on == today - dt.timedelta(days=2)
    assert disclosure.opens_on <= today <= disclosure.closes_on
    in_force = statutory_duration("cong-khai-truoc-hoi-dong", disclosure.opens_on)
    assert disclosure.min_working_days == 10 == in_force.working_days
    assert disclosure.legal_basis == in_force.legal_basis
    assert disclosure.unit.code == "NB"
    entry = disclosure.entries.get()
    assert entry.nominee.proposal.unit.code == "X01726"
    assert sorted(PublicComment.objects.values_list("state", flat=True)) == [
        CommentState.NEW, CommentState.PUBLISHED,
    ]  # fmt: skip
    html = client.get("/cong-khai/").content.decode()
    assert entry.name in html and f"đến hết ngày {disclosure.closes_on:%d/%m/%Y}" in html
    assert "Tôi là người dân xóm Nà Bản" in html and "Nông Thị Hạnh" not in html
    states = sorted(CitizenProposal.objects.values_list("state", flat=True))
    assert states == [CitizenState.ANSWERED, CitizenState.RECEIVED]
    assert all(p.files.count() == 1 for p in CitizenProposal.objects.all())
    # Idempotent.
    call_command("demo", "--stage", "disclosure", stdout=io.StringIO())
    assert Disclosure.objects.count() == 1 and CitizenProposal.objects.count() == 2
