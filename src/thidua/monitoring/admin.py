from django.contrib import admin

from thidua.core.admin import AuditedAdmin, ViewOnlyAdmin
from thidua.monitoring.models import Job, ReminderDelivery, ReminderRule


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
