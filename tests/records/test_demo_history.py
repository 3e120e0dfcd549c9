"""After the demo, the history endpoints answer for every person and unit, the four titles
appear in people's and units' histories, and the demo's Chiến sĩ thi đua cơ sở keep the cap."""

from collections import Counter

import pytest
from django.core.management import call_command

from tests.api.conftest import API
from thidua.core.services import api_token_create
from thidua.org.models import Person, Unit
from thidua.records.models import AwardRecord, Initiative

pytestmark = pytest.mark.django_db


def test_demo_history_for_everyone(client, django_user_model):
    call_command("demo", "--stage", "history", stdout=None)
    call_command("demo", "--stage", "history", stdout=None)  # a rerun adds nothing
    admin = django_user_model.objects.get(username="quantri")
    headers = {"Authorization": f"Bearer {api_token_create(user=admin, name='demo')[1]}"}
    person_titles, unit_titles = set(), set()
    for pk in Person.objects.values_list("pk", flat=True):
        response = client.get(f"{API}/people/{pk}/awards", headers=headers)
        assert response.status_code == 200
        body = response.json()
        assert body, f"person {pk} has no history"
        person_titles |= {e["title"] for e in body}
    for pk in Unit.objects.values_list("pk", flat=True):
        body = client.get(f"{API}/units/{pk}/awards", headers=headers).json()
        assert body, f"unit {pk} has no history"
        unit_titles |= {e["title"] for e in body}
    assert {"Lao động tiên tiến", "Chiến sĩ thi đua cơ sở"} <= person_titles
    assert {"Tập thể lao động tiên tiến", "Tập thể lao động xuất sắc"} <= unit_titles
    # the cap of Nghị định 91/2017: CSTĐ cơ sở ≤ 15 % of the unit's LĐTT, each year
    counts = Counter(
        AwardRecord.objects.filter(person__isnull=False).values_list(
            "unit_id", "year", "title_code"
        )
    )
    for (unit, year, code), n in counts.items():
        if code == "CSTD_CO_SO":
            assert n * 100 <= 15 * counts[(unit, year, "LAO_DONG_TIEN_TIEN")]
    assert Initiative.objects.count() == counts.total() - sum(
        n for (_u, _y, c), n in counts.items() if c != "CSTD_CO_SO"
    )
