from django.contrib import admin

from thidua.org.models import Person, RoleAssignment, Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "gso_code", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "gso_code"]
    raw_id_fields = ["parent"]
    readonly_fields = ["path", "depth"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["code", "full_name", "unit", "position", "category"]
    list_filter = ["category", "gender"]
    search_fields = ["code", "search_key"]
    raw_id_fields = ["unit"]
    list_select_related = ["unit"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "unit", "valid_from", "valid_to"]
    list_filter = ["role"]
    raw_id_fields = ["user", "unit"]
    list_select_related = ["user", "unit"]
