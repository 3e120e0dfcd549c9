from django.contrib import admin

from thidua.core.admin import AuditedAdmin, ViewOnlyAdmin
from thidua.monitoring.models import (
    Job,
    ReminderDelivery,
    ReminderRule,
    StatColumn,
    StatForm,
    StatRow,
)


@admin.register(ReminderRule)
class ReminderRuleAdmin(AuditedAdmin):
    list_display = ["campaign", "target", "days", "active"]
    list_filter = ["target", "active"]


@admin.register(ReminderDelivery)
class ReminderDeliveryAdmin(ViewOnlyAdmin):
    list_display = ["sent_at", "rule", "unit", "occurrence"]
    readonly_fields = [f.name for f in ReminderDelivery._meta.fields]


@admin.register(Job)
class JobAdmin(ViewOnlyAdmin):
    list_display = ["created_at", "kind", "state", "done", "total", "created_by"]
    list_filter = ["kind", "state"]


class StatRowInline(admin.TabularInline):
    model = StatRow
    extra = 0


class StatColumnInline(admin.TabularInline):
    model = StatColumn
    extra = 0


@admin.register(StatForm)
class StatFormAdmin(AuditedAdmin):
    """The statistical forms are law as data: corrected here, each change audited."""

    list_display = ["code", "name", "level", "period", "valid_from", "valid_to", "confirmed"]
    list_filter = ["level", "confirmed"]
    inlines = [StatRowInline, StatColumnInline]
