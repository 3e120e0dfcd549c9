"""One search box: people, units, campaigns, dossiers, decision numbers — without diacritics,
within the reader's reach only."""

from django.urls import reverse

from tests.conftest import login
from tests.nominations import conftest as nomination_fixtures

campaign = nomination_fixtures.campaign
forms = nomination_fixtures.forms
proposal_a = nomination_fixtures.proposal_a
_private_media = nomination_fixtures._private_media


def _search(client, q: str):
    response = client.get(reverse("web:search"), {"q": q})
    assert response.status_code == 200
    return response.context["results"], response.content.decode()


def test_accent_insensitive_and_within_reach(client, world, focal_a, secretariat, proposal_a):
    login(client, secretariat)
    results, _ = _search(client, "nguyen van huong")
    assert [p.full_name for p in results["people"]] == ["Nguyễn Văn Hưởng"]
    results, _ = _search(client, "dang thi bich dao")
    assert [p.full_name for p in results["people"]] == ["Đặng Thị Bích Đào"]
    results, _ = _search(client, "cai cach hanh chinh")
    assert [c.pk for c in results["campaigns"]] == [proposal_a.campaign_id]
    results, page = _search(client, "yen lac")
    assert [u.name for u in results["units"]] == ["Xã Yên Lạc"]
    assert [p.pk for p in results["proposals"]] == [proposal_a.pk]
    assert reverse("web:proposal_detail", args=[proposal_a.pk]) in page

    # commune A's focal officer does not find commune B's person or unit
    login(client, focal_a)
    results, page = _search(client, "dang thi bich dao")
    assert results["people"] == [] and "Không tìm thấy gì" in page
    results, _ = _search(client, "ca thanh")
    assert results["units"] == [] and results["proposals"] == []


def test_decision_number_and_odd_input(client, world, secretariat):
    login(client, secretariat)
    results, _ = _search(client, "số 12/QĐ-UBND")
    assert results["decisions"] == []
    for odd in ["\x00", "9" * 50, "<script>", "   "]:
        client.get(reverse("web:search"), {"q": odd})
    page = client.get(reverse("web:search"), {"q": "<b>x</b>"}).content.decode()
    assert "&lt;b&gt;x&lt;/b&gt;" in page
