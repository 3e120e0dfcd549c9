"""Forms validate and convert input; the views hand the cleaned data to the services."""

from django import forms
from django.utils import timezone

from thidua.core.text import nfc
from thidua.core.uploads import check_spreadsheet_upload
from thidua.org.enums import Role
from thidua.org.models import Person, ServicePeriod, Unit
from thidua.org.rules import PEOPLE_EDITORS
from thidua.org.scope import user_scope
from thidua.org.selectors import units_with_roles


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return f"{'— ' * obj.depth}{obj.name} ({obj.code})"


def _scoped_units(user, roles: set[str]):
    return units_with_roles(user, roles)


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
            "nationality",
            "direct_worker",
            "remote_area",
            "service_start",
        ]
        widgets = {
            "service_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nationality"].required = False
        self.fields["unit"].queryset = _scoped_units(user, PEOPLE_EDITORS)
        self.fields["birth_year"].widget.attrs.update(
            {"min": 1900, "max": timezone.localdate().year}
        )

    def clean_nationality(self) -> str:
        return nfc(self.cleaned_data.get("nationality") or "").strip() or "Việt Nam"

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
            "tax_code",
            "address",
            "representative",
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


_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UnitRenameForm(forms.Form):
    name = forms.CharField(label="Tên mới", max_length=255)
    effective_on = forms.DateField(
        label="Có hiệu lực từ ngày",
        widget=_DATE,
        help_text="Tên cũ được giữ trong lịch sử; báo cáo các năm trước vẫn in tên cũ.",
    )


class UnitMergeForm(forms.Form):
    MODES = [("existing", "Sáp nhập vào một đơn vị đang có"), ("new", "Thành lập đơn vị mới")]
    others = forms.ModelMultipleChoiceField(
        queryset=Unit.objects.none(),
        required=False,
        label="Cùng sáp nhập với các đơn vị",
        help_text="Giữ Ctrl (⌘) để chọn nhiều đơn vị.",
    )
    mode = forms.ChoiceField(label="Hình thức", choices=MODES, widget=forms.RadioSelect)
    into = UnitChoiceField(queryset=Unit.objects.none(), label="Đơn vị tiếp nhận", required=False)
    code = forms.CharField(label="Mã đơn vị mới", max_length=32, required=False)
    name = forms.CharField(label="Tên đơn vị mới", max_length=255, required=False)
    effective_on = forms.DateField(
        label="Có hiệu lực từ ngày",
        widget=_DATE,
        help_text="Các đơn vị được sáp nhập thôi hoạt động từ ngày này; cá nhân và đơn vị trực "
        "thuộc của chúng chuyển sang đơn vị tiếp nhận; số liệu các năm trước giữ nguyên.",
    )

    def __init__(self, *args, user, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        managed = _grantable_units(user)
        self.fields["others"].queryset = managed.exclude(pk=unit.pk).filter(kind=unit.kind)
        self.fields["others"].label_from_instance = lambda u: f"{u.name} ({u.code})"
        self.fields["into"].queryset = managed.exclude(path__startswith=unit.path)

    def clean_name(self) -> str:
        return " ".join(nfc(self.cleaned_data.get("name", "")).split())

    def clean(self):
        data = super().clean()
        if data.get("mode") == "existing" and not data.get("into"):
            self.add_error("into", "Chọn đơn vị tiếp nhận.")
        if data.get("mode") == "new":
            if not data.get("code"):
                self.add_error("code", "Nhập mã đơn vị mới.")
            if not data.get("name"):
                self.add_error("name", "Nhập tên đơn vị mới.")
        return data


class UnitSplitForm(forms.Form):
    parts = forms.CharField(
        label="Các đơn vị mới",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Mỗi dòng một đơn vị: mã; tên. Ví dụ: X01801; Xã Tam Kim",
    )
    effective_on = forms.DateField(label="Có hiệu lực từ ngày", widget=_DATE)

    def clean_parts(self) -> list[tuple[str, str]]:
        out, errors = [], []
        for n, line in enumerate(self.cleaned_data["parts"].splitlines(), start=1):
            if not line.strip():
                continue
            code, sep, name = line.partition(";")
            code, name = code.strip(), " ".join(nfc(name).split())
            if not sep or not code or not name:
                errors.append(f"Dòng {n}: nhập theo mẫu «mã; tên».")
            else:
                out.append((code, name))
        if errors:
            raise forms.ValidationError(errors)
        if len(out) < 2:
            raise forms.ValidationError("Chia tách cần ít nhất hai đơn vị mới.")
        if len({c for c, _ in out}) < len(out):
            raise forms.ValidationError("Hai dòng trùng mã đơn vị.")
        return out


class ServicePeriodForm(forms.ModelForm):
    """One period of a person's service (quá trình công tác), as the screen and the API post
    it; the model refuses an end before the start, the form a start in the future."""

    class Meta:
        model = ServicePeriod
        fields = ["organisation", "position", "started_on", "ended_on", "note"]
        widgets = {
            "started_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ended_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        error_messages = {
            "organisation": {"required": "Nhập cơ quan, đơn vị công tác."},
            "started_on": {
                "required": "Nhập ngày bắt đầu.",
                "invalid": "Ngày bắt đầu không hợp lệ (ngày/tháng/năm).",
            },
            "ended_on": {"invalid": "Ngày kết thúc không hợp lệ (ngày/tháng/năm)."},
        }

    def clean_organisation(self) -> str:
        value = nfc(self.cleaned_data["organisation"]).strip()
        if not value:
            raise forms.ValidationError("Nhập cơ quan, đơn vị công tác.")
        return value

    def clean_position(self) -> str:
        return nfc(self.cleaned_data.get("position", "")).strip()

    def clean_note(self) -> str:
        return nfc(self.cleaned_data.get("note", "")).strip()

    def clean_started_on(self):
        day = self.cleaned_data["started_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("Ngày bắt đầu không được ở tương lai.")
        if day.year < 1900:
            raise forms.ValidationError("Ngày bắt đầu không hợp lệ.")
        return day
