"""Forms of the indicator, task and staff-record screens. They validate and convert input to the
services' types (Decimals, dates, aware datetimes, checked uploads) and never write; the
services have the last word."""

import datetime as dt
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from thidua.campaigns.enums import AnnualRating
from thidua.campaigns.forms import tree_choices
from thidua.core.text import nfc
from thidua.core.uploads import DOCUMENT_KINDS, check_spreadsheet_upload, check_upload
from thidua.indicators.enums import DisciplineForm, FrameworkKind, SubjectKind
from thidua.indicators.services import Appraisal

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
EVIDENCE_KINDS = DOCUMENT_KINDS | {"png", "jpeg"}
EVIDENCE_HELP = "Tệp PDF, Word (.docx, .doc), OpenDocument (.odt) hoặc ảnh PNG, JPEG."
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
YEAR_ERRORS = {
    "invalid": "Năm phải là một số.",
    "min_value": "Năm không được trước 2000.",
    "max_value": "Năm không được sau 2100.",
}


def _text(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def _unit_choices(units) -> list[tuple[int, str]]:
    return tree_choices(units)


class _UnitField(forms.TypedChoiceField):
    def __init__(self, **kwargs):
        super().__init__(coerce=int, **kwargs)


def _units_by_pk(units) -> dict[int, object]:
    return {u.pk: u for u in units}


def _deadline(day: dt.date | None) -> dt.datetime | None:
    """ "Hạn tự chấm: ngày 15/01" means before 00:00 of 16/01, Vietnam time."""
    if day is None:
        return None
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), VN_TZ)


def deadline_day(value: dt.datetime | None) -> dt.date | None:
    if value is None:
        return None
    return (timezone.localtime(value) - dt.timedelta(seconds=1)).date()


# Frameworks ------------------------------------------------------------------------------------


class FrameworkForm(forms.Form):
    kind = forms.ChoiceField(label="Bộ chỉ số", choices=FrameworkKind.choices)
    subject_kind = forms.ChoiceField(label="Đối tượng đánh giá", choices=SubjectKind.choices)
    year = forms.IntegerField(
        label="Năm đánh giá", min_value=2000, max_value=2100, error_messages=YEAR_ERRORS
    )
    name = forms.CharField(label="Tên bộ chỉ số", max_length=300)
    issuer = _UnitField(label="Cơ quan tổ chức đánh giá")
    basis = forms.CharField(label="Căn cứ", required=False, widget=_text(3))
    self_deadline = forms.DateField(
        label="Hạn tự chấm (đến hết ngày)", required=False, widget=DATE_INPUT
    )

    def __init__(self, *args, issuers, **kwargs):
        super().__init__(*args, **kwargs)
        self.issuers = _units_by_pk(issuers)
        self.fields["issuer"].choices = _unit_choices(issuers)

    def clean_issuer(self):
        return self.issuers[self.cleaned_data["issuer"]]

    def clean_name(self):
        return nfc(self.cleaned_data["name"])

    def clean_self_deadline(self):
        return _deadline(self.cleaned_data.get("self_deadline"))


class NodeForm(forms.Form):
    parent = forms.ChoiceField(label="Thuộc", required=False)
    code = forms.CharField(label="Mã", max_length=32, help_text="Ví dụ: 1, 1.2, 1.2.3")
    name = forms.CharField(label="Nội dung", max_length=500)
    max_score = forms.DecimalField(
        label="Điểm tối đa",
        min_value=Decimal("0.01"),
        max_digits=7,
        decimal_places=2,
        error_messages={"invalid": "Điểm tối đa phải là một số."},
    )
    is_survey = forms.BooleanField(label="Thuộc phần điều tra xã hội học", required=False)

    def __init__(self, *args, nodes, known_codes=(), **kwargs):
        """`nodes`: the framework's tree, offered as parents. `known_codes`: codes not stored
        yet that may also be named as parent (the earlier rows of one API list)."""
        super().__init__(*args, **kwargs)
        stored = {n.code for n in nodes}
        self.fields["parent"].choices = (
            [("", "— Lĩnh vực (cấp cao nhất) —")]
            + [(n.code, f"{'— ' * n.depth}{n.code}. {n.name}") for n in nodes]
            + [(c, c) for c in known_codes if c not in stored]
        )


class BandsForm(forms.Form):
    bands = forms.CharField(
        label="Mức xếp loại",
        widget=_text(5),
        help_text="Mỗi dòng một mức: tỷ lệ tối thiểu (%) rồi tên xếp loại, ví dụ «90 Xuất sắc». "
        "Kết quả thuộc mức cao nhất mà nó đạt (đúng 90,00 % là «Xuất sắc»).",
    )

    def clean_bands(self):
        out, errors = [], []
        for i, line in enumerate(self.cleaned_data["bands"].splitlines(), start=1):
            line = nfc(line)
            if not line:
                continue
            number, _, label = line.partition(" ")
            try:
                minimum = Decimal(number.replace(",", ".").rstrip("%"))
            except InvalidOperation:
                errors.append(f"Dòng {i}: «{number}» không phải là tỷ lệ (%).")
                continue
            if not label.strip():
                errors.append(f"Dòng {i}: thiếu tên xếp loại.")
                continue
            if not Decimal(0) <= minimum <= Decimal(100):
                errors.append(f"Dòng {i}: tỷ lệ phải trong khoảng 0–100.")
                continue
            out.append((minimum, label.strip()))
        if errors:
            raise ValidationError(errors)
        if not out:
            raise ValidationError("Nhập ít nhất một mức xếp loại.")
        return out


class OpenForm(forms.Form):
    units = forms.TypedMultipleChoiceField(
        label="Đơn vị được đánh giá",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Chọn ít nhất một đơn vị."},
    )
    self_deadline = forms.DateField(
        label="Hạn tự chấm (đến hết ngày)",
        widget=DATE_INPUT,
        error_messages={"required": "Đặt hạn tự chấm."},
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.by_pk = _units_by_pk(units)
        self.fields["units"].choices = [(u.pk, u.name) for u in units]

    def clean_units(self):
        return [self.by_pk[pk] for pk in self.cleaned_data["units"]]

    def clean_self_deadline(self):
        return _deadline(self.cleaned_data["self_deadline"])


class DeadlineForm(forms.Form):
    self_deadline = forms.DateField(
        label="Hạn tự chấm (đến hết ngày)",
        widget=DATE_INPUT,
        error_messages={"required": "Chọn ngày.", "invalid": "Ngày không hợp lệ."},
    )

    def clean_self_deadline(self):
        return _deadline(self.cleaned_data["self_deadline"])


class PublishForm(forms.Form):
    doc_number = forms.CharField(label="Số văn bản công bố", max_length=60, required=False)
    doc_date = forms.DateField(label="Ngày văn bản", required=False, widget=DATE_INPUT)


class ResultsImportForm(forms.Form):
    file = forms.FileField(label="Tệp Excel (.xlsx)")
    doc_number = forms.CharField(
        label="Số văn bản công bố kết quả",
        max_length=60,
        error_messages={"required": "Nhập số văn bản công bố."},
    )
    doc_date = forms.DateField(
        label="Ngày văn bản",
        widget=DATE_INPUT,
        error_messages={"required": "Nhập ngày văn bản công bố."},
    )

    def clean_file(self):
        return check_spreadsheet_upload(self.cleaned_data.get("file"))


class TreeImportForm(forms.Form):
    file = forms.FileField(label="Tệp Excel (.xlsx)")

    def clean_file(self):
        return check_spreadsheet_upload(self.cleaned_data.get("file"))


class ComponentAssignForm(forms.Form):
    node = forms.TypedChoiceField(label="Chỉ số thành phần", coerce=int)
    unit = forms.TypedChoiceField(label="Đơn vị phụ trách", coerce=int)

    def __init__(self, *args, nodes, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.nodes, self.units = _units_by_pk(nodes), _units_by_pk(units)
        self.fields["node"].choices = [(n.pk, f"{n.code}. {n.name}") for n in nodes]
        self.fields["unit"].choices = _unit_choices(units)

    def clean(self):
        data = super().clean()
        if "node" in data:
            data["node"] = self.nodes[data["node"]]
        if "unit" in data:
            data["unit"] = self.units[data["unit"]]
        return data


class NominationWaitForm(forms.Form):
    campaign = forms.TypedChoiceField(label="Phong trào chờ kết quả", coerce=int)
    frameworks = forms.TypedMultipleChoiceField(
        label="Mở giai đoạn đề nghị khen thưởng khi đã công bố",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Chọn ít nhất một bộ chỉ số."},
    )
    nomination_days = forms.IntegerField(
        label="Số ngày nhận hồ sơ", min_value=1, max_value=365, initial=15
    )

    def __init__(self, *args, campaigns, frameworks, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaigns, self.frameworks = _units_by_pk(campaigns), _units_by_pk(frameworks)
        self.fields["campaign"].choices = [(c.pk, c.title) for c in campaigns]
        self.fields["frameworks"].choices = [(f.pk, f.name) for f in frameworks]

    def clean(self):
        data = super().clean()
        if "campaign" in data:
            data["campaign"] = self.campaigns[data["campaign"]]
        if "frameworks" in data:
            data["frameworks"] = [self.frameworks[pk] for pk in data["frameworks"]]
        return data


# Scoring ---------------------------------------------------------------------------------------


class SelfScoreForm(forms.Form):
    score = forms.DecimalField(
        label="Điểm tự chấm",
        required=False,
        max_digits=9,
        decimal_places=4,
        error_messages={
            "invalid": "Điểm phải là một số.",
            "max_digits": "Điểm quá lớn.",
            "max_decimal_places": "Điểm chỉ được có tối đa 2 chữ số thập phân.",
        },
    )
    not_applicable = forms.BooleanField(label="Tiêu chí không áp dụng với đơn vị", required=False)
    explanation = forms.CharField(
        label="Giải trình (bắt buộc khi không có tài liệu kiểm chứng)",
        required=False,
        widget=_text(3),
    )
    evidence = forms.FileField(label="Tài liệu kiểm chứng", required=False, help_text=EVIDENCE_HELP)

    def __init__(self, *args, max_bytes: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes
        self.fields["evidence"].help_text += f" Dung lượng tối đa {max_bytes / 1048576:.0f} MB."

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if not upload:
            return None
        checked = check_upload(upload, allowed=EVIDENCE_KINDS, max_bytes=self.max_bytes)
        self.evidence_name = upload.name
        return checked


class AppraisalForm(forms.Form):
    """One score, comment and "not applicable" box per leaf: fields score_<id>, comment_<id>,
    na_<id>."""

    def __init__(self, *args, leaves, scores, **kwargs):
        super().__init__(*args, **kwargs)
        self.leaves = leaves
        for node in leaves:
            s = scores.get(node.pk)
            initial = None
            if s is not None:
                initial = s.appraised_score if s.appraised_score is not None else s.self_score
            self.fields[f"score_{node.pk}"] = forms.DecimalField(
                label=f"Điểm thẩm định {node.code}",
                required=False,
                max_digits=9,
                decimal_places=4,
                initial=initial,
                error_messages={
                    "invalid": f"Điểm thẩm định của tiêu chí {node.code} phải là một số."
                },
                widget=forms.NumberInput(
                    attrs={"step": "0.01", "min": "0", "max": str(node.max_score), "class": "score"}
                ),
            )
            self.fields[f"comment_{node.pk}"] = forms.CharField(
                label=f"Ý kiến {node.code}",
                required=False,
                initial=s.appraisal_comment if s else "",
            )
            self.fields[f"na_{node.pk}"] = forms.BooleanField(
                label=f"Không áp dụng {node.code}",
                required=False,
                initial=bool(s and s.not_applicable),
            )

    def values(self) -> dict[int, Appraisal]:
        d = self.cleaned_data
        return {
            n.pk: Appraisal(
                score=d.get(f"score_{n.pk}"),
                comment=d.get(f"comment_{n.pk}", ""),
                not_applicable=d.get(f"na_{n.pk}", False),
            )
            for n in self.leaves
        }


class ReturnForm(forms.Form):
    note = forms.CharField(
        label="Nội dung đề nghị đơn vị giải trình, bổ sung",
        widget=_text(3),
        error_messages={"required": "Nêu nội dung đơn vị cần giải trình."},
    )


# Tasks -----------------------------------------------------------------------------------------


class TaskForm(forms.Form):
    year = forms.IntegerField(
        label="Năm", min_value=2000, max_value=2100, error_messages=YEAR_ERRORS
    )
    issuer = _UnitField(label="Cơ quan giao")
    unit = _UnitField(label="Đơn vị thực hiện")
    code = forms.CharField(label="Mã nhiệm vụ", max_length=32, required=False)
    title = forms.CharField(label="Nhiệm vụ", max_length=500)
    description = forms.CharField(label="Nội dung, yêu cầu", required=False, widget=_text(3))
    plan_ref = forms.CharField(label="Theo kế hoạch", max_length=200, required=False)
    deadline = forms.DateField(label="Thời hạn hoàn thành", widget=DATE_INPUT)

    def __init__(self, *args, issuers, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.issuers, self.units = _units_by_pk(issuers), _units_by_pk(units)
        self.fields["issuer"].choices = _unit_choices(issuers)
        self.fields["unit"].choices = _unit_choices(units)

    def clean_issuer(self):
        return self.issuers[self.cleaned_data["issuer"]]

    def clean_unit(self):
        return self.units[self.cleaned_data["unit"]]


class TaskReportForm(forms.Form):
    progress = forms.IntegerField(
        label="Tiến độ (%)",
        min_value=0,
        max_value=100,
        initial=50,
        error_messages={"invalid": "Tiến độ phải là số nguyên 0–100."},
    )
    note = forms.CharField(
        label="Kết quả thực hiện",
        widget=_text(3),
        error_messages={"required": "Nêu kết quả thực hiện."},
    )
    done = forms.BooleanField(label="Đã hoàn thành, đề nghị xác nhận", required=False)
    evidence = forms.FileField(label="Tài liệu kiểm chứng", required=False, help_text=EVIDENCE_HELP)

    def __init__(self, *args, max_bytes: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes
        self.evidence_name = ""

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if not upload:
            return None
        checked = check_upload(upload, allowed=EVIDENCE_KINDS, max_bytes=self.max_bytes)
        self.evidence_name = upload.name
        return checked


class TaskRejectForm(forms.Form):
    note = forms.CharField(
        label="Lý do chưa xác nhận hoàn thành",
        widget=_text(2),
        error_messages={"required": "Nêu lý do chưa xác nhận hoàn thành."},
    )


# Staff records ---------------------------------------------------------------------------------


class RatingForm(forms.Form):
    year = forms.IntegerField(
        label="Năm", min_value=2000, max_value=2100, error_messages=YEAR_ERRORS
    )
    rating = forms.ChoiceField(label="Xếp loại", choices=AnnualRating.choices)
    decision_number = forms.CharField(label="Số quyết định", max_length=60, required=False)
    decided_on = forms.DateField(label="Ngày", required=False, widget=DATE_INPUT)


class DisciplineRecordForm(forms.Form):
    form = forms.ChoiceField(label="Hình thức kỷ luật", choices=DisciplineForm.choices)
    decision_number = forms.CharField(label="Số quyết định", max_length=60)
    decided_on = forms.DateField(label="Ngày quyết định", widget=DATE_INPUT)
    effective_from = forms.DateField(label="Có hiệu lực từ", required=False, widget=DATE_INPUT)
    months = forms.IntegerField(
        label="Thời hạn (tháng)", required=False, min_value=1, max_value=600
    )
    effective_to = forms.DateField(label="Đến hết ngày", required=False, widget=DATE_INPUT)
    reason = forms.CharField(label="Lý do", required=False, widget=_text(2))


class StaffImportForm(forms.Form):
    KINDS = [("ratings", "Xếp loại chất lượng hằng năm"), ("discipline", "Kỷ luật")]
    kind = forms.ChoiceField(label="Loại dữ liệu", choices=KINDS)
    file = forms.FileField(label="Tệp Excel (.xlsx)")

    def clean_file(self):
        return check_spreadsheet_upload(self.cleaned_data.get("file"))
