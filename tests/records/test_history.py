"""Award history: what our decisions award is recorded at issue time, and it is read on the
person's and the unit's pages and on the API, within the reader's reach."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.api.conftest import API, api_get, bearer  # noqa: F401
from tests.conftest import login
from thidua.awards import services as award_services
from thidua.campaigns.enums import SubjectType
from thidua.records.enums import RecordSource
from thidua.records.models import AwardRecord, Title

pytestmark = pytest.mark.django_db


def _imported(person=None, unit=None, *, year=2022, code="LAO_DONG_TIEN_TIEN", number="7/QĐ-UBND"):
    title = Title.objects.get(code=code)
    return AwardRecord.objects.create(
        subject_type=SubjectType.INDIVIDUAL if person else SubjectType.COLLECTIVE,
        person=person,
        unit=unit or person.unit,
        year=year,
        title=title,
        title_code=code,
        form_name=title.name,
        level=title.level,
        issuer="UBND huyện Nguyên Bình",
        decision_number=number,
        decision_date=dt.date(year + 1, 1, 15),
        amount=450_000,
        source=RecordSource.IMPORT,
    )


def test_issuing_a_decision_records_each_award_in_the_history(draft, chair):
    award_services.decision_issue(actor=chair, decision=draft)
    draft.refresh_from_db()
    awards = list(draft.awards.all())
    records = {r.award_id: r for r in AwardRecord.objects.all()}
    assert set(records) == {a.pk for a in awards}
    for a in awards:
        r = records[a.pk]
        assert (r.person_id, r.unit_id, r.subject_type) == (a.person_id, a.unit_id, a.subject_type)
        assert r.year == draft.campaign.year
        assert r.form_name == a.award_form.name
        assert r.decision_number == f"{draft.number}/QĐ-UBND"
        assert r.decision_date == draft.decided_on
        assert r.amount == a.amount > 0
        assert r.source == RecordSource.DECISION
        assert r.issuer == "Chủ tịch UBND huyện Nguyên Bình"
        assert r.level == "huyen"  # Giấy khen của Chủ tịch UBND cấp huyện


def test_a_draft_decision_records_nothing(draft):
    assert not AwardRecord.objects.exists()


def test_api_lists_a_persons_history_newest_first(
    world,
    secretariat,
    api_get,
    bearer,
    django_assert_max_num_queries,  # noqa: F811
):
    _imported(world.person_a, year=2021, number="3/QĐ-UBND")
    _imported(world.person_a, year=2022, code="CSTD_CO_SO", number="9/QĐ-UBND")
    _imported(world.person_b, year=2022)
    headers = bearer(secretariat)
    with django_assert_max_num_queries(8):
        response = api_get(f"/people/{world.person_a.pk}/awards", headers)
    assert response.status_code == 200
    body = response.json()
    assert [(e["year"], e["title"], e["decision_number"]) for e in body] == [
        (2022, "Chiến sĩ thi đua cơ sở", "9/QĐ-UBND"),
        (2021, "Lao động tiên tiến", "3/QĐ-UBND"),
    ]
    first = body[0]
    assert first["level"] == "co_so" and first["level_label"] == "Cấp cơ sở"
    assert first["issuer"] == "UBND huyện Nguyên Bình"
    assert first["decision_date"] == "2023-01-15"
    assert first["amount"] == 450_000


def test_api_lists_a_units_collective_awards_only(
    world,
    secretariat,
    api_get,
    bearer,  # noqa: F811
):
    _imported(unit=world.commune_a, code="TAP_THE_LDTT")
    _imported(world.person_a)  # the unit's person: not the unit's own award
    body = api_get(f"/units/{world.commune_a.pk}/awards", bearer(secretariat)).json()
    assert [e["title"] for e in body] == ["Tập thể lao động tiên tiến"]
    assert body[0]["subject_type"] == "collective" and body[0]["person_id"] is None


def test_api_history_of_another_units_person_or_unit_is_404(
    world,
    focal_a,
    focal_b,
    api_get,
    bearer,
    client,  # noqa: F811
):
    _imported(world.person_a)
    _imported(unit=world.commune_a, code="TAP_THE_LDTT")
    b = bearer(focal_b)
    assert api_get(f"/people/{world.person_a.pk}/awards", b).status_code == 404
    assert api_get(f"/units/{world.commune_a.pk}/awards", b).status_code == 404
    assert api_get("/people/999999/awards", b).status_code == 404
    a = bearer(focal_a)
    assert len(api_get(f"/people/{world.person_a.pk}/awards", a).json()) == 1
    assert client.get(f"{API}/people/{world.person_a.pk}/awards").status_code == 401


def test_person_and_unit_pages_show_their_history(client, world, focal_a, focal_b):
    _imported(world.person_a, number="15/QĐ-UBND")
    _imported(unit=world.commune_a, code="TAP_THE_LDXS", number="88/QĐ-UBND")
    login(client, focal_a)
    page = client.get(reverse("web:person_detail", args=[world.person_a.pk])).content.decode()
    assert "Quá trình khen thưởng" in page
    assert "Lao động tiên tiến" in page and "Số 15/QĐ-UBND" in page and "450.000 đồng" in page
    assert "15/01/2023" in page
    page = client.get(reverse("web:unit_detail", args=[world.commune_a.pk])).content.decode()
    assert "Tập thể lao động xuất sắc" in page and "Số 88/QĐ-UBND" in page
    assert "Cấp bộ, ngành, tỉnh" in page
    login(client, focal_b)
    assert client.get(reverse("web:person_detail", args=[world.person_a.pk])).status_code == 404


def test_a_revoked_certificate_shows_and_no_longer_counts(
    draft,
    chair,
    secretariat,
    api_get,
    bearer,  # noqa: F811
):
    from thidua.records.selectors import held_by

    draft = award_services.decision_issue(actor=chair, decision=draft)
    award = draft.awards.filter(person__isnull=False).order_by("pk").first()
    award_services.certificate_revoke(
        actor=secretariat, certificate=award.certificate, reason="Khen sai đối tượng.",
        reference="Quyết định số 9/QĐ-UBND ngày 01/03/2024",
    )  # fmt: skip
    body = api_get(f"/people/{award.person_id}/awards", bearer(secretariat)).json()
    assert [(e["decision_number"], e["revoked"]) for e in body] == [
        (f"{draft.number}/QĐ-UBND", True)
    ]
    assert ("person", award.person_id) not in held_by(person_ids=[award.person_id])
    others = draft.awards.exclude(pk=award.pk).filter(person__isnull=False)
    assert all(("person", a.person_id) in held_by(person_ids=[a.person_id]) for a in others)


@pytest.mark.parametrize("n", [1, 12])
def test_history_pages_cost_the_same_whatever_the_length(
    client, world, focal_a, n, django_assert_num_queries
):
    for i in range(n):
        _imported(world.person_a, year=2000 + i, number=f"{i}/QĐ-UBND")
        _imported(unit=world.commune_a, year=2000 + i, code="TAP_THE_LDTT", number=f"{i}/QĐ")
    login(client, focal_a)
    with django_assert_num_queries(9):  # + the service periods (one query, any number)
        page = client.get(reverse("web:person_detail", args=[world.person_a.pk]))
    assert page.content.decode().count("Lao động tiên tiến") == n
    with django_assert_num_queries(13):
        page = client.get(reverse("web:unit_detail", args=[world.commune_a.pk]))
    assert page.content.decode().count("Tập thể lao động tiên tiến") == n
