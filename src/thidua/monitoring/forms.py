"""Forms of the monitoring app's configuration screens: the statutory statistics forms (header,
rows and columns as formsets, a new version). The services check again; these forms only turn
what was typed into the services' arguments."""

from django import forms

from thidua.monitoring.enums import StatLevel, StatMeasure, StatPeriod, StatSource

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_DATE_ERRORS = {"invalid": "Ngày không hợp lệ; nhập theo dạng 05/01/2024."}


def _date(label: str, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=_DATE,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages=_DATE_ERRORS,
    )


class StatFormHeaderForm(forms.Form):
    code = forms.CharField(label="Ký hiệu biểu", max_length=40, help_text="Ví dụ: 01.N/BNV-TĐKT-H")
    name = forms.CharField(label="Tên biểu", max_length=300)
    level = forms.ChoiceField(label="Cấp báo cáo", choices=StatLevel.choices)
    period = forms.ChoiceField(label="Kỳ báo cáo", choices=StatPeriod.choices)
    basis = forms.CharField(
        label="Ban hành kèm theo", max_length=300, help_text="Ví dụ: Thông tư 18/2025/TT-BNV"
    )
    unit_note = forms.CharField(label="Đơn vị tính", max_length=200, required=False)
    receiver = forms.CharField(label="Đơn vị nhận báo cáo", max_length=200, required=False)
    deadline_note = forms.CharField(label="Ngày nhận báo cáo", max_length=200, required=False)
    valid_from = _date("Áp dụng từ ngày")
    valid_to = _date("Áp dụng đến hết ngày", required=False)
    confirmed = forms.BooleanField(label="Đã đối chiếu với văn bản", required=False)
    note = forms.CharField(label="Ghi chú", max_length=300, required=False)
    position = forms.IntegerField(label="Thứ tự", min_value=0, max_value=32767, initial=0)

    FIELDS = ["code", "name", "level", "period", "basis", "unit_note", "receiver",
              "deadline_note", "valid_from", "valid_to", "confirmed", "note",
              "position"]  # fmt: skip

    def __init__(self, *args, instance=None, **kwargs):
        if instance is not None:
            kwargs.setdefault("initial", self.initial_of(instance))
        super().__init__(*args, **kwargs)

    @classmethod
    def initial_of(cls, form) -> dict:
        return {f: getattr(form, f) for f in cls.FIELDS}


class StatRowForm(forms.Form):
    position = forms.IntegerField(label="Thứ tự", min_value=1, max_value=32767)
    ordinal = forms.CharField(label="Số thứ tự", max_length=8, required=False)
    label = forms.CharField(label="Chỉ tiêu", max_length=300)
    source = forms.ChoiceField(label="Nguồn số liệu", choices=[("", "—"), *StatSource.choices])
    codes = forms.CharField(
        label="Mã danh hiệu, hình thức",
        required=False,
        help_text="Cách nhau bởi dấu phẩy; để trống: mọi khen thưởng.",
    )
    bold = forms.BooleanField(label="In đậm", required=False)

    def clean_codes(self) -> list[str]:
        return [c.strip() for c in self.cleaned_data["codes"].split(",") if c.strip()]

    @staticmethod
    def initial_of(row) -> dict:
        return {"position": row.position, "ordinal": row.ordinal, "label": row.label,
                "source": row.source, "codes": ", ".join(row.codes or []),
                "bold": row.bold}  # fmt: skip


class StatColumnForm(forms.Form):
    position = forms.IntegerField(label="Thứ tự", min_value=1, max_value=32767)
    code = forms.CharField(label="Mã cột", max_length=8)
    group = forms.CharField(label="Nhóm cột", max_length=200, required=False)
    label = forms.CharField(label="Tên cột", max_length=200)
    measure = forms.ChoiceField(label="Số liệu", choices=[("", "—"), *StatMeasure.choices])

    @staticmethod
    def initial_of(column) -> dict:
        return {f: getattr(column, f) for f in ["position", "code", "group", "label", "measure"]}


class _TableFormSet(forms.BaseFormSet):
    """A formset shown as a table (the labels are the column headers): each input carries its
    label for screen readers."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for field in form.fields.values():
            field.widget.attrs.setdefault("aria-label", str(field.label))


StatRowFormSet = forms.formset_factory(
    StatRowForm, formset=_TableFormSet, extra=3, can_delete=True, max_num=300,
    absolute_max=300, validate_max=True,
)  # fmt: skip
StatColumnFormSet = forms.formset_factory(
    StatColumnForm, formset=_TableFormSet, extra=2, can_delete=True, max_num=40,
    absolute_max=40, validate_max=True,
)  # fmt: skip


def formset_items(formset) -> list[dict]:
    """The filled, not deleted forms of a valid formset, as the services' dicts."""
    kept = formset.initial_form_count()
    return [
        {k: v for k, v in f.cleaned_data.items() if k != "DELETE"}
        for i, f in enumerate(formset.forms)
        if (i < kept or f.has_changed()) and f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


class StatFormVersionForm(forms.Form):
    valid_from = _date("Phiên bản mới áp dụng từ ngày")
