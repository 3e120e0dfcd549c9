"""Configuration screens of the legal and council side (Cấu hình › Khen thưởng): a council
with its members and quorum, pass rules, rule sets and coefficients, base salaries typed the
Vietnamese way, "Căn cứ" templates; each refusal in Vietnamese with nothing stored, each change
audited; the secretariat reads the law's tables, an administrator changes them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.conftest import login
from thidua.awards.models import BaseSalary, Coefficient, LegalBasisTemplate, RuleSet
from thidua.core.models import AuditLog
from thidua.council.models import Council, CouncilMember, PassRule


def url(name, *args):
    return reverse(f"web:{name}", args=args)


@pytest.fixture
def council(client, world, secretariat):
    login(client, secretariat)
    response = client.post(
        url("config_councils"),
        {"issuer": world.district.pk, "name": "Hội đồng Thi đua – Khen thưởng huyện",
         "established_by": "Quyết định số 15/QĐ-UBND", "valid_from": "2027-01-01",
         "quorum": "2/3"},
    )  # fmt: skip
    council = Council.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("config_council", council.pk)
    return council


def test_secretariat_sets_up_a_council_and_its_members(client, council, chair, secretariat):
    assert (council.quorum_num, council.quorum_den) == (2, 3)
    response = client.post(
        url("config_member_add", council.pk),
        {"user": chair.pk, "full_name": "Đào Nguyên Phong", "title": "Chủ tịch UBND huyện",
         "role": "chair", "position": "1"},
    )  # fmt: skip
    assert response.status_code == 302
    member = CouncilMember.objects.get()
    assert (member.full_name, member.role, member.user) == ("Đào Nguyên Phong", "chair", chair)
    assert AuditLog.objects.filter(action="council.member.add", actor=secretariat).exists()

    # a second chair at the same time is refused with the reason, nothing stored
    response = client.post(
        url("config_member_add", council.pk),
        {"user": secretariat.pk, "full_name": "Hà Thị Thu", "role": "chair", "position": "2"},
    )  # fmt: skip
    assert response.status_code == 200
    assert response.context["member_form"].errors["role"] == [
        "Hội đồng đã có Chủ tịch (Đào Nguyên Phong) trong cùng thời gian; nhập ngày hết hiệu "
        "lực cho người đó trước."
    ]
    assert CouncilMember.objects.count() == 1

    page = client.get(url("config_council", council.pk))
    assert "Đào Nguyên Phong" in page.content.decode()


def test_a_council_without_a_quorum_is_refused_on_the_screen(client, world, secretariat):
    login(client, secretariat)
    response = client.post(
        url("config_councils"),
        {"issuer": world.district.pk, "name": "Hội đồng", "valid_from": "2027-01-01",
         "quorum": "0"},
    )  # fmt: skip
    assert response.status_code == 200
    assert (
        response.context["form"]
        .errors["quorum"][0]
        .startswith("Nhập tỷ lệ thành viên dự họp tối thiểu")
    )
    response = client.post(
        url("config_councils"),
        {"issuer": world.district.pk, "name": "Hội đồng", "valid_from": "2027-01-01",
         "quorum": "hai phần ba"},
    )  # fmt: skip
    assert response.context["form"].errors["quorum"] == [
        "Tỷ lệ «hai phần ba» không đọc được; nhập dạng 2/3, 1/2 hoặc 50% (từ 0 đến 1)."
    ]
    assert not Council.objects.exists()


def test_another_units_council_is_not_found(client, council, focal_a):
    login(client, focal_a)
    assert client.get(url("config_council", council.pk)).status_code == 404
    assert client.post(url("config_member_add", council.pk), {}).status_code == 404


def test_administrator_adds_a_pass_rule_the_secretariat_only_reads(client, admin_user, secretariat):
    login(client, secretariat)
    assert client.get(url("config_pass_rules")).status_code == 200
    assert client.post(url("config_pass_rules"), {}).status_code == 403

    login(client, admin_user)
    response = client.post(
        url("config_pass_rules"),
        {"form_kind": "GIAY_KHEN_CHU_TICH_XA", "subject_type": "", "level": "commune",
         "ballot_type": "secret", "denominator": "all_members", "threshold": "2/3",
         "quorum": "2/3", "tie_breakers": ["submitted_at"], "valid_from": "2025-07-01"},
    )  # fmt: skip
    assert response.status_code == 302
    rule = PassRule.objects.get()
    assert (rule.form_kind, rule.level, rule.threshold_num, rule.threshold_den) == (
        "GIAY_KHEN_CHU_TICH_XA",
        "commune",
        2,
        3,
    )
    assert AuditLog.objects.filter(action="council.pass_rule.set", actor=admin_user).exists()


def test_base_salary_typed_the_vietnamese_way_and_overlaps_refused(client, admin_user):
    login(client, admin_user)
    latest = BaseSalary.objects.order_by("-valid_from").first()
    response = client.post(
        url("config_base_salaries"),
        {"valid_from": "2028-07-01", "amount": "2.700.000", "decree": "99/2028/NĐ-CP"},
    )
    assert response.status_code == 302
    assert BaseSalary.objects.get(valid_from=dt.date(2028, 7, 1)).amount == 2_700_000

    # close the previous row on a date after the new one starts: refused, nothing changes
    before = BaseSalary.objects.count()
    response = client.post(
        url("config_base_salary", latest.pk),
        {"valid_from": latest.valid_from.isoformat(), "valid_to": "2028-12-31",
         "amount": f"{latest.amount}", "decree": latest.decree},
    )  # fmt: skip
    assert response.status_code == 200
    errors = response.context["form"].errors["valid_to"]
    assert errors == [
        "Trùng thời gian với mức lương cơ sở 2.700.000 đ (99/2028/NĐ-CP) áp dụng từ 01/07/2028. "
        "Sửa ngày hết áp dụng của mức đó trước (Cấu hình › Mức lương cơ sở)."
    ]
    latest.refresh_from_db()
    assert latest.valid_to is None and BaseSalary.objects.count() == before

    response = client.post(
        url("config_base_salaries"),
        {"valid_from": "2029-01-01", "amount": "20.00", "decree": "1/2029/NĐ-CP"},
    )
    assert response.context["form"].errors["amount"][0].startswith("Số tiền «20.00» không đọc")
    assert not BaseSalary.objects.filter(valid_from=dt.date(2029, 1, 1)).exists()


def test_rule_set_with_coefficients(client, admin_user, secretariat):
    login(client, admin_user)
    response = client.post(
        url("config_rule_sets"),
        {"code": "200/2030/NĐ-CP", "name": "Nghị định 200/2030/NĐ-CP", "valid_from": "2030-01-01",
         "rounding_mode": "up", "rounding_step": "10.000"},
    )  # fmt: skip
    assert response.status_code == 200  # overlaps 152/2025, which has no end date
    assert "Thời gian áp dụng trùng với Nghị định 152/2025/NĐ-CP" in str(
        response.context["form"].errors
    )
    assert not RuleSet.objects.filter(code="200/2030/NĐ-CP").exists()

    current = RuleSet.objects.get(code="152/2025/NĐ-CP")
    response = client.post(
        url("config_coefficient_add", current.pk),
        {"form_kind": "CSTD_TINH", "subject_type": "collective", "value": "0,45"},
    )
    assert response.status_code == 302
    row = Coefficient.objects.get(
        rule_set=current, form_kind="CSTD_TINH", subject_type="collective"
    )
    assert row.coefficient == Decimal("0.45")
    response = client.post(
        url("config_coefficient_add", current.pk),
        {"form_kind": "CSTD_TINH", "subject_type": "collective", "value": "1"},
    )
    assert response.status_code == 200  # one coefficient per form and subject
    assert Coefficient.objects.get(pk=row.pk).coefficient == Decimal("0.45")

    login(client, secretariat)
    assert client.get(url("config_rule_set", current.pk)).status_code == 200
    assert client.post(url("config_coefficient_add", current.pk), {}).status_code == 403


def test_basis_template_edited_on_the_screen(client, admin_user):
    login(client, admin_user)
    template = LegalBasisTemplate.objects.get(
        rule_set__code="152/2025/NĐ-CP", document="decision", issuer_level=""
    )
    response = client.post(
        url("config_basis", template.pk),
        {"rule_set": template.rule_set_id, "document": "decision", "issuer_level": "",
         "text": "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;\n\n"
                 "Căn cứ {ke_hoach};"},
    )  # fmt: skip
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.text.splitlines() == [
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
        "Căn cứ {ke_hoach};",
    ]
    log = AuditLog.objects.get(action="awards.legalbasistemplate.update")
    assert "2025" in log.after["text"]
