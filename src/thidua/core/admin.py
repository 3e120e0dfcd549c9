from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_q.models import Failure, OrmQ, Schedule, Success

from thidua.core import services
from thidua.core.models import ApiToken, AuditLog


class ViewOnlyAdmin(admin.ModelAdmin):
    """Rows whose changes are workflow steps with audit rows: admin shows them and changes
    nothing (the screens and services do)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditedAdmin(admin.ModelAdmin):
    """Rows with no screen of their own, set up in admin: every save and delete (inline rows
    too) goes through core.services.admin_row_save / admin_row_delete and its audit row."""

    def save_model(self, request, obj, form, change):
        services.admin_row_save(actor=request.user, obj=obj)

    def delete_model(self, request, obj):
        services.admin_row_delete(actor=request.user, obj=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            services.admin_row_delete(actor=request.user, obj=obj)

    def save_formset(self, request, form, formset, change):
        for obj in formset.save(commit=False):
            services.admin_row_save(actor=request.user, obj=obj)
        for obj in formset.deleted_objects:
            services.admin_row_delete(actor=request.user, obj=obj)
        formset.save_m2m()


@admin.register(AuditLog)
class AuditLogAdmin(ViewOnlyAdmin):
    list_display = ["at", "actor_name", "action", "object_repr"]
    list_filter = ["action"]
    search_fields = ["object_repr", "actor_name"]
    readonly_fields = [f.name for f in AuditLog._meta.fields]


@admin.register(ApiToken)
class ApiTokenAdmin(ViewOnlyAdmin):
    """Tokens are made and revoked by `thidua token` and the API's services, with audit rows;
    here they are only listed (a token made here would be a credential nobody logged)."""

    list_display = ["prefix", "user", "name", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "digest", "created_at", "last_used_at"]


# django-otp's own screen would let an administrator add a device (with a secret of their
# choosing) or read a secret, unaudited: here it only lists who has enrolled. Enrolment is the
# user's own (/tai-khoan/xac-thuc-hai-buoc/), a reset the administrators' audited screen.
admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(ViewOnlyAdmin):
    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]
    readonly_fields = fields


# Lockouts are lifted on «Tài khoản bị khóa» (audited), not by deleting attempts here; groups
# are not how thidua grants rights (roles are); the task queue's rows (queued tasks, results,
# schedules: the reminders are schedules) change only through the services that queue them,
# which retry on their own: all are shown, not changed.
for _model in (AccessAttempt, AccessFailureLog, AccessLog, Group, OrmQ, Success, Failure, Schedule):
    _shown = type(admin.site._registry[_model])
    admin.site.unregister(_model)
    admin.site.register(_model, type(f"ViewOnly{_shown.__name__}", (ViewOnlyAdmin, _shown), {}))
