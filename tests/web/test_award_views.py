# ruff: noqa: F811  (pytest fixtures imported from other conftest modules)
"""Decision screens: the secretariat drafts, the chair issues (refusals shown in Vietnamese),
files are served after a permission check, certificates print and are revoked; a commune's
focal point gets 404 everywhere, with data present; the public verification page."""

import pytest
from django.urls import reverse

from tests.awards.conftest import DECIDED_ON, draft, funded, staged  # noqa: F401
from tests.conftest import login
from tests.nominations.conftest import _private_media, campaign, forms  # noqa: F401
from thidua.awards import services
from thidua.awards.enums import DecisionState
from thidua.awards.models import Certificate, Decision
from thidua.awards.printing import display_code


def url(name, *args):
    return reverse(f"web:{name}", args=args)


@pytest.fixture
def issued(draft, chair):  # noqa: F811
    return services.decision_issue(actor=chair, decision=draft)


def test_secretariat_drafts_from_the_staged_list(client, staged, secretariat, funded):  # noqa: F811
    login(client, secretariat)
    page = client.get(url("decision_list"))
    assert [c.pk for c in page.context["pending"]] == [staged.campaign.pk]
    assert page.context["pending"][0].staged_count == 5
    response = client.post(
        url("decision_create", staged.campaign.pk), {"decided_on": DECIDED_ON.isoformat()}
    )
    decision = Decision.objects.get()
    assert response.status_code == 302 and response["Location"] == url(
        "decision_detail", decision.pk
    )
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "Tổng tiền thưởng" in html and "3.780.000 đồng" in html
    assert "0,3 × 1.800.000 đ = 540.000 đ" in html


def test_bad_date_is_refused_in_vietnamese(client, staged, secretariat):  # noqa: F811
    login(client, secretariat)
    response = client.post(url("decision_create", staged.campaign.pk), {"decided_on": "31/02/x"})
    assert response.status_code == 200
    assert response.context["form"].errors == {"decided_on": ["Ngày không hợp lệ."]}
    assert not Decision.objects.exists()


def test_chair_issues_and_the_number_is_shown(client, draft, chair):  # noqa: F811
    login(client, chair)
    response = client.post(url("decision_issue", draft.pk), {"number": ""})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.state, draft.number) == (DecisionState.ISSUED, 1)
    page = client.get(response["Location"])
    assert "Đã ban hành Quyết định số 1/QĐ-UBND." in page.content.decode()
    pdf = client.get(url("decision_file", draft.pk, "pdf"))
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_issue_without_signer_shows_the_refusal(client, draft, chair, secretariat):  # noqa: F811
    services.decision_update(actor=secretariat, decision=draft, signer_name="")
    login(client, chair)
    response = client.post(url("decision_issue", draft.pk), {"number": ""})
    assert response.status_code == 200
    assert response.context["issue_form"].non_field_errors() == [
        "Chưa có người ký quyết định: nhập họ tên người ký trước khi ban hành."
    ]


def test_over_budget_needs_the_confirmation_box(client, draft, chair, secretariat, world):  # noqa: F811
    services.fund_set_budget(actor=secretariat, unit=world.district, year=2024, budget=1_000_000)
    login(client, chair)
    page = client.get(url("decision_detail", draft.pk))
    assert "vượt số còn lại của quỹ" in page.context["over_budget"]
    response = client.post(url("decision_issue", draft.pk), {"number": ""})
    assert response.status_code == 200
    assert Decision.objects.get(pk=draft.pk).state == DecisionState.DRAFT
    response = client.post(
        url("decision_issue", draft.pk),
        {"number": "", "confirm_over_budget": "on", "over_budget_reason": "Bổ sung dự toán."},
    )
    assert response.status_code == 302
    assert Decision.objects.get(pk=draft.pk).over_budget_confirmed is True


def test_used_number_is_refused(client, staged, secretariat, chair, funded):  # noqa: F811
    a = services.decision_create(
        actor=secretariat,
        campaign=staged.campaign,
        decided_on=DECIDED_ON,
        nominees=staged.individuals[:1],
    )
    b = services.decision_create(
        actor=secretariat,
        campaign=staged.campaign,
        decided_on=DECIDED_ON,
        nominees=staged.individuals[1:],
    )
    services.decision_issue(actor=chair, decision=a, number=7)
    login(client, chair)
    response = client.post(url("decision_issue", b.pk), {"number": "7"})
    assert response.context["issue_form"].non_field_errors() == [
        "Số 7/QĐ-UBND năm 2024 đã được dùng cho một quyết định khác."
    ]
    response = client.post(url("decision_issue", b.pk), {"number": "-3"})
    assert response.context["issue_form"].errors["number"] == [
        "Số quyết định phải là số nguyên dương."
    ]


def test_chair_cannot_edit_a_draft(client, draft, chair):  # noqa: F811
    login(client, chair)
    response = client.post(url("decision_edit", draft.pk), {"signer_name": "X"})
    assert response.status_code == 404


@pytest.fixture
def focal_c(world):
    """Focal point of a third commune, which nobody proposed."""
    from tests.factories import UserFactory, make_unit
    from thidua.org.enums import Role
    from thidua.org.services import role_grant

    unit = make_unit("Xã Vũ Nông", parent=world.district, code="X01744", gso_code="01744")
    user = UserFactory(username="daumoi.c")
    role_grant(actor=None, user=user, role=Role.FOCAL_POINT, unit=unit)
    return user


def test_focal_point_of_another_unit_gets_404_everywhere(client, issued, focal_c):
    cert = Certificate.objects.filter(award__decision=issued).first()
    login(client, focal_c)
    assert client.get(url("decision_list")).context["page"].object_list.count() == 0
    for path in [
        url("decision_detail", issued.pk),
        url("decision_file", issued.pk, "pdf"),
        url("decision_payments", issued.pk),
        url("certificate_file", issued.pk, cert.pk),
    ]:
        assert client.get(path).status_code == 404, path
    response = client.post(
        url("certificate_revoke", issued.pk, cert.pk), {"reason": "x", "reference": "y"}
    )
    assert response.status_code == 404
    assert client.post(url("decision_issue", issued.pk), {}).status_code == 404
    assert Certificate.objects.get(pk=cert.pk).is_valid


def test_awarded_unit_reads_the_decision_and_gets_only_its_certificates(
    client, issued, focal_a, world
):
    certs = list(Certificate.objects.select_related("award__unit").filter(award__decision=issued))
    mine = [c for c in certs if c.award.unit.path.startswith(world.commune_a.path)]
    others = [c for c in certs if c not in mine]
    assert mine and others
    login(client, focal_a)
    assert [d.pk for d in client.get(url("decision_list")).context["page"]] == [issued.pk]
    page = client.get(url("decision_detail", issued.pk))
    assert page.context["downloadable"] == {c.pk for c in mine}
    assert page.context["can_change"] is False and page.context["batches"] == []
    assert client.get(url("decision_file", issued.pk, "pdf")).status_code == 200
    assert client.get(url("certificate_file", issued.pk, mine[0].pk)).status_code == 200
    assert client.get(url("certificate_file", issued.pk, others[0].pk)).status_code == 404
    assert client.get(url("decision_payments", issued.pk)).status_code == 404
    response = client.post(
        url("certificate_revoke", issued.pk, mine[0].pk), {"reason": "x", "reference": "y"}
    )
    assert response.status_code == 404


def test_a_draft_stays_hidden_from_the_units(client, draft, focal_a):  # noqa: F811
    login(client, focal_a)
    assert client.get(url("decision_detail", draft.pk)).status_code == 404
    assert client.get(url("decision_list")).context["page"].object_list.count() == 0


def test_anonymous_is_sent_to_log_in(client, issued):
    response = client.get(url("decision_detail", issued.pk))
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


def test_print_batch_and_single_certificate_download(client, issued, secretariat):
    login(client, secretariat)
    response = client.post(url("certificate_print", issued.pk))
    assert response.status_code == 302
    batch = issued.batches.get()
    status = client.get(url("certificate_batch_status", issued.pk, batch.pk))
    assert "Đã xong 5/5" in status.content.decode()
    file = client.get(url("certificate_batch_file", issued.pk, batch.pk))
    assert b"".join(file.streaming_content).startswith(b"%PDF")
    cert = Certificate.objects.filter(award__decision=issued).first()
    one = client.get(url("certificate_file", issued.pk, cert.pk))
    assert one["Content-Disposition"] == (
        f'attachment; filename="giay-khen-{display_code(cert.code)}.pdf"'
    )


def test_revocation_form_refuses_empty_reason(client, issued, secretariat):
    cert = Certificate.objects.filter(award__decision=issued).first()
    login(client, secretariat)
    response = client.post(
        url("certificate_revoke", issued.pk, cert.pk),
        {"reason": "", "reference": "Quyết định số 9/QĐ-UBND"},
    )
    assert response.status_code == 200
    assert response.context["revoke_form"].errors == {"reason": ["Nhập lý do thu hồi."]}
    response = client.post(
        url("certificate_revoke", issued.pk, cert.pk),
        {"reason": "Sai thông tin.", "reference": "Quyết định số 9/QĐ-UBND"},
    )
    assert response.status_code == 302
    assert Certificate.objects.get(pk=cert.pk).state == "revoked"


def test_payment_list_download(client, issued, secretariat):
    login(client, secretariat)
    response = client.get(url("decision_payments", issued.pk))
    assert response["Content-Disposition"] == (
        'attachment; filename="danh-sach-chi-thuong-1-2024.xlsx"'
    )
    assert response.content[:2] == b"PK"


def test_fund_page_sets_a_budget_and_refuses_bad_input(client, secretariat, world, focal_a):
    login(client, secretariat)
    response = client.post(
        url("fund_list"), {"unit": world.district.pk, "year": "2024", "budget": "-5"}
    )
    assert response.context["form"].errors == {"budget": ["Dự toán quỹ không được âm."]}
    response = client.post(
        url("fund_list"), {"unit": world.district.pk, "year": "2024", "budget": "20000000"}
    )
    assert response.status_code == 302
    page = client.get(url("fund_list"))
    assert [(f.unit, f.budget) for f in page.context["funds"]] == [(world.district, 20_000_000)]
    login(client, focal_a)
    assert client.get(url("fund_list")).status_code == 404


def test_fund_page_reads_vietnamese_amounts_and_never_stores_another(client, secretariat, world):
    """Typing "20.000.000" once saved 20 đồng with "Đã lưu dự toán quỹ."."""
    login(client, secretariat)
    data = {"unit": world.district.pk, "year": "2024"}
    response = client.post(url("fund_list"), {**data, "budget": "20.000.000 đồng"})
    assert response.status_code == 302

    def funds():
        return [(f.unit, f.year, f.budget) for f in client.get(url("fund_list")).context["funds"]]

    assert funds() == [(world.district, 2024, 20_000_000)]

    response = client.post(url("fund_list"), {**data, "budget": "20.00"})
    assert response.status_code == 200
    (message,) = response.context["form"].errors["budget"]
    assert message.startswith("Số tiền «20.00» không đọc được.")
    assert "Đã lưu dự toán quỹ." not in response.content.decode()
    assert funds() == [(world.district, 2024, 20_000_000)]

    assert client.post(url("fund_list"), {**data, "budget": "25 000 000"}).status_code == 302
    assert funds() == [(world.district, 2024, 25_000_000)]


def test_print_layout_and_test_page(client, secretariat):
    login(client, secretariat)
    response = client.post(url("print_layout"), {"shift_x_mm": "1.5", "shift_y_mm": "-2"})
    assert response.status_code == 302
    response = client.post(url("print_layout"), {"shift_x_mm": "abc", "shift_y_mm": "99"})
    assert set(response.context["form"].errors) == {"shift_x_mm", "shift_y_mm"}
    pdf = client.get(url("print_test_page"))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize("count", [1, 3])
def test_decision_list_query_count_is_pinned(
    client,
    staged,
    secretariat,
    funded,
    django_assert_num_queries,
    count,  # noqa: F811
):
    for _ in range(count):
        services.decision_create(actor=secretariat, campaign=staged.campaign, decided_on=DECIDED_ON)
    login(client, secretariat)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(url("decision_list"))
    assert len(response.context["page"]) == count


@pytest.mark.parametrize("individuals", [1, 3])
def test_decision_detail_query_count_is_pinned(
    client,
    staged,
    secretariat,
    chair,
    funded,
    django_assert_num_queries,
    individuals,  # noqa: F811
):
    decision = services.decision_create(
        actor=secretariat,
        campaign=staged.campaign,
        decided_on=DECIDED_ON,
        nominees=staged.individuals[:individuals],
    )
    services.decision_issue(actor=chair, decision=decision)
    login(client, secretariat)
    with django_assert_num_queries(DETAIL_QUERIES):
        response = client.get(url("decision_detail", decision.pk))
    assert len(response.context["awards"]) == individuals


# Public verification -----------------------------------------------------------------------------


def test_public_page_shows_a_valid_certificate_without_login(client, issued):
    cert = Certificate.objects.select_related("award").filter(award__decision=issued).first()
    response = client.get(f"/xac-thuc/{display_code(cert.code)}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Giấy khen hợp lệ" in html and cert.award.name in html
    assert "Số 1/QĐ-UBND ngày 05 tháng 02 năm 2024" in html
    assert response["X-Robots-Tag"] == "noindex"


def test_public_page_says_revoked(client, issued, secretariat):
    cert = Certificate.objects.filter(award__decision=issued).first()
    services.certificate_revoke(
        actor=secretariat,
        certificate=cert,
        reason="Khai man.",
        reference="Quyết định số 40/QĐ-UBND",
    )
    html = client.get(f"/xac-thuc/{cert.code.lower()}").content.decode()
    assert "Giấy khen đã bị thu hồi" in html and "Quyết định số 40/QĐ-UBND" in html
    assert "Khai man." not in html


@pytest.mark.parametrize(
    "code", ["ABCD-EFGH-JKMN", "x", "%3Cscript%3E", "A" * 300, "K7QM-2XDP-9RT", "đồng"]
)
def test_unknown_or_malformed_codes_get_the_same_not_found_page(client, issued, code):
    cert = Certificate.objects.filter(award__decision=issued).first()
    response = client.get(f"/xac-thuc/{code}")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy giấy khen với mã này." in html
    assert cert.code not in html and cert.code[:4] not in html.replace("K7QM", "")


def test_near_miss_code_reveals_nothing(client, issued):
    cert = Certificate.objects.filter(award__decision=issued).first()
    near = cert.code[:-1] + ("0" if cert.code[-1] != "0" else "1")
    a = client.get(f"/xac-thuc/{near}")
    b = client.get("/xac-thuc/ZZZZZZZZZZZZ")
    assert (a.status_code, b.status_code) == (404, 404)
    assert a.content == b.content


def test_search_form_redirects_to_the_code(client, issued):
    cert = Certificate.objects.filter(award__decision=issued).first()
    response = client.get("/xac-thuc/", {"ma": f" {cert.code.lower()} "})
    assert response["Location"] == f"/xac-thuc/{display_code(cert.code)}"
    response = client.get("/xac-thuc/", {"ma": "???"})
    assert client.get(response["Location"]).status_code == 404


LIST_QUERIES = 6
DETAIL_QUERIES = 10  # with the personal signatures, the signer's credential, the exchange partners


def test_ids_that_cannot_exist_are_not_found(client, secretariat):
    login(client, secretariat)
    for path in [
        url("decision_detail", 10**30),
        url("decision_file", 10**25, "pdf"),
        url("certificate_file", 1, 10**40),
    ]:
        assert client.get(path).status_code == 404, path
