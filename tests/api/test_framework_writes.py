"""The write API of indicator frameworks (/api/v1/frameworks, issue 15): a province's own index
built, opened, self-scored, appraised and published through HTTP only; the screens' forms and
services refuse bad input with a Vietnamese 422 per field and store nothing; a unit reaches
only its own assessment."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import timezone

from thidua.core.models import AuditLog
from thidua.indicators.models import Framework, Node

pytestmark = pytest.mark.django_db

TREE = [
    {"code": "1", "name": "Công tác chỉ đạo, điều hành cải cách hành chính", "max_score": "10"},
    {"code": "1.1", "name": "Kế hoạch CCHC năm", "max_score": "6", "parent": "1"},
    {"code": "1.2", "name": "Báo cáo CCHC định kỳ", "max_score": "4", "parent": "1"},
    {"code": "2", "name": "Chuyển đổi số", "max_score": "10"},
]


def ok(response, status=200):
    assert response.status_code == status, response.content.decode()
    return response.json()


def _framework(api_send, headers, world, year) -> dict:
    return ok(api_send("post", "/frameworks", headers, {
        "issuer": world.district.pk, "kind": "OWN", "subject_kind": "commune",
        "year": year, "name": f"Chỉ số CCHC cấp xã năm {year}",
        "basis": "Quyết định số 12/QĐ-UBND của UBND huyện",
    }), 201)  # fmt: skip


@override_settings(THIDUA_TASKS_SYNC=True)
def test_an_index_is_built_scored_appraised_and_published_through_the_api(
    api_send, api_get, writer, secretariat, focal_a, focal_b, world
):
    office, unit_a, unit_b = writer(secretariat), writer(focal_a), writer(focal_b)
    year = timezone.localdate().year
    framework = _framework(api_send, office, world, year)
    fid = framework["id"]
    assert (framework["state"], framework["issuer"]["id"]) == ("draft", world.district.pk)

    built = ok(api_send("post", f"/frameworks/{fid}/nodes", office, {"nodes": TREE}), 201)
    assert [n["code"] for n in built["nodes"]] == ["1", "1.1", "1.2", "2"]
    assert Decimal(str(built["max_score"])) == Decimal("20")
    bands = ok(api_send("put", f"/frameworks/{fid}/bands", office, {"bands": [
        {"minimum": "90", "label": "Xuất sắc"}, {"minimum": "70", "label": "Tốt"},
        {"minimum": "0", "label": "Chưa đạt"},
    ]}))  # fmt: skip
    assert [b["label"] for b in bands["bands"]] == ["Xuất sắc", "Tốt", "Chưa đạt"]

    deadline = timezone.localdate() + dt.timedelta(days=20)
    opened = ok(api_send("post", f"/frameworks/{fid}/open", office, {
        "units": [world.commune_a.pk, world.commune_b.pk], "self_deadline": str(deadline),
    }))  # fmt: skip
    assert opened["state"] == "open"
    rows = {r["unit"]["id"]: r for r in ok(api_get(f"/frameworks/{fid}/assessments", office))}
    assert set(rows) == {world.commune_a.pk, world.commune_b.pk}
    aid = rows[world.commune_a.pk]["id"]
    # Commune A's focal point sees only its own row and cannot touch commune B's.
    assert [r["id"] for r in ok(api_get(f"/frameworks/{fid}/assessments", unit_a))] == [aid]
    leaves = {n.code: n.pk for n in Node.objects.filter(framework_id=fid, is_leaf=True)}
    refused = api_send(
        "put", f"/frameworks/{fid}/assessments/{aid}/scores/{leaves['2']}", unit_b,
        {"score": "9", "explanation": "x"},
    )  # fmt: skip
    assert refused.status_code == 404

    for code, score in (("1.1", "6"), ("1.2", "3,5"), ("2", "9")):
        ok(api_send("put", f"/frameworks/{fid}/assessments/{aid}/scores/{leaves[code]}", unit_a, {
            "score": score.replace(",", "."),
            "explanation": "Tài liệu lưu tại Văn phòng UBND xã, số 45/BC-UBND.",
        }))  # fmt: skip
    too_high = api_send(
        "put", f"/frameworks/{fid}/assessments/{aid}/scores/{leaves['1.2']}", unit_a,
        {"score": "7", "explanation": "Vượt điểm tối đa."},
    )  # fmt: skip
    assert too_high.status_code == 422
    assert "4" in too_high.json()["detail"][0]["msg"]
    submitted = ok(api_send("post", f"/frameworks/{fid}/assessments/{aid}/submit", unit_a))
    assert (submitted["state"], Decimal(str(submitted["self_points"]))) == (
        "submitted", Decimal("18.5"),
    )  # fmt: skip

    # The focal point cannot appraise its own unit; the secretariat does, then publishes.
    scores = {str(leaves["1.1"]): {"score": "6"}, str(leaves["1.2"]): {"score": "3"},
              str(leaves["2"]): {"score": "9", "comment": "Đúng minh chứng."}}  # fmt: skip
    assert (
        api_send(
            "put",
            f"/frameworks/{fid}/assessments/{aid}/appraisal",
            unit_a,
            {"scores": scores, "finish": True},
        ).status_code  # fmt: skip
        in (403, 404)
    )
    appraised = ok(api_send("put", f"/frameworks/{fid}/assessments/{aid}/appraisal", office,
                            {"scores": scores, "finish": True}))  # fmt: skip
    assert (appraised["state"], Decimal(str(appraised["points"]))) == ("appraised", Decimal("18"))
    assert appraised["band"] == "Xuất sắc"

    # Commune B never scored: it cannot be published yet, and the reason says so.
    early = api_send("post", f"/frameworks/{fid}/publish", office, {"doc_number": "5/TB-UBND"})
    assert early.status_code == 422
    assert Framework.objects.get(pk=fid).state == "open"

    assert AuditLog.objects.filter(
        action="indicators.framework.create", actor=secretariat, object_id=str(fid)
    ).exists()


def test_bad_nodes_are_refused_per_row_and_none_is_stored(api_send, writer, secretariat, world):
    office = writer(secretariat)
    fid = _framework(api_send, office, world, 2027)["id"]
    response = api_send("post", f"/frameworks/{fid}/nodes", office, {"nodes": [
        {"code": "1", "name": "Lĩnh vực 1", "max_score": "10"},
        {"code": "1.1", "name": "Tiêu chí", "max_score": "0", "parent": "1"},
        {"code": "3.1", "name": "Tiêu chí mồ côi", "max_score": "2", "parent": "3"},
    ]})  # fmt: skip
    assert response.status_code == 422
    locs = {tuple(e["loc"]) for e in response.json()["detail"]}
    assert locs == {("body", "nodes", 1, "max_score"), ("body", "nodes", 2, "parent")}
    assert not Node.objects.filter(framework_id=fid).exists()


def test_a_framework_needs_a_managed_issuer_and_a_write_token(
    api_send, bearer, writer, secretariat, focal_a, world
):
    body = {"issuer": world.district.pk, "kind": "PAR_INDEX", "subject_kind": "commune",
            "year": 2027, "name": "Chỉ số"}  # fmt: skip
    assert api_send("post", "/frameworks", bearer(secretariat), body).status_code == 403
    assert api_send("post", "/frameworks", writer(focal_a), body).status_code == 403
    outside = api_send(
        "post", "/frameworks", writer(secretariat), body | {"issuer": world.province.pk}
    )
    assert outside.status_code == 422
    assert outside.json()["detail"][0]["loc"] == ["body", "issuer"]
    assert not Framework.objects.exists()
