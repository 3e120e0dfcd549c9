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
from dataclasses import dataclass
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
            if self.path == "/ca.crl":
                return self._send(state["pki"].crl(), "application/pkix-crl")
            self.send_error(404)

        def do_POST(self):  # noqa: N802
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
