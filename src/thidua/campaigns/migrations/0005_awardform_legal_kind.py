"""An award form's legal kind becomes a chosen field. Existing forms take their
awards.AwardFormRule row, else (once, here) what their name said: from now on nobody guesses."""

import unicodedata

from django.db import migrations, models

# The guess that lived in awards/legal.py, kept only to carry existing forms over.
NAME_HINTS = [
    (("bang khen", "thu tuong"), "BANG_KHEN_THU_TUONG"),
    (("bang khen",), "BANG_KHEN_TINH"),
    (("chien si thi dua", "toan quoc"), "CSTD_TOAN_QUOC"),
    (("chien si thi dua", "tinh"), "CSTD_TINH"),
    (("co thi dua", "chinh phu"), "CO_THI_DUA_CHINH_PHU"),
    (("co thi dua", "tinh"), "CO_THI_DUA_TINH"),
    (("chien si thi dua",), "CSTD_CO_SO"),
    (("tap the lao dong xuat sac",), "TAP_THE_LDXS"),
    (("tap the lao dong tien tien",), "TAP_THE_LDTT"),
    (("lao dong tien tien",), "LAO_DONG_TIEN_TIEN"),
    (("giay khen", "huyen"), "GIAY_KHEN_CHU_TICH_HUYEN"),
    (("giay khen", "xa"), "GIAY_KHEN_CHU_TICH_XA"),
    (("giay khen", "phuong"), "GIAY_KHEN_CHU_TICH_XA"),
    (("giay khen",), "GIAY_KHEN_THU_TRUONG"),
]


def _key(text):
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return " ".join("".join(c for c in text if unicodedata.category(c) != "Mn").split())


def fill(apps, schema_editor):
    AwardForm = apps.get_model("campaigns", "AwardForm")
    AwardFormRule = apps.get_model("awards", "AwardFormRule")
    chosen = dict(AwardFormRule.objects.values_list("award_form_id", "form_kind"))
    for form in AwardForm.objects.all():
        kind = chosen.get(form.pk)
        if not kind:
            key = _key(form.name)
            kind = next((k for words, k in NAME_HINTS if all(w in key for w in words)), "")
        if kind:
            AwardForm.objects.filter(pk=form.pk).update(legal_kind=kind)


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0004_initiative_criterion'),
        ('awards', '0003_decisions'),
    ]

    operations = [
        migrations.AddField(
            model_name='awardform',
            name='legal_kind',
            field=models.CharField(blank=True, choices=[('GIAY_KHEN_CHU_TICH_HUYEN', 'Giấy khen của Chủ tịch UBND cấp huyện'), ('GIAY_KHEN_THU_TRUONG', 'Giấy khen của thủ trưởng cơ quan, cấp sở'), ('GIAY_KHEN_CHU_TICH_XA', 'Giấy khen của Chủ tịch UBND cấp xã'), ('LAO_DONG_TIEN_TIEN', 'Lao động tiên tiến'), ('CSTD_CO_SO', 'Chiến sĩ thi đua cơ sở'), ('TAP_THE_LDTT', 'Tập thể lao động tiên tiến'), ('TAP_THE_LDXS', 'Tập thể lao động xuất sắc'), ('BANG_KHEN_TINH', 'Bằng khen cấp bộ, ngành, tỉnh'), ('BANG_KHEN_THU_TUONG', 'Bằng khen của Thủ tướng Chính phủ'), ('CSTD_TINH', 'Chiến sĩ thi đua cấp tỉnh'), ('CSTD_TOAN_QUOC', 'Chiến sĩ thi đua toàn quốc'), ('CO_THI_DUA_TINH', 'Cờ thi đua cấp bộ, ngành, tỉnh'), ('CO_THI_DUA_CHINH_PHU', 'Cờ thi đua của Chính phủ')], help_text='Chọn trong các hình thức của văn bản quy định mức thưởng; quyết định mức thưởng và quy tắc xét chọn của Hội đồng.', max_length=32, verbose_name='hình thức theo quy định'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
