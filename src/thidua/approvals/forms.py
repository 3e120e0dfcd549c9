"""Forms of the internal approval screens: validation and conversion only, never a write."""

from django import forms

from thidua.approvals.enums import StepRole
from thidua.approvals.services import MAX_STEPS
from thidua.core.text import nfc

_ROLE_CHOICES = [("", "—"), *StepRole.choices]


class ChainForm(forms.Form):
    """Up to MAX_STEPS rows of (step name, role); empty rows are left out."""

    def __init__(self, *args, steps=(), **kwargs):
        initial = kwargs.pop("initial", {}) or {}
        for i, step in enumerate(steps, start=1):
            initial[f"name_{i}"], initial[f"role_{i}"] = step.name, step.role
        super().__init__(*args, initial=initial, **kwargs)
        for i in range(1, MAX_STEPS + 1):
            self.fields[f"name_{i}"] = forms.CharField(
                label=f"Bước {i}: tên bước", max_length=150, required=False
            )
            self.fields[f"role_{i}"] = forms.ChoiceField(
                label=f"Bước {i}: vai trò xử lý", choices=_ROLE_CHOICES, required=False
            )

    def rows(self):
        return [(self[f"name_{i}"], self[f"role_{i}"]) for i in range(1, MAX_STEPS + 1)]

    def clean(self):
        data = super().clean()
        steps = []
        for i in range(1, MAX_STEPS + 1):
            name = nfc(data.get(f"name_{i}") or "").strip()
            role = data.get(f"role_{i}") or ""
            if name and not role:
                self.add_error(f"role_{i}", "Chọn vai trò xử lý của bước này.")
            elif role and not name:
                self.add_error(f"name_{i}", "Nhập tên bước.")
            elif name:
                steps.append((name, role))
        data["steps"] = steps
        return data


class ApproverForm(forms.Form):
    user = forms.ModelChoiceField(
        queryset=None, label="Người xử lý", empty_label=None,
        error_messages={"invalid_choice": "Chọn người trong danh sách."},
    )  # fmt: skip
    role = forms.ChoiceField(label="Vai trò", choices=StepRole.choices)

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users
        self.fields["user"].label_from_instance = lambda u: (
            f"{u.get_full_name() or u.username} ({u.username})"
        )


class AssignForm(forms.Form):
    officer = forms.ModelChoiceField(
        queryset=None, label="Chuyên viên thụ lý", empty_label=None,
        error_messages={
            "required": "Chọn chuyên viên thụ lý.",
            "invalid_choice": "Chọn chuyên viên trong danh sách.",
        },
    )  # fmt: skip

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers
        self.fields["officer"].label_from_instance = lambda u: (
            f"{u.get_full_name() or u.username} ({u.username})"
        )


class ActForm(forms.Form):
    decision = forms.ChoiceField(
        label="Ý kiến", widget=forms.RadioSelect,
        choices=[("approve", "Đồng ý, chuyển bước sau"), ("return", "Trả lại bước trước")],
        error_messages={"required": "Chọn Đồng ý hoặc Trả lại."},
    )  # fmt: skip
    comment = forms.CharField(
        label="Nội dung ý kiến", required=False, max_length=2000, widget=forms.Textarea({"rows": 3})
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not nfc(data.get("comment") or "").strip():
            self.add_error("comment", "Ghi rõ lý do trả lại.")
        return data
