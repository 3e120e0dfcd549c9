"""Remote signing: the person's key stays with a remote-signing service (the form Vietnamese
services take) speaking the Cloud Signature Consortium API, v1 or v2: ``auth/login`` (HTTP Basic
→ an access token) or an OAuth access token the person pastes, ``credentials/list``,
``credentials/info``, ``credentials/authorize`` (the PIN, bound to the hashes) and
``signatures/signHash``. pyHanko's ``CSCSigner`` is the external signer: only the document's
hash leaves the server; the PAdES signature is then made B-LT as with a token
(``personal_signing``).

Pure functions over bytes and plain values: no database, no settings.
"""

from __future__ import annotations

import asyncio
import base64
import io
import logging
from dataclasses import dataclass, field

from thidua.documents.personal_signing import (
    SigningError,
    Trust,
    _validation_context,
    certificate_facts,
    pades_metadata,
)

logger = logging.getLogger(__name__)

API_VERSIONS = ("v1", "v2")
TIMEOUT = 30


@dataclass(frozen=True)
class CscAccount:
    """Where and who: the service's base URL (the part before ``/csc/v1/``), its API version,
    the account name (empty: ``secret`` is an OAuth access token), the credential's id (empty:
    the account's first credential), and what the person types at each use (never stored):
    the account password or token, and the signing PIN."""

    service_url: str
    username: str = ""
    credential_id: str = ""
    api_version: str = "v1"
    secret: str = field(repr=False, default="")
    pin: str = field(repr=False, default="")


def _url(account: CscAccount, endpoint: str) -> str:
    return f"{account.service_url.rstrip('/')}/csc/{account.api_version}/{endpoint}"


async def _post(session, url: str, body: dict, headers: dict) -> dict:
    import aiohttp

    async with session.post(
        url, json=body, headers=headers, timeout=aiohttp.ClientTimeout(total=TIMEOUT)
    ) as response:
        if response.status in (401, 403):
            raise SigningError(
                "Dịch vụ ký số từ xa từ chối: kiểm tra tài khoản, mật khẩu hoặc mã PIN."
            )
        if response.status == 400 and url.endswith("credentials/authorize"):
            raise SigningError("Dịch vụ ký số từ xa từ chối: mã PIN không đúng.")
        if response.status >= 400:
            raise SigningError(
                f"Dịch vụ ký số từ xa báo lỗi ({response.status}): thử lại sau ít phút."
            )
        return await response.json()


async def _open(session, account: CscAccount):
    """(session info, credential info): logged in, the credential chosen and its certificate
    chain read from the service."""
    from pyhanko.sign.signers.csc_signer import (
        CSCServiceSessionInfo,
        fetch_certs_in_csc_credential,
    )

    if account.api_version not in API_VERSIONS:
        raise SigningError("Phiên bản CSC API phải là v1 hoặc v2.")
    token = account.secret
    if account.username:
        basic = base64.b64encode(f"{account.username}:{account.secret}".encode()).decode()
        login = await _post(
            session, _url(account, "auth/login"), {"rememberMe": False},
            {"Authorization": f"Basic {basic}"},
        )  # fmt: skip
        token = login.get("access_token", "")
        if not token:
            raise SigningError("Dịch vụ ký số từ xa không cấp phiên đăng nhập.")
    headers = {"Authorization": f"Bearer {token}"}
    credential_id = account.credential_id
    if not credential_id:
        listed = await _post(session, _url(account, "credentials/list"), {}, headers)
        ids = listed.get("credentialIDs") or []
        if not ids:
            raise SigningError("Tài khoản ký số từ xa chưa có chứng thư số nào.")
        credential_id = str(ids[0])
    info = CSCServiceSessionInfo(
        service_url=account.service_url.rstrip("/"), credential_id=credential_id,
        oauth_token=token, api_ver=account.api_version,
    )  # fmt: skip
    credential = await fetch_certs_in_csc_credential(session, info, timeout=TIMEOUT)
    return info, credential


def _run(coroutine_factory):
    """Run the service conversation; the service's own failures become a Vietnamese
    SigningError, their cause goes to the log."""
    import aiohttp
    from pyhanko.sign.general import SigningError as PyHankoSigningError

    async def main():
        async with aiohttp.ClientSession() as session:
            return await coroutine_factory(session)

    try:
        return asyncio.run(main())
    except SigningError:
        raise
    except (aiohttp.ClientError, TimeoutError, OSError) as exc:
        logger.warning("remote signing service unreachable: %r", exc)
        raise SigningError(
            "Không kết nối được dịch vụ ký số từ xa: kiểm tra địa chỉ dịch vụ, thử lại sau."
        ) from exc
    except (PyHankoSigningError, ValueError, KeyError, TypeError) as exc:
        logger.warning("remote signing failed: %r", exc)
        raise SigningError(
            "Không ký được văn bản qua dịch vụ ký số từ xa: dịch vụ, máy chủ cấp dấu thời gian "
            "hoặc danh sách thu hồi không trả lời đúng. Thử lại sau ít phút; nếu vẫn lỗi, báo "
            "quản trị hệ thống."
        ) from exc


def csc_certificate(account: CscAccount) -> tuple[str, str]:
    """(credential id, signer's certificate as PEM) of the account: read when the person
    declares it, so the certificate shown is the one the service signs with."""

    async def conversation(session):
        info, credential = await _open(session, account)
        return info.credential_id, credential.signing_cert.dump()

    credential_id, der = _run(conversation)
    body = base64.encodebytes(der).decode("ascii")
    return credential_id, f"-----BEGIN CERTIFICATE-----\n{body}-----END CERTIFICATE-----\n"


def sign_with_csc(
    pdf: bytes, account: CscAccount, *, trust: Trust, field_name: str, reason: str = ""
) -> bytes:
    """`pdf` with one more signature (PAdES B-LT) made by the remote service; SigningError
    when the service, the PIN, the certificate or the time-stamping authority fails."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.signers.csc_signer import CSCAuthorizationManager, CSCSigner
    from pyhanko.sign.timestamps import HTTPTimeStamper

    if not trust.tsa_url:
        raise SigningError("Chưa cấu hình máy chủ cấp dấu thời gian (THIDUA_SIGNING_TSA_URL).")

    class PinAuthorization(CSCAuthorizationManager):
        """``credentials/authorize`` with the PIN, bound to the hashes about to be signed."""

        def __init__(self, session, *args):
            super().__init__(*args)
            self.session = session

        async def authorize_signature(self, hash_b64s):
            body = self.format_csc_auth_request(
                pin=account.pin or None, hash_b64s=hash_b64s, description=reason or None
            )
            response = await _post(
                self.session, self.csc_session_info.endpoint_url("credentials/authorize"),
                body, self.auth_headers,
            )  # fmt: skip
            return self.parse_csc_auth_response(response)

    async def conversation(session):
        info, credential = await _open(session, account)
        if not certificate_facts(credential.signing_cert.dump()).usable_for_signing:
            raise SigningError("Chứng thư số này không dùng để ký (thiếu mục đích ký số).")
        signer = CSCSigner(session, PinAuthorization(session, info, credential))
        meta = pades_metadata(
            field_name=field_name,
            reason=reason,
            validation_context=_validation_context(trust, fetching=trust.allow_fetching),
        )
        pdf_signer = signers.PdfSigner(meta, signer, timestamper=HTTPTimeStamper(trust.tsa_url))
        out = await pdf_signer.async_sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)))
        return out.getvalue()

    return _run(conversation)
