"""Forms of the award screens: validation and conversion to domain values; they never write."""

import base64
from decimal import Decimal

from django import forms

from thidua.core.fields import MoneyField

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _text(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class DecisionCreateForm(forms.Form):
    decided_on = forms.DateField(
        label="Ngày quyết định", widget=_DATE,
        help_text="Mức thưởng và mức lương cơ sở được áp dụng theo ngày này.",
        error_messages={"required": "Nhập ngày quyết định.", "invalid": "Ngày không hợp lệ."},
    )  # fmt: skip


class DecisionForm(forms.Form):
    """The draft's editable parts."""

    decided_on = forms.DateField(
        label="Ngày quyết định",
        widget=_DATE,
        error_messages={"required": "Nhập ngày quyết định.", "invalid": "Ngày không hợp lệ."},
    )
    symbol = forms.CharField(label="Ký hiệu", max_length=40)
    summary = forms.CharField(label="Trích yếu", max_length=500, widget=_text(2))
    issuer_title = forms.CharField(label="Thẩm quyền ban hành", max_length=300)
    legal_bases = forms.CharField(label="Căn cứ (mỗi dòng một căn cứ)", widget=_text(6))
    proposal_text = forms.CharField(label="Xét đề nghị của", required=False, widget=_text(2))
    achievement = forms.CharField(label="Thành tích (Điều 1)", max_length=500)
    executors = forms.CharField(label="Trách nhiệm thi hành (Điều 3)", widget=_text(2))
    recipients = forms.CharField(
        label="Nơi nhận (mỗi dòng một nơi)", widget=_text(3), required=False
    )
    signing_authority = forms.CharField(
        label="Thẩm quyền ký",
        max_length=100,
        required=False,
        help_text="Ví dụ: TM. ỦY BAN NHÂN DÂN; để trống nếu Chủ tịch ký theo thẩm quyền",
    )
    signer_title = forms.CharField(label="Chức danh người ký", max_length=100)
    signer_name = forms.CharField(label="Người ký", max_length=100, required=False)

    def __init__(self, *args, decision=None, **kwargs):
        if decision is not None and not args:
            kwargs.setdefault("initial", {
                name: getattr(decision, name) for name in self.base_fields
            } | {"recipients": "\n".join(decision.recipients)})  # fmt: skip
        super().__init__(*args, **kwargs)

    def changes(self) -> dict:
        data = dict(self.cleaned_data)
        data["recipients"] = [x.strip() for x in data["recipients"].splitlines() if x.strip()]
        return data


class IssueForm(forms.Form):
    number = forms.IntegerField(
        label="Số quyết định", required=False, min_value=1, max_value=999999,
        help_text="Để trống để lấy số tiếp theo trong sổ đăng ký của năm.",
        error_messages={"invalid": "Số quyết định phải là số nguyên dương.",
                        "min_value": "Số quyết định phải là số nguyên dương."},
    )  # fmt: skip
    confirm_over_budget = forms.BooleanField(
        label="Tôi đã biết tổng tiền thưởng vượt số còn lại của quỹ và vẫn ban hành",
        required=False,
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label="Lý do thu hồi", widget=_text(2), error_messages={"required": "Nhập lý do thu hồi."}
    )
    reference = forms.CharField(
        label="Văn bản thu hồi (số, ngày)",
        max_length=200,
        error_messages={"required": "Nhập số, ngày văn bản thu hồi."},
    )


class FundForm(forms.Form):
    year = forms.IntegerField(
        label="Năm", min_value=2000, max_value=2100, error_messages={"invalid": "Năm không hợp lệ."}
    )
    budget = MoneyField(
        label="Dự toán (đồng)",
        error_messages={
            "required": "Nhập dự toán quỹ, ví dụ 20.000.000.",
            "min_value": "Dự toán quỹ không được âm.",
        },
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = forms.ModelChoiceField(
            label="Đơn vị", queryset=units, empty_label=None,
            error_messages={"invalid_choice": "Đơn vị không thuộc phạm vi của bạn."})  # fmt: skip
        self.order_fields(["unit", "year", "budget"])


class PrintLayoutForm(forms.Form):
    shift_x_mm = forms.DecimalField(
        label="Dịch ngang (mm, dương là sang phải)",
        max_digits=5,
        decimal_places=1,
        min_value=Decimal(-50),
        max_value=Decimal(50),
        initial=0,
    )
    shift_y_mm = forms.DecimalField(
        label="Dịch dọc (mm, dương là xuống dưới)",
        max_digits=5,
        decimal_places=1,
        min_value=Decimal(-50),
        max_value=Decimal(50),
        initial=0,
    )


class SigningCredentialForm(forms.Form):
    module = forms.ChoiceField(
        label="Thư viện PKCS#11 của thiết bị",
        error_messages={"required": "Chọn thư viện của thiết bị ký số.",
                        "invalid_choice": "Thư viện này chưa được phép dùng trên máy chủ."},
    )  # fmt: skip
    token_label = forms.CharField(
        label="Nhãn thiết bị (token)", max_length=64,
        error_messages={"required": "Nhập nhãn thiết bị (token)."},
    )  # fmt: skip
    key_label = forms.CharField(
        label="Nhãn khóa", max_length=64, error_messages={"required": "Nhập nhãn khóa."}
    )
    certificate = forms.FileField(
        label="Chứng thư số (.cer, .pem)",
        error_messages={"required": "Chọn tệp chứng thư số."},
    )

    def __init__(self, *args, modules: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].choices = [(m, m) for m in modules]

    def clean_certificate(self):
        upload = self.cleaned_data["certificate"]
        if upload.size > 64 * 1024:
            raise forms.ValidationError("Tệp chứng thư số quá lớn (tối đa 64 KB).")
        data = upload.read()
        try:
            from_der = not data.lstrip().startswith(b"-----BEGIN")
            text = data.decode("ascii") if not from_der else ""
        except UnicodeDecodeError:
            raise forms.ValidationError("Tệp chứng thư số không đọc được.") from None
        if from_der:
            body = base64.encodebytes(data).decode("ascii")
            text = f"-----BEGIN CERTIFICATE-----\n{body}-----END CERTIFICATE-----\n"
        return text


class SignForm(forms.Form):
    pin = forms.CharField(
        label="Mã PIN của thiết bị ký số", max_length=64, strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        error_messages={"required": "Nhập mã PIN của thiết bị ký số."},
    )  # fmt: skip
