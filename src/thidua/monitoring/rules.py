"""Who reports to the ministry: the statutory statistics and the cadre-database export are made
by those who manage units (the secretariat, administrators), for the units they manage (checked
again per unit by monitoring.statistics and monitoring.cadre_export)."""

import rules

from thidua.awards.rules import is_administrator
from thidua.org.rules import is_manager

rules.add_perm("monitoring.report_statistics", is_manager)
rules.add_perm("monitoring.export_cadre", is_manager)

# The statistical forms are national data, like the legal tables: the secretariat reads them, an
# administrator corrects them or starts a new version when a new circular replaces the old one.
rules.add_perm("monitoring.view_stat_forms", is_manager)
rules.add_perm("monitoring.change_stat_forms", is_administrator)
