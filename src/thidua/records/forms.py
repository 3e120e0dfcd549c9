"""Forms of the initiatives register: validation and conversion only (records.services writes)."""

import re

from django import forms
from django.utils import timezone

from thidua.campaigns.forms import tree_choices
from thidua.core.text import nfc
from thidua.org.models import Person, Unit
from thidua.org.rules import PEOPLE_EDITORS
from thidua.org.scope import user_scope
from thidua.records.enums import InitiativeScope

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class InitiativeForm(forms.Form):
    name = forms.CharField(label="Tên sáng kiến", max_length=500)
    unit = forms.TypedChoiceField(label="Đơn vị", coerce=int)
    authors = forms.CharField(
        label="Tác giả (mã cán bộ)",
        max_length=1000,
        help_text="Mã cán bộ của từng tác giả, cách nhau bởi dấu phẩy; tác giả thuộc đơn vị "
        "hoặc đơn vị cấp dưới.",
    )
    year = forms.IntegerField(
        label="Năm",
        min_value=1945,
        error_messages={"invalid": "Năm phải là một số.", "min_value": "Năm không hợp lệ."},
    )
    recognised_by = forms.CharField(
        label="Hội đồng, người công nhận",
        max_length=300,
        help_text="Ví dụ: Hội đồng sáng kiến huyện Nguyên Bình",
    )
    scope = forms.ChoiceField(label="Phạm vi ảnh hưởng", choices=InitiativeScope.choices)
    decision_number = forms.CharField(label="Số văn bản công nhận", max_length=60, required=False)
    decision_date = forms.DateField(
        label="Ngày công nhận",
        required=False,
        widget=DATE_INPUT,
        error_messages={"invalid": "Ngày không hợp lệ."},
    )
    summary = forms.CharField(
        label="Tóm tắt", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        units = Unit.objects.filter(user_scope(user).unit_q(roles=PEOPLE_EDITORS))
        self.units = {u.pk: u for u in units}
        self.fields["unit"].choices = tree_choices(self.units.values())

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year > timezone.localdate().year:
            raise forms.ValidationError("Năm không được sau năm hiện tại.")
        return year

    def clean_unit(self):
        unit = self.units.get(self.cleaned_data["unit"])
        if unit is None:
            raise forms.ValidationError("Chọn một đơn vị trong phạm vi của bạn.")
        return unit

    def clean_authors(self):
        codes = [c for c in re.split(r"[,;\s]+", nfc(self.cleaned_data["authors"])) if c]
        if not codes:
            raise forms.ValidationError("Nhập mã cán bộ của ít nhất một tác giả.")
        people = {
            p.code: p
            for p in Person.objects.filter(code__in=codes)
            .filter(user_scope(self.user).unit_q("unit__"))
            .select_related("unit")
        }
        unknown = [c for c in codes if c not in people]
        if unknown:
            raise forms.ValidationError(
                "Không tìm thấy cán bộ có mã: " + ", ".join(f"«{c}»" for c in unknown) + "."
            )
        return list(dict.fromkeys(people[c] for c in codes))

    def initial_from(self, initiative) -> None:
        self.initial.update(
            {
                "name": initiative.name,
                "unit": initiative.unit_id,
                "authors": ", ".join(p.code for p in initiative.authors.all()),
                "year": initiative.year,
                "recognised_by": initiative.recognised_by,
                "scope": initiative.scope,
                "decision_number": initiative.decision_number,
                "decision_date": initiative.decision_date,
                "summary": initiative.summary,
            }
        )
