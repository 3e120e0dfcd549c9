"""Reads of clusters, through the reader's scope."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet
from django.http import Http404

from thidua.clusters.models import (
    Cluster,
    ClusterCriterion,
    ClusterMember,
    ClusterScore,
    ClusterYear,
)
from thidua.clusters.ranking import Ranked, capped_total, leaders, rank
from thidua.org.scope import user_scope

NOT_FOUND = "Không tìm thấy cụm, khối thi đua hoặc bạn không có quyền truy cập."


def clusters_for(user) -> QuerySet[Cluster]:
    scope = user_scope(user)
    if scope.is_empty:
        return Cluster.objects.none()
    return (
        Cluster.objects.filter(scope.unit_q("organiser__"))
        .select_related("organiser")
        .annotate(member_count=Count("members"))
        .order_by("name", "id")
    )


def cluster_get_for(user, pk, perm: str = "clusters.view_cluster") -> Cluster:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404(NOT_FOUND) from None
    cluster = Cluster.objects.select_related("organiser").filter(pk=pk).first()
    if cluster is None or not user.has_perm(perm, cluster):
        raise Http404(NOT_FOUND)
    return cluster


def members_of(cluster: Cluster) -> list[ClusterMember]:
    return list(cluster.members.select_related("unit").order_by("unit__name", "unit_id"))


def year_of(cluster: Cluster, year: int) -> ClusterYear | None:
    return ClusterYear.objects.select_related("head").filter(cluster=cluster, year=year).first()


@dataclass(frozen=True)
class Standing:
    member: ClusterMember
    points: list  # (criterion, points or None when not scored), in the criteria's order
    ranked: Ranked


def standings(cluster_year: ClusterYear | None, members: list[ClusterMember]):
    """(criteria, standings in rank order, leaders' unit ids): three queries at most."""
    if cluster_year is None:
        return [], [], []
    criteria = list(ClusterCriterion.objects.filter(cluster_year=cluster_year))
    scores: dict[int, dict[int, Decimal]] = {}
    for s in ClusterScore.objects.filter(criterion__cluster_year=cluster_year):
        scores.setdefault(s.unit_id, {})[s.criterion_id] = s.points
    caps = {c.pk: c.max_points for c in criteria}
    by_unit = {m.unit_id: m for m in members}
    ranked = rank({uid: capped_total(scores.get(uid, {}), caps) for uid in by_unit})
    rows = [
        Standing(
            by_unit[r.unit_id], [(c, scores.get(r.unit_id, {}).get(c.pk)) for c in criteria], r
        )
        for r in ranked
    ]
    return criteria, rows, [r.unit_id for r in leaders(ranked)]
