"""Every write to clusters, each with its audit row."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from thidua.clusters.models import (
    Cluster,
    ClusterCriterion,
    ClusterMember,
    ClusterScore,
    ClusterYear,
)
from thidua.clusters.ranking import next_in_turn
from thidua.core.services import audit_record, snapshot
from thidua.core.text import nfc
from thidua.core.uploads import CheckedUpload
from thidua.org.models import Unit


def _user(actor):
    return actor if actor is not None and actor.is_authenticated else None


@transaction.atomic
def cluster_create(*, actor, name: str, kind: str, organiser: Unit, note: str = "") -> Cluster:
    cluster = Cluster(
        name=nfc(name).strip(), kind=kind, organiser=organiser, note=nfc(note).strip()
    )
    cluster.full_clean()
    cluster.save()
    audit_record(
        actor=actor, action="clusters.cluster.create", obj=cluster, unit_id=organiser.pk,
        after=snapshot(cluster, ["name", "kind", "organiser", "note"]),
    )  # fmt: skip
    return cluster


@transaction.atomic
def cluster_member_add(*, actor, cluster: Cluster, unit: Unit) -> ClusterMember:
    if not unit.path.startswith(cluster.organiser.path):
        raise ValidationError({"unit": "Đơn vị không thuộc phạm vi của cơ quan tổ chức cụm, khối."})
    if ClusterMember.objects.filter(cluster=cluster, unit=unit).exists():
        raise ValidationError({"unit": f"{unit.name} đã là thành viên của {cluster.name}."})
    member = ClusterMember.objects.create(cluster=cluster, unit=unit)
    audit_record(
        actor=actor, action="clusters.member.add", obj=cluster, unit_id=cluster.organiser_id,
        after={"unit": unit.pk, "name": unit.name},
    )  # fmt: skip
    return member


def member_ids(cluster: Cluster) -> list[int]:
    return list(
        ClusterMember.objects.filter(cluster=cluster)
        .order_by("unit__name", "unit_id")
        .values_list("unit_id", flat=True)
    )


def _year_locked(cluster: Cluster, year: int) -> ClusterYear:
    if not 2000 <= year <= 2100:
        raise ValidationError("Năm không hợp lệ.")
    row = ClusterYear.objects.filter(cluster=cluster, year=year).first()
    if row is None:
        previous = (
            ClusterYear.objects.filter(cluster=cluster, year__lt=year)
            .order_by("-year")
            .values_list("head_id", flat=True)
            .first()
        )
        head = next_in_turn(member_ids(cluster), previous)
        row = ClusterYear.objects.create(cluster=cluster, year=year, head_id=head)
    return ClusterYear.objects.select_for_update().get(pk=row.pk)


@transaction.atomic
def cluster_year_open(*, actor, cluster: Cluster, year: int) -> ClusterYear:
    """The year's row; a new year's head is the member after last year's head (rotation)."""
    return _year_locked(cluster, year)


@transaction.atomic
def cluster_year_set(
    *,
    actor,
    cluster: Cluster,
    year: int,
    head: Unit | None,
    covenant_signed_on: dt.date | None,
    covenant: CheckedUpload | None = None,
) -> ClusterYear:
    """The year's head and its covenant (giao ước thi đua: the signed document and its date)."""
    row = _year_locked(cluster, year)
    fields = ["head", "covenant_signed_on", "covenant_sha256"]
    before = snapshot(row, fields)
    errors = {}
    if head is not None and head.pk not in member_ids(cluster):
        errors["head"] = "Đơn vị trưởng cụm, khối phải là thành viên."
    if covenant_signed_on is not None and covenant_signed_on.year != year:
        errors["covenant_signed_on"] = f"Ngày ký giao ước phải trong năm {year}."
    if covenant is not None and covenant_signed_on is None:
        errors["covenant_signed_on"] = "Nhập ngày ký giao ước thi đua."
    if errors:
        raise ValidationError(errors)
    row.head, row.covenant_signed_on = head, covenant_signed_on
    if covenant is not None:
        row.covenant.save(
            f"giao-uoc-{cluster.pk}-{year}.{covenant.extension}",
            ContentFile(covenant.data),
            save=False,
        )
        row.covenant_sha256 = covenant.sha256
    row.save()
    audit_record(
        actor=actor, action="clusters.year.set", obj=row, unit_id=cluster.organiser_id,
        before=before, after=snapshot(row, fields),
    )  # fmt: skip
    return row


@transaction.atomic
def criterion_add(
    *, actor, cluster: Cluster, year: int, name: str, max_points: Decimal
) -> ClusterCriterion:
    row = _year_locked(cluster, year)
    criterion = ClusterCriterion(
        cluster_year=row, name=nfc(name).strip(), max_points=max_points,
        position=row.criteria.count() + 1,
    )  # fmt: skip
    criterion.full_clean()
    criterion.save()
    audit_record(
        actor=actor, action="clusters.criterion.add", obj=row, unit_id=cluster.organiser_id,
        after={"name": criterion.name, "max_points": str(max_points)},
    )  # fmt: skip
    return criterion


@transaction.atomic
def scores_set(
    *, actor, cluster: Cluster, year: int, points: dict[tuple[int, int], Decimal | None]
) -> int:
    """The year-end scores, (criterion id, member unit id) → points (None clears it); all or
    nothing: any point outside 0…maximum, or for a stranger, refuses the whole grid with every
    problem named."""
    row = _year_locked(cluster, year)
    criteria = {c.pk: c for c in row.criteria.all()}
    members = set(member_ids(cluster))
    names = dict(Unit.objects.filter(pk__in=members).values_list("pk", "name"))
    problems = []
    for (criterion_id, unit_id), value in sorted(points.items()):
        criterion = criteria.get(criterion_id)
        if criterion is None or unit_id not in members:
            problems.append("Điểm cho tiêu chí hoặc đơn vị không thuộc cụm, khối năm này.")
        elif value is not None and not 0 <= value <= criterion.max_points:
            problems.append(
                f"{names[unit_id]} – {criterion.name}: điểm {value:n} ngoài khoảng 0 đến "
                f"{criterion.max_points:n}."
            )
    if problems:
        raise ValidationError(problems)
    ClusterScore.objects.filter(
        criterion__cluster_year=row,
        **{"pk__in": [
            s.pk for s in ClusterScore.objects.filter(criterion__cluster_year=row)
            if points.get((s.criterion_id, s.unit_id), 0) is None
        ]},
    ).delete()  # fmt: skip
    written = 0
    for (criterion_id, unit_id), value in points.items():
        if value is None:
            continue
        ClusterScore.objects.update_or_create(
            criterion_id=criterion_id, unit_id=unit_id,
            defaults={"points": value, "updated_by": _user(actor)},
        )  # fmt: skip
        written += 1
    audit_record(
        actor=actor, action="clusters.scores.set", obj=row, unit_id=cluster.organiser_id,
        after={"scores": written},
    )  # fmt: skip
    return written
