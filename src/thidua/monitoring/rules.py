"""Who reports to the ministry: the statutory statistics and the cadre-database export are made
by those who manage units (the secretariat, administrators), for the units they manage (checked
again per unit by monitoring.statistics and monitoring.cadre_export)."""

import rules

from thidua.org.rules import is_manager

rules.add_perm("monitoring.report_statistics", is_manager)
rules.add_perm("monitoring.export_cadre", is_manager)
