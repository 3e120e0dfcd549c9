"""Forms of the proposal screens: they validate and convert, never write."""

from django import forms

from thidua.campaigns.enums import SubjectType
from thidua.core.uploads import DOCUMENT_KINDS, check_upload
from thidua.nominations.enums import Outcome
from thidua.org.models import Person, Unit


def _text(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class NomineeForm(forms.Form):
    award_form = forms.TypedChoiceField(
        label="Hình thức khen thưởng",
        coerce=int,
        error_messages={"required": "Chọn hình thức khen thưởng."},
    )
    subject = forms.CharField(
        label="Tập thể hoặc cá nhân được đề nghị",
        error_messages={"required": "Chọn tập thể hoặc cá nhân."},
    )
    achievement = forms.CharField(label="Thành tích đạt được", required=False, widget=_text(4))
    summary = forms.CharField(label="Tóm tắt thành tích", required=False, widget=_text(2))

    def __init__(self, *args, award_forms, units: list[Unit], people: list[Person], **kwargs):
        super().__init__(*args, **kwargs)
        self.award_forms = {f.pk: f for f in award_forms}
        self.fields["award_form"].choices = [("", "— Chọn —")] + [
            (f.pk, str(f)) for f in award_forms
        ]
        self.units = {f"u{u.pk}": u for u in units}
        self.people = {f"p{p.pk}": p for p in people}
        self.subject_choices = [
            ("Tập thể", [(k, u.name) for k, u in self.units.items()]),
            (
                "Cá nhân",
                [
                    (k, f"{p.full_name} – {p.position or p.unit.name}")
                    for k, p in self.people.items()
                ],
            ),
        ]
        self.fields["subject"].widget = forms.Select(
            choices=[("", "— Chọn —"), *self.subject_choices]
        )

    def clean(self):
        data = super().clean()
        form = self.award_forms.get(data.get("award_form"))
        key = data.get("subject")
        if form is None or not key:
            if data.get("award_form") and form is None:
                self.add_error("award_form", "Hình thức khen thưởng không hợp lệ.")
            return data
        if key not in self.units and key not in self.people:
            self.add_error("subject", "Tập thể, cá nhân này không thuộc đơn vị của bạn.")
            return data
        individual = form.subject_type == SubjectType.INDIVIDUAL
        if individual != (key in self.people):
            self.add_error(
                "subject",
                "Hình thức này dành cho cá nhân; hãy chọn một người."
                if individual
                else "Hình thức này dành cho tập thể; hãy chọn đơn vị.",
            )
            return data
        data["award_form_obj"] = form
        data["person"] = self.people.get(key)
        data["unit"] = self.units.get(key)
        return data


class UploadForm(forms.Form):
    file = forms.FileField(label="Tệp", error_messages={"required": "Chọn tệp để tải lên."})

    def __init__(self, *args, max_bytes: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes
        self.fields["file"].help_text = (
            f"PDF, Word (.docx, .doc) hoặc OpenDocument (.odt), "
            f"tối đa {max_bytes / 1048576:.0f} MB."
        )

    def clean_file(self):
        return check_upload(
            self.cleaned_data.get("file"), allowed=DOCUMENT_KINDS, max_bytes=self.max_bytes
        )


class AnswerForm(forms.Form):
    attested = forms.BooleanField(label="Đơn vị xác nhận đạt tiêu chí này", required=False)
    text = forms.CharField(label="Kết quả đạt được", required=False, widget=_text(3))
    evidence = forms.FileField(label="Tài liệu minh chứng", required=False)

    def __init__(self, *args, max_bytes: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if not upload:
            return None
        return check_upload(
            upload, allowed=DOCUMENT_KINDS | {"png", "jpeg"}, max_bytes=self.max_bytes
        )


class OverrideForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Kết quả",
        choices=[(Outcome.MET, Outcome.MET.label), (Outcome.NOT_MET, Outcome.NOT_MET.label)],
    )
    reason = forms.CharField(
        label="Lý do",
        widget=_text(2),
        error_messages={"required": "Ghi rõ lý do khi thay đổi kết quả."},
    )
