"""Forms of the award screens: validation and conversion to domain values; they never write."""

import base64
from decimal import Decimal, InvalidOperation

from django import forms

from thidua.awards.enums import BasisDocument, FormKind, ReissueKind, RoundingMode
from thidua.campaigns.enums import SubjectType
from thidua.core.fields import MoneyField
from thidua.org.enums import UnitKind

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
    over_budget_reason = forms.CharField(
        label="Lý do chi vượt dự toán quỹ",
        required=False,
        max_length=1000,
        widget=_text(2),
        help_text="Bắt buộc khi chi vượt; chỉ Chủ tịch (chủ tài khoản quỹ) được quyết định.",
    )
    confirm_date = forms.BooleanField(
        label="Tôi đã kiểm tra: ngày quyết định đúng (dù là ngày trong tương lai hoặc trước "
        "ngày họp Hội đồng)",
        required=False,
    )

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "number": data["number"],
            "confirm_over_budget": data["confirm_over_budget"],
            "over_budget_reason": data.get("over_budget_reason") or "",
            "confirm_date": data["confirm_date"],
        }


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label="Lý do thu hồi", widget=_text(2), error_messages={"required": "Nhập lý do thu hồi."}
    )
    reference = forms.CharField(
        label="Văn bản thu hồi (số, ngày)",
        max_length=200,
        error_messages={"required": "Nhập số, ngày văn bản thu hồi."},
    )


class AnnulForm(forms.Form):
    """The annulling decision (quyết định hủy bỏ khen thưởng) as signed."""

    number = forms.CharField(
        label="Số quyết định hủy bỏ",
        max_length=60,
        widget=forms.TextInput(attrs={"placeholder": "15/QĐ-UBND"}),
        error_messages={"required": "Nhập số quyết định hủy bỏ, ví dụ 15/QĐ-UBND."},
    )
    decided_on = forms.DateField(
        label="Ngày quyết định hủy bỏ",
        widget=_DATE,
        error_messages={
            "required": "Nhập ngày quyết định hủy bỏ.",
            "invalid": "Ngày không hợp lệ.",
        },
    )
    signer_title = forms.CharField(
        label="Chức danh người ký",
        max_length=100,
        initial="CHỦ TỊCH",
        error_messages={"required": "Nhập chức danh người ký."},
    )
    signer_name = forms.CharField(
        label="Người ký",
        max_length=100,
        error_messages={"required": "Nhập họ tên người ký quyết định hủy bỏ."},
    )
    reason = forms.CharField(
        label="Lý do hủy bỏ",
        widget=_text(3),
        help_text="Ví dụ: cá nhân kê khai không trung thực thành tích trong hồ sơ đề nghị.",
        error_messages={"required": "Nhập lý do hủy bỏ khen thưởng."},
    )
    to_recover = MoneyField(
        label="Tiền thưởng phải thu hồi (đồng)",
        help_text="Mặc định bằng tiền thưởng đã chi; số tiền bằng đồng, ví dụ 1.080.000.",
        error_messages={"required": "Nhập số tiền phải thu hồi (0 nếu không thu hồi)."},
    )  # fmt: skip


class RecoveryForm(forms.Form):
    amount = MoneyField(
        label="Số tiền đã nộp lại (đồng)",
        error_messages={"required": "Nhập số tiền đã nộp lại, ví dụ 1.080.000."},
    )
    note = forms.CharField(
        label="Ghi chú (chứng từ, ngày nộp)", max_length=200, required=False,
        widget=forms.TextInput(attrs={"placeholder": "Phiếu thu số 12 ngày 05/01/2025"}),
    )  # fmt: skip


class ReissueForm(forms.Form):
    kind = forms.ChoiceField(
        label="Hình thức",
        choices=ReissueKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Chọn cấp lại (bị mất) hoặc cấp đổi (bị hư hỏng)."},
    )
    decided_on = forms.DateField(
        label="Ngày cấp lại, cấp đổi",
        widget=_DATE,
        error_messages={"required": "Nhập ngày cấp lại, cấp đổi.", "invalid": "Ngày không hợp lệ."},
    )
    reference = forms.CharField(
        label="Văn bản cấp lại, cấp đổi (số, ngày)",
        max_length=200,
        error_messages={"required": "Nhập số, ngày văn bản cấp lại, cấp đổi."},
    )
    reason = forms.CharField(
        label="Lý do", widget=_text(2),
        help_text="Ví dụ: giấy khen bị mất do thiên tai; đơn đề nghị ngày 02/01/2025.",
        error_messages={"required": "Nhập lý do cấp lại, cấp đổi."},
    )  # fmt: skip


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


class RemoteCredentialForm(forms.Form):
    service_url = forms.ChoiceField(
        label="Dịch vụ ký số từ xa",
        error_messages={"required": "Chọn dịch vụ ký số từ xa.",
                        "invalid_choice": "Dịch vụ này chưa được phép dùng trên máy chủ."},
    )  # fmt: skip
    api_version = forms.ChoiceField(
        label="Phiên bản CSC API", choices=[("v1", "v1"), ("v2", "v2")], initial="v1"
    )
    account = forms.CharField(
        label="Tài khoản", max_length=128, required=False,
        help_text="Để trống nếu dịch vụ cấp mã truy cập (OAuth) thay cho tài khoản.",
    )  # fmt: skip
    credential_id = forms.CharField(
        label="Mã chứng thư trên dịch vụ", max_length=255, required=False,
        help_text="Để trống để dùng chứng thư đầu tiên của tài khoản.",
    )  # fmt: skip
    secret = forms.CharField(
        label="Mật khẩu (hoặc mã truy cập)", max_length=4096, strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        error_messages={"required": "Nhập mật khẩu (hoặc mã truy cập) của tài khoản."},
    )  # fmt: skip

    def __init__(self, *args, services: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_url"].choices = [(u, u) for u in services]


class SignForm(forms.Form):
    pin = forms.CharField(
        label="Mã PIN ký số", max_length=64, strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        error_messages={"required": "Nhập mã PIN ký số."},
    )  # fmt: skip
    secret = forms.CharField(
        label="Mật khẩu dịch vụ ký số từ xa", max_length=4096, strip=False, required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )  # fmt: skip


# Legal tables (Cấu hình › Khen thưởng) ----------------------------------------------------------

_DATE_ERRORS = {"required": "Nhập ngày.", "invalid": "Ngày không hợp lệ (ngày/tháng/năm)."}


def _date(label: str, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=_DATE, error_messages=_DATE_ERRORS
    )


class RuleSetForm(forms.Form):
    code = forms.CharField(label="Số hiệu", max_length=40, help_text="Ví dụ: 152/2025/NĐ-CP")
    name = forms.CharField(label="Tên", max_length=200, help_text="Ví dụ: Nghị định 152/2025/NĐ-CP")
    valid_from = _date("Áp dụng từ ngày")
    valid_to = _date("Áp dụng đến hết ngày", required=False)
    rounding_mode = forms.ChoiceField(label="Cách làm tròn", choices=RoundingMode.choices)
    rounding_step = MoneyField(
        label="Làm tròn đến hàng (đồng)",
        min_value=1,
        help_text="Ví dụ 10.000: số tiền được làm tròn đến hàng chục nghìn đồng.",
    )
    note = forms.CharField(label="Ghi chú", required=False, widget=_text(2))

    def __init__(self, *args, instance=None, **kwargs):
        if instance is not None:
            kwargs.setdefault("initial", {
                f: getattr(instance, f)
                for f in ["code", "name", "valid_from", "valid_to", "rounding_mode",
                          "rounding_step", "note"]
            })  # fmt: skip
        super().__init__(*args, **kwargs)


class CoefficientForm(forms.Form):
    form_kind = forms.ChoiceField(label="Hình thức", choices=FormKind.choices)
    subject_type = forms.ChoiceField(label="Đối tượng", choices=SubjectType.choices)
    value = forms.CharField(
        label="Hệ số",
        max_length=12,
        help_text="Ví dụ 0,3 (× mức lương cơ sở); dấu phẩy hoặc dấu chấm đều là phần thập phân.",
    )
    of_individual = forms.BooleanField(
        label="Nhân với mức thưởng của cá nhân (hộ gia đình)", required=False
    )
    note = forms.CharField(label="Ghi chú", required=False, max_length=300)

    def clean_value(self) -> Decimal:
        text = self.cleaned_data["value"].strip().replace(",", ".")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError("Hệ số phải là một số, ví dụ 0,3.") from None
        if not value.is_finite() or value < 0:
            raise forms.ValidationError("Hệ số phải là một số không âm, ví dụ 0,3.")
        if value != value.quantize(Decimal("0.001")) or value >= 1000:
            raise forms.ValidationError("Hệ số nhỏ hơn 1.000, tối đa 3 chữ số sau dấu phẩy.")
        return value


class BaseSalaryForm(forms.Form):
    valid_from = _date("Áp dụng từ ngày")
    valid_to = _date("Áp dụng đến hết ngày", required=False)
    amount = MoneyField(
        label="Mức lương cơ sở (đồng/tháng)",
        min_value=1,
        error_messages={"required": "Nhập mức lương cơ sở, ví dụ 2.340.000."},
    )
    decree = forms.CharField(
        label="Văn bản quy định", max_length=100, help_text="Ví dụ: 73/2024/NĐ-CP"
    )

    def __init__(self, *args, instance=None, **kwargs):
        if instance is not None:
            kwargs.setdefault("initial", {
                f: getattr(instance, f) for f in ["valid_from", "valid_to", "amount", "decree"]
            })  # fmt: skip
        super().__init__(*args, **kwargs)


class BasisTemplateForm(forms.Form):
    rule_set = forms.ModelChoiceField(
        queryset=None, label="Văn bản quy định mức thưởng", empty_label=None
    )
    document = forms.ChoiceField(label="Loại văn bản", choices=BasisDocument.choices)
    issuer_level = forms.ChoiceField(
        label="Cấp của cơ quan ban hành",
        required=False,
        choices=[("", "Mọi cấp"), *UnitKind.choices],
    )
    text = forms.CharField(
        label="Căn cứ (mỗi dòng một căn cứ)",
        widget=_text(6),
        help_text="{nghi_dinh}: tên nghị định; {ke_hoach}: số, ngày và trích yếu kế hoạch của "
        "phong trào.",
    )

    def __init__(self, *args, rule_sets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule_set"].queryset = rule_sets
