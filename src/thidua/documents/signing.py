"""Optional digital signature of generated PDFs (PAdES baseline B-B, pyHanko), used when a
signing certificate is configured: ``THIDUA_SIGNING_PKCS12`` (path to a .p12/.pfx file) and
``THIDUA_SIGNING_PASSWORD`` in settings. Without them PDFs are left unsigned.

The key is loaded once per process (loading dominates the cost; a signature itself then takes
about 10 ms). :func:`sign_pdf` takes plain values, so a spawned rendering process can sign what
it renders.
"""

from __future__ import annotations

import io
import threading
from typing import Any

_lock = threading.Lock()
_signers: dict[tuple[str, str], Any] = {}

FIELD = "ChuKySo"


def signing_config() -> dict[str, str] | None:
    """The configured certificate as plain values, or None (settings read here, not in
    workers: a spawned process gets the dict)."""
    from django.conf import settings

    path = getattr(settings, "THIDUA_SIGNING_PKCS12", "") or ""
    if not path:
        return None
    return {"pkcs12": str(path), "password": getattr(settings, "THIDUA_SIGNING_PASSWORD", "")}


def _signer(config: dict[str, str]) -> Any:
    from pyhanko.sign import signers

    key = (config["pkcs12"], config.get("password", ""))
    with _lock:
        if key not in _signers:
            password = key[1].encode() if key[1] else None
            signer = signers.SimpleSigner.load_pkcs12(pfx_file=key[0], passphrase=password)
            if signer is None:
                raise RuntimeError("Không đọc được chứng thư số để ký (kiểm tra tệp và mật khẩu).")
            _signers[key] = signer
        return _signers[key]


def sign_pdf(pdf: bytes, config: dict[str, str] | None, *, reason: str = "") -> bytes:
    """`pdf` with an invisible PAdES signature, or unchanged when `config` is None."""
    if not config:
        return pdf
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason or None,
    )  # fmt: skip
    out = signers.sign_pdf(writer, meta, signer=_signer(config))
    return out.getvalue()
