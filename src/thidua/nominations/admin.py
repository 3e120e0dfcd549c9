from django.contrib import admin

from thidua.core.admin import ViewOnlyAdmin
from thidua.nominations.models import Nominee, Proposal, TrailStep


@admin.register(Proposal)
class ProposalAdmin(ViewOnlyAdmin):
    list_display = ["unit", "campaign", "state", "version", "submitted_at"]
    list_filter = ["state"]
    raw_id_fields = ["campaign", "unit", "created_by", "source_campaign"]


@admin.register(Nominee)
class NomineeAdmin(ViewOnlyAdmin):
    list_display = ["__str__", "award_form", "state", "eligible", "council_outcome"]
    list_filter = ["state", "eligible", "council_outcome"]
    raw_id_fields = ["proposal", "award_form", "unit", "person", "source_nominee"]


@admin.register(TrailStep)
class TrailStepAdmin(ViewOnlyAdmin):
    list_display = ["proposal", "seq", "action", "unit_name", "actor_name", "at"]
    list_filter = ["action"]
    raw_id_fields = ["proposal", "actor", "unit"]
