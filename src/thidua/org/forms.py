"""Forms validate and convert input; the views hand the cleaned data to the services."""

from django import forms
from django.utils import timezone

from thidua.core.text import nfc
from thidua.core.uploads import check_spreadsheet_upload
from thidua.org.enums import Role
from thidua.org.models import Person, Unit
from thidua.org.rules import PEOPLE_EDITORS
from thidua.org.scope import user_scope


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return f"{'— ' * obj.depth}{obj.name} ({obj.code})"


def _scoped_units(user, roles: set[str]):
    return Unit.objects.filter(user_scope(user).unit_q(roles=roles)).order_by("path")


class PersonForm(forms.ModelForm):
    unit = UnitChoiceField(queryset=Unit.objects.none(), label="Đơn vị")

    class Meta:
        model = Person
        fields = [
            "code",
            "full_name",
            "gender",
            "position",
            "unit",
            "category",
            "birth_year",
            "ethnicity",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _scoped_units(user, PEOPLE_EDITORS)
        self.fields["birth_year"].widget.attrs.update(
            {"min": 1900, "max": timezone.localdate().year}
        )

    def clean_full_name(self) -> str:
        name = nfc(self.cleaned_data["full_name"])
        if len(name.split()) < 2:
            raise forms.ValidationError("Nhập đầy đủ họ và tên (ít nhất hai từ).")
        return name

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        if year is not None and year > timezone.localdate().year:
            raise forms.ValidationError("Năm sinh không được ở tương lai.")
        return year

    def clean_position(self) -> str:
        return nfc(self.cleaned_data.get("position", ""))

    def clean_ethnicity(self) -> str:
        return nfc(self.cleaned_data.get("ethnicity", ""))


class UnitForm(forms.ModelForm):
    parent = UnitChoiceField(queryset=Unit.objects.none(), label="Đơn vị cấp trên", required=False)

    class Meta:
        model = Unit
        fields = [
            "code",
            "name",
            "kind",
            "parent",
            "gso_code",
            "valid_from",
            "valid_to",
            "position",
        ]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_to": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        parents = _scoped_units(user, Role.managing())
        if self.instance.pk:
            parents = parents.exclude(path__startswith=self.instance.path)
        self.fields["parent"].queryset = parents
        self.is_admin = user_scope(user).has_role(Role.ADMIN)

    def clean_name(self) -> str:
        return nfc(self.cleaned_data["name"])

    def clean_gso_code(self) -> str:
        code = self.cleaned_data.get("gso_code", "").strip()
        if code and not code.isdigit():
            raise forms.ValidationError("Mã GSO chỉ gồm chữ số.")
        return code

    def clean(self):
        data = super().clean()
        if not data.get("parent") and not self.is_admin:
            self.add_error("parent", "Chọn đơn vị cấp trên trong phạm vi quản lý của bạn.")
        return data


class ImportForm(forms.Form):
    KINDS = [
        ("people", "Danh sách cá nhân"),
        ("units", "Danh sách đơn vị"),
        ("history", "Quá trình khen thưởng (các năm trước, quyết định của cấp trên)"),
    ]
    kind = forms.ChoiceField(label="Loại dữ liệu", choices=KINDS)
    file = forms.FileField(label="Tệp Excel (.xlsx)")

    def clean_file(self):
        return check_spreadsheet_upload(self.cleaned_data.get("file"))
