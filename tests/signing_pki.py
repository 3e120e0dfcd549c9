"""A test PKI made by the tests: a root CA, certificates it issues, its CRL, and a local stand-in
for the CA's services (the CRL distribution point and an RFC 3161 time-stamping authority) on
127.0.0.1, since the real ones are outside the machine. Plus a SoftHSM2 token (Debian's
softhsm2) holding a signer's key, reached through PKCS#11 like a USB token."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

SOFTHSM_MODULE = "/usr/lib/softhsm/libsofthsm2.so"
PIN = "123456"
NOW = dt.datetime.now(dt.UTC)


def _name(cn: str) -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "CA thử nghiệm thidua"),
        x509.NameAttribute(NameOID.COMMON_NAME, cn),
    ])  # fmt: skip


@dataclass
class TestPki:
    root_key: rsa.RSAPrivateKey
    root: x509.Certificate
    base_url: str
    #: Every request the stand-in server answered ("GET /ca.crl", "POST /tsa"), in order.
    requests: list[str] = field(default_factory=list)

    @property
    def root_pem(self) -> bytes:
        return self.root.public_bytes(serialization.Encoding.PEM)

    @property
    def crl_url(self) -> str:
        return f"{self.base_url}/ca.crl"

    @property
    def tsa_url(self) -> str:
        return f"{self.base_url}/tsa"

    def issue(self, cn: str, public_key, *, eku=None, key_usage=True) -> x509.Certificate:
        builder = (
            x509.CertificateBuilder()
            .subject_name(_name(cn))
            .issuer_name(self.root.subject)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(NOW - dt.timedelta(days=1))
            .not_valid_after(NOW + dt.timedelta(days=365))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.CRLDistributionPoints(
                    [
                        x509.DistributionPoint(
                            [x509.UniformResourceIdentifier(self.crl_url)], None, None, None
                        )
                    ]
                ),
                critical=False,
            )  # fmt: skip
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self.root_key.public_key()),
                critical=False,
            )
        )
        if key_usage:
            builder = builder.add_extension(
                x509.KeyUsage(True, True, False, False, False, False, False, False, False),
                critical=True,
            )
        if eku:
            builder = builder.add_extension(x509.ExtendedKeyUsage(eku), critical=True)
        return builder.sign(self.root_key, hashes.SHA256())

    def crl(self) -> bytes:
        crl = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(self.root.subject)
            .last_update(NOW - dt.timedelta(hours=1))
            .next_update(NOW + dt.timedelta(days=7))
            .add_extension(x509.CRLNumber(1), critical=False)
            .sign(self.root_key, hashes.SHA256())
        )
        return crl.public_bytes(serialization.Encoding.DER)


def _root() -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("Root CA thử nghiệm"))
        .issuer_name(_name("Root CA thử nghiệm"))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - dt.timedelta(days=2))
        .not_valid_after(NOW + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def start_pki():
    """(TestPki, stop): the CA and its stand-in server (CRL at /ca.crl, TSA at /tsa)."""
    from pyhanko.sign.timestamps import DummyTimeStamper

    root_key, root = _root()
    state: dict = {}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _send(self, body: bytes, kind: str):
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):  # noqa: N802
            state["pki"].requests.append(f"GET {self.path}")
            if self.path == "/ca.crl":
                return self._send(state["pki"].crl(), "application/pkix-crl")
            self.send_error(404)

        def do_POST(self):  # noqa: N802
            state["pki"].requests.append(f"POST {self.path}")
            if self.path != "/tsa":
                return self.send_error(404)
            body = self.rfile.read(int(self.headers["Content-Length"]))
            response = state["tsa"].request_tsa_response(tsp.TimeStampReq.load(body))
            return self._send(response.dump(), "application/timestamp-reply")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    pki = TestPki(root_key, root, f"http://127.0.0.1:{server.server_address[1]}")
    tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    tsa_cert = pki.issue(
        "TSA thử nghiệm", tsa_key.public_key(), eku=[ExtendedKeyUsageOID.TIME_STAMPING],
        key_usage=False,
    )  # fmt: skip
    state["pki"] = pki
    state["tsa"] = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(tsa_cert.public_bytes(serialization.Encoding.DER)),
        tsa_key=asn1_keys.PrivateKeyInfo.load(
            tsa_key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        ),
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def stop():
        server.shutdown()
        server.server_close()

    return pki, stop


def softhsm_token(folder: Path, *, label: str, key_label: str) -> object:
    """A fresh SoftHSM2 token in `folder` with an RSA key pair labelled `key_label`; returns the
    public key (cryptography). SOFTHSM2_CONF must point at `folder` before the module is first
    loaded in this process."""
    import pkcs11
    from pkcs11 import KeyType
    from pkcs11.util.rsa import encode_rsa_public_key

    if not shutil.which("softhsm2-util"):
        raise RuntimeError("Debian's softhsm2 is required: apt-get install -y softhsm2")
    subprocess.run(
        ["softhsm2-util", "--init-token", "--free", "--label", label, "--pin", PIN,
         "--so-pin", "12345678"],
        check=True, capture_output=True, env={**os.environ},
    )  # fmt: skip
    lib = pkcs11.lib(SOFTHSM_MODULE)
    lib.reinitialize()
    token = lib.get_token(token_label=label)
    with token.open(rw=True, user_pin=PIN) as session:
        public, _private = session.generate_keypair(KeyType.RSA, 2048, label=key_label, store=True)
        der = encode_rsa_public_key(public)
    return serialization.load_der_public_key(
        asn1_keys.PublicKeyInfo.wrap(asn1_keys.RSAPublicKey.load(der), "rsa").dump()
    )


def configure_softhsm(folder: Path) -> None:
    tokens = folder / "tokens"
    tokens.mkdir(parents=True, exist_ok=True)
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\n")
    os.environ["SOFTHSM2_CONF"] = str(conf)


@dataclass
class CscStandIn:
    """A local stand-in for a remote-signing service (CSC API v1 and v2) holding one key."""

    url: str
    username: str
    password: str
    pin: str
    credential_id: str
    certificate: x509.Certificate
    calls: list


def start_csc(pki: TestPki, *, cn: str, username="chutich", password="mat-khau", pin="246810"):
    """(CscStandIn, stop): a CSC service at 127.0.0.1 holding an RSA key whose certificate the
    test CA issued. It checks the Basic login, the bearer token, the PIN at authorize and that
    the SAD is bound to the hashes it signs."""
    import base64
    import json
    import secrets

    from cryptography.hazmat.primitives.asymmetric import padding, utils

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = pki.issue(cn, key.public_key())
    credential_id = "cred-" + secrets.token_hex(4)
    tokens: set[str] = set()
    sads: dict[str, list[str]] = {}
    calls: list[str] = []
    sha256_rsa = "1.2.840.113549.1.1.11"

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _json(self, status: int, body: dict):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self):  # noqa: N802
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            parts = self.path.strip("/").split("/", 2)
            if len(parts) != 3 or parts[0] != "csc" or parts[1] not in ("v1", "v2"):
                return self._json(404, {"error": "invalid_request"})
            endpoint = parts[2]
            calls.append(endpoint)
            auth = self.headers.get("Authorization", "")
            if endpoint == "auth/login":
                expected = base64.b64encode(f"{username}:{password}".encode()).decode()
                if auth != f"Basic {expected}":
                    return self._json(401, {"error": "authentication_error"})
                token = secrets.token_hex(16)
                tokens.add(token)
                return self._json(200, {"access_token": token, "expires_in": 3600})
            if auth.removeprefix("Bearer ") not in tokens:
                return self._json(401, {"error": "invalid_token"})
            if endpoint == "credentials/list":
                return self._json(200, {"credentialIDs": [credential_id]})
            if body.get("credentialID") != credential_id:
                return self._json(400, {"error": "invalid_request"})
            if endpoint == "credentials/info":
                chain = [cert, pki.root]
                return self._json(200, {
                    "key": {"status": "enabled", "algo": [sha256_rsa], "len": 2048},
                    "cert": {"status": "valid", "certificates": [
                        base64.b64encode(c.public_bytes(serialization.Encoding.DER)).decode()
                        for c in chain
                    ]},
                    "authMode": "explicit", "SCAL": "2", "multisign": 1,
                })  # fmt: skip
            if endpoint == "credentials/authorize":
                if body.get("PIN") != pin:
                    return self._json(400, {"error": "invalid_pin"})
                sad = secrets.token_hex(16)
                sads[sad] = list(body.get("hash") or [])
                return self._json(200, {"SAD": sad, "expiresIn": 300})
            if endpoint == "signatures/signHash":
                hashes_b64 = body.get("hash") or []
                if sads.pop(body.get("SAD"), None) != hashes_b64:
                    return self._json(400, {"error": "invalid_sad"})
                if body.get("signAlgo") != sha256_rsa:
                    return self._json(400, {"error": "invalid_algo"})
                signatures = [
                    base64.b64encode(
                        key.sign(
                            base64.b64decode(h),
                            padding.PKCS1v15(),
                            utils.Prehashed(hashes.SHA256()),
                        )  # fmt: skip
                    ).decode()
                    for h in hashes_b64
                ]
                return self._json(200, {"signatures": signatures})
            return self._json(404, {"error": "invalid_request"})

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    stand_in = CscStandIn(
        f"http://127.0.0.1:{server.server_address[1]}", username, password, pin, credential_id,
        cert, calls,
    )  # fmt: skip

    def stop():
        server.shutdown()
        server.server_close()

    return stand_in, stop
