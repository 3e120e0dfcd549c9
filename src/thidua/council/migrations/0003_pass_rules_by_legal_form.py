"""Pass rules attach to the legal award form, subject type and council level instead of each
campaign's own award-form rows, so a new campaign inherits them. Existing rules take their
award form's legal kind and subject and their campaign issuer's kind; identical rules of several
campaigns become one (the agenda items that used them follow). Councils get a quorum; an agenda
item remembers an earlier vote on the same nominee."""

KEY = ["form_kind", "subject_type", "level", "ballot_type", "denominator", "threshold_num",
       "threshold_den", "strict", "quorum_num", "quorum_den", "written_votes", "valid_from",
       "valid_to"]


def carry(apps, schema_editor):
    PassRule = apps.get_model("council", "PassRule")
    AgendaItem = apps.get_model("council", "AgendaItem")
    kept = {}
    for rule in PassRule.objects.select_related("award_form__campaign__issuer").order_by("id"):
        form = rule.award_form
        rule.form_kind = form.legal_kind or ""
        rule.subject_type = form.subject_type
        rule.level = form.campaign.issuer.kind
        key = tuple(getattr(rule, f) for f in KEY) + (tuple(rule.tie_breakers or []),)
        first = kept.get(key)
        if first is None:
            rule.save(update_fields=["form_kind", "subject_type", "level"])
            kept[key] = rule
            continue
        AgendaItem.objects.filter(rule=rule).update(rule=first)
        rule.delete()


import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('council', '0002_secret_ballot_sealed'),
        ('campaigns', '0005_awardform_legal_kind'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='passrule',
            options={'ordering': ['form_kind', 'subject_type', 'level', '-valid_from', 'id'], 'verbose_name': 'quy tắc xét chọn', 'verbose_name_plural': 'quy tắc xét chọn'},
        ),
        migrations.AddField(
            model_name='agendaitem',
            name='repeat_of',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='council.agendaitem'),
        ),
        migrations.AddField(
            model_name='council',
            name='quorum_den',
            field=models.PositiveSmallIntegerField(default=1, validators=[django.core.validators.MinValueValidator(1)], verbose_name='số thành viên dự họp tối thiểu: mẫu số'),
        ),
        migrations.AddField(
            model_name='council',
            name='quorum_num',
            field=models.PositiveSmallIntegerField(default=0, verbose_name='số thành viên dự họp tối thiểu: tử số'),
        ),
        migrations.AddField(
            model_name='passrule',
            name='form_kind',
            field=models.CharField(choices=[('GIAY_KHEN_CHU_TICH_HUYEN', 'Giấy khen của Chủ tịch UBND cấp huyện'), ('GIAY_KHEN_THU_TRUONG', 'Giấy khen của thủ trưởng cơ quan, cấp sở'), ('GIAY_KHEN_CHU_TICH_XA', 'Giấy khen của Chủ tịch UBND cấp xã'), ('LAO_DONG_TIEN_TIEN', 'Lao động tiên tiến'), ('CSTD_CO_SO', 'Chiến sĩ thi đua cơ sở'), ('TAP_THE_LDTT', 'Tập thể lao động tiên tiến'), ('TAP_THE_LDXS', 'Tập thể lao động xuất sắc'), ('BANG_KHEN_TINH', 'Bằng khen cấp bộ, ngành, tỉnh'), ('BANG_KHEN_THU_TUONG', 'Bằng khen của Thủ tướng Chính phủ'), ('CSTD_TINH', 'Chiến sĩ thi đua cấp tỉnh'), ('CSTD_TOAN_QUOC', 'Chiến sĩ thi đua toàn quốc'), ('CO_THI_DUA_TINH', 'Cờ thi đua cấp bộ, ngành, tỉnh'), ('CO_THI_DUA_CHINH_PHU', 'Cờ thi đua của Chính phủ')], db_index=True, default='', max_length=32, verbose_name='hình thức theo quy định'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='passrule',
            name='level',
            field=models.CharField(blank=True, choices=[('province', 'Tỉnh, thành phố trực thuộc trung ương'), ('district', 'Huyện, quận, thị xã, thành phố thuộc tỉnh'), ('commune', 'Xã'), ('ward', 'Phường'), ('township', 'Thị trấn'), ('peoples_committee', 'Ủy ban nhân dân'), ('agency', 'Cơ quan chuyên môn'), ('public_service', 'Đơn vị sự nghiệp công lập'), ('mass_organisation', 'Mặt trận, đoàn thể'), ('council', 'Hội đồng'), ('department', 'Sở, ban, ngành'), ('enterprise', 'Doanh nghiệp'), ('cooperative', 'Hợp tác xã'), ('other', 'Khác')], help_text='Loại đơn vị của cơ quan có Hội đồng; để trống: mọi cấp.', max_length=32, verbose_name='cấp của Hội đồng'),
        ),
        migrations.AddField(
            model_name='passrule',
            name='subject_type',
            field=models.CharField(blank=True, choices=[('collective', 'Tập thể'), ('individual', 'Cá nhân'), ('household', 'Hộ gia đình')], help_text='Để trống: mọi đối tượng.', max_length=16, verbose_name='đối tượng'),
        ),
        migrations.RunPython(carry, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='passrule',
            name='award_form',
        ),
    ]
