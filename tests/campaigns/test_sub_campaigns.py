"""Sub-campaigns (plan III.1): a participant unit launches its own campaign under the parent,
with its own criteria, quotas and participants (its sub-units), seen only within its reach."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from tests.factories import UserFactory, make_unit
from tests.fixtures.campaigns import vn
from thidua.campaigns import rules, selectors, services
from thidua.campaigns.enums import (
    CampaignState,
    CriterionKind,
    PhaseKind,
    RegistrationStatus,
    SubjectType,
)
from thidua.core.models import AuditLog
from thidua.core.uploads import check_upload
from thidua.demo.campaigns import demo_plan_pdf
from thidua.org.enums import Role, UnitKind
from thidua.org.services import role_grant


def _create_sub(actor, issuer, parent):
    return services.campaign_create(
        actor=actor, issuer=issuer, parent=parent, year=2023,
        title="Phát động phong trào thi đua cải cách hành chính xã Yên Lạc năm 2023",
        issuer_display="ỦY BAN NHÂN DÂN\nXÃ YÊN LẠC", place="Yên Lạc",
        period_start=dt.date(2023, 1, 9), period_end=dt.date(2023, 12, 30),
    )  # fmt: skip


@pytest.fixture
def sub(published, world, focal_a):
    """Commune A's own campaign under the district's, still a draft."""
    return _create_sub(focal_a, world.commune_a, published)


@pytest.fixture
def hamlets(world):
    """Two sub-units of commune A."""
    return [
        make_unit("Thôn Nà Bản", parent=world.commune_a, kind=UnitKind.OTHER),
        make_unit("Thôn Cốc Phường", parent=world.commune_a, kind=UnitKind.OTHER),
    ]


@pytest.fixture
def hamlet_focal(hamlets):
    user = UserFactory(username="daumoi.naban")
    role_grant(actor=None, user=user, role=Role.FOCAL_POINT, unit=hamlets[0])
    return user


def _publish(sub, actor, units):
    """Commune A sets its own participants, deadline, criterion and quota, then issues it."""
    services.participants_set(actor=actor, campaign=sub, units=units)
    services.phase_set(actor=actor, campaign=sub, kind=PhaseKind.REGISTRATION,
                       starts_at=vn(2023, 1, 9), ends_at=vn(2023, 1, 16))  # fmt: skip
    services.criterion_add(actor=actor, campaign=sub, subject_type=SubjectType.INDIVIDUAL,
                           text="Không vi phạm kỷ luật, kỷ cương hành chính.",
                           kind=CriterionKind.NO_DISCIPLINE)  # fmt: skip
    services.award_form_add(actor=actor, campaign=sub, name="Giấy khen của Chủ tịch UBND xã",
                            legal_kind="GIAY_KHEN_CHU_TICH_XA",
                            subject_type=SubjectType.INDIVIDUAL, quota=3)  # fmt: skip
    return services.campaign_publish(actor=actor, campaign=sub, issued_on=dt.date(2023, 1, 9),
                                     doc_number="02")  # fmt: skip


def _register(campaign, unit, user, when):
    data = demo_plan_pdf(unit)
    plan = check_upload(SimpleUploadedFile("kh.pdf", data), allowed=frozenset({"pdf"}),
                        max_bytes=10**6)  # fmt: skip
    return services.registration_submit(actor=user, campaign=campaign, unit=unit,
                                        commitments="Thôn không có hồ sơ trễ hạn.", plan=plan,
                                        now=when)  # fmt: skip


# Launching -----------------------------------------------------------------------------------


def test_a_focal_point_launches_its_communes_campaign_under_the_parent(
    sub, published, world, focal_a
):
    assert focal_a.has_perm("campaigns.add_campaign")
    assert (sub.parent, sub.issuer, sub.state) == (published, world.commune_a, CampaignState.DRAFT)
    log = AuditLog.objects.get(action="campaigns.campaign.create", object_id=str(sub.pk))
    assert (log.actor, log.unit_id) == (focal_a, world.commune_a.pk)


def test_the_focal_point_runs_its_sub_campaign(sub, focal_a):
    assert focal_a.has_perm("campaigns.view_campaign", sub)
    assert focal_a.has_perm("campaigns.change_campaign", sub)
    assert selectors.campaign_get_for(focal_a, sub.pk, perm="campaigns.change_campaign") == sub


def test_a_focal_point_runs_only_sub_campaigns_not_a_top_level_one_of_its_unit(world, focal_a):
    own = services.campaign_create(
        actor=None, issuer=world.commune_a, year=2023, title="Thi đua của xã",
        issuer_display="ỦY BAN NHÂN DÂN", place="Yên Lạc",
        period_start=dt.date(2023, 1, 1), period_end=dt.date(2023, 12, 31),
    )  # fmt: skip

    assert focal_a.has_perm("campaigns.view_campaign", own)
    assert not focal_a.has_perm("campaigns.change_campaign", own)


@pytest.mark.parametrize("issuer", ["noivu", "district"])
def test_a_unit_that_does_not_take_part_in_the_parent_cannot_launch_under_it(
    published, world, secretariat, issuer
):
    with pytest.raises(ValidationError) as exc:
        _create_sub(secretariat, getattr(world, issuer), published)

    assert exc.value.message_dict == {
        "issuer": ["Chỉ đơn vị tham gia phong trào cấp trên mới phát động phong trào của đơn vị "
                   "mình."]
    }  # fmt: skip
    assert published.sub_campaigns.count() == 0


# Who sees it ---------------------------------------------------------------------------------


def test_another_commune_neither_sees_nor_changes_the_draft(sub, focal_b):
    assert not focal_b.has_perm("campaigns.view_campaign", sub)
    assert not focal_b.has_perm("campaigns.change_campaign", sub)
    assert sub not in selectors.campaigns_for(focal_b)
    with pytest.raises(Http404):
        selectors.campaign_get_for(focal_b, sub.pk)


def test_the_district_secretariat_sees_and_may_change_its_communes_campaign(
    sub, published, secretariat
):
    assert secretariat.has_perm("campaigns.view_campaign", sub)
    assert secretariat.has_perm("campaigns.change_campaign", sub)
    assert list(selectors.campaigns_for(secretariat)) == [sub, published]


def test_the_commune_sees_the_parent_and_its_own_campaign(sub, published, focal_a):
    assert list(selectors.campaigns_for(focal_a)) == [sub, published]


def test_once_published_it_is_still_out_of_another_communes_reach(
    sub, hamlets, focal_a, focal_b, published
):
    _publish(sub, focal_a, hamlets)

    assert not focal_b.has_perm("campaigns.view_campaign", sub)
    assert list(selectors.campaigns_for(focal_b)) == [published]


def test_a_draft_is_invisible_to_its_sub_units_until_published(sub, hamlets, hamlet_focal, focal_a):
    services.participants_set(actor=focal_a, campaign=sub, units=hamlets)
    assert not hamlet_focal.has_perm("campaigns.view_campaign", sub)
    assert list(selectors.campaigns_for(hamlet_focal)) == []

    sub = _publish(sub, focal_a, hamlets)

    assert hamlet_focal.has_perm("campaigns.view_campaign", sub)
    assert not hamlet_focal.has_perm("campaigns.change_campaign", sub)
    assert list(selectors.campaigns_for(hamlet_focal)) == [sub]


# Its own participants and registrations ------------------------------------------------------


def test_sub_units_take_part_and_register_on_their_own_board(
    sub, hamlets, world, focal_a, hamlet_focal
):
    sub = _publish(sub, focal_a, hamlets)
    na_ban, coc_phuong = hamlets

    assert rules.can_register_for(hamlet_focal, sub, na_ban)
    assert not rules.can_register_for(hamlet_focal, sub, coc_phuong)
    assert rules.can_register_for(focal_a, sub, coc_phuong)
    assert not rules.can_register_for(focal_a, sub, world.commune_b)
    registration = _register(sub, na_ban, hamlet_focal, vn(2023, 1, 15, 23, 59))
    assert registration.plan_late is False

    board = selectors.registration_board(sub, user=focal_a, now=vn(2023, 1, 16))
    assert [(r.unit.name, r.status) for r in board] == [
        ("Thôn Cốc Phường", RegistrationStatus.MISSING),
        ("Thôn Nà Bản", RegistrationStatus.ON_TIME),
    ]
    own = selectors.registration_board(sub, user=hamlet_focal, now=vn(2023, 1, 16))
    assert [(r.unit.name, r.status) for r in own] == [("Thôn Nà Bản", RegistrationStatus.ON_TIME)]


def test_a_sub_unit_cannot_see_its_neighbours_registration(sub, hamlets, focal_a, hamlet_focal):
    sub = _publish(sub, focal_a, hamlets)
    theirs = _register(sub, hamlets[1], focal_a, vn(2023, 1, 12))

    assert not hamlet_focal.has_perm("campaigns.view_registration", theirs)
    assert focal_a.has_perm("campaigns.view_registration", theirs)
    with pytest.raises(Http404):
        selectors.registration_get_for(hamlet_focal, sub, theirs.pk)


def test_the_sub_campaign_keeps_its_own_criteria_and_quotas(sub, published, hamlets, focal_a):
    sub = _publish(sub, focal_a, hamlets)

    assert [(f.name, f.quota) for f in sub.award_forms.all()] == [
        ("Giấy khen của Chủ tịch UBND xã", 3)
    ]
    assert [(f.name, f.quota) for f in published.award_forms.all()] == [
        ("Giấy khen của Chủ tịch UBND huyện", 5)
    ]
    assert [c.kind for c in sub.criteria.all()] == [CriterionKind.NO_DISCIPLINE]


def test_the_parent_board_does_not_include_the_sub_units(sub, published, hamlets, focal_a):
    _publish(sub, focal_a, hamlets)

    rows = selectors.registration_board(published)

    assert [r.unit.name for r in rows] == ["Xã Ca Thành", "Xã Yên Lạc"]
