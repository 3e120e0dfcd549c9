"""Optional digital signature of generated PDFs (PAdES, pyHanko), used when a signing
certificate is configured: ``THIDUA_SIGNING_PKCS12`` (path to a .p12/.pfx file) and
``THIDUA_SIGNING_PASSWORD`` in settings. Without them PDFs are left unsigned. The level is
baseline B-B unless ``THIDUA_SIGNING_LEVEL = "B-LT"``: then each signature gets a timestamp
from ``THIDUA_SIGNING_TSA_URL`` and the revocation data (CRLs, OCSP responses) of the signer's
and the TSA's chains up to ``THIDUA_SIGNING_TRUST_ROOTS`` is embedded in the same revision
(the document security store), so it can be checked offline. That revocation data is the
same for every PDF of a batch: :func:`prepare_batch` fetches it once and puts it into the
plain config the rendering processes get; they sign without fetching anything but the
timestamp (one per signature: it is over the signature's value).

A batch signs hundreds of PDFs with one key, so what every signature shares is made once per
process: the key is loaded once, and the CMS container (certificates, signer identifier,
algorithms, the signed attributes but for the document's digest) is built once by pyHanko and
kept as DER parts (:class:`CmsTemplate`). Each PDF then costs its digest, one raw signature
and a few concatenations, instead of ~200,000 asn1crypto calls (35 ms) to build and encode the
same structures again; pyHanko still writes the signature field and the incremental update.
:func:`sign_pdf` and :func:`sign_pdfs` take plain values, so a spawned rendering process can
sign what it renders.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import logging
import threading
from typing import Any

_lock = threading.Lock()
_signers: dict[tuple[str, str], Any] = {}
#: Per process: the size of a TSA's tokens (to reserve the space) and the pre-signing
#: validation of a B-LT batch (paths and revocation data), by batch.
_token_sizes: dict[str, int] = {}
#: How many timestamp requests a process keeps open at once (B-LT).
TSA_CONCURRENCY = 8
_presigned: dict[tuple, Any] = {}

FIELD = "ChuKySo"

#: The message digest the template is built with, replaced by each document's (same length).
PLACEHOLDER = hashlib.sha256(b"thidua: the signed attributes' template").digest()
#: The signed attributes a template may hold: none of them depends on the time or the document
#: but the message digest (PAdES puts the signing time in the signature dictionary, not here).
TEMPLATE_ATTRIBUTES = {
    "content_type",
    "message_digest",
    "signing_certificate_v2",
    "signing_certificate",
    "cms_algorithm_protection",
}


class _PreparedRevocation(logging.Filter):
    """pyHanko warns when validation data is embedded with fetching off; in a prepared batch
    that is the point (prepare_batch fetched it), so that one warning is dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "fetching is not allowed" not in record.getMessage()


_PREPARED = _PreparedRevocation()


def signing_config() -> dict[str, Any] | None:
    """The configured certificate as plain values, or None (settings read here, not in
    workers: a spawned process gets the dict). With level B-LT: the TSA's URL and the trust
    roots (DER) too."""
    from django.conf import settings

    path = getattr(settings, "THIDUA_SIGNING_PKCS12", "") or ""
    if not path:
        return None
    config: dict[str, Any] = {
        "pkcs12": str(path),
        "password": getattr(settings, "THIDUA_SIGNING_PASSWORD", ""),
    }
    if getattr(settings, "THIDUA_SIGNING_LEVEL", "B-B") == "B-LT":
        from thidua.documents.trust import signing_trust

        trust = signing_trust()
        config |= {"level": "B-LT", "tsa_url": trust.tsa_url, "roots": list(trust.roots)}
    return config


def der(tag: int, body: bytes) -> bytes:
    """One DER element: tag, definite length, body."""
    n = len(body)
    if n < 0x80:
        return bytes((tag, n)) + body
    size = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes((tag, 0x80 | len(size))) + size + body


class CmsTemplate:
    """A CMS SignedData that pyHanko built once for PLACEHOLDER, cut into the DER parts every
    signature of the batch shares. :meth:`assemble` puts a document's digest into the signed
    attributes, signs them and joins the parts: byte for byte what pyHanko would have encoded
    (checked when the template is made, by re-assembling the template itself)."""

    def __init__(self, content_info) -> None:
        signed_data = content_info["content"]
        [info] = signed_data["signer_infos"]
        types = {a["type"].native for a in info["signed_attrs"]}
        if not types <= TEMPLATE_ATTRIBUTES or info["unsigned_attrs"].native:
            raise ValueError(f"not a template: {sorted(types)}")
        self.content_type = content_info["content_type"].dump()
        self.head = b"".join(
            signed_data[k].dump()
            for k in ("version", "digest_algorithms", "encap_content_info", "certificates")
        )
        self.info_head = b"".join(
            info[k].dump() for k in ("version", "sid", "digest_algorithm")
        )  # fmt: skip
        attrs = info["signed_attrs"].dump()  # [0] IMPLICIT SET OF: signed as a SET (0x31)
        if attrs.count(PLACEHOLDER) != 1:
            raise ValueError("the placeholder digest is not in the signed attributes once")
        self.attrs_before, self.attrs_after = attrs.split(PLACEHOLDER)
        self.algorithm = info["signature_algorithm"].dump()
        self.mechanism = info["signature_algorithm"]["algorithm"].native
        self.size = len(content_info.dump())
        signature = info["signature"].native
        if self.join(self.signed_attributes(PLACEHOLDER), signature) != content_info.dump():
            raise ValueError("the template does not re-assemble to pyHanko's encoding")

    def signed_attributes(self, digest: bytes) -> bytes:
        """The signed attributes as they sit in the SignerInfo ([0] IMPLICIT)."""
        return self.attrs_before + digest + self.attrs_after

    def join(self, attrs: bytes, signature: bytes, unsigned: bytes = b"") -> bytes:
        info = der(0x30, self.info_head + attrs + self.algorithm + der(0x04, signature) + unsigned)
        signed_data = der(0x30, self.head + der(0x31, info))
        return der(0x30, self.content_type + der(0xA0, signed_data))


def _signer_class():
    from asn1crypto import cms
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, padding
    from pyhanko.sign import signers

    timestamp_type = cms.CMSAttributeType("signature_time_stamp_token").dump()

    class BatchSigner(signers.SimpleSigner):
        """pyHanko's SimpleSigner, but the CMS of a PDF signature comes from a template made
        once per (digest, PAdES) and the private key is loaded once (SimpleSigner re-reads it
        from DER at every signature). Anything the template cannot express (a dry run, other
        attributes, content embedded in the CMS) goes to pyHanko unchanged."""

        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self._templates: dict[tuple[str, bool], CmsTemplate | None] = {}
            self._key = serialization.load_der_private_key(self.signing_key.dump(), None)

        async def template(self, digest_algorithm: str, use_pades: bool) -> CmsTemplate | None:
            cache_key = (digest_algorithm, use_pades)
            if cache_key not in self._templates:
                built = await super().async_sign(
                    PLACEHOLDER, digest_algorithm, use_pades=use_pades
                )  # fmt: skip
                try:
                    self._templates[cache_key] = CmsTemplate(built)
                except ValueError:
                    self._templates[cache_key] = None
            return self._templates[cache_key]

        def _raw(self, template: CmsTemplate, data: bytes) -> bytes:
            key = self._key
            if template.mechanism in ("sha256_rsa", "rsassa_pkcs1v15"):
                return key.sign(data, padding.PKCS1v15(), hashes.SHA256())
            if template.mechanism == "sha256_ecdsa":
                return key.sign(data, ec.ECDSA(hashes.SHA256()))
            if template.mechanism == "ed25519":
                return key.sign(data)
            return self.sign_raw(data, "sha256")

        async def async_sign(
            self, data_digest: bytes, digest_algorithm: str, dry_run: bool = False,
            use_pades: bool = False, timestamper: Any = None, signed_attr_settings: Any = None,
            is_pdf_sig: bool = True, encap_content_info: Any = None,
        ):  # fmt: skip
            settings = signed_attr_settings
            plain = (
                not dry_run and is_pdf_sig and encap_content_info is None
                and digest_algorithm.lower() == "sha256" and len(data_digest) == 32
                and (settings is None or (settings.adobe_revinfo_attr is None
                                          and settings.cades_signed_attrs is None))
            )  # fmt: skip
            template = await self.template("sha256", use_pades) if plain else None
            if template is None:
                return await super().async_sign(
                    data_digest, digest_algorithm, dry_run=dry_run, use_pades=use_pades,
                    timestamper=timestamper, signed_attr_settings=signed_attr_settings,
                    is_pdf_sig=is_pdf_sig, encap_content_info=encap_content_info,
                )  # fmt: skip
            attrs = template.signed_attributes(data_digest)
            signature = self._raw(template, b"\x31" + attrs[1:])
            unsigned = b""
            if timestamper is not None:
                token = await timestamper.async_timestamp(
                    hashlib.sha256(signature).digest(), "sha256"
                )
                attribute = der(0x30, timestamp_type + der(0x31, token.dump()))
                unsigned = der(0xA1, attribute)
            return cms.ContentInfo.load(template.join(attrs, signature, unsigned))

    return BatchSigner


def batch_signer(*, signing_cert, signing_key, cert_registry=None) -> Any:
    """A pyHanko signer for many PDFs with one key (see BatchSigner)."""
    return _signer_class()(
        signing_cert=signing_cert, signing_key=signing_key, cert_registry=cert_registry
    )


def _signer(config: dict[str, Any]) -> Any:
    from pyhanko.sign import signers

    key = (config["pkcs12"], config.get("password", ""))
    with _lock:
        if key not in _signers:
            password = key[1].encode() if key[1] else None
            loaded = signers.SimpleSigner.load_pkcs12(pfx_file=key[0], passphrase=password)
            if loaded is None:
                raise RuntimeError("Không đọc được chứng thư số để ký (kiểm tra tệp và mật khẩu).")
            _signers[key] = batch_signer(
                signing_cert=loaded.signing_cert,
                signing_key=loaded.signing_key,
                cert_registry=loaded.cert_registry,
            )
        return _signers[key]


async def async_sign_many(
    pdfs: list[bytes], signer: Any, meta: Any, *, tsa_url: str = "",
    presign_key: tuple | None = None,
) -> list[bytes]:  # fmt: skip
    """Each PDF with one more signature (incremental update), made by one PdfSigner in one
    event loop: pyHanko's `async_sign_pdf` step by step, but the space for the CMS is reserved
    from the signer's template (and the TSA's token), not from a dummy CMS built per PDF, the
    pre-signing validation (the chains and the revocation data to embed) is done once for the
    batch in this process (`presign_key` names it), not once per PDF, and the timestamps of
    `tsa_url` go through one HTTP session (pyHanko opens one per request otherwise, loading
    the system's CA bundle each time: ~20 ms)."""
    if not tsa_url:
        return await _sign_each(pdfs, signer, meta, None, presign_key)
    import aiohttp
    from pyhanko.sign.timestamps import HTTPTimeStamper

    async with aiohttp.ClientSession() as session:
        timestamper = HTTPTimeStamper(tsa_url, session=session)
        return await _sign_each(pdfs, signer, meta, timestamper, presign_key)


async def _sign_each(
    pdfs: list[bytes], signer: Any, meta: Any, timestamper: Any, presign_key: tuple | None
) -> list[bytes]:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import finalise_output
    from pyhanko.sign import signers
    from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes

    template = await signer.template("sha256", True)
    reserve = 0
    if timestamper is not None:
        if timestamper.url not in _token_sizes:
            dummy = await timestamper.async_dummy_response("sha256")
            _token_sizes[timestamper.url] = len(dummy.dump())
        reserve = _token_sizes[timestamper.url] + 512
    bytes_reserved = None
    if template is not None:
        # hex in the PDF: twice the bytes; room for a longer ECDSA signature and length bytes
        bytes_reserved = 2 * (template.size + reserve + 64)
    pdf_signer = signers.PdfSigner(meta, signer=signer, timestamper=timestamper)

    async def one(pdf: bytes) -> bytes:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        session = pdf_signer.init_signing_session(writer)
        if meta.validation_context is None:
            validation = None
        elif presign_key is not None and presign_key in _presigned:
            validation = _presigned[presign_key]
        else:
            validation = await session.perform_presign_validation(writer)
            if presign_key is not None:
                _presigned.clear()  # one batch at a time per process
                _presigned[presign_key] = validation
        size = bytes_reserved or await session.estimate_signature_container_size(validation)
        tbs = session.prepare_tbs_document(validation_info=validation, bytes_reserved=size)
        prepared, output = tbs.digest_tbs_document()
        after = await tbs.perform_signature(
            document_digest=prepared.document_digest,
            pdf_cms_signed_attrs=PdfCMSSignedAttributes(
                signing_time=session.system_time,
                adobe_revinfo_attr=None if validation is None else validation.adobe_revinfo_attr,
                cades_signed_attrs=meta.cades_signed_attr_spec,
            ),
        )
        await after.post_signature_processing(output)
        return finalise_output(None, output).getvalue()

    if timestamper is None or len(pdfs) < 2:
        return [await one(pdf) for pdf in pdfs]
    # The TSA's round trips overlap (the CPU work does not): the first PDF alone, so the
    # batch's validation is done once, then the others TSA_CONCURRENCY at a time.
    first = await one(pdfs[0])
    gate = asyncio.Semaphore(TSA_CONCURRENCY)

    async def gated(pdf: bytes) -> bytes:
        async with gate:
            return await one(pdf)

    return [first, *await asyncio.gather(*(gated(pdf) for pdf in pdfs[1:]))]


def _long_term(config: dict[str, Any]) -> bool:
    return config.get("level") == "B-LT"


def prepare_batch(config: dict[str, Any] | None) -> dict[str, Any] | None:
    """`config` ready for a batch: for B-LT, with the revocation data of the signer's and the
    TSA's chains fetched now, once (CRLs and OCSP responses as DER, `crls`/`ocsps`), so that
    no PDF of the batch, in whichever process, fetches them again. B-B: unchanged."""
    if not config or not _long_term(config) or "crls" in config:
        return config
    from pyhanko.sign.timestamps import HTTPTimeStamper
    from pyhanko_certvalidator import CertificateValidator, ValidationContext
    from pyhanko_certvalidator.fetchers.aiohttp_fetchers import AIOHttpFetcherBackend

    from thidua.documents.personal_signing import SigningError, load_certificate

    if not config.get("tsa_url"):
        raise SigningError("Chưa cấu hình máy chủ cấp dấu thời gian (THIDUA_SIGNING_TSA_URL).")
    signer = _signer(config)
    backend = AIOHttpFetcherBackend()
    context = ValidationContext(
        trust_roots=[load_certificate(r) for r in config.get("roots", ())],
        allow_fetching=True,
        revocation_mode="hard-fail",
        fetcher_backend=backend,
    )

    async def fetch() -> None:
        try:
            validator = CertificateValidator(
                signer.signing_cert, intermediate_certs=signer.cert_registry,
                validation_context=context,
            )  # fmt: skip
            await validator.async_validate_usage({"digital_signature"})
            async for _path in HTTPTimeStamper(config["tsa_url"]).validation_paths(context):
                pass
        finally:
            await backend.close()

    asyncio.run(fetch())
    return config | {
        "crls": [c.dump() for c in context.crls],
        "ocsps": [o.dump() for o in context.ocsps],
    }


def sign_pdfs(pdfs: list[bytes], config: dict[str, Any] | None, *, reason: str = "") -> list[bytes]:
    """Every PDF of `pdfs` with an invisible PAdES signature (B-B, or B-LT when the config
    says so), or unchanged when `config` is None. One key, one CMS template, one validation
    and one event loop for the whole list; B-LT fetches revocation data only if the config
    did not come through :func:`prepare_batch`."""
    if not config:
        return list(pdfs)
    from pyhanko.sign import fields, signers

    from thidua.documents.personal_signing import load_certificate

    signer = _signer(config)
    tsa_url, presign_key = "", None
    long_term: dict[str, Any] = {}
    if _long_term(config):
        from asn1crypto import crl, ocsp
        from pyhanko.sign.signers.pdf_signer import DSSContentSettings, SigDSSPlacementPreference
        from pyhanko_certvalidator import ValidationContext

        config = prepare_batch(config)
        logging.getLogger("pyhanko.sign.signers.pdf_signer").addFilter(_PREPARED)
        context = ValidationContext(
            trust_roots=[load_certificate(r) for r in config.get("roots", ())],
            crls=[crl.CertificateList.load(c) for c in config["crls"]],
            ocsps=[ocsp.OCSPResponse.load(o) for o in config["ocsps"]],
            allow_fetching=False,
            revocation_mode="hard-fail",
        )
        long_term = {
            "embed_validation_info": True, "use_pades_lta": False,
            "validation_context": context,
            "dss_settings": DSSContentSettings(
                placement=SigDSSPlacementPreference.TOGETHER_WITH_SIGNATURE,
                include_vri=False,
            ),
        }  # fmt: skip
        tsa_url = config["tsa_url"]
        presign_key = (
            config["pkcs12"], config["tsa_url"],
            hashlib.sha256(b"".join(config["crls"] + config["ocsps"] + config["roots"])).digest(),
        )  # fmt: skip
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason or None, **long_term,
    )  # fmt: skip
    return asyncio.run(
        async_sign_many(list(pdfs), signer, meta, tsa_url=tsa_url, presign_key=presign_key)
    )


def sign_pdf(pdf: bytes, config: dict[str, Any] | None, *, reason: str = "") -> bytes:
    """`pdf` with an invisible PAdES signature, or unchanged when `config` is None."""
    if not config:
        return pdf
    [signed] = sign_pdfs([pdf], config, reason=reason)
    return signed
