from django.contrib import admin

from thidua.core.admin import AuditedAdmin, ViewOnlyAdmin
from thidua.participation.models import (
    CitizenProposal,
    Disclosure,
    DisclosureRequirement,
    PublicComment,
)


@admin.register(DisclosureRequirement)
class DisclosureRequirementAdmin(AuditedAdmin):
    """Rule data (which legal award forms must be disclosed before the council): saved with an
    audit row, dated, never overwritten in place when the law changes (add a row from the
    new date)."""

    list_display = ["name", "form_kind", "by_law", "valid_from", "valid_to", "confirmed"]
    list_filter = ["by_law", "confirmed"]


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
