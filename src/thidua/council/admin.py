"""Administrators set up councils, their members and pass rules here (dated rows). Ballots and
receipts are deliberately not registered: nobody browses how a secret ballot went."""

from django.contrib import admin

from thidua.core.admin import AuditedAdmin, ViewOnlyAdmin
from thidua.council.models import Council, CouncilMember, CouncilSession, PassRule


class MemberInline(admin.TabularInline):
    model = CouncilMember
    raw_id_fields = ["user"]
    extra = 0


@admin.register(Council)
class CouncilAdmin(AuditedAdmin):
    list_display = ["name", "issuer", "valid_from", "valid_to"]
    raw_id_fields = ["issuer"]
    inlines = [MemberInline]


@admin.register(PassRule)
class PassRuleAdmin(AuditedAdmin):
    list_display = [
        "form_kind",
        "subject_type",
        "level",
        "ballot_type",
        "denominator",
        "threshold_num",
        "threshold_den",
        "strict",
        "valid_from",
        "valid_to",
    ]


@admin.register(CouncilSession)
class CouncilSessionAdmin(ViewOnlyAdmin):
    list_display = ["council", "campaign", "held_on", "state"]
    list_filter = ["state"]
    raw_id_fields = ["council", "campaign"]
    readonly_fields = ["state", "opened_at", "closed_at", "staged_at"]
