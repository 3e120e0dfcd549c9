"""Who sees and runs a cluster: every role reaching its organiser reads it; the secretariat
over the organiser changes it (members, head, covenant, criteria, scores)."""

import rules

from thidua.clusters.models import Cluster
from thidua.org.enums import Role
from thidua.org.scope import user_scope


@rules.predicate
def reaches_organiser(user, cluster: Cluster) -> bool:
    return user_scope(user).covers(cluster.organiser)


@rules.predicate
def manages_organiser(user, cluster: Cluster) -> bool:
    return user_scope(user).covers(cluster.organiser, Role.managing())


@rules.predicate
def manages_somewhere(user) -> bool:
    return user_scope(user).has_role(*Role.managing())


rules.add_perm("clusters.view_cluster", reaches_organiser)
rules.add_perm("clusters.change_cluster", manages_organiser)
rules.add_perm("clusters.add_cluster", manages_somewhere)
