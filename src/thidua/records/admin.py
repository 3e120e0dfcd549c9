"""Titles, caps, history rows and initiatives in Django admin. Titles and caps are law as
dated rows: every save goes through records.services.rule_row_save (audited, before/after);
they are ended by their dates, never deleted. History and initiatives are view-only here:
the import and the screens write them."""

from django.contrib import admin

from thidua.core.admin import ViewOnlyAdmin
from thidua.records import services
from thidua.records.models import AwardRecord, Initiative, Title, TitleCap


class RuleAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        services.rule_row_save(actor=request.user, obj=obj)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Title)
class TitleAdmin(RuleAdmin):
    list_display = ["name", "code", "kind", "level", "valid_from", "valid_to", "confirmed"]
    list_filter = ["kind", "level", "confirmed"]


@admin.register(TitleCap)
class TitleCapAdmin(RuleAdmin):
    list_display = ["title_code", "basis_code", "percent", "valid_from", "valid_to", "source",
                    "confirmed"]  # fmt: skip


@admin.register(AwardRecord)
class AwardRecordAdmin(ViewOnlyAdmin):
    list_display = ["year", "form_name", "person", "unit", "decision_number", "decision_date"]
    list_filter = ["source", "level", "year"]
    search_fields = ["form_name", "decision_number", "person__full_name", "unit__name"]


@admin.register(Initiative)
class InitiativeAdmin(ViewOnlyAdmin):
    list_display = ["name", "unit", "year", "scope"]
