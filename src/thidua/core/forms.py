"""Forms of core's screens: the public calendar (lịch nghỉ lễ, Tết)."""

from django import forms

from thidua.core.models import HolidayKind


class HolidayForm(forms.Form):
    day = forms.DateField(
        label="Ngày", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"required": "Chọn ngày.", "invalid": "Ngày không hợp lệ (dd/mm/yyyy)."},
    )  # fmt: skip
    kind = forms.ChoiceField(label="Loại", choices=HolidayKind.choices)
    name = forms.CharField(
        label="Tên", max_length=200, error_messages={"required": "Nhập tên ngày nghỉ."}
    )
    basis = forms.CharField(label="Căn cứ", max_length=300, required=False)
    confirmed = forms.BooleanField(label="Đã đối chiếu với thông báo chính thức", required=False)
