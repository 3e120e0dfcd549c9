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


def _role_choices(user) -> list[tuple[str, str]]:
    admin = user_scope(user).is_superuser or user_scope(user).has_role(Role.ADMIN)
    return [(v, label) for v, label in Role.choices if admin or v != Role.ADMIN]


def _grantable_units(user):
    today = timezone.localdate()
    return _scoped_units(user, Role.managing()).exclude(valid_to__lt=today).order_by("path")


class AccountInviteForm(forms.Form):
    full_name = forms.CharField(label="Họ và tên", max_length=150)
    email = forms.EmailField(
        label="Địa chỉ e-mail",
        help_text="Thư mời có đường dẫn để người được mời tự đặt mật khẩu.",
    )
    username = forms.CharField(
        label="Tên đăng nhập",
        max_length=150,
        required=False,
        help_text="Để trống thì dùng địa chỉ e-mail.",
    )
    role = forms.ChoiceField(label="Vai trò")
    unit = UnitChoiceField(
        queryset=Unit.objects.none(),
        label="Đơn vị",
        help_text="Vai trò có hiệu lực với đơn vị này và các đơn vị cấp dưới của nó.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = _role_choices(user)
        self.fields["unit"].queryset = _grantable_units(user)

    def clean_full_name(self) -> str:
        name = " ".join(nfc(self.cleaned_data["full_name"]).split())
        if len(name.split()) < 2:
            raise forms.ValidationError("Nhập đầy đủ họ và tên (ít nhất hai từ).")
        return name

    def clean_username(self) -> str:
        return nfc(self.cleaned_data.get("username", "")).strip()


class RoleGrantForm(forms.Form):
    role = forms.ChoiceField(label="Vai trò")
    unit = UnitChoiceField(queryset=Unit.objects.none(), label="Đơn vị")
    valid_from = forms.DateField(
        label="Hiệu lực từ",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    valid_to = forms.DateField(
        label="Hiệu lực đến",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Để trống nếu không thời hạn.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = _role_choices(user)
        self.fields["unit"].queryset = _grantable_units(user)

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", "Ngày hết hiệu lực phải sau ngày bắt đầu.")
        return data


class AccountDeactivateForm(forms.Form):
    reason = forms.CharField(
        label="Lý do khóa",
        max_length=300,
        required=False,
        help_text="Ví dụ: chuyển công tác, nghỉ hưu. Ghi vào nhật ký thao tác.",
    )
