# ruff: noqa: F811  (pytest fixtures imported from other modules)
"""The exchange round trip between two instances of the app: this test process (instance A,
the test database) sends a signed decision as an edXML package, through the task queue and
HTTP, to a second instance B the test starts (gunicorn on another port, its own SQLite
database and media folder, trusting the same test CA). B accepts it into its unit's inbox; the
PDF B stored still carries a valid B-LT signature chained to the test CA.

The same for a proposal the district sends up to the province: B (the province's instance)
creates the dossier in its campaign with the nominees, the files and the trail, and the trail
checks at B as it did at A; the tờ trình and the district's decision still carry valid
signatures."""

import io
import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.dss import DocumentSecurityStore

from tests.exchange.conftest import SIGNER
from thidua.documents import edxml
from thidua.documents.personal_signing import load_certificate
from thidua.exchange import services
from thidua.exchange.enums import OutgoingState
from thidua.exchange.models import OutgoingPackage
from thidua.nominations.trail import sha256 as trail_sha256

pytestmark = pytest.mark.django_db

B_UNIT = "000.00.00.H99"
THIDUA = str(Path(sys.executable).parent / "thidua")
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Instance:
    """A second instance of the app: its own database, media and process."""

    def __init__(self, folder: Path, roots: Path):
        self.folder = folder
        self.db = folder / "b.sqlite3"
        self.port = _free_port()
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "THIDUA_"))},
            "DJANGO_SETTINGS_MODULE": "thidua.settings",
            "DATABASE_URL": f"sqlite:///{self.db}",
            "THIDUA_VAR": str(folder),
            "MEDIA_ROOT": str(folder / "media"),
            "THIDUA_SIGNING_TRUST_ROOTS": str(roots),
            "THIDUA_TASKS_SYNC": "1",
            "PYTHONPATH": str(ROOT),  # B's setup reuses the tests' campaign builder
        }
        self.process = None

    def run(self, *args: str) -> str:
        done = subprocess.run(
            [THIDUA, *args], env=self.env, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def start(self) -> None:
        self.process = subprocess.Popen(
            [GUNICORN, "thidua.wsgi", "-b", f"127.0.0.1:{self.port}", "-w", "1",
             "--timeout", "120"],
            env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{self.url}/api/v1/lien-thong/goi-tin", timeout=2)
            except urllib.error.HTTPError as answer:  # up: the endpoint takes only POST
                if answer.code == 405:
                    return
                self.stop()
                raise
            except OSError:
                time.sleep(0.3)
        self.stop()  # never leave a server behind
        raise RuntimeError("the second instance did not start")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def rows(self, sql: str, *params) -> list[tuple]:
        with sqlite3.connect(self.db) as con:
            return con.execute(sql, params).fetchall()

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)


@pytest.fixture(scope="module")
def instance_b(tmp_path_factory, roots_file):
    b = Instance(tmp_path_factory.mktemp("instance-b"), roots_file)
    b.run("migrate", "--noinput", "-v0")
    b.run("shell", "-c", (
        "from thidua.org.services import unit_create; "
        f"unit_create(actor=None, code='{B_UNIT}', name='UBND tỉnh Thử Nghiệm', kind='province')"
    ))  # fmt: skip
    b.start()
    try:
        yield b
    finally:
        b.stop()


def test_a_signed_decision_travels_to_the_second_instance_and_stays_valid(
    signed, secretariat, instance_b, pki
):
    b = instance_b
    # B knows A by A's issuing unit's code, and gives A a token; A knows B's endpoint.
    token = (
        b.run("exchange_partner", signed.issuer.code, "--name", signed.issuer.name, "--issue-token")
        .strip()
        .splitlines()[-1]
    )
    partner = services.partner_set(
        actor=None, organ_id=B_UNIT, name="UBND tỉnh Thử Nghiệm",
        send_url=f"{b.url}/api/v1/lien-thong/goi-tin", send_token=token,
    )  # fmt: skip

    out = services.decision_send(actor=secretariat, decision=signed, partner=partner)
    out = OutgoingPackage.objects.get(pk=out.pk)  # delivered by the (synchronous) task queue
    assert out.state == OutgoingState.SENT, out.error
    assert out.attempts == 1

    # At B: the package accepted, the decision in the unit's inbox, named by its sender.
    ((state, reference, document_id),) = b.rows(
        "SELECT state, reference, document_id FROM exchange_incomingpackage"
    )
    assert (state, reference) == ("accepted", signed.reference)
    assert document_id == f"{signed.issuer.code},{signed.decided_on:%Y/%m/%d},{signed.reference}"
    ((title, sender, kind, stored),) = b.rows(
        "SELECT title, external_sender, kind, file FROM communication_distribution"
    )
    assert (title, sender, kind) == (signed.summary, signed.issuer.name, "decision")
    ((unit_code,),) = b.rows(
        "SELECT u.code FROM communication_delivery d JOIN org_unit u ON u.id = d.unit_id"
    )
    assert unit_code == B_UNIT

    # The PDF at B is byte for byte the signed one, and its signature checks offline (B-LT).
    received = (b.folder / "media" / stored).read_bytes()
    with signed.pdf.open("rb") as f:
        assert received == f.read()
    reader = PdfFileReader(io.BytesIO(received))
    (sig,) = reader.embedded_signatures
    offline = DocumentSecurityStore.read_dss(reader).as_validation_context({
        "trust_roots": [load_certificate(pki.root_pem)], "allow_fetching": False,
        "revocation_mode": "hard-fail",
    })  # fmt: skip
    status = validate_pdf_signature(sig, signer_validation_context=offline)
    assert status.bottom_line, status.pretty_print_details()
    assert status.signing_cert.subject.native["common_name"] == SIGNER

    # Sending the same decision again is refused at A; posting the package again is refused
    # at B as a duplicate, with its reason, and quarantined there.
    with out.package.open("rb") as f:
        package = f.read()
    request = urllib.request.Request(
        f"{b.url}/api/v1/lien-thong/goi-tin", data=package, method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/xml"},
    )  # fmt: skip
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=60)
    assert refused.value.code == 422
    answer = json.loads(refused.value.read())
    assert answer["refusal"] == "duplicate" and "đã được nhận lúc" in answer["detail"]
    assert b.rows("SELECT refusal FROM exchange_incomingpackage WHERE state='quarantined'") == [
        ("duplicate",)
    ]
    assert len(b.rows("SELECT id FROM communication_distribution")) == 1


# A proposal sent up from the district's instance (A) to the province's (B) ----------------------

#: B's organisation (the same national codes as A's) and the province's campaign, built as the
#: nominations tests build it at A.
PROVINCE_AT_B = """
from types import SimpleNamespace
from tests.factories import UserFactory
from tests.nominations.conftest import make_province_campaign
from thidua.org.enums import Role, UnitKind
from thidua.org.services import role_grant, unit_create
province = unit_create(actor=None, code="CB", name="Tỉnh Cao Bằng", kind=UnitKind.PROVINCE)
district = unit_create(actor=None, code="NB", name="Huyện Nguyên Bình", kind=UnitKind.DISTRICT,
                       parent=province)
for code, name in (("X01732", "Xã Yên Lạc"), ("X01738", "Xã Ca Thành")):
    unit_create(actor=None, code=code, name=name, kind=UnitKind.COMMUNE, parent=district)
secretariat = UserFactory(username="sonoivu")
role_grant(actor=None, user=secretariat, role=Role.SECRETARIAT, unit=province)
make_province_campaign(SimpleNamespace(province=province, district=district), secretariat)
"""

TRAIL_AT_B = """
import json
from thidua.nominations.models import Proposal
from thidua.nominations.selectors import trail_of
t = trail_of(Proposal.objects.get())
print(json.dumps({"problems": t.check.problems, "steps": [
    [s.seq, s.action, s.origin, s.origin_proposal, s.step_hash] for s in t.steps]}))
"""


@pytest.fixture(scope="module")
def province_b(instance_b):
    instance_b.run("shell", "-c", PROVINCE_AT_B)
    return instance_b


def _validate_offline(pdf: bytes, pki) -> None:
    reader = PdfFileReader(io.BytesIO(pdf))
    offline = DocumentSecurityStore.read_dss(reader).as_validation_context({
        "trust_roots": [load_certificate(pki.root_pem)], "allow_fetching": False,
        "revocation_mode": "hard-fail",
    })  # fmt: skip
    for sig in reader.embedded_signatures:
        status = validate_pdf_signature(sig, signer_validation_context=offline)
        assert status.bottom_line, status.pretty_print_details()
        assert status.signing_cert.subject.native["common_name"] == SIGNER
    assert reader.embedded_signatures


def test_a_forwarded_proposal_arrives_at_the_province_instance_with_its_trail(
    sent_up, secretariat, province_b, pki
):
    b = province_b
    token = (
        b.run("exchange_partner", sent_up.unit.code, "--name", sent_up.unit.name, "--issue-token")
        .strip()
        .splitlines()[-1]
    )
    partner = services.partner_set(
        actor=None, organ_id="CB", name="Tỉnh Cao Bằng",
        send_url=f"{b.url}/api/v1/lien-thong/goi-tin", send_token=token,
    )  # fmt: skip
    out = services.proposal_send(actor=secretariat, proposal=sent_up, partner=partner)
    out = OutgoingPackage.objects.get(pk=out.pk)
    assert out.state == OutgoingState.SENT, out.error

    # At B: the package accepted and the dossier created in the province's campaign, as sent.
    ((state, refusal, reason, proposal_id, stored),) = b.rows(
        "SELECT p.state, p.refusal, p.reason, p.proposal_id, d.file "
        "FROM exchange_incomingpackage p JOIN communication_distribution d "
        "ON d.id = p.distribution_id WHERE p.proposal_id IS NOT NULL"
    )
    assert (state, refusal, reason) == ("accepted", "", "")
    ((unit, campaign, pstate, version),) = b.rows(
        "SELECT u.code, c.doc_number, p.state, p.version FROM nominations_proposal p "
        "JOIN org_unit u ON u.id = p.unit_id JOIN campaigns_campaign c ON c.id = p.campaign_id "
        "WHERE p.id = ?", proposal_id,
    )  # fmt: skip
    assert (unit, campaign, pstate, version) == ("NB", sent_up.campaign.doc_number, "submitted", 1)
    sent_nominees = sorted(
        (n.subject_type, n.unit.code, n.person.code if n.person else None, n.council_outcome)
        for n in sent_up.nominees.select_related("unit", "person")
    )
    assert len(sent_nominees) >= 2 and any(code for _s, _u, code, _o in sent_nominees)
    assert sorted(b.rows(
        "SELECT n.subject_type, u.code, p.code, n.council_outcome FROM nominations_nominee n "
        "JOIN org_unit u ON u.id = n.unit_id LEFT JOIN org_person p ON p.id = n.person_id "
        "WHERE n.proposal_id = ?", proposal_id,
    )) == sent_nominees  # fmt: skip

    # The files byte for byte, named by their id at A.
    at_a = {d.pk: (d.sha256, d.superseded_at is None) for d in sent_up.documents.all()}
    at_b = b.rows(
        "SELECT origin_id, sha256, superseded_at IS NULL, file FROM nominations_document "
        "WHERE proposal_id = ?", proposal_id,
    )  # fmt: skip
    assert {o: (h, bool(cur)) for o, h, cur, _f in at_b} == at_a
    for _o, sha, _c, name in at_b:
        assert trail_sha256((b.folder / "media" / name).read_bytes()) == sha

    # The trail checks at B, step for step the one A recorded.
    checked = json.loads(b.run("shell", "-c", TRAIL_AT_B).strip().splitlines()[-1])
    assert checked["problems"] == []
    assert [(seq, action, origin, pid, h) for seq, action, origin, pid, h in checked["steps"]] == [
        (s.seq, s.action, "NB", sent_up.pk, s.step_hash) for s in sent_up.trail.order_by("seq")
    ]

    # The tờ trình in the province's inbox and the district's decision in the package stored
    # at B both still carry their valid B-LT signatures.
    _validate_offline((b.folder / "media" / stored).read_bytes(), pki)
    ((kept,),) = b.rows("SELECT package FROM exchange_incomingpackage WHERE id IS NOT NULL "
                        "AND proposal_id = ?", proposal_id)  # fmt: skip
    received = edxml.parse((b.folder / "media" / kept).read_bytes())
    (decision_pdf,) = [a.data for a in received.attachments if a.name.startswith("quyet-dinh-")]
    _validate_offline(decision_pdf, pki)

    # The same package again: refused as a duplicate, quarantined, nothing more created.
    with out.package.open("rb") as f:
        request = urllib.request.Request(
            f"{b.url}/api/v1/lien-thong/goi-tin", data=f.read(), method="POST",
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/xml"},
        )  # fmt: skip
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=60)
    assert refused.value.code == 422
    assert json.loads(refused.value.read())["refusal"] == "duplicate"
    assert b.rows("SELECT count(*) FROM nominations_proposal") == [(1,)]
