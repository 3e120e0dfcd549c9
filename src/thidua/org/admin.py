"""Units, people and roles in Django admin: every change goes through org.services, so it is
validated and audited exactly as on the screens; nothing is deleted here."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model, update_session_auth_hash
from django.contrib.auth.admin import UserAdmin
from django.http import HttpResponseRedirect
from django.urls import reverse

from thidua.org import services
from thidua.org.models import Person, RoleAssignment, Unit


class ServiceAdmin(admin.ModelAdmin):
    """Saves through a create/update service; deleting is refused (units and people are ended
    by their validity dates, which keeps their history)."""

    fields_of_service: list[str] = []

    def has_delete_permission(self, request, obj=None):
        return False

    def _values(self, form, names):
        return {name: form.cleaned_data[name] for name in names if name in form.cleaned_data}

    def save_model(self, request, obj, form, change):
        if change:
            changed = self._values(
                form, [f for f in self.fields_of_service if f in form.changed_data]
            )
            saved = self.update(actor=request.user, obj=obj, changes=changed)
        else:
            saved = self.create(
                actor=request.user, values=self._values(form, self.fields_of_service)
            )
        obj.pk = saved.pk
        obj.refresh_from_db()


@admin.register(Unit)
class UnitAdmin(ServiceAdmin):
    list_display = ["code", "name", "kind", "parent", "gso_code", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "gso_code"]
    raw_id_fields = ["parent"]
    readonly_fields = ["path", "depth"]
    fields_of_service = services.UNIT_FIELDS

    def create(self, *, actor, values):
        return services.unit_create(actor=actor, **values)

    def update(self, *, actor, obj, changes):
        return services.unit_update(actor=actor, unit=obj, **changes)


@admin.register(Person)
class PersonAdmin(ServiceAdmin):
    list_display = ["code", "full_name", "unit", "position", "category"]
    list_filter = ["category", "gender"]
    search_fields = ["code", "search_key"]
    raw_id_fields = ["unit"]
    list_select_related = ["unit"]
    fields_of_service = services.PERSON_FIELDS

    def create(self, *, actor, values):
        return services.person_create(actor=actor, **values)

    def update(self, *, actor, obj, changes):
        return services.person_update(actor=actor, person=obj, **changes)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    """Granted and revoked through role_grant/role_revoke (each with its audit row); an
    assignment is never edited in place: revoke it and grant the new one."""

    list_display = ["user", "role", "unit", "valid_from", "valid_to"]
    list_filter = ["role"]
    raw_id_fields = ["user", "unit"]
    list_select_related = ["user", "unit"]

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        granted = services.role_grant(
            actor=request.user,
            user=obj.user,
            role=obj.role,
            unit=obj.unit,
            valid_from=obj.valid_from,
            valid_to=obj.valid_to,
        )
        obj.pk = granted.pk

    def delete_model(self, request, obj):
        services.role_revoke(actor=request.user, assignment=obj)

    def delete_queryset(self, request, queryset):
        for assignment in queryset:
            services.role_revoke(actor=request.user, assignment=assignment)


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class AccountAdmin(UserAdmin):
    """Django's account screens, saved through org.services.account_save (with the audit row
    of every flag, group and permission changed); an account is deactivated, never deleted."""

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        """Saved with its groups and permissions in save_related, in one service call."""

    def user_change_password(self, request, id, form_url=""):
        """Django's password screen, with the change made (and audited) by
        org.services.account_password_set; anything else is Django's own handling."""
        if request.method == "POST":
            account = self.get_object(request, unquote(id))
            if account is not None and self.has_change_permission(request, account):
                form = self.change_password_form(account, request.POST)
                if form.is_valid() and (
                    form.cleaned_data.get("set_usable_password", True)
                    or "unset-password" in request.POST
                ):
                    usable = form.cleaned_data.get("set_usable_password", True)
                    services.account_password_set(
                        actor=request.user,
                        account=account,
                        password=form.cleaned_data["password1"] if usable else None,
                        how="quản trị đặt mật khẩu trong trang quản trị",
                    )
                    messages.success(request, "Đã đổi mật khẩu.")
                    update_session_auth_hash(request, account)
                    return HttpResponseRedirect(
                        reverse(
                            f"admin:{account._meta.app_label}_{account._meta.model_name}_change",
                            args=(account.pk,),
                        )
                    )
        return super().user_change_password(request, id, form_url)

    def save_related(self, request, form, formsets, change):
        data = form.cleaned_data
        services.account_save(
            actor=request.user,
            account=form.instance,
            groups=data.get("groups"),
            permissions=data.get("user_permissions"),
        )
