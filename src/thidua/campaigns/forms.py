"""Forms of the campaign screens. They validate and convert input to the services' types
(dates, aware datetimes in Vietnam time, lists, checked uploads); the views hand the cleaned
data to campaigns.services, which still have the last word."""

import datetime as dt
from html import escape
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from thidua.campaigns import criteria
from thidua.campaigns.enums import (
    AnnualRating,
    AwardKind,
    CampaignState,
    CriterionKind,
    DataPeriod,
    DossierScope,
    FormKind,
    PhaseKind,
    SubjectType,
)
from thidua.campaigns.models import Campaign
from thidua.campaigns.services import EDITABLE_AFTER_PUBLISH
from thidua.core.text import nfc
from thidua.core.uploads import DOCUMENT_KINDS, check_upload
from thidua.org.enums import StaffCategory
from thidua.org.models import Unit

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CHECKLIST_ROWS = 6


def _tree(units) -> list[tuple[Unit, int, bool]]:
    """(unit, depth below the highest unit given, has children given) in tree order (siblings
    by position, then name): "/1/10/" must not sort before "/1/9/" as paths would."""
    units = list(units)
    ids = {u.pk for u in units}
    children: dict[int | None, list[Unit]] = {}
    for u in units:
        children.setdefault(u.parent_id if u.parent_id in ids else None, []).append(u)
    for siblings in children.values():
        siblings.sort(key=lambda u: (u.position, u.name))
    out: list[tuple[Unit, int, bool]] = []
    stack = [(u, 0) for u in reversed(children.get(None, []))]
    while stack:
        unit, depth = stack.pop()
        out.append((unit, depth, unit.pk in children))
        stack.extend((c, depth + 1) for c in reversed(children.get(unit.pk, [])))
    return out


def tree_choices(units) -> list[tuple[int, str]]:
    """Units in tree order, indented by depth below the highest unit given."""
    return [(u.pk, f"{'— ' * depth}{u.name}") for u, depth, _ in _tree(units)]


class LinesField(forms.CharField):
    """A textarea holding one item per line ↔ a list of strings."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list | tuple) else value

    def to_python(self, value) -> list[str]:
        text = super().to_python(value) or ""
        return [line for line in (nfc(x) for x in text.splitlines()) if line]


class LocalDateTimeField(forms.DateTimeField):
    """A datetime-local input read as Vietnam time (Asia/Ho_Chi_Minh), whatever the server's
    or the browser's zone."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]

    def prepare_value(self, value):
        if isinstance(value, dt.datetime) and timezone.is_aware(value):
            return value.astimezone(VN_TZ).replace(tzinfo=None)
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value if timezone.is_aware(value) else value.replace(tzinfo=VN_TZ)
        text = str(value).strip()
        for fmt in self.input_formats:
            try:
                return dt.datetime.strptime(text, fmt).replace(tzinfo=VN_TZ)
            except ValueError:
                continue
        raise ValidationError("Nhập ngày giờ hợp lệ (ngày/tháng/năm giờ:phút).", code="invalid")


_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _text(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class CampaignForm(forms.ModelForm):
    """The plan's own fields. A new campaign chooses its issuer among `issuers`; once
    published only how the campaign is run (late uploads, reminders, nomination note) can
    change, and the form holds only those fields."""

    issuer = forms.TypedChoiceField(label="Cơ quan ban hành", coerce=int)
    participant_categories = forms.MultipleChoiceField(
        label="Đối tượng cá nhân tham gia",
        choices=StaffCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    recipients = LinesField(label="Nơi nhận", required=False, help_text="Mỗi dòng một nơi nhận.")

    class Meta:
        model = Campaign
        fields = [
            "year", "award_kind", "title", "issuer_superior", "issuer_display", "doc_symbol",
            "place", "parent_plan_ref", "preamble", "purpose", "requirements", "participants_text",
            "participant_categories", "period_start", "period_end", "period_text",
            "awards_text", "awards_note", "nomination_note", "reward_basis", "funding_source",
            "closing_text", "recipients", "signing_authority", "signer_title", "signer_name",
            "late_policy", "reminder_days",
        ]  # fmt: skip
        widgets = {
            "title": _text(2),
            "issuer_display": _text(2),
            "parent_plan_ref": _text(2),
            "preamble": _text(4),
            "purpose": _text(4),
            "requirements": _text(4),
            "participants_text": _text(4),
            "period_start": _DATE,
            "period_end": _DATE,
            "period_text": _text(2),
            "awards_text": _text(3),
            "awards_note": _text(3),
            "nomination_note": _text(2),
            "reward_basis": _text(2),
            "funding_source": _text(2),
            "closing_text": _text(3),
        }

    def __init__(self, *args, issuers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].widget.attrs.update({"min": 2000, "max": 2100})
        if "award_kind" in self.fields:  # left out: a movement (theo đợt), as before
            self.fields["award_kind"].required = False
        if self.instance.pk:
            del self.fields["issuer"]
            if self.instance.state != CampaignState.DRAFT:
                for name in list(self.fields):
                    if name not in EDITABLE_AFTER_PUBLISH:
                        del self.fields[name]
            return
        self._issuers = {u.pk: u for u in issuers or []}
        self.fields["issuer"].choices = tree_choices(self._issuers.values())
        self.fields["issuer"].error_messages["invalid_choice"] = (
            "Chọn cơ quan ban hành trong phạm vi bạn được giao."
        )
        # Put the issuer first, as on the document.
        self.order_fields(["issuer"])

    def clean_award_kind(self) -> str:
        return self.cleaned_data.get("award_kind") or AwardKind.THEO_DOT

    GROUPS = [
        ("Cơ quan ban hành, số, ký hiệu", [
            "issuer", "year", "award_kind", "title", "issuer_superior", "issuer_display",
            "doc_symbol", "place",
        ]),
        ("Căn cứ, mục đích, yêu cầu", ["parent_plan_ref", "preamble", "purpose", "requirements"]),
        ("Đối tượng và thời gian thi đua", [
            "participants_text", "participant_categories", "period_start", "period_end",
            "period_text",
        ]),
        ("Khen thưởng và kinh phí", [
            "awards_text", "awards_note", "nomination_note", "reward_basis", "funding_source",
        ]),
        ("Tổ chức thực hiện, ký ban hành, nơi nhận", [
            "closing_text", "signing_authority", "signer_title", "signer_name", "recipients",
        ]),
        ("Điều hành phong trào", ["late_policy", "reminder_days"]),
    ]  # fmt: skip

    def groups(self) -> list[tuple[str, list]]:
        """The fields present, by part of the plan, for the template."""
        out = []
        for legend, names in self.GROUPS:
            fields = [self[n] for n in names if n in self.fields]
            if fields:
                out.append((legend, fields))
        return out

    @property
    def editable_after_publish_only(self) -> bool:
        return bool(self.instance.pk) and self.instance.state != CampaignState.DRAFT

    def clean_issuer(self) -> Unit:
        return self._issuers[self.cleaned_data["issuer"]]

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "Ngày kết thúc thi đua phải sau ngày bắt đầu.")
        return data

    def changes(self) -> dict:
        """The campaign fields to hand to the service (the issuer is given separately)."""
        return {k: v for k, v in self.cleaned_data.items() if k != "issuer"}


class UnitsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class UnitSelect(forms.Select):
    """A select of units rendered in Python: Django renders each option through a template,
    half a second for the nation's ~3,400 units."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        options = mark_safe(  # every value and label escaped here
            "".join(
                f'<option value="{escape(str(v))}"{" selected" if str(v) in chosen else ""}>'
                f"{escape(str(label))}</option>"
                for v, label in self.choices
            )
        )
        attrs = flatatt(self.build_attrs(self.attrs, attrs))
        return format_html('<select name="{}"{}>{}</select>', name, attrs, options)


# Above this many units the participants' checkboxes come folded by branch (a province of the
# nation's ~3,400 units), each branch saying how many of its units are chosen.
GROUP_OVER = 150


class ParticipantsForm(forms.Form):
    units = UnitsField(queryset=Unit.objects.none(), label="Đơn vị tham gia", required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.tree = _tree(units)
        field = self.fields["units"]
        field.queryset = Unit.objects.filter(pk__in=[u.pk for u, _, _ in self.tree])
        field.choices = [(u.pk, f"{'— ' * depth}{u.name}") for u, depth, _ in self.tree]

    @property
    def grouped(self) -> bool:
        return len(self.tree) > GROUP_OVER

    def groups(self) -> list[dict]:
        """The checkboxes by branch (when `grouped`): a top unit with its childless units, then
        each of its children that has units below it with its subtree. Each group: label,
        options (id, indented name, checked), chosen (how many checked)."""
        checked = {str(v) for v in (self["units"].value() or [])}
        groups: list[dict] = []
        top = group = {}
        for unit, depth, has_children in self.tree:
            if depth == 0:
                top = group = {"label": unit.name, "depth": 0, "options": []}
                groups.append(top)
            elif depth == 1:
                group = top
                if has_children:
                    group = {"label": unit.name, "depth": 1, "options": []}
                    groups.append(group)
            group["options"].append(
                (unit.pk, f"{'— ' * (depth - group['depth'])}{unit.name}", str(unit.pk) in checked)
            )
        for group in groups:
            group["chosen"] = sum(1 for _, _, on in group["options"] if on)
            # built here, not by a template loop: thousands of checkboxes on the nation's draft
            group["checkboxes"] = mark_safe(  # every label escaped here
                "".join(
                    f'<div><label><input type="checkbox" name="units" value="{int(pk)}"'
                    f"{' checked' if on else ''}> {escape(label)}</label></div>"
                    for pk, label, on in group["options"]
                )
            )
        return groups


class PhaseForm(forms.Form):
    kind = forms.ChoiceField(label="Giai đoạn", choices=PhaseKind.choices)
    starts_at = LocalDateTimeField(label="Bắt đầu từ")
    ends_at = LocalDateTimeField(
        label="Hạn (trước thời điểm)",
        help_text=(
            "Giờ Việt Nam. Hạn là thời điểm đầu tiên không còn nhận: «trước ngày 15/01» "
            "nghĩa là trước 00:00 ngày 15/01, nhập 00:00 ngày 15/01."
        ),
    )
    note = forms.CharField(label="Ghi chú", max_length=300, required=False)


def _param_field(p: criteria.Param) -> forms.Field:
    label = p.label[:1].upper() + p.label[1:]
    if p.choices:
        labels = (
            dict(AnnualRating.choices) | criteria.UP_TO_LABELS | criteria.INITIATIVE_SCOPE_LABELS
        )
        return forms.ChoiceField(
            label=label,
            choices=[(c, labels.get(c, c)) for c in p.choices],
            initial=p.default,
            required=False,
        )
    if p.type is float:
        attrs = {"step": "any"}
        if p.minimum is not None:
            attrs["min"] = p.minimum
        if p.maximum is not None:
            attrs["max"] = p.maximum
        return forms.CharField(
            label=label, initial=p.default, required=False, widget=forms.NumberInput(attrs=attrs)
        )
    if p.type is list:
        return forms.CharField(
            label=label,
            initial=", ".join(p.default or []),
            required=False,
            help_text="Các mã, cách nhau bởi dấu phẩy.",
        )
    return forms.CharField(label=label, initial=p.default, required=False, max_length=100)


class CriterionForm(forms.Form):
    """A criterion: its text (the plan's own words) and how the system judges it. Each kind
    has its own parameters (criteria.PARAMS); only those of the chosen kind are used."""

    subject_type = forms.ChoiceField(label="Áp dụng cho", choices=SubjectType.choices)
    text = forms.CharField(label="Nội dung tiêu chí", widget=_text(3))
    kind = forms.ChoiceField(label="Cách đánh giá", choices=CriterionKind.choices)
    data_period = forms.ChoiceField(
        label="Kỳ số liệu",
        choices=DataPeriod.choices,
        initial=DataPeriod.CAMPAIGN_YEAR,
        required=False,  # left out: the campaign's year
        help_text="Kết quả của năm nào được dùng để đánh giá. Ví dụ: phong trào năm 2027 xét "
        "trên kết quả 2025–2026: chọn «N năm liên tiếp, đến năm trước», N = 2.",
    )
    data_years = forms.IntegerField(
        label="N (số năm)",
        min_value=1,
        max_value=10,
        required=False,
        help_text="Chỉ dùng với các kỳ có N.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.param_groups = []
        for kind, params in criteria.PARAMS.items():
            kind = str(kind)
            names = []
            for p in params:
                name = f"p_{kind}_{p.name}"
                self.fields[name] = _param_field(p)
                names.append(name)
            if names:
                self.param_groups.append(
                    {"kind": kind, "label": CriterionKind(kind).label, "names": names}
                )

    def param_fields(self):
        """(kind, label, bound fields) for the template."""
        return [(g["kind"], g["label"], [self[n] for n in g["names"]]) for g in self.param_groups]

    def clean_text(self) -> str:
        return self.cleaned_data["text"].strip()

    def clean(self):
        data = super().clean()
        if data.get("kind") and "data_period" not in self.errors:
            try:
                data["data_period"], data["data_years"] = criteria.clean_data_period(
                    data["kind"], data.get("data_period") or "", data.get("data_years")
                )
            except ValidationError as exc:
                for field, errors in exc.error_dict.items():
                    self.add_error(field, errors)
        return data

    def params(self) -> dict:
        """The chosen kind's parameters as typed; blanks are left out so the kind's defaults
        apply (the service checks and converts them)."""
        kind = self.cleaned_data["kind"]
        out: dict = {}
        for p in criteria.PARAMS[kind]:
            value = self.cleaned_data.get(f"p_{kind}_{p.name}")
            if value in (None, ""):
                continue
            if p.type is list:
                value = [v.strip() for v in value.replace(";", ",").split(",") if v.strip()]
            out[p.name] = value
        return out


class AwardFormForm(forms.Form):
    """An award form (hình thức khen thưởng), its quota and the dossier it requires."""

    name = forms.CharField(label="Hình thức khen thưởng", max_length=200)
    subject_type = forms.ChoiceField(label="Đối tượng", choices=SubjectType.choices)
    legal_kind = forms.ChoiceField(
        label="Hình thức theo quy định",
        choices=FormKind.choices,
        help_text="Các hình thức của văn bản quy định mức thưởng áp dụng vào ngày dự kiến quyết "
        "định khen thưởng; quyết định mức thưởng và quy tắc xét chọn của Hội đồng.",
        error_messages={
            "required": "Chọn hình thức theo quy định.",
            "invalid_choice": "Hình thức này không có trong văn bản quy định mức thưởng áp dụng "
            "vào ngày dự kiến quyết định khen thưởng.",
        },
    )
    quota = forms.IntegerField(
        label="Số lượng tối đa",
        required=False,
        min_value=1,
        help_text="Để trống nếu không giới hạn.",
        error_messages={
            "invalid": "Số lượng tối đa phải là một số nguyên.",
            "min_value": "Số lượng tối đa phải lớn hơn 0.",
        },
    )
    rule_set = forms.CharField(
        label="Mức thưởng theo", max_length=100, required=False,
        help_text="Ví dụ: Nghị định 91/2017/NĐ-CP",
    )  # fmt: skip

    def __init__(self, *args, kinds: list[tuple[str, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if kinds is not None:
            self.fields["legal_kind"].choices = [("", "— Chọn —"), *kinds]
        for i in range(1, CHECKLIST_ROWS + 1):
            self.fields[f"item_{i}"] = forms.CharField(
                label=f"Thành phần hồ sơ {i}",
                max_length=200,
                required=False,
                widget=forms.TextInput(attrs={"class": "wide"}),
            )
            self.fields[f"scope_{i}"] = forms.ChoiceField(
                label=f"Số bản {i}", choices=DossierScope.choices, required=False,
                initial=DossierScope.PER_NOMINEE,
            )  # fmt: skip

    def checklist_rows(self):
        return [(self[f"item_{i}"], self[f"scope_{i}"]) for i in range(1, CHECKLIST_ROWS + 1)]

    def checklist(self) -> list[tuple[str, str]]:
        rows = []
        for i in range(1, CHECKLIST_ROWS + 1):
            name = nfc(self.cleaned_data.get(f"item_{i}") or "")
            if name:
                rows.append((name, self.cleaned_data.get(f"scope_{i}") or DossierScope.PER_NOMINEE))
        return rows

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "subject_type": data["subject_type"],
            "legal_kind": data["legal_kind"],
            "quota": data["quota"],
            "rule_set": data["rule_set"],
            "checklist": self.checklist(),
        }


class AssignmentForm(forms.Form):
    unit = forms.TypedChoiceField(
        label="Đơn vị thực hiện", coerce=int, required=False, empty_value=None, widget=UnitSelect
    )
    text = forms.CharField(label="Nhiệm vụ", widget=_text(3))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self._units = {u.pk: u for u in units}
        self.fields["unit"].choices = [("", "— Chung cho các đơn vị —"), *tree_choices(units)]

    def clean_unit(self) -> Unit | None:
        pk = self.cleaned_data.get("unit")
        return self._units[pk] if pk else None


class PublishForm(forms.Form):
    doc_number = forms.CharField(
        label="Số kế hoạch",
        max_length=20,
        required=False,
        help_text="Để trống nếu văn thư cấp số sau.",
    )
    issued_on = forms.DateField(label="Ngày ban hành", required=False, widget=_DATE)


class RegistrationForm(forms.Form):
    commitments = forms.CharField(
        label="Nội dung đăng ký thi đua, chỉ tiêu phấn đấu",
        widget=_text(6),
        error_messages={"required": "Nhập nội dung đăng ký thi đua."},
    )
    plan = forms.FileField(
        label="Kế hoạch thi đua của đơn vị",
        required=False,
        help_text="Tệp PDF hoặc Word (.docx, .doc), OpenDocument (.odt). "
        "Có thể đăng ký trước và gửi kế hoạch sau.",
    )

    def __init__(self, *args, max_bytes: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes
        self.fields["plan"].help_text += f" Dung lượng tối đa {max_bytes / 1048576:.0f} MB."

    def clean_plan(self):
        upload = self.cleaned_data.get("plan")
        if not upload:
            return None
        return check_upload(upload, allowed=DOCUMENT_KINDS, max_bytes=self.max_bytes)


class ReminderForm(forms.Form):
    units = forms.ModelMultipleChoiceField(queryset=Unit.objects.none(), required=False)
    all = forms.BooleanField(required=False)

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = Unit.objects.filter(
            campaign_participations__campaign=campaign
        )

    def clean(self):
        data = super().clean()
        if not data.get("all") and not data.get("units"):
            raise ValidationError(
                "Chọn ít nhất một đơn vị chưa nộp kế hoạch, hoặc bấm «Nhắc tất cả đơn vị chưa nộp»."
            )
        return data


def subject_chosen(form: forms.Form, *, key: str, award_form, units: dict, people: dict, what: str):
    """(person, unit) that `key` ("p<pk>" or "u<pk>") names among the unit's own, for an award
    form of their kind; None, with the error on the form's `subject` field, otherwise. Shared by
    title registration and the nominee list (`what`: "Danh hiệu", "Hình thức")."""
    if key not in units and key not in people:
        form.add_error("subject", "Tập thể, cá nhân này không thuộc đơn vị của bạn.")
        return None
    individual = award_form.subject_type == SubjectType.INDIVIDUAL
    if individual != (key in people):
        form.add_error(
            "subject",
            f"{what} này dành cho cá nhân; hãy chọn một người."
            if individual
            else f"{what} này dành cho tập thể; hãy chọn đơn vị.",
        )
        return None
    return people.get(key), units.get(key)


class TitleRegistrationForm(forms.Form):
    """Đăng ký danh hiệu thi đua: a title of the annual round and who registers for it (one
    of the unit's people, the unit itself or one of its divisions)."""

    award_form = forms.TypedChoiceField(
        label="Danh hiệu thi đua", coerce=int, error_messages={"required": "Chọn danh hiệu."}
    )
    subject = forms.CharField(
        label="Tập thể hoặc cá nhân đăng ký",
        error_messages={"required": "Chọn tập thể hoặc cá nhân đăng ký."},
    )

    def __init__(self, *args, award_forms, units, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.award_forms = {f.pk: f for f in award_forms}
        self.fields["award_form"].choices = [("", "— Chọn —")] + [
            (f.pk, str(f)) for f in award_forms
        ]
        self.units = {f"u{u.pk}": u for u in units}
        self.people = {f"p{p.pk}": p for p in people}
        self.fields["subject"].widget = forms.Select(
            choices=[
                ("", "— Chọn —"),
                ("Tập thể", [(k, u.name) for k, u in self.units.items()]),
                (
                    "Cá nhân",
                    [
                        (k, f"{p.full_name} – {p.position or p.unit.name}")
                        for k, p in self.people.items()
                    ],
                ),
            ]
        )

    def clean(self):
        data = super().clean()
        form = self.award_forms.get(data.get("award_form"))
        key = data.get("subject")
        if data.get("award_form") and form is None:
            self.add_error("award_form", "Danh hiệu không hợp lệ.")
        if form is None or not key:
            return data
        chosen = subject_chosen(
            self, key=key, award_form=form, units=self.units, people=self.people, what="Danh hiệu"
        )
        if chosen is not None:
            data["award_form_obj"] = form
            data["person"], data["subject_unit"] = chosen
        return data
