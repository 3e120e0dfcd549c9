"""Forms of the council screens: validation and conversion only, never a write."""

from django import forms
from django.core.exceptions import ValidationError

from thidua.council.enums import Choice

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
