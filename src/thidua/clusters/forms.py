"""Forms of the cluster screens: validation and conversion; they never write."""

from django import forms

from thidua.clusters.enums import ClusterKind
from thidua.core.uploads import DOCUMENT_KINDS, check_upload

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_COVENANT = 20 * 1024 * 1024


class ClusterForm(forms.Form):
    name = forms.CharField(
        label="Tên cụm, khối",
        max_length=200,
        error_messages={"required": "Nhập tên cụm, khối thi đua."},
    )
    kind = forms.ChoiceField(label="Loại", choices=ClusterKind.choices)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"] = forms.ModelChoiceField(
            label="Cơ quan tổ chức", queryset=units,
            error_messages={"required": "Chọn cơ quan tổ chức.",
                            "invalid_choice": "Cơ quan không thuộc phạm vi của bạn."},
        )  # fmt: skip


class MemberForm(forms.Form):
    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = forms.ModelChoiceField(
            label="Đơn vị thành viên", queryset=units,
            error_messages={"required": "Chọn đơn vị.",
                            "invalid_choice": "Đơn vị không thuộc phạm vi của cơ quan tổ chức."},
        )  # fmt: skip


class YearForm(forms.Form):
    covenant_signed_on = forms.DateField(
        label="Ngày ký giao ước thi đua",
        widget=_DATE,
        required=False,
        error_messages={"invalid": "Ngày không hợp lệ."},
    )
    covenant = forms.FileField(
        label="Văn bản giao ước đã ký (PDF, Word)", required=False,
        help_text="Tối đa 20 MB.",
    )  # fmt: skip

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["head"] = forms.ModelChoiceField(
            label="Đơn vị trưởng cụm, khối", queryset=members, required=False,
            error_messages={"invalid_choice": "Đơn vị trưởng phải là thành viên."},
        )  # fmt: skip

    def clean_covenant(self):
        upload = self.cleaned_data.get("covenant")
        if not upload:
            return None
        return check_upload(upload, allowed=DOCUMENT_KINDS, max_bytes=MAX_COVENANT)


class CriterionForm(forms.Form):
    name = forms.CharField(
        label="Tiêu chí", max_length=300, error_messages={"required": "Nhập tên tiêu chí."}
    )
    max_points = forms.DecimalField(
        label="Điểm tối đa", min_value=0, max_digits=6, decimal_places=2,
        error_messages={"required": "Nhập điểm tối đa.", "invalid": "Điểm tối đa phải là số.",
                        "min_value": "Điểm tối đa không được âm."},
    )  # fmt: skip
