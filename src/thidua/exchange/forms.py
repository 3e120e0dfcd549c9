from django import forms

from thidua.documents.edxml import MAX_BYTES


class SendForm(forms.Form):
    partner = forms.TypedChoiceField(
        label="Gửi tới", coerce=int,
        error_messages={"required": "Chọn cơ quan nhận.",
                        "invalid_choice": "Cơ quan này chưa được khai báo liên thông."},
    )  # fmt: skip

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = [(p.pk, f"{p.name} ({p.organ_id})") for p in partners]


class ImportForm(forms.Form):
    package = forms.FileField(
        label="Gói tin edXML (.xml)",
        error_messages={"required": "Chọn tệp gói tin edXML."},
    )

    def clean_package(self):
        upload = self.cleaned_data["package"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                f"Gói tin quá lớn (tối đa {MAX_BYTES // (1024 * 1024)} MB)."
            )
        return upload.read()
