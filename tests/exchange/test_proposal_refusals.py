# ruff: noqa: F811  (pytest fixtures imported from other modules)
"""Proposal packages (a forwarded dossier exchanged between instances), refused at the door:
a changed tờ trình, data off the schema, an unknown sender, a trail whose hashes no longer
chain, a campaign the receiver does not have or one closed to proposals. Each is refused with
its reason in Vietnamese, kept in the quarantine list, and nothing is created from it."""

import dataclasses
import datetime as dt
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.conftest import login
from tests.nominations.conftest import make_province_campaign
from thidua.campaigns import services as cs
from thidua.campaigns.enums import PhaseKind
from thidua.documents import edxml
from thidua.exchange import services
from thidua.exchange.models import IncomingPackage
from thidua.nominations import selectors
from thidua.nominations import services as ns
from thidua.nominations.models import Document, Nominee, Proposal, TrailStep

pytestmark = pytest.mark.django_db

URL = "/api/v1/lien-thong/goi-tin"


@pytest.fixture
def sender(sent_up):
    """The district declared as a partner of this instance, with the token it sends with."""
    partner = services.partner_set(actor=None, organ_id=sent_up.unit.code, name=sent_up.unit.name)
    return partner, services.partner_issue_token(actor=None, partner=partner)


@pytest.fixture
def package(sent_up, world):
    return services.proposal_package(
        sent_up, edxml.Organisation(world.province.code, world.province.name)
    )


def _counts():
    return tuple(m.objects.count() for m in (Proposal, Nominee, Document, TrailStep))


def _post(client, data: bytes, token: str):
    return client.post(
        URL, data=data, content_type="application/xml", headers={"Authorization": f"Bearer {token}"}
    )


def _with_data(package, change):
    """The package with its proposal data changed by `change(data)`."""
    attachments = []
    for a in package.attachments:
        if a.content_type == services.PROPOSAL_DATA:
            data = json.loads(a.data)
            change(data)
            a = dataclasses.replace(a, data=json.dumps(data, ensure_ascii=False).encode())
        attachments.append(a)
    return dataclasses.replace(package, attachments=tuple(attachments))


def test_the_package_carries_the_signed_letter_decision_files_and_trail(package, sent_up):
    names = [a.name for a in package.attachments]
    assert names[0].startswith("to-trinh-") and names[1].startswith("quyet-dinh-")
    assert package.type_name == "Tờ trình" and package.sender.organ_id == sent_up.unit.code
    (data,) = [json.loads(a.data) for a in package.attachments if a.name == "ho-so-de-nghi.json"]
    assert [r["role"] for r in data["signed"]] == ["letter", "decision"]
    assert len(data["trail"]) == TrailStep.objects.filter(proposal=sent_up).count()
    assert {d["id"] for d in data["documents"]} == set(
        Document.objects.filter(proposal=sent_up).values_list("pk", flat=True)
    )
    parsed = edxml.parse(edxml.build(package))
    assert parsed.attachments == package.attachments


@pytest.fixture
def province_secretariat(sent_up):
    return get_user_model().objects.get(username="sonoivu")


@pytest.fixture
def other_campaign(world, province_secretariat):
    """A second province campaign the district has no dossier in: a package renamed to it is
    accepted here, in one database."""
    return make_province_campaign(
        world, province_secretariat, title="Phong trào thi đua xây dựng nông thôn mới năm 2023"
    )


def _to(campaign):
    def change(data):
        data["campaign"] = {"issuer": campaign.issuer.code, "year": campaign.year,
                            "title": campaign.title, "doc_number": ""}  # fmt: skip

    return change


def test_a_package_for_a_campaign_here_is_accepted_once_and_its_trail_checks(
    client, sender, package, sent_up, other_campaign, province_secretariat
):
    good = edxml.build(_with_data(package, _to(other_campaign)))
    response = _post(client, good, sender[1])
    assert response.status_code == 200, response.content
    row = IncomingPackage.objects.get()
    received = row.proposal
    assert (received.campaign, received.unit, received.state) == (
        other_campaign,
        sent_up.unit,
        "submitted",
    )
    assert received.forward_data["received"]["from"] == sent_up.unit.code
    assert sorted(received.documents.values_list("origin_id", "sha256")) == sorted(
        sent_up.documents.values_list("pk", "sha256")
    )
    assert received.nominees.count() == sent_up.nominees.count()
    assert [(s.seq, s.step_hash, s.origin) for s in received.trail.order_by("seq")] == [
        (s.seq, s.step_hash, sent_up.unit.code) for s in sent_up.trail.order_by("seq")
    ]
    assert selectors.trail_of(received).check.problems == []
    # The receiver goes on: its own step chains on the received ones and the trail still checks.
    ns.proposal_accept(actor=province_secretariat, proposal=received)
    last = received.trail.order_by("seq").last()
    assert (last.action, last.origin) == ("accept", "")
    assert selectors.trail_of(received).check.problems == []
    # The tờ trình is in the province's inbox; the exchange screen links the dossier.
    assert row.distribution.external_sender == sender[0].name
    login(client, province_secretariat)
    page = client.get("/lien-thong/").content.decode()
    assert f'href="/de-nghi/{received.pk}/">Hồ sơ đề nghị đã nhận' in page
    # and the province's inbox of dossiers sent up lists it with its lower campaign
    inbox = client.get("/ho-so-cap-duoi/").content.decode()
    assert f'data-proposal="{received.pk}"' in inbox
    assert sent_up.forward_data["source_campaign_title"] in inbox
    client.logout()

    before = _counts()
    again = _post(client, good, sender[1])
    assert again.status_code == 422 and again.json()["refusal"] == "duplicate"
    assert "đã được nhận lúc" in again.json()["detail"]
    assert _counts() == before


def _refused(client, sender, package, kind: str, before) -> str:
    response = _post(client, edxml.build(package), sender[1])
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["refusal"] == kind, body
    row = IncomingPackage.objects.filter(state="quarantined").latest("id")
    assert (row.refusal, row.proposal, row.distribution) == (kind, None, None)
    assert _counts() == before
    return body["detail"]


def test_a_changed_letter_is_refused_for_its_signature(client, sender, package):
    before = _counts()
    letter = package.attachments[0]
    data = bytearray(letter.data)
    at = data.index(b"/MediaBox") + 12
    data[at] = ord("7") if data[at] != ord("7") else ord("6")
    bad = dataclasses.replace(
        package, attachments=(dataclasses.replace(letter, data=bytes(data)),)
        + package.attachments[1:],
    )  # fmt: skip
    detail = _refused(client, sender, bad, "signature", before)
    assert "tệp đã bị thay đổi sau khi ký" in detail and letter.name in detail


def test_proposal_data_off_the_schema_is_refused(client, sender, package):
    before = _counts()
    detail = _refused(
        client, sender, _with_data(package, lambda d: d.pop("trail")), "schema", before
    )
    assert "Dữ liệu hồ sơ đề nghị trong gói tin không đúng cấu trúc: thiếu mục «trail»" in detail
    broken = tuple(
        dataclasses.replace(a, data=b"{khong-phai-json")
        if a.content_type == services.PROPOSAL_DATA else a
        for a in package.attachments
    )  # fmt: skip
    _refused(client, sender, dataclasses.replace(package, attachments=broken), "schema", before)
    detail = _refused(
        client, sender, _with_data(package, lambda d: d["nominees"][0].pop("unit")), "schema",
        before,
    )  # fmt: skip
    assert "không đúng cấu trúc" in detail


def test_a_sender_not_declared_is_refused(client, package, sent_up, secretariat):
    before = _counts()
    login(client, secretariat)
    page = client.post(
        "/lien-thong/nhap/",
        {"package": SimpleUploadedFile("goi.xml", edxml.build(package))}, follow=True,
    ).content.decode()  # fmt: skip
    assert "Cơ quan gửi chưa được khai báo liên thông" in page
    assert f"mã {sent_up.unit.code}" in page
    assert IncomingPackage.objects.get().refusal == "unknown_sender"
    assert _counts() == before


def test_a_trail_changed_after_its_step_is_refused(client, sender, package, sent_up):
    before = _counts()

    def rename(data):
        data["trail"][0]["fields"]["payload"]["nominees"][0]["name"] = "Người khác"

    detail = _refused(client, sender, _with_data(package, rename), "trail", before)
    assert "Nhật ký chuyển hồ sơ không còn nguyên vẹn: Hồ sơ đã bị thay đổi sau bước 1" in detail
    assert "nội dung ghi nhận của bước này đã bị sửa" in detail

    # a dossier file changed on the way: its hash no longer matches the step that recorded it
    doc = Document.objects.filter(proposal=sent_up).first()
    swapped = tuple(
        dataclasses.replace(a, data=a.data + b"\n% sua")
        if a.name == services._document_attachment_name({"id": doc.pk, "name": doc.name})
        else a
        for a in package.attachments
    )  # fmt: skip
    detail = _refused(
        client, sender, dataclasses.replace(package, attachments=swapped), "trail", before
    )
    assert f"nội dung tài liệu «{doc.name}» khác với khi ghi nhận" in detail


def test_an_unknown_or_closed_campaign_is_refused(
    client, sender, package, sent_up, province_secretariat
):
    before = _counts()

    def elsewhere(data):
        data["campaign"]["doc_number"] = "99"

    detail = _refused(client, sender, _with_data(package, elsewhere), "campaign", before)
    assert "Không có phong trào" in detail and "số 99/" in detail
    cs.phase_set(
        actor=province_secretariat, campaign=sent_up.campaign, kind=PhaseKind.NOMINATION,
        starts_at=timezone.now() - dt.timedelta(days=9),
        ends_at=timezone.now() - dt.timedelta(days=1),
    )  # fmt: skip
    detail = _refused(client, sender, package, "campaign", before)
    assert "không nhận hồ sơ đề nghị: Đã hết thời gian đề nghị khen thưởng" in detail


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(nominees="không phải danh sách"),
        lambda d: d["nominees"][0].update(unit="X01732"),
        lambda d: d["documents"][0].update(id=[1, 2]),
        lambda d: d["trail"][0].update(fields=None),
        lambda d: d["trail"][0]["fields"].update(at="hôm qua"),
        lambda d: d["proposal"].update(id="một"),
        lambda d: d.update(signed=[{"attachment": "khong-co.pdf", "role": "letter"}]),
        lambda d: d.update(campaign=None),
    ],
)
def test_malformed_proposal_data_is_refused_never_a_500(client, sender, package, change):
    before = _counts()
    response = _post(client, edxml.build(_with_data(package, change)), sender[1])
    assert response.status_code == 422, response.content
    assert response.json()["refusal"] in {"schema", "trail"}
    assert _counts() == before
