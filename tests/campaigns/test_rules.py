"""Who may see, run and register for a campaign: each persona against data that could leak."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from tests.fixtures.campaigns import vn
from thidua.campaigns import rules, selectors, services
from thidua.core.uploads import check_upload
from thidua.demo.campaigns import demo_plan_pdf

READERS = ["council_member", "chair", "editor", "observer"]


def _register(campaign, unit, user, when=None):
    data = demo_plan_pdf(unit)
    plan = check_upload(SimpleUploadedFile("kh.pdf", data), allowed=frozenset({"pdf"}),
                        max_bytes=10**6)  # fmt: skip
    return services.registration_submit(actor=user, campaign=campaign, unit=unit,
                                        commitments="Hoàn thành 100% nhiệm vụ CCHC.", plan=plan,
                                        now=when or vn(2023, 1, 8, 9))  # fmt: skip


# The campaign --------------------------------------------------------------------------------


@pytest.mark.parametrize("fixture", ["draft", "published"])
def test_secretariat_sees_and_runs_the_district_campaign(request, secretariat, fixture):
    campaign = request.getfixturevalue(fixture)

    assert secretariat.has_perm("campaigns.view_campaign", campaign)
    assert secretariat.has_perm("campaigns.change_campaign", campaign)
    assert secretariat.has_perm("campaigns.add_campaign")
    assert list(selectors.campaigns_for(secretariat)) == [campaign]


def test_focal_point_sees_a_published_campaign_of_its_unit_but_cannot_change_it(published, focal_a):
    assert focal_a.has_perm("campaigns.view_campaign", published)
    assert not focal_a.has_perm("campaigns.change_campaign", published)
    assert list(selectors.campaigns_for(focal_a)) == [published]
    assert selectors.campaign_get_for(focal_a, published.pk) == published


def test_focal_point_does_not_see_a_draft_its_unit_takes_part_in(draft, focal_a):
    assert not focal_a.has_perm("campaigns.view_campaign", draft)
    assert not focal_a.has_perm("campaigns.change_campaign", draft)
    assert list(selectors.campaigns_for(focal_a)) == []
    with pytest.raises(Http404):
        selectors.campaign_get_for(focal_a, draft.pk)


def test_focal_point_cannot_load_the_district_campaign_for_changing(published, focal_a):
    with pytest.raises(Http404):
        selectors.campaign_get_for(focal_a, published.pk, perm="campaigns.change_campaign")


@pytest.mark.parametrize("persona", READERS)
def test_readers_see_but_do_not_run_or_register(request, published, world, persona):
    user = request.getfixturevalue(persona)

    assert user.has_perm("campaigns.view_campaign", published)
    assert not user.has_perm("campaigns.change_campaign", published)
    assert not user.has_perm("campaigns.add_campaign")
    assert not user.has_perm("campaigns.register", published)
    assert not rules.can_register_for(user, published, world.commune_a)
    assert list(selectors.campaigns_for(user)) == [published]


@pytest.mark.parametrize("persona", READERS)
def test_readers_also_see_district_drafts(request, draft, persona):
    user = request.getfixturevalue(persona)

    assert user.has_perm("campaigns.view_campaign", draft)
    assert not user.has_perm("campaigns.change_campaign", draft)


def test_user_without_a_role_sees_nothing(published, draft, no_role_user, world):
    assert list(selectors.campaigns_for(no_role_user)) == []
    assert not no_role_user.has_perm("campaigns.view_campaign", published)
    assert not no_role_user.has_perm("campaigns.add_campaign")
    assert not rules.can_register_for(no_role_user, published, world.commune_a)
    with pytest.raises(Http404):
        selectors.campaign_get_for(no_role_user, published.pk)


def test_unknown_and_malformed_ids_are_a_404(secretariat):
    for pk in (999999, "abc", None):
        with pytest.raises(Http404):
            selectors.campaign_get_for(secretariat, pk)


# Registering ---------------------------------------------------------------------------------


def test_focal_point_registers_for_its_own_commune_only(published, world, focal_a):
    assert focal_a.has_perm("campaigns.register", published)
    assert rules.can_register_for(focal_a, published, world.commune_a)
    assert not rules.can_register_for(focal_a, published, world.commune_b)


def test_nobody_registers_a_unit_that_does_not_take_part(published, world, secretariat):
    assert rules.can_register_for(secretariat, published, world.commune_a)
    assert rules.can_register_for(secretariat, published, world.commune_b)
    assert not rules.can_register_for(secretariat, published, world.noivu)


def test_focal_point_cannot_see_another_communes_registration_and_plan(
    published, world, focal_a, focal_b, secretariat
):
    theirs = _register(published, world.commune_b, focal_b)
    ours = _register(published, world.commune_a, focal_a)

    assert not focal_a.has_perm("campaigns.view_registration", theirs)
    with pytest.raises(Http404):
        selectors.registration_get_for(focal_a, published, theirs.pk)
    assert focal_a.has_perm("campaigns.view_registration", ours)
    assert selectors.registration_get_for(focal_a, published, ours.pk) == ours
    assert focal_b.has_perm("campaigns.view_registration", theirs)
    assert secretariat.has_perm("campaigns.view_registration", theirs)


def test_focal_points_board_holds_only_its_own_commune(published, world, focal_a, focal_b):
    _register(published, world.commune_b, focal_b)

    rows = selectors.registration_board(published, user=focal_a)

    assert [(r.unit, r.registration) for r in rows] == [(world.commune_a, None)]


@pytest.mark.parametrize("persona", ["secretariat", *READERS])
def test_the_district_sees_every_row_of_the_board(request, published, world, focal_b, persona):
    _register(published, world.commune_b, focal_b)
    user = request.getfixturevalue(persona)

    rows = selectors.registration_board(published, user=user)

    assert [r.unit.name for r in rows] == ["Xã Ca Thành", "Xã Yên Lạc"]
