# ruff: noqa: F811  (pytest fixtures imported from other modules)
"""Proposal packages (a forwarded dossier exchanged between instances), refused at the door:
a changed tờ trình, data off the schema, an unknown sender, a trail whose hashes no longer
chain, a campaign the receiver does not have or one closed to proposals. Each is refused with
its reason in Vietnamese, kept in the quarantine list, and nothing is created from it."""

import dataclasses
import json

import pytest

from thidua.documents import edxml
from thidua.exchange import services
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
