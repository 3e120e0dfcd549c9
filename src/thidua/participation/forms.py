"""Forms of the public's part: validation and conversion only; the views hand the cleaned data
to participation.services. The public forms carry a honeypot field (`website`), hidden from
people and filled by robots: a form that comes back with it filled is dropped."""

from django import forms
from django.core.exceptions import ValidationError

from thidua.campaigns.models import AwardForm, Campaign
from thidua.core.text import nfc
from thidua.org.enums import Role
from thidua.org.models import Person, Unit
from thidua.org.scope import user_scope
from thidua.participation.enums import DeedKind, DisclosureBasis, ProposerKind

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        "input_formats": ["%Y-%m-%d", "%d/%m/%Y"]}  # fmt: skip
DATE_ERRORS = {"required": "Chọn ngày.", "invalid": "Ngày không hợp lệ (dd/mm/yyyy)."}
HONEYPOT_LABEL = "Để trống ô này"


def _required(message: str) -> dict:
    return {"required": message}


class HoneypotMixin(forms.Form):
    website = forms.CharField(
        label=HONEYPOT_LABEL,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_robot(self) -> bool:
        return bool(self.data.get("website", "").strip())


class DisclosureForm(forms.Form):
    campaign = forms.ModelChoiceField(
        label="Phong trào", queryset=Campaign.objects.none(),
        error_messages=_required("Chọn phong trào có danh sách cần công khai."),
    )  # fmt: skip
    basis = forms.ChoiceField(
        label="Căn cứ công khai", choices=DisclosureBasis.choices, initial=DisclosureBasis.LAW,
        help_text="Theo quy định: ít nhất 10 ngày làm việc trước khi Hội đồng họp (Nghị định "
        "98/2023/NĐ-CP Điều 46 khoản 2; Nghị định 152/2025/NĐ-CP Điều 60 khoản 3).",
    )  # fmt: skip
    opens_on = forms.DateField(label="Công khai từ ngày", error_messages=DATE_ERRORS, **DATE)
    closes_on = forms.DateField(label="Đến hết ngày", error_messages=DATE_ERRORS, **DATE)
    title = forms.CharField(label="Tiêu đề (để trống: tự đặt)", max_length=300, required=False)
    contact = forms.CharField(
        label="Địa chỉ nhận ý kiến (ngoài mẫu trên cổng)", max_length=300, required=False
    )

    def __init__(self, *args, campaigns=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.filter(pk__in=[c.pk for c in campaigns])
        self.fields["campaign"].label_from_instance = lambda c: f"{c.title} ({c.year})"


class CommentForm(HoneypotMixin):
    author_name = forms.CharField(
        label="Họ và tên", max_length=150, error_messages=_required("Nhập họ và tên của bạn.")
    )
    contact = forms.CharField(
        label="Điện thoại, thư điện tử hoặc địa chỉ", max_length=255,
        error_messages=_required("Nhập cách liên hệ với bạn (điện thoại, thư điện tử hoặc "
                                 "địa chỉ) để cơ quan xác minh khi cần."),
    )  # fmt: skip
    content = forms.CharField(
        label="Nội dung ý kiến", max_length=4000, widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=_required("Nhập nội dung ý kiến.")
        | {"max_length": "Nội dung tối đa %(limit_value)d ký tự (hiện có %(show_value)d)."},
    )  # fmt: skip

    def clean(self):
        data = super().clean()
        for name in ("author_name", "contact", "content"):
            if name in data:
                data[name] = nfc(data[name]).strip()
        return data


class NoteForm(forms.Form):
    note = forms.CharField(label="Ghi chú", max_length=500, required=False)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class CitizenProposalForm(HoneypotMixin):
    unit = forms.ModelChoiceField(
        label="Gửi tới cơ quan", queryset=Unit.objects.none(),
        error_messages=_required("Chọn cơ quan nhận đề xuất."),
    )  # fmt: skip
    proposer_kind = forms.ChoiceField(label="Người đề xuất là", choices=ProposerKind.choices)
    proposer_name = forms.CharField(
        label="Họ và tên (hoặc tên doanh nghiệp, tổ chức)", max_length=200,
        error_messages=_required("Nhập họ và tên của người đề xuất."),
    )  # fmt: skip
    proposer_contact = forms.CharField(
        label="Điện thoại hoặc thư điện tử", max_length=200,
        error_messages=_required("Nhập điện thoại hoặc thư điện tử để cơ quan liên hệ."),
    )  # fmt: skip
    proposer_address = forms.CharField(label="Địa chỉ", max_length=300, required=False)
    subject_name = forms.CharField(
        label="Người (tập thể) được đề xuất khen thưởng", max_length=200,
        error_messages=_required("Nhập tên người hoặc tập thể được đề xuất khen thưởng."),
    )  # fmt: skip
    subject_detail = forms.CharField(
        label="Nơi ở, nơi công tác của người được đề xuất", max_length=300, required=False
    )
    deed_kind = forms.ChoiceField(label="Loại việc làm", choices=DeedKind.choices)
    happened_on = forms.DateField(
        label="Ngày xảy ra", required=False, error_messages=DATE_ERRORS, **DATE
    )
    description = forms.CharField(
        label="Việc làm, thành tích (kể rõ sự việc)", max_length=6000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages=_required("Kể lại việc làm, thành tích cần khen thưởng."),
    )  # fmt: skip
    files = MultipleFileField(
        label="Minh chứng (ảnh, PDF, Word; tối đa 5 tệp)", required=False,
        help_text="Ảnh chụp, bài báo, xác nhận của chính quyền địa phương… Mỗi tệp tối đa "
        "10 MB; hệ thống kiểm tra nội dung tệp.",
    )  # fmt: skip

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units])
        if len(units) == 1:
            self.fields["unit"].initial = units[0].pk

    def clean(self):
        data = super().clean()
        for name, value in list(data.items()):
            if isinstance(value, str):
                data[name] = nfc(value).strip()
        return data


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label="Trả lời người đề xuất (hiện trên trang tra cứu)", max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_required("Nhập nội dung trả lời người đề xuất."),
    )  # fmt: skip


class ConvertForm(forms.Form):
    award_form = forms.ModelChoiceField(
        label="Phong trào, hình thức khen thưởng", queryset=AwardForm.objects.none(),
        error_messages=_required("Chọn phong trào và hình thức khen thưởng."),
        help_text="Đợt khen thưởng đột xuất (hoặc phong trào) mà đề nghị được đưa vào.",
    )  # fmt: skip
    unit = forms.ModelChoiceField(
        label="Đơn vị đề nghị", queryset=Unit.objects.none(),
        error_messages=_required("Chọn đơn vị đứng tên đề nghị."),
        help_text="Đơn vị tham gia phong trào, nơi người được đề xuất sinh sống hoặc công tác.",
    )  # fmt: skip
    person_code = forms.CharField(
        label="Mã cá nhân (với hình thức dành cho cá nhân)", max_length=32, required=False
    )
    reply = forms.CharField(
        label="Lời nhắn cho người đề xuất (để trống: tự soạn)", max_length=3000, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        scope = user_scope(user)
        self.fields["award_form"].queryset = (
            AwardForm.objects.filter(campaign__in=Campaign.objects.filter(
                scope.unit_q("issuer__", Role.managing())))
            .select_related("campaign").order_by("-campaign__year", "campaign_id", "position")
        )  # fmt: skip
        self.fields["award_form"].label_from_instance = lambda f: f"{f.campaign.title} – {f.name}"
        self.fields["unit"].queryset = Unit.objects.filter(
            scope.unit_q("", Role.managing())
        ).order_by("path")

    def clean(self):
        data = super().clean()
        code = (data.get("person_code") or "").strip()
        data["person"] = None
        if code:
            person = Person.objects.select_related("unit").filter(code=code).first()
            if person is None:
                raise ValidationError({"person_code": f"Không có cá nhân mang mã «{code}»."})
            data["person"] = person
        data.pop("person_code", None)
        return data
