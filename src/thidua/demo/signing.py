"""The demo's digital signatures: at build time a demo CA (root, time-stamping unit, CRL) is
made, each signer gets a certificate and a file-based key, the issued decision is signed by its
signer and the council's minutes are issued and signed by the chair and the secretary, one unit's tờ
trình is signed by its head (PAdES
B-LT, the CRL and the chain embedded), so the decision page, the session page,
`GET /api/v1/decisions/{id}` and `GET /api/v1/council-sessions/{id}` list valid signatures.
The CA's certificate is written to THIDUA_DEMO_TRUST_ROOTS for the instance to trust; its
private key is thrown away, so nothing else can ever be issued under it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings
from django.contrib.auth import get_user_model

from thidua.awards import selectors as award_selectors
from thidua.awards import services
from thidua.awards.models import Decision
from thidua.council import minutes_signing
from thidua.council.enums import CouncilRole, SessionState
from thidua.council.models import CouncilMember, CouncilSession
from thidua.demo.org_data import DEMO_PASSWORD
from thidua.documents.personal_signing import SoftwareKey
from thidua.nominations import letter_signing
from thidua.nominations.models import Proposal
from thidua.org.enums import Role
from thidua.org.services import role_grant

CRL_URL = "http://ca.demo.invalid/demo-ca.crl"  # never fetched: the CRL is embedded


def _name(cn: str) -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "CA trình diễn thidua (không dùng thật)"),
        x509.NameAttribute(NameOID.COMMON_NAME, cn),
    ])  # fmt: skip


def _pem_key(key) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )  # fmt: skip


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def demo_keys(*signer_names: str) -> tuple[bytes, list[SoftwareKey]]:
    """(the demo CA's certificate, one key per signer) — made now, the CA's key discarded."""
    now = dt.datetime.now(dt.UTC)
    root_key = ec.generate_private_key(ec.SECP256R1())
    root = (
        x509.CertificateBuilder().subject_name(_name("Root CA trình diễn"))
        .issuer_name(_name("Root CA trình diễn")).public_key(root_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False),
                       critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), False)
        .sign(root_key, hashes.SHA256())
    )  # fmt: skip

    def issue(cn: str, public_key, *, tsa: bool = False) -> x509.Certificate:
        builder = (
            x509.CertificateBuilder().subject_name(_name(cn)).issuer_name(root.subject)
            .public_key(public_key).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(hours=1))
            .not_valid_after(now + dt.timedelta(days=3 * 365))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                root_key.public_key()), critical=False)
            .add_extension(x509.CRLDistributionPoints([x509.DistributionPoint(
                [x509.UniformResourceIdentifier(CRL_URL)], None, None, None)]), critical=False)
        )  # fmt: skip
        if tsa:
            builder = builder.add_extension(
                x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
            )
        else:
            builder = builder.add_extension(
                x509.KeyUsage(True, True, False, False, False, False, False, False, False),
                critical=True,
            )
        return builder.sign(root_key, hashes.SHA256())

    tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)  # pyHanko's local TSA
    tsa_pem = _pem(issue("Dấu thời gian trình diễn", tsa_key.public_key(), tsa=True))
    crl = (
        x509.CertificateRevocationListBuilder().issuer_name(root.subject)
        .last_update(now - dt.timedelta(hours=1)).next_update(now + dt.timedelta(days=3650))
        .add_extension(x509.CRLNumber(1), critical=False)
        .sign(root_key, hashes.SHA256())
    )  # fmt: skip
    keys = []
    for name in signer_names:
        signer_key = ec.generate_private_key(ec.SECP256R1())
        keys.append(SoftwareKey(
            key_pem=_pem_key(signer_key),
            certificate_pem=_pem(issue(name, signer_key.public_key())),
            chain_pem=(_pem(root),),
            tsa_key_pem=_pem_key(tsa_key),
            tsa_certificate_pem=tsa_pem,
            crls=(crl.public_bytes(serialization.Encoding.DER),),
        ))  # fmt: skip
    return _pem(root), keys


def _minutes_signers(decision: Decision) -> tuple[CouncilSession | None, list[CouncilMember]]:
    """The campaign's closed session and those of its chair and secretary who have not yet
    signed its minutes (issued now by the secretary when they are not yet)."""
    session = (
        CouncilSession.objects.filter(
            campaign=decision.campaign_id, state__in=SessionState.with_results()
        )
        .select_related("council__issuer")
        .first()
    )
    if session is None:
        return None, []
    signers = list(
        session.council.members.filter(role__in=[s["step"] for s in minutes_signing.STEPS])
        .select_related("user").order_by("position", "id")
    )  # fmt: skip
    if minutes_signing.issued_minutes_of(session) is None:
        secretary = next((m for m in signers if m.role == CouncilRole.SECRETARY), None)
        if secretary is None:
            return None, []
        minutes_signing.minutes_issue(actor=secretary.user, session=session)
    done = {s["step"] for s in minutes_signing.minutes_signatures(session) if s["signed"]}
    return session, [m for m in signers if m.role not in done]


#: The unit whose tờ trình the demo signs (Thị trấn Nguyên Bình, daumoi.ttnb's unit) and its
#: head's demo account (the org role UNIT_HEAD; not one of the personas).
LETTER_UNIT, HEAD = "X01726", ("thutruong.ttnb", "Nông Văn Thành")


def _letter_to_sign(decision: Decision) -> tuple[Proposal | None, object]:
    """The demo unit's proposal in the decided campaign, its tờ trình issued (by the unit's
    head) when not yet, and the head's account; (None, None) when it is already signed."""
    proposal = (
        Proposal.objects.filter(campaign=decision.campaign_id, unit__code=LETTER_UNIT)
        .select_related("unit", "campaign")
        .first()
    )
    if proposal is None:
        return None, None
    User = get_user_model()
    head = User.objects.filter(username=HEAD[0]).first()
    if head is None:
        family, _, given = HEAD[1].rpartition(" ")
        head = User.objects.create_user(
            username=HEAD[0], password=DEMO_PASSWORD, first_name=given, last_name=family,
            email=f"{HEAD[0]}@nguyenbinh.example.vn",
        )  # fmt: skip
        role_grant(actor=None, user=head, role=Role.UNIT_HEAD, unit=proposal.unit)
    letter = letter_signing.letter_of(proposal)
    if letter is not None and letter.document.signatures.exists():
        return None, None
    if letter is None:
        letter_signing.letter_issue(actor=head, proposal=proposal)
    return proposal, head


def build_signatures(decision: Decision) -> str:
    """Sign the demo's issued decision by its signer (the chairman's demo account), and the
    council's minutes by the chair and the secretary. Idempotent: what is signed is left as
    it is."""
    if not settings.THIDUA_DEMO_TRUST_ROOTS:
        return "THIDUA_DEMO_TRUST_ROOTS trống: không tạo chữ ký số trình diễn"
    path = Path(settings.THIDUA_DEMO_TRUST_ROOTS)
    signer = get_user_model().objects.filter(username="chutich").first()
    if signer is None:
        return "chưa có tài khoản chutich: không tạo chữ ký số trình diễn"
    document = award_selectors.decision_document(decision)
    sign_decision = document is not None and not document.signatures.exists()
    session, members = _minutes_signers(decision)
    proposal, head = _letter_to_sign(decision)
    if not sign_decision and not members and proposal is None:
        return ("biên bản họp và " if session else "") + "quyết định đã có chữ ký số"
    names = [decision.signer_name or "Người ký trình diễn"] if sign_decision else []
    heads = [HEAD[1]] if proposal is not None else []
    root_pem, keys = demo_keys(*names, *heads, *(m.full_name for m in members))
    path.parent.mkdir(parents=True, exist_ok=True)
    existing = path.read_bytes() if path.is_file() else b""
    path.write_bytes(existing + root_pem)
    done = []
    if proposal is not None:
        letter_signing.letter_sign_with_key(actor=head, proposal=proposal, key=keys[len(names)])
        done.append(f"tờ trình của {proposal.unit.name} ({HEAD[1]}, Thủ trưởng đơn vị)")
    for member, key in zip(members, keys[len(names) + len(heads) :], strict=True):
        minutes_signing.minutes_sign_with_key(actor=member.user, session=session, key=key)
        done.append(f"biên bản họp ({member.full_name}, {member.get_role_display()})")
    if sign_decision:
        signature = services.decision_sign_with_key(actor=signer, decision=decision, key=keys[0])
        done.append(f"quyết định ({signature.signer_name}, CA trình diễn)")
    return f"đã ký số {'; '.join(done)}"
