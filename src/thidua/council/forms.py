"""Forms of the council screens: validation and conversion only, never a write."""

from fractions import Fraction

from django import forms
from django.core.exceptions import ValidationError

from thidua.campaigns.enums import FormKind, SubjectType
from thidua.core.text import nfc
from thidua.council.enums import (
    BallotType,
    Choice,
    CouncilRole,
    Denominator,
    RelationKind,
    TieBreakKind,
)
from thidua.org.enums import UnitKind
from thidua.org.selectors import people_in_subtree, unit_subtree

REQUIRED = "Vui lòng nhập thông tin này."


class SessionForm(forms.Form):
    council = forms.ModelChoiceField(queryset=None, label="Hội đồng", empty_label=None)
    campaign = forms.ModelChoiceField(queryset=None, label="Phong trào", empty_label=None)
    held_on = forms.DateField(label="Ngày họp", widget=forms.DateInput(attrs={"type": "date"}))
    starts_at = forms.TimeField(
        label="Giờ họp", required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    place = forms.CharField(label="Địa điểm", max_length=255)

    def __init__(self, *args, councils, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils
        self.fields["campaign"].queryset = campaigns


class AgendaForm(forms.Form):
    nominees = forms.ModelMultipleChoiceField(
        queryset=None,
        label="Tập thể, cá nhân đưa ra Hội đồng xét",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Chọn ít nhất một trường hợp để đưa ra Hội đồng xét."},
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominees"].queryset = candidates
        self.fields["nominees"].label_from_instance = lambda n: (
            f"{n.display_name} — {n.award_form.name} ({n.get_subject_type_display().lower()})"
        )


class AttendanceForm(forms.Form):
    present = forms.ModelMultipleChoiceField(
        queryset=None,
        label="Thành viên có mặt",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = members
        self.fields["present"].queryset = members
        self.fields["present"].label_from_instance = lambda m: (
            f"{m.full_name} — {m.get_role_display()}"
        )
        for m in members:
            self.fields[f"note_{m.pk}"] = forms.CharField(
                label=f"Lý do vắng: {m.full_name}", required=False, max_length=255
            )

    def notes(self) -> dict[int, str]:
        return {m.pk: self.cleaned_data.get(f"note_{m.pk}", "") for m in self.members}


def _choice_field(item) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=item.nominee.display_name,
        choices=Choice.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Chọn Đồng ý hoặc Không đồng ý cho trường hợp này.",
            "invalid_choice": "Chỉ chọn Đồng ý hoặc Không đồng ý.",
        },
    )


class BallotForm(forms.Form):
    """One radio pair per nominee voted electronically; every nominee must be answered."""

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"item_{item.pk}"] = _choice_field(item)

    def rows(self):
        return [(item, self[f"item_{item.pk}"]) for item in self.items]

    def choices(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data[f"item_{item.pk}"] for item in self.items}


class WrittenVoteForm(BallotForm):
    member = forms.ModelChoiceField(
        queryset=None, label="Thành viên vắng mặt gửi phiếu", empty_label=None
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.fields["member"].label_from_instance = lambda m: m.full_name
        self.order_fields(["member"])


class PaperTallyForm(forms.Form):
    issued = forms.IntegerField(label="Số phiếu phát ra", min_value=0, max_value=500)
    returned = forms.IntegerField(label="Số phiếu thu về", min_value=0, max_value=500)
    valid = forms.IntegerField(label="Số phiếu hợp lệ", min_value=0, max_value=500)

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"for_{item.pk}"] = forms.IntegerField(
                label=f"Đồng ý: {item.nominee.display_name}", min_value=0, max_value=500
            )

    def votes_for(self) -> dict[int, int]:
        return {item.pk: self.cleaned_data[f"for_{item.pk}"] for item in self.items}


class TieForm(forms.Form):
    """The chair picks which of the tied nominees take the remaining seats."""

    chosen = forms.MultipleChoiceField(
        label="Chọn trường hợp được xếp vào số lượng", widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(label="Lý do lựa chọn", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, tied, seats: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.tied, self.seats = tied, seats
        self.fields["chosen"].choices = [(str(i.pk), i.nominee.display_name) for i in tied]

    def clean_chosen(self):
        chosen = self.cleaned_data["chosen"]
        if len(chosen) != self.seats:
            raise ValidationError(f"Chọn đúng {self.seats} trường hợp cho số lượng còn lại.")
        return chosen

    def order(self) -> list[int]:
        chosen = [int(pk) for pk in self.cleaned_data["chosen"]]
        return chosen + [i.pk for i in self.tied if i.pk not in chosen]


# Configuration (Cấu hình › Hội đồng) ------------------------------------------------------------

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_DATE_ERRORS = {"required": "Nhập ngày.", "invalid": "Ngày không hợp lệ (ngày/tháng/năm)."}


def parse_share(text: str) -> Fraction:
    """ "2/3", "1/2", "50%", "0,5" → a Fraction between 0 and 1; ValueError otherwise."""
    value = (text or "").strip().replace(" ", "").replace(",", ".")
    if not value:
        raise ValueError(text)
    if value.endswith("%"):
        share = Fraction(value[:-1]) / 100
    elif "/" in value:
        num, den = value.split("/", 1)
        share = Fraction(int(num), int(den))
    else:
        share = Fraction(value)
    if not 0 <= share <= 1:
        raise ValueError(text)
    return share


class ShareField(forms.CharField):
    """A share of members typed as 2/3, 1/2, 50% or 0,5."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "Ví dụ 2/3, 1/2 hoặc 50%.")
        kwargs.setdefault("widget", forms.TextInput(attrs={"maxlength": "12"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            if len(value) > 12:
                raise ValueError(value)
            return parse_share(value)
        except (ValueError, ZeroDivisionError):
            raise ValidationError(
                f"Tỷ lệ «{value}» không đọc được; nhập dạng 2/3, 1/2 hoặc 50% (từ 0 đến 1).",
                code="invalid",
            ) from None

    def prepare_value(self, value):
        if isinstance(value, Fraction):
            return f"{value.numerator}/{value.denominator}"
        return value


def _dates(form) -> None:
    start, end = form.cleaned_data.get("valid_from"), form.cleaned_data.get("valid_to")
    if start and end and end < start:
        form.add_error("valid_to", "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.")


class CouncilForm(forms.Form):
    issuer = forms.ModelChoiceField(queryset=None, label="Cơ quan, đơn vị", empty_label=None)
    name = forms.CharField(label="Tên Hội đồng", max_length=255)
    established_by = forms.CharField(
        label="Quyết định thành lập",
        max_length=255,
        required=False,
        help_text="Ví dụ: Quyết định số 15/QĐ-UBND ngày 10/01/2027 của UBND tỉnh",
    )
    valid_from = forms.DateField(label="Hiệu lực từ", widget=_DATE, error_messages=_DATE_ERRORS)
    valid_to = forms.DateField(
        label="Hiệu lực đến", widget=_DATE, required=False, error_messages=_DATE_ERRORS
    )
    quorum = ShareField(
        label="Số thành viên dự họp tối thiểu (tỷ lệ)",
        initial="2/3",
        error_messages={"required": "Nhập tỷ lệ thành viên dự họp tối thiểu, ví dụ 2/3."},
    )

    def __init__(self, *args, issuers=None, instance=None, **kwargs):
        if instance is not None:
            kwargs.setdefault("initial", {
                "name": instance.name, "established_by": instance.established_by,
                "valid_from": instance.valid_from, "valid_to": instance.valid_to,
                "quorum": instance.quorum if instance.quorum_num else "",
            })  # fmt: skip
        super().__init__(*args, **kwargs)
        if issuers is None:
            del self.fields["issuer"]
        else:
            self.fields["issuer"].queryset = issuers

    def clean(self):
        data = super().clean()
        _dates(self)
        return data


class MemberForm(forms.Form):
    user = forms.ModelChoiceField(queryset=None, label="Tài khoản", empty_label=None)
    full_name = forms.CharField(label="Họ và tên", max_length=150)
    title = forms.CharField(label="Chức vụ", max_length=255, required=False)
    role = forms.ChoiceField(label="Vai trò trong Hội đồng", choices=CouncilRole.choices)
    position = forms.IntegerField(
        label="Thứ tự",
        min_value=0,
        max_value=999,
        initial=0,
        error_messages={"invalid": "Thứ tự phải là số nguyên."},
    )
    valid_from = forms.DateField(
        label="Hiệu lực từ", widget=_DATE, required=False, error_messages=_DATE_ERRORS
    )
    valid_to = forms.DateField(
        label="Hiệu lực đến", widget=_DATE, required=False, error_messages=_DATE_ERRORS
    )

    def __init__(self, *args, users=None, instance=None, **kwargs):
        if instance is not None:
            kwargs.setdefault("initial", {
                f: getattr(instance, f)
                for f in ["full_name", "title", "role", "position", "valid_from", "valid_to"]
            })  # fmt: skip
        super().__init__(*args, **kwargs)
        if users is None:
            del self.fields["user"]
        else:
            self.fields["user"].queryset = users
            self.fields["user"].label_from_instance = lambda u: (
                f"{u.get_full_name() or u.username} ({u.username})"
            )

    def clean(self):
        data = super().clean()
        _dates(self)
        return data


class PassRuleForm(forms.Form):
    form_kind = forms.ChoiceField(label="Hình thức theo quy định", choices=FormKind.choices)
    subject_type = forms.ChoiceField(
        label="Đối tượng", required=False, choices=[("", "Mọi đối tượng"), *SubjectType.choices]
    )
    level = forms.ChoiceField(
        label="Cấp của Hội đồng", required=False, choices=[("", "Mọi cấp"), *UnitKind.choices]
    )
    ballot_type = forms.ChoiceField(label="Hình thức biểu quyết", choices=BallotType.choices)
    denominator = forms.ChoiceField(label="Tính trên", choices=Denominator.choices)
    threshold = ShareField(
        label="Tỷ lệ đồng ý cần đạt",
        error_messages={"required": "Nhập tỷ lệ đồng ý cần đạt, ví dụ 2/3."},
    )
    strict = forms.BooleanField(label="Phải vượt quá tỷ lệ (trên)", required=False)
    quorum = ShareField(label="Số thành viên dự họp tối thiểu (tỷ lệ)", required=False)
    written_votes = forms.BooleanField(
        label="Thành viên vắng mặt được gửi phiếu bằng văn bản", required=False
    )
    tie_breakers = forms.MultipleChoiceField(
        label="Xếp hạng khi bằng phiếu (theo thứ tự)",
        choices=TieBreakKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    basis = forms.CharField(label="Căn cứ", max_length=300, required=False)
    valid_from = forms.DateField(
        label="Hiệu lực từ", widget=_DATE, required=False, error_messages=_DATE_ERRORS
    )
    valid_to = forms.DateField(
        label="Hiệu lực đến", widget=_DATE, required=False, error_messages=_DATE_ERRORS
    )

    def clean(self):
        data = super().clean()
        _dates(self)
        if data.get("threshold") == 0:
            self.add_error("threshold", "Tỷ lệ đồng ý cần đạt phải lớn hơn 0.")
        return data

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["quorum"] = data.get("quorum") or Fraction(0)
        return data


def _person_by_code(issuer, code: str):
    code = nfc(code or "").strip()
    if not code:
        return None
    person = people_in_subtree(issuer).filter(code__iexact=code).first()
    if person is None:
        raise ValidationError(
            f"Không tìm thấy cán bộ có mã «{code}» trong {issuer.name}. Xem mã tại mục Cá nhân."
        )
    return person


class MemberProfileForm(forms.Form):
    """Who a council member is in the staff records and where they work."""

    person_code = forms.CharField(
        label="Mã cán bộ của thành viên", max_length=32, required=False,
        help_text="Để xác định trường hợp thành viên là người được đề nghị.",
    )  # fmt: skip
    unit = forms.ModelChoiceField(
        queryset=None, label="Đơn vị công tác", required=False, empty_label="(không ghi)",
        help_text="Thành viên không biểu quyết đối với tập thể, cá nhân của đơn vị này.",
    )  # fmt: skip

    def __init__(self, *args, issuer, **kwargs):
        super().__init__(*args, **kwargs)
        self.issuer = issuer
        self.fields["unit"].queryset = unit_subtree(issuer)

    def clean_person_code(self):
        return _person_by_code(self.issuer, self.cleaned_data["person_code"])


class RelationForm(forms.Form):
    """A family relation a member declares."""

    person_code = forms.CharField(
        label="Mã cán bộ của người có quan hệ", max_length=32,
        error_messages={"required": "Nhập mã cán bộ của người có quan hệ."},
    )  # fmt: skip
    kind = forms.ChoiceField(label="Quan hệ", choices=RelationKind.choices)
    note = forms.CharField(label="Ghi chú", max_length=255, required=False)

    def __init__(self, *args, issuer, **kwargs):
        super().__init__(*args, **kwargs)
        self.issuer = issuer

    def clean_person_code(self):
        return _person_by_code(self.issuer, self.cleaned_data["person_code"])
