"""Forms of the editorial and distribution screens: validation and conversion only; the views
hand the cleaned data to communication.services."""

from django import forms
from django.core.exceptions import ValidationError

from thidua.awards.enums import DecisionState
from thidua.awards.models import Award
from thidua.campaigns.enums import CampaignState
from thidua.campaigns.models import Campaign
from thidua.communication.enums import ArticleKind
from thidua.communication.html import ALLOWED_TAGS
from thidua.core.text import nfc, slugify_vi
from thidua.nominations.models import Nominee
from thidua.org.scope import user_scope

TAGS_HELP = (
    "Có thể gõ chữ thường (mỗi đoạn cách nhau một dòng trống) hoặc dùng các thẻ định dạng cơ "
    "bản: "
    + ", ".join(f"&lt;{t}&gt;" for t in sorted(ALLOWED_TAGS))
    + ". Mọi thẻ khác, mã lệnh và liên kết không an toàn sẽ bị loại bỏ khi lưu."
)


def _campaigns_for(user):
    scope = user_scope(user)
    return (
        Campaign.objects.filter(scope.unit_q("issuer__"))
        .filter(state__in=CampaignState.visible_to_participants())
        .order_by("-year", "-id")
    )


class ArticleForm(forms.Form):
    title = forms.CharField(label="Tiêu đề", max_length=300)
    summary = forms.CharField(
        label="Tóm tắt",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Một, hai câu hiện ở danh sách bài và khi chia sẻ lên mạng xã hội.",
    )
    body = forms.CharField(
        label="Nội dung",
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=TAGS_HELP,
    )
    campaign = forms.ModelChoiceField(
        label="Phong trào",
        queryset=Campaign.objects.none(),
        required=False,
        empty_label="— Không gắn phong trào —",
    )
    award = forms.ModelChoiceField(
        label="Tập thể, cá nhân được khen thưởng",
        queryset=Award.objects.none(),
        required=False,
        empty_label="— Không chọn —",
        help_text="Chỉ những người đã có quyết định khen thưởng ban hành.",
    )
    nominee = forms.ModelChoiceField(
        label="Hoặc tập thể, cá nhân được đề nghị",
        queryset=Nominee.objects.none(),
        required=False,
        empty_label="— Không chọn —",
    )
    slug = forms.CharField(
        label="Đường dẫn",
        max_length=120,
        required=False,
        help_text="Để trống để tự tạo từ tên người được viết về (hoặc tiêu đề), không dấu. "
        "Không đổi được sau khi bài đã đăng.",
    )

    def __init__(self, *args, user, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        campaigns = _campaigns_for(user)
        self.fields["campaign"].queryset = campaigns
        if kind == ArticleKind.STORY:
            self.fields["award"].queryset = (
                Award.objects.filter(
                    decision__state=DecisionState.ISSUED, decision__campaign__in=campaigns
                )
                .select_related("award_form", "decision")
                .order_by("-decision__decided_on", "position", "id")
            )
            self.fields["award"].label_from_instance = lambda a: (
                f"{a.name} – {a.award_form.name} (QĐ {a.decision.reference})"
            )
            self.fields["nominee"].queryset = (
                Nominee.objects.filter(
                    proposal__campaign__in=campaigns, proposal__submitted_at__isnull=False
                )
                .select_related("person", "unit")
                .order_by("unit__name", "id")
            )
            self.fields["nominee"].label_from_instance = lambda n: (
                f"{n.person.full_name} – {n.unit.name}" if n.person_id else n.unit.name
            )
        else:
            del self.fields["award"], self.fields["nominee"]

    def clean_title(self):
        return nfc(self.cleaned_data["title"])

    def clean_slug(self):
        raw = self.cleaned_data.get("slug", "")
        return slugify_vi(raw) if raw else ""

    def clean(self):
        data = super().clean()
        if data.get("award") and data.get("nominee"):
            raise ValidationError(
                "Chọn người được khen thưởng hoặc người được đề nghị, không chọn cả hai."
            )
        return data


class PhotoForm(forms.Form):
    photo = forms.FileField(label="Ảnh (PNG hoặc JPEG)")
    caption = forms.CharField(label="Chú thích ảnh", max_length=300, required=False)


class NoteForm(forms.Form):
    note = forms.CharField(label="Ý kiến", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class CaseForm(forms.Form):
    unit = forms.TypedChoiceField(label="Đơn vị đề xuất", coerce=int)
    subject_name = forms.CharField(label="Tập thể, cá nhân được đề xuất", max_length=255)
    subject_detail = forms.CharField(
        label="Chức vụ, đơn vị, địa chỉ", max_length=500, required=False
    )
    campaign = forms.ModelChoiceField(
        label="Phong trào",
        queryset=Campaign.objects.none(),
        required=False,
        empty_label="— Không gắn phong trào —",
    )
    description = forms.CharField(
        label="Việc làm, thành tích tiêu biểu", widget=forms.Textarea(attrs={"rows": 6})
    )
    contact = forms.CharField(label="Người liên hệ, số điện thoại", max_length=255, required=False)

    def __init__(self, *args, user, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {u.pk: u for u in units}
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]
        self.fields["campaign"].queryset = _campaigns_for(user)

    def clean_unit(self):
        return self.units[self.cleaned_data["unit"]]


class ProfileForm(forms.Form):
    unit = forms.TypedChoiceField(label="Cơ quan", coerce=int)
    intro = forms.CharField(
        label="Giới thiệu",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=TAGS_HELP,
    )
    address = forms.CharField(label="Địa chỉ", max_length=300, required=False)
    phone = forms.CharField(label="Điện thoại", max_length=50, required=False)
    email = forms.EmailField(label="Thư điện tử", required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {u.pk: u for u in units}
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]

    def clean_unit(self):
        return self.units[self.cleaned_data["unit"]]


class SendCampaignForm(forms.Form):
    """Send a published plan, or an issued decision, to its recipients in one step."""

    campaign = forms.ModelChoiceField(
        label="Kế hoạch của phong trào", queryset=Campaign.objects.none()
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = _campaigns_for(user).exclude(plan_pdf="")
