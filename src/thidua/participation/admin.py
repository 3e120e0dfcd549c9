from django.contrib import admin

from thidua.core.admin import ViewOnlyAdmin
from thidua.participation.models import CitizenProposal, Disclosure, PublicComment


@admin.register(Disclosure)
class DisclosureAdmin(ViewOnlyAdmin):
    list_display = ["title", "opens_on", "closes_on", "basis"]
    raw_id_fields = ["campaign", "unit", "created_by"]


@admin.register(PublicComment)
class PublicCommentAdmin(ViewOnlyAdmin):
    list_display = ["author_name", "entry", "state", "submitted_at"]
    list_filter = ["state"]
    raw_id_fields = ["entry", "moderated_by"]


@admin.register(CitizenProposal)
class CitizenProposalAdmin(ViewOnlyAdmin):
    list_display = ["code", "subject_name", "state", "submitted_at"]
    list_filter = ["state"]
    raw_id_fields = ["unit", "handled_by", "nominee"]
