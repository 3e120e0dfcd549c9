from django import forms

from thidua.core.text import nfc, slugify_vi
from thidua.core.uploads import DOCUMENT_KINDS, check_upload
from thidua.distribution.enums import DocumentKind


class DistributeForm(forms.Form):
    kind = forms.ChoiceField(label="Loại văn bản", choices=DocumentKind.choices)
    reference = forms.CharField(label="Số, ký hiệu", max_length=100, required=False)
    title = forms.CharField(label="Trích yếu", max_length=500)
    file = forms.FileField(label="Tệp văn bản (PDF, Word)")
    units = forms.TypedMultipleChoiceField(
        label="Nơi nhận", coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, units, max_bytes: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes
        self.unit_map = {u.pk: u for u in units}
        self.fields["units"].choices = [(u.pk, u.name) for u in units]

    def clean_title(self):
        return nfc(self.cleaned_data["title"])

    def clean_file(self):
        upload = self.cleaned_data["file"]
        checked = check_upload(upload, allowed=DOCUMENT_KINDS, max_bytes=self.max_bytes)
        name = upload.name.rsplit(".", 1)[0][:200] or "van-ban"
        return (f"{slugify_vi(name) or 'van-ban'}.{checked.extension}", checked.data)

    def clean_units(self):
        return [self.unit_map[pk] for pk in self.cleaned_data["units"]]
