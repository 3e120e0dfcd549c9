from django.contrib import admin

from thidua.core.admin import ViewOnlyAdmin
from thidua.monitoring.models import Job, ReminderDelivery, ReminderRule


@admin.register(ReminderRule)
class ReminderRuleAdmin(admin.ModelAdmin):
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
