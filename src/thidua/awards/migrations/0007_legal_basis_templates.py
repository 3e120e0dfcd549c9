"""Base salaries may end on a date; decisions record an over-budget reason and a confirmed
unusual date; the "Căn cứ" lines of plans and decisions become data per rule set and level
(the local-government law of 2025 replaces the 2015/2019 one); AwardFormRule goes (the kind is
a field of the award form, campaigns 0002)."""

LG_2015 = (
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung "
    "một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng "
    "11 năm 2019;"
)
LG_2025 = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;"
TDKT_2003 = (
    "Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi, bổ sung một số "
    "điều của Luật Thi đua, khen thưởng ngày 14 tháng 6 năm 2005 và ngày 16 tháng 11 năm 2013;"
)
TDKT_2022 = "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"
DECREE = (
    "Căn cứ {nghi_dinh} của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, "
    "khen thưởng;"
)
PLAN = "Căn cứ {ke_hoach};"
PLAN_BASIS = (
    "Theo {nghi_dinh} của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, "
    "khen thưởng."
)
DECISION_BASES = {
    "91/2017/NĐ-CP": [LG_2015, TDKT_2003, DECREE, PLAN],
    "98/2023/NĐ-CP": [LG_2015, TDKT_2022, DECREE, PLAN],
    "152/2025/NĐ-CP": [LG_2025, TDKT_2022, DECREE, PLAN],
}


def seed(apps, schema_editor):
    RuleSet = apps.get_model("awards", "RuleSet")
    Template = apps.get_model("awards", "LegalBasisTemplate")
    for rule_set in RuleSet.objects.all():
        lines = DECISION_BASES.get(rule_set.code, [TDKT_2022, DECREE, PLAN])
        Template.objects.create(rule_set=rule_set, document="decision", text="\n".join(lines))
        Template.objects.create(rule_set=rule_set, document="plan", text=PLAN_BASIS)


import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('awards', '0006_personal_signatures'),
        ('campaigns', '0005_awardform_legal_kind'),
    ]

    operations = [
        migrations.CreateModel(
            name='LegalBasisTemplate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('issuer_level', models.CharField(blank=True, choices=[('province', 'Tỉnh, thành phố trực thuộc trung ương'), ('district', 'Huyện, quận, thị xã, thành phố thuộc tỉnh'), ('commune', 'Xã'), ('ward', 'Phường'), ('township', 'Thị trấn'), ('peoples_committee', 'Ủy ban nhân dân'), ('agency', 'Cơ quan chuyên môn'), ('public_service', 'Đơn vị sự nghiệp công lập'), ('mass_organisation', 'Mặt trận, đoàn thể'), ('council', 'Hội đồng'), ('department', 'Sở, ban, ngành'), ('enterprise', 'Doanh nghiệp'), ('cooperative', 'Hợp tác xã'), ('other', 'Khác')], help_text='Để trống: dùng cho mọi cấp chưa có mẫu riêng.', max_length=32, verbose_name='cấp của cơ quan ban hành')),
                ('document', models.CharField(choices=[('plan', 'Kế hoạch phát động thi đua'), ('decision', 'Quyết định khen thưởng')], max_length=16, verbose_name='loại văn bản')),
                ('text', models.TextField(help_text='Mỗi dòng một căn cứ. {nghi_dinh}: tên nghị định; {ke_hoach}: kế hoạch của phong trào.', verbose_name='căn cứ')),
            ],
            options={
                'verbose_name': 'mẫu căn cứ pháp lý',
                'verbose_name_plural': 'mẫu căn cứ pháp lý',
                'ordering': ['rule_set__valid_from', 'document', 'issuer_level'],
            },
        ),
        migrations.RemoveField(
            model_name='awardformrule',
            name='award_form',
        ),
        migrations.AddField(
            model_name='basesalary',
            name='valid_to',
            field=models.DateField(blank=True, null=True, verbose_name='áp dụng đến hết ngày'),
        ),
        migrations.AddField(
            model_name='decision',
            name='date_confirmed',
            field=models.BooleanField(default=False, verbose_name='đã xác nhận ngày quyết định bất thường'),
        ),
        migrations.AddField(
            model_name='decision',
            name='over_budget_reason',
            field=models.TextField(blank=True, verbose_name='lý do chi vượt dự toán quỹ'),
        ),
        migrations.AddConstraint(
            model_name='basesalary',
            constraint=models.CheckConstraint(condition=models.Q(('valid_to__isnull', True), ('valid_to__gte', models.F('valid_from')), _connector='OR'), name='base_salary_valid_range'),
        ),
        migrations.AddField(
            model_name='legalbasistemplate',
            name='rule_set',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='legal_bases', to='awards.ruleset', verbose_name='văn bản quy định mức thưởng'),
        ),
        migrations.DeleteModel(
            name='AwardFormRule',
        ),
        migrations.AddConstraint(
            model_name='legalbasistemplate',
            constraint=models.UniqueConstraint(fields=('rule_set', 'issuer_level', 'document'), name='one_basis_template'),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
