"""Forms of the proposal screens: they validate and convert, never write."""

from django import forms

from thidua.campaigns.enums import SubjectType
from thidua.campaigns.forms import subject_chosen
from thidua.core.text import nfc
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
    household_head = forms.CharField(
        label="Họ tên chủ hộ (khi đề nghị hộ gia đình)", max_length=150, required=False
    )
    address = forms.CharField(label="Địa chỉ của hộ gia đình", max_length=300, required=False)
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
        self.households = any(f.subject_type == SubjectType.HOUSEHOLD for f in award_forms)
        self.subject_choices = [
            *(
                [("Hộ gia đình", [("h", "Hộ gia đình (nhập chủ hộ, địa chỉ bên dưới)")])]
                if self.households
                else []
            ),
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
        household = form.subject_type == SubjectType.HOUSEHOLD
        if household != (key == "h"):
            self.add_error(
                "subject",
                "Hình thức này dành cho hộ gia đình; chọn «Hộ gia đình» và nhập chủ hộ, địa chỉ."
                if household
                else "Hình thức này không dành cho hộ gia đình.",
            )
            return data
        if household:
            for name, message in (
                ("household_head", "Nhập họ tên chủ hộ."),
                ("address", "Nhập địa chỉ của hộ gia đình."),
            ):
                if not nfc(data.get(name) or "").strip():
                    self.add_error(name, message)
            data.update(award_form_obj=form, person=None, unit=None)
            return data
        chosen = subject_chosen(
            self, key=key, award_form=form, units=self.units, people=self.people, what="Hình thức"
        )
        if chosen is not None:
            data["award_form_obj"] = form
            data["person"], data["unit"] = chosen
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


class ForwardForm(forms.Form):
    """Send up (gửi lên cấp trên): which higher campaign and award form, which of this level's
    checked or decided nominees, and this level's decision if there is one."""

    award_form = forms.TypedChoiceField(
        label="Gửi lên phong trào, hình thức khen thưởng của cấp trên",
        coerce=int,
        error_messages={"required": "Chọn phong trào và hình thức khen thưởng của cấp trên."},
    )
    nominees = forms.TypedMultipleChoiceField(
        label="Tập thể, cá nhân gửi lên",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Chọn ít nhất một tập thể, cá nhân để gửi lên."},
    )
    decision = forms.TypedChoiceField(
        label="Quyết định khen thưởng của cấp mình (nếu có)",
        coerce=int,
        required=False,
        empty_value=None,
    )
    note = forms.CharField(label="Ghi chú gửi kèm", required=False, widget=_text(2))

    def __init__(self, *args, targets, nominees, decisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.award_forms = {f.pk: f for c in targets for f in c.award_forms.all()}
        self.fields["award_form"].choices = [("", "— Chọn —")] + [
            (
                c.title,
                [(f.pk, f"{f.name} ({f.get_subject_type_display().lower()})") for f in
                 c.award_forms.all()],
            )
            for c in targets
        ]  # fmt: skip
        self.nominee_rows = {n.pk: n for n in nominees}
        self.fields["nominees"].choices = [(n.pk, n.display_name) for n in nominees]
        self.decisions = {d.pk: d for d in decisions}
        self.fields["decision"].choices = [("", "— Không kèm quyết định —")] + [
            (d.pk, f"Quyết định số {d.reference} ngày {d.decided_on:%d/%m/%Y}") for d in decisions
        ]

    def clean(self):
        data = super().clean()
        if data.get("award_form") is not None:
            data["award_form_obj"] = self.award_forms[data["award_form"]]
        data["nominee_objs"] = [self.nominee_rows[pk] for pk in data.get("nominees") or []]
        data["decision_obj"] = self.decisions.get(data.get("decision"))
        return data
