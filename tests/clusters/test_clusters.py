"""Clusters end to end through services and screens: members, the rotating head, the covenant
upload, scores within each criterion's maximum (all or nothing), the ranking with ties and
the Cờ thi đua suggestion; a commune's focal point gets 404 with data present."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import login
from tests.factories import make_unit
from tests.nominations.conftest import _private_media  # noqa: F401
from thidua.clusters import selectors, services
from thidua.clusters.enums import ClusterKind
from thidua.clusters.models import ClusterScore, ClusterYear
from thidua.core.models import AuditLog

PDF = b"%PDF-1.4\n% giao uoc\n%%EOF\n"


@pytest.fixture
def cluster(world, secretariat):
    c = services.cluster_create(
        actor=secretariat, name="Cụm thi đua các xã vùng cao", kind=ClusterKind.CLUSTER,
        organiser=world.district,
    )  # fmt: skip
    third = make_unit("Xã Thành Công", parent=world.district, code="X01740")
    for unit in (world.commune_a, world.commune_b, third):
        services.cluster_member_add(actor=secretariat, cluster=c, unit=unit)
    return c


def _score(secretariat, cluster, year, grid):
    return services.scores_set(actor=secretariat, cluster=cluster, year=year, points=grid)


def test_head_rotates_by_year_and_must_be_a_member(cluster, world, secretariat):
    ordered = services.member_ids(cluster)
    first = services.cluster_year_open(actor=secretariat, cluster=cluster, year=2024)
    assert first.head_id == ordered[0]
    second = services.cluster_year_open(actor=secretariat, cluster=cluster, year=2025)
    assert second.head_id == ordered[1]
    with pytest.raises(ValidationError) as exc:
        services.cluster_year_set(
            actor=secretariat, cluster=cluster, year=2025, head=world.noivu,
            covenant_signed_on=dt.date(2024, 12, 30),
        )  # fmt: skip
    assert exc.value.message_dict == {
        "head": ["Đơn vị trưởng cụm, khối phải là thành viên."],
        "covenant_signed_on": ["Ngày ký giao ước phải trong năm 2025."],
    }


def test_member_outside_the_organiser_is_refused(cluster, world, secretariat):
    with pytest.raises(ValidationError, match="không thuộc phạm vi"):
        services.cluster_member_add(actor=secretariat, cluster=cluster, unit=world.province)
    with pytest.raises(ValidationError, match="đã là thành viên"):
        services.cluster_member_add(actor=secretariat, cluster=cluster, unit=world.commune_a)


def test_scores_rank_members_with_ties_and_suggest_the_leaders(cluster, world, secretariat):
    work = services.criterion_add(
        actor=secretariat, cluster=cluster, year=2024, name="Thực hiện nhiệm vụ", max_points=D(60)
    )
    movement = services.criterion_add(
        actor=secretariat, cluster=cluster, year=2024, name="Phong trào thi đua", max_points=D(40)
    )
    a, b = world.commune_a.pk, world.commune_b.pk
    third = next(u for u in services.member_ids(cluster) if u not in (a, b))
    with pytest.raises(ValidationError) as exc:
        _score(secretariat, cluster, 2024, {(work.pk, a): D(61), (movement.pk, b): D(-1)})
    assert exc.value.messages == [
        "Xã Yên Lạc – Thực hiện nhiệm vụ: điểm 61 ngoài khoảng 0 đến 60.00.",
        "Xã Ca Thành – Phong trào thi đua: điểm -1 ngoài khoảng 0 đến 40.00.",
    ]
    assert not ClusterScore.objects.exists()
    _score(secretariat, cluster, 2024, {
        (work.pk, a): D(55), (movement.pk, a): D("35.5"),
        (work.pk, b): D("50.5"), (movement.pk, b): D(40),
        (work.pk, third): D(40), (movement.pk, third): None,
    })  # fmt: skip
    row = ClusterYear.objects.get(cluster=cluster, year=2024)
    criteria, rows, leaders = selectors.standings(row, selectors.members_of(cluster))
    assert [c.name for c in criteria] == ["Thực hiện nhiệm vụ", "Phong trào thi đua"]
    assert [(s.member.unit_id, s.ranked.total, s.ranked.rank, s.ranked.tied) for s in rows] == [
        (a, D("90.5"), 1, True), (b, D("90.5"), 1, True), (third, D(40), 3, False),
    ]  # fmt: skip
    assert leaders == [a, b]
    assert AuditLog.objects.filter(action="clusters.scores.set").count() == 1


def test_screens_run_a_year_and_a_focal_point_is_refused(
    client, cluster, world, secretariat, focal_a
):
    login(client, secretariat)
    detail = reverse("web:cluster_detail", args=[cluster.pk])
    action = lambda name: reverse("web:cluster_action", args=[cluster.pk, 2024, name])  # noqa: E731
    upload = SimpleUploadedFile("giao-uoc.pdf", PDF, content_type="application/pdf")
    response = client.post(action("nam"), {
        "head": world.commune_b.pk, "covenant_signed_on": "2024-01-15", "covenant": upload,
    })  # fmt: skip
    assert response.status_code == 302 and response["Location"] == f"{detail}?nam=2024"
    client.post(action("tieu-chi"), {"name": "Thực hiện nhiệm vụ", "max_points": "60"})
    criterion = ClusterYear.objects.get(cluster=cluster).criteria.get()
    bad = client.post(action("cham-diem"), {f"diem-{criterion.pk}-{world.commune_a.pk}": "abc"})
    assert "«abc» không phải là số." in bad.content.decode()
    client.post(action("cham-diem"), {
        f"diem-{criterion.pk}-{world.commune_a.pk}": "58,5",
        f"diem-{criterion.pk}-{world.commune_b.pk}": "50",
    })  # fmt: skip
    html = client.get(f"{detail}?nam=2024").content.decode()
    assert "Ký ngày 15/01/2024" in html and "Trưởng cụm, khối năm 2024" in html
    assert "Gợi ý đề nghị Cờ thi đua năm 2024" in html
    assert "Dẫn đầu cụm thi đua: <strong>Xã Yên Lạc</strong>" in html
    covenant = client.get(reverse("web:cluster_covenant", args=[cluster.pk, 2024]))
    assert b"".join(covenant.streaming_content) == PDF

    client.logout()
    login(client, focal_a)
    assert client.get(detail).status_code == 404
    assert client.get(reverse("web:cluster_covenant", args=[cluster.pk, 2024])).status_code == 404
    assert client.post(action("tieu-chi"), {"name": "X", "max_points": "1"}).status_code == 404
    assert ClusterYear.objects.get(cluster=cluster).criteria.count() == 1
    assert cluster.name not in client.get(reverse("web:cluster_list")).content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_cluster_list_query_count_is_pinned(
    client, world, secretariat, django_assert_num_queries, count
):
    for i in range(count):
        services.cluster_create(
            actor=secretariat, name=f"Khối {i}", kind=ClusterKind.BLOCK, organiser=world.district
        )
    login(client, secretariat)
    with django_assert_num_queries(6):
        response = client.get(reverse("web:cluster_list"))
    assert len(response.context["page"]) == count
