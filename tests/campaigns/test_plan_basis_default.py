"""A new plan's reward basis comes from the legal-basis template of the decree in force for the
issuer's level (Cấu hình › Mẫu căn cứ pháp lý), on the screen and through the API; an office
that edits the template changes what the next plan says."""

import pytest
from django.utils import timezone

from thidua.awards.enums import BasisDocument
from thidua.awards.models import LegalBasisTemplate
from thidua.awards.services import plan_reward_basis, rule_set_in_force

pytestmark = pytest.mark.django_db


def test_the_screen_offers_the_template_of_the_decree_in_force(client, secretariat, world):
    in_force = rule_set_in_force(timezone.localdate())
    assert in_force is not None
    client.force_login(secretariat)
    form = client.get("/phong-trao/them/").context["form"]
    assert form.initial["reward_basis"] == (
        f"Theo {in_force.name} của Chính phủ quy định chi tiết thi hành một số điều của Luật "
        "Thi đua, khen thưởng."
    )


def test_a_template_for_the_level_wins_and_an_edit_is_taken(world):
    today = timezone.localdate()
    rule_set = rule_set_in_force(today)
    LegalBasisTemplate.objects.create(
        rule_set=rule_set, issuer_level=world.district.kind, document=BasisDocument.PLAN,
        text="Theo {nghi_dinh};\nTheo Quyết định số 07/2026/QĐ-UBND của UBND tỉnh.",
    )  # fmt: skip
    assert plan_reward_basis(level=world.district.kind, on=today) == (
        f"Theo {rule_set.name};\nTheo Quyết định số 07/2026/QĐ-UBND của UBND tỉnh."
    )
    # Another level keeps the template for every level.
    assert plan_reward_basis(level=world.province.kind, on=today).startswith(
        f"Theo {rule_set.name}"
    )
