from django.contrib import admin
from django_otp.plugins.otp_totp.models import TOTPDevice

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


@admin.register(AuditLog)
class AuditLogAdmin(ViewOnlyAdmin):
    list_display = ["at", "actor_name", "action", "object_repr"]
    list_filter = ["action"]
    search_fields = ["object_repr", "actor_name"]
    readonly_fields = [f.name for f in AuditLog._meta.fields]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
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
