"""The legal tables in Django admin. Every save and delete goes through awards.services, which
writes an audit row with the values before and after; "Lịch sử thay đổi" lists them."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from thidua.awards import services
from thidua.awards.models import BaseSalary, Coefficient, LegalBasisTemplate, RuleSet


class AuditedAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        services.legal_row_save(actor=request.user, obj=obj)

    def delete_model(self, request, obj):
        services.legal_row_delete(actor=request.user, obj=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            services.legal_row_delete(actor=request.user, obj=obj)

    def save_formset(self, request, form, formset, change):
        for obj in formset.save(commit=False):
            services.legal_row_save(actor=request.user, obj=obj)
        for obj in formset.deleted_objects:
            services.legal_row_delete(actor=request.user, obj=obj)

    @admin.display(description="lịch sử thay đổi")
    def audit_link(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        url = reverse("admin:core_auditlog_changelist")
        return format_html('<a href="{}?q={}">Xem nhật ký</a>', url, str(obj)[:60])


class CoefficientInline(admin.TabularInline):
    model = Coefficient
    extra = 0


@admin.register(RuleSet)
class RuleSetAdmin(AuditedAdmin):
    list_display = ["name", "valid_from", "valid_to", "rounding_mode", "rounding_step"]
    readonly_fields = ["audit_link"]
    inlines = [CoefficientInline]


@admin.register(BaseSalary)
class BaseSalaryAdmin(AuditedAdmin):
    list_display = ["valid_from", "valid_to", "amount", "decree"]
    readonly_fields = ["audit_link"]


@admin.register(LegalBasisTemplate)
class LegalBasisTemplateAdmin(AuditedAdmin):
    list_display = ["rule_set", "document", "issuer_level"]
