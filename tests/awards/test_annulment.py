# ruff: noqa: F811  (pytest fixtures imported from other conftest modules)
"""Annulment (hủy bỏ khen thưởng) and re-issue (cấp lại, cấp đổi): the annulling decision
revokes the certificate, marks the history and makes the money a sum to recover, brought back
by fund ledger credits; a re-issued certificate takes a new golden-book number and code linked
to the old one, which then answers "đã được cấp lại" publicly and in the revocation list."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.awards.conftest import DECIDED_ON, draft, funded, staged  # noqa: F401
from tests.conftest import login
from tests.nominations.conftest import _private_media, campaign, forms  # noqa: F401
from tests.portal.test_offline_verification import _check_with_published_keys
from thidua.awards import selectors, services
from thidua.awards.enums import CertificateState, ReissueKind
from thidua.awards.models import Annulment, Certificate, Fund, FundEntry
from thidua.awards.printing import display_code
from thidua.core.models import AuditLog
from thidua.records.models import AwardRecord
from thidua.records.selectors import held_by

TODAY = timezone.localdate


@pytest.fixture
def issued(draft, chair):
    return services.decision_issue(actor=chair, decision=draft)


def _individual(decision):
    return (
        decision.awards.filter(subject_type="individual")
        .select_related("certificate", "person")
        .order_by("pk")
        .first()
    )


def _annul(secretariat, award, **extra):
    values = {
        "number": "15/QĐ-UBND",
        "decided_on": dt.date(2024, 6, 3),
        "signer_name": "Nguyễn Văn Chủ",
        "signer_title": "CHỦ TỊCH",
        "reason": "Kê khai không trung thực thành tích trong hồ sơ đề nghị.",
    }
    return services.award_annul(actor=secretariat, award=award, **(values | extra))


# Annulment -------------------------------------------------------------------------------------


def test_annulment_revokes_the_certificate_marks_history_and_owes_the_money(issued, secretariat):
    award = _individual(issued)
    assert award.amount > 0
    assert held_by(person_ids=[award.person_id])[("person", award.person_id)]
    annulment = _annul(secretariat, award)

    assert (annulment.to_recover, annulment.recovered, annulment.outstanding) == (
        award.amount, 0, award.amount,
    )  # fmt: skip
    assert annulment.reference == "Quyết định số 15/QĐ-UBND ngày 03/06/2024"
    cert = Certificate.objects.get(award=award)
    assert cert.state == CertificateState.REVOKED
    assert cert.revoke_reference == "Quyết định số 15/QĐ-UBND ngày 03/06/2024"
    record = AwardRecord.objects.get(award=award)
    assert (record.annulled_on, record.annulment_reference) == (
        dt.date(2024, 6, 3), "Quyết định số 15/QĐ-UBND ngày 03/06/2024",
    )  # fmt: skip
    assert record.revoked
    # the annulled award no longer counts towards criteria or the "already awarded" check
    assert held_by(person_ids=[award.person_id]).get(("person", award.person_id), []) == []
    actions = set(AuditLog.objects.values_list("action", flat=True))
    assert {"awards.award.annul", "awards.certificate.revoke", "records.award_record.annul"} <= (
        actions
    )


def test_annulment_refusals_are_in_vietnamese(issued, secretariat, draft):
    award = _individual(issued)
    with pytest.raises(ValidationError) as exc:
        _annul(secretariat, award, number=" ", reason="", decided_on=dt.date(2024, 1, 1))
    assert exc.value.message_dict == {
        "number": ["Nhập số quyết định hủy bỏ, ví dụ 15/QĐ-UBND."],
        "reason": ["Nhập lý do hủy bỏ khen thưởng."],
        "decided_on": [
            "Ngày quyết định hủy bỏ không thể trước ngày quyết định khen thưởng (05/02/2024)."
        ],
    }
    with pytest.raises(ValidationError) as exc:
        _annul(secretariat, award, to_recover=award.amount + 1)
    assert "không thể lớn hơn tiền thưởng đã chi" in exc.value.message_dict["to_recover"][0]
    with pytest.raises(ValidationError, match="không thể sau hôm nay"):
        _annul(secretariat, award, decided_on=TODAY() + dt.timedelta(days=1))
    assert not Annulment.objects.exists()
    assert Certificate.objects.get(award=award).state == CertificateState.VALID
    _annul(secretariat, award)
    with pytest.raises(ValidationError, match="đã bị hủy bỏ"):
        _annul(secretariat, award)


def test_money_recovered_comes_back_to_the_fund_it_was_paid_from(issued, secretariat):
    award = _individual(issued)
    fund = Fund.objects.get(unit=issued.fund_unit, year=issued.year)
    spent = fund.spent
    annulment = _annul(secretariat, award)
    part = award.amount // 2
    entry = services.annulment_record_recovery(
        actor=secretariat, annulment=annulment, amount=part, note="Phiếu thu số 12"
    )
    assert entry.amount == -part and entry.fund_id == fund.pk
    assert "Phiếu thu số 12" in entry.note and "15/QĐ-UBND" in entry.note
    fund.refresh_from_db()
    annulment.refresh_from_db()
    assert fund.spent == spent - part
    assert (annulment.recovered, annulment.outstanding) == (part, award.amount - part)
    with pytest.raises(ValidationError) as exc:
        services.annulment_record_recovery(
            actor=secretariat, annulment=annulment, amount=award.amount
        )
    assert "lớn hơn số còn phải thu" in exc.value.message_dict["amount"][0]
    with pytest.raises(ValidationError):
        services.annulment_record_recovery(actor=secretariat, annulment=annulment, amount=0)
    services.annulment_record_recovery(
        actor=secretariat, annulment=annulment, amount=award.amount - part
    )
    annulment.refresh_from_db()
    fund.refresh_from_db()
    assert annulment.outstanding == 0 and fund.spent == spent - award.amount
    assert sum(FundEntry.objects.filter(fund=fund).values_list("amount", flat=True)) == fund.spent


def test_public_page_says_annulled_with_the_date_and_decision(issued, secretariat):
    award = _individual(issued)
    code = award.certificate.code
    _annul(secretariat, award)
    html = Client().get(f"/xac-thuc/{display_code(code)}").content.decode()
    assert "Giấy khen đã bị thu hồi" in html
    assert "Đã thu hồi ngày 03/06/2024, theo Quyết định số 15/QĐ-UBND" in html
    assert "chủ tịch Nguyễn Văn Chủ" in html


# Re-issue --------------------------------------------------------------------------------------


def test_reissue_gives_a_new_number_and_code_linked_to_the_old_one(issued, secretariat):
    award = _individual(issued)
    cert = award.certificate
    old_code, old_number = cert.code, cert.register_number
    reissue = services.certificate_reissue(
        actor=secretariat, certificate=cert, kind=ReissueKind.LOST,
        reason="Bị mất do lũ cuốn trôi.", reference="Công văn số 7/UBND ngày 02/01/2025",
        decided_on=TODAY(),
    )  # fmt: skip
    cert.refresh_from_db()
    assert (reissue.old_code, reissue.old_register_number, reissue.old_year) == (
        old_code, old_number, 2024,
    )  # fmt: skip
    assert cert.code == reissue.new_code != old_code
    # the first golden-book number of this year's register (the issue took 2024's numbers)
    assert (cert.year, cert.register_number) == (TODAY().year, 1)
    assert cert.is_valid and not cert.pdf
    assert selectors.certificate_public(old_code) is None
    assert selectors.reissue_public(display_code(old_code)).certificate == cert

    client = Client()
    old = client.get(f"/xac-thuc/{display_code(old_code)}").content.decode()
    assert "Giấy khen đã được cấp lại" in old
    day = TODAY().strftime("%d/%m/%Y")
    assert f"ngày {day}, theo Công văn số 7/UBND ngày 02/01/2025" in old
    assert display_code(cert.code) in old
    new = client.get(f"/xac-thuc/{display_code(cert.code)}").content.decode()
    assert "Giấy khen hợp lệ" in new and f"<dd>{cert.register_number}</dd>" in new

    jwks = client.get("/xac-thuc/khoa-cong-khai.json").json()
    lists = [
        _check_with_published_keys(t, jwks)
        for t in client.get("/xac-thuc/thu-hoi.json").json()["lists"]
    ]
    listed = {r["c"]: r for entry in lists for r in entry["revoked"]}
    assert listed[old_code] == {
        "c": old_code, "at": TODAY().isoformat(), "ref": "Công văn số 7/UBND ngày 02/01/2025",
        "s": "reissued", "new": cert.code,
    }  # fmt: skip
    assert cert.code not in listed


def test_reissue_twice_chains_and_a_revoked_certificate_is_not_reissued(issued, secretariat):
    award = _individual(issued)
    cert = award.certificate
    first = services.certificate_reissue(
        actor=secretariat, certificate=cert, kind=ReissueKind.DAMAGED, reason="Rách.",
        reference="Đơn ngày 01/02/2025", decided_on=TODAY(),
    )  # fmt: skip
    second = services.certificate_reissue(
        actor=secretariat, certificate=cert, kind=ReissueKind.LOST, reason="Mất.",
        reference="Đơn ngày 01/03/2025", decided_on=TODAY(),
    )  # fmt: skip
    assert first.verb == "cấp đổi" and second.verb == "cấp lại"
    assert second.old_code == first.new_code
    assert (first.new_register_number, second.new_register_number) == (1, 2)
    assert list(selectors.reissues_of([cert])[cert.pk]) == [first, second]
    _annul(secretariat, Certificate.objects.get(pk=cert.pk).award)
    with pytest.raises(ValidationError, match="đã bị thu hồi"):
        services.certificate_reissue(
            actor=secretariat, certificate=cert, kind=ReissueKind.LOST, reason="Mất.",
            reference="Đơn", decided_on=TODAY(),
        )  # fmt: skip
    # the first copy's code: superseded, and its replacement now revoked too
    html = Client().get(f"/xac-thuc/{first.old_code}").content.decode()
    assert "Giấy khen đã được cấp lại" in html and "nay cũng đã bị thu hồi" in html


def test_reissue_refusals(issued, secretariat):
    cert = _individual(issued).certificate
    with pytest.raises(ValidationError) as exc:
        services.certificate_reissue(
            actor=secretariat, certificate=cert, kind="khac", reason=" ", reference="",
            decided_on=dt.date(2023, 1, 1),
        )  # fmt: skip
    assert set(exc.value.message_dict) == {"kind", "reason", "reference", "decided_on"}
    cert.refresh_from_db()
    assert not cert.reissues.exists()


# Screens ---------------------------------------------------------------------------------------


def test_secretariat_annuls_and_records_recovery_on_screens(client, issued, secretariat):
    award = _individual(issued)
    login(client, secretariat)
    page = client.get(reverse("web:decision_detail", args=[issued.pk])).content.decode()
    annul_url = reverse("web:award_annul", args=[issued.pk, award.pk])
    assert annul_url in page
    form = client.get(annul_url)
    assert form.context["form"]["to_recover"].value() == f"{award.amount:,}".replace(",", ".")
    bad = client.post(annul_url, {"number": "", "decided_on": "03/06/2024x"})
    assert bad.status_code == 200 and not Annulment.objects.exists()
    assert "Nhập số quyết định hủy bỏ, ví dụ 15/QĐ-UBND." in bad.content.decode()
    response = client.post(annul_url, {
        "number": "15/QĐ-UBND", "decided_on": "2024-06-03", "signer_title": "CHỦ TỊCH",
        "signer_name": "Nguyễn Văn Chủ", "reason": "Hồ sơ giả mạo.", "to_recover": "500.000",
    })  # fmt: skip
    assert response.status_code == 302, response.context["form"].errors
    annulment = Annulment.objects.get()
    assert response["Location"] == reverse("web:annulment_detail", args=[annulment.pk])
    assert annulment.to_recover == 500_000
    detail = client.post(response["Location"], {"amount": "400.000", "note": "Phiếu thu 3"})
    assert detail.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "400.000 đồng" in html and "100.000 đồng" in html
    listing = client.get(reverse("web:annulment_list")).content.decode()
    assert award.name in listing and "100.000 đồng" in listing


def test_commune_focal_point_cannot_annul_or_reissue(client, issued, secretariat, focal_a):
    award = _individual(issued)
    annulment = _annul(secretariat, award)
    other = issued.awards.exclude(pk=award.pk).select_related("certificate").first()
    login(client, focal_a)
    urls = [
        reverse("web:award_annul", args=[issued.pk, other.pk]),
        reverse("web:certificate_reissue", args=[issued.pk, other.certificate.pk]),
        reverse("web:annulment_detail", args=[annulment.pk]),
        reverse("web:annulment_list"),
    ]
    assert [client.get(u).status_code for u in urls] == [404] * 4
    assert client.post(urls[0], {"number": "1/QĐ", "reason": "x"}).status_code == 404
    assert Annulment.objects.count() == 1


@pytest.mark.parametrize("count", [1, 3])
def test_annulment_list_query_count_is_pinned(
    client, issued, secretariat, django_assert_num_queries, count
):
    for award in issued.awards.order_by("pk")[:count]:
        _annul(secretariat, award)
    login(client, secretariat)
    with django_assert_num_queries(5):
        response = client.get(reverse("web:annulment_list"))
    assert len(response.context["page"]) == count
