"""The search box finds a decision by its number, and not for a unit outside its reach."""

from django.urls import reverse

from tests.awards import conftest as award_fixtures
from tests.conftest import _persona, login
from tests.factories import make_unit
from thidua.awards import services
from thidua.org.enums import Role

campaign = award_fixtures.campaign
forms = award_fixtures.forms
staged = award_fixtures.staged
funded = award_fixtures.funded
draft = award_fixtures.draft
_private_media = award_fixtures._private_media


def test_decision_found_by_number_within_reach(client, draft, secretariat, world):
    decision = services.decision_issue(actor=secretariat, decision=draft)
    login(client, secretariat)
    found = client.get(reverse("web:search"), {"q": f"{decision.number}/QĐ-UBND"})
    assert [d.pk for d in found.context["results"]["decisions"]] == [decision.pk]
    outsider = _persona("ngoai", Role.SECRETARIAT, make_unit("Huyện Khác", parent=world.province))
    login(client, outsider)
    found = client.get(reverse("web:search"), {"q": str(decision.number)})
    assert found.context["results"]["decisions"] == []
