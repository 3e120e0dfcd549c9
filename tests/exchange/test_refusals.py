# ruff: noqa: F811  (pytest fixtures imported from other modules)
"""Receiving edXML packages: a good one lands in the named unit's inbox; a package with a bad
signature, a wrong schema, an unknown sender or a document number already received is refused
with its reason (422), kept in the quarantine list the secretariat reads, and nothing is
created from it."""

import dataclasses

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import login
from thidua.distribution.models import Delivery, Distribution
from thidua.documents import edxml
from thidua.exchange import services
from thidua.exchange.models import IncomingPackage

pytestmark = pytest.mark.django_db

URL = "/api/v1/lien-thong/goi-tin"


@pytest.fixture
def sender(signed):
    """The decision's issuer declared as a partner, with the token it sends with."""
    partner = services.partner_set(actor=None, organ_id=signed.issuer.code, name="Huyện gửi")
    return partner, services.partner_issue_token(actor=None, partner=partner)


@pytest.fixture
def package(signed, world, sender):
    """The signed decision as a package addressed to commune A."""
    to = services.Partner(organ_id=world.commune_a.code, name=world.commune_a.name)
    return services.decision_package(signed, to)


@pytest.fixture
def before(package):
    """What the distribution tables hold before any package arrives."""
    return Distribution.objects.count(), Delivery.objects.count()


def _post(client, data: bytes, token: str):
    return client.post(
        URL, data=data, content_type="application/xml", headers={"Authorization": f"Bearer {token}"}
    )


def _nothing_created(before):
    assert (Distribution.objects.count(), Delivery.objects.count()) == before


def test_a_good_package_lands_in_the_named_units_inbox(client, sender, package, focal_a):
    response = _post(client, edxml.build(package), sender[1])
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "accepted"
    row = IncomingPackage.objects.get()
    assert row.distribution.external_sender == "Huyện gửi"
    assert row.distribution.kind == "decision"
    (delivery,) = Delivery.objects.filter(distribution=row.distribution)
    assert delivery.unit.code == package.recipients[0].organ_id
    login(client, focal_a)
    inbox = client.get("/van-ban-den/").content.decode()
    assert "Huyện gửi" in inbox and package.subject in inbox


def test_a_changed_pdf_is_refused_for_its_signature(client, sender, package, before):
    (pdf,) = package.attachments
    data = bytearray(pdf.data)
    at = data.index(b"/MediaBox") + 12
    data[at] = ord("7") if data[at] != ord("7") else ord("6")
    bad = dataclasses.replace(package, attachments=(dataclasses.replace(pdf, data=bytes(data)),))
    response = _post(client, edxml.build(bad), sender[1])
    assert response.status_code == 422
    assert response.json()["refusal"] == "signature"
    assert "tệp đã bị thay đổi sau khi ký" in response.json()["detail"]
    assert IncomingPackage.objects.get().state == "quarantined"
    _nothing_created(before)


def test_a_package_off_the_schema_is_refused(client, sender, package, before):
    data = (
        edxml.build(package)
        .replace(b"<edXML:Subject>", b"<edXML:Title>")
        .replace(b"</edXML:Subject>", b"</edXML:Title>")
    )
    response = _post(client, data, sender[1])
    assert response.status_code == 422
    body = response.json()
    assert body["refusal"] == "schema" and "không đúng cấu trúc edXML" in body["detail"]
    response = _post(client, b"<khong-phai-edxml/>", sender[1])
    assert response.json()["refusal"] == "schema"
    assert IncomingPackage.objects.filter(state="quarantined").count() == 2
    _nothing_created(before)


def test_a_document_number_received_before_is_refused(client, sender, package, before):
    data = edxml.build(package)
    assert _post(client, data, sender[1]).status_code == 200
    again = _post(client, data, sender[1])
    assert again.status_code == 422 and again.json()["refusal"] == "duplicate"
    assert Distribution.objects.count() == before[0] + 1


def test_a_sender_with_no_partner_row_or_another_partners_token_is_refused(
    client, sender, package, secretariat, before
):
    stranger = dataclasses.replace(package, sender=edxml.Organisation("999.99.99.Z99", "Lạ"))
    other = services.partner_set(actor=None, organ_id="000.00.00.H77", name="Tỉnh khác")
    other_token = services.partner_issue_token(actor=None, partner=other)
    # a partner's token, but the package claims to come from someone else
    response = _post(client, edxml.build(package), other_token)
    assert response.json()["refusal"] == "unknown_sender"
    assert "được gửi bằng mã truy cập của Tỉnh khác" in response.json()["detail"]
    # imported by hand in the back office: the sender is not a declared partner
    login(client, secretariat)
    page = client.post(
        "/lien-thong/nhap/",
        {"package": SimpleUploadedFile("goi-tin.xml", edxml.build(stranger))}, follow=True,
    ).content.decode()  # fmt: skip
    assert "Gói tin bị từ chối (Cơ quan gửi chưa được khai báo liên thông)" in page
    assert "mã 999.99.99.Z99" in page and 'class="quarantined"' in page
    assert IncomingPackage.objects.filter(state="quarantined").count() == 2
    _nothing_created(before)


def test_no_token_or_a_wrong_one_stores_nothing(client, package):
    assert client.post(URL, data=b"x", content_type="application/xml").status_code == 401
    assert _post(client, edxml.build(package), "sai").status_code == 401
    assert not IncomingPackage.objects.exists()


def test_an_unsigned_decision_is_not_sent(decided, secretariat, trust):
    from django.core.exceptions import ValidationError

    partner = services.partner_set(
        actor=None, organ_id="000.00.00.H77", name="Tỉnh khác", send_url="http://127.0.0.1:9/"
    )
    with pytest.raises(ValidationError, match="chưa có chữ ký số hợp lệ"):
        services.decision_send(actor=secretariat, decision=decided, partner=partner)


def test_the_quarantine_list_is_the_secretariats(
    client, sender, package, secretariat, focal_a, django_assert_num_queries
):
    for i in range(3):
        _post(client, f"<rac-{i}/>".encode(), sender[1])
    login(client, focal_a)
    assert client.get("/lien-thong/").status_code == 403
    login(client, secretariat)
    with django_assert_num_queries(7):
        page = client.get("/lien-thong/").content.decode()
    assert page.count('class="quarantined"') == 3
    assert "Sai cấu trúc edXML" in page


def test_a_partner_that_does_not_answer_is_retried_then_left_failed(signed, secretariat):
    partner = services.partner_set(
        actor=None, organ_id="000.00.00.H77", name="Tỉnh khác",
        send_url="http://127.0.0.1:9/api/v1/lien-thong/goi-tin", send_token="t",
    )  # fmt: skip
    out = services.decision_send(actor=secretariat, decision=signed, partner=partner)
    out.refresh_from_db()  # the queue ran the first try at once
    assert (out.state, out.attempts) == ("queued", 1)
    assert "Không kết nối được bên nhận" in out.error
    for _ in range(2):  # the retries the queue schedules
        services.package_deliver(out.pk)
    out.refresh_from_db()
    assert (out.state, out.attempts) == ("failed", 3)
    # failed: the secretariat may send it again, which builds and queues it anew
    again = services.decision_send(actor=secretariat, decision=signed, partner=partner)
    again.refresh_from_db()
    assert again.pk == out.pk and (again.state, again.attempts) == ("queued", 1)
