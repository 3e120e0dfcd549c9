# ruff: noqa: F811  (pytest fixtures imported from other test modules)
"""The public verification page checks the certificate's electronic file, not only its code:
the signature of the file issued under the code, and of a file a visitor sends (the same file,
a changed one, another certificate's). Checks are cached by the file's content."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.documents.test_signing import p12  # noqa: F401
from thidua.awards import services
from thidua.awards.models import Certificate
from thidua.awards.printing import display_code
from thidua.awards.signing import check_key, signing_trust

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificates(draft, chair, secretariat, settings, p12):
    settings.THIDUA_SIGNING_PKCS12 = p12["pkcs12"]
    settings.THIDUA_SIGNING_PASSWORD = p12["password"]
    settings.THIDUA_SIGNING_TRUST_ROOTS = p12["pem"]
    decision = services.decision_issue(actor=chair, decision=draft)
    batch = services.certificate_batch_start(actor=secretariat, decision=decision, background=False)
    services.certificate_batch_run(batch_id=batch.pk)
    return list(Certificate.objects.filter(award__decision=decision).order_by("pk"))


def _read(cert) -> bytes:
    with cert.pdf.open("rb") as f:
        return f.read()


def _page(cert, **files) -> str:
    url = f"/xac-thuc/{display_code(cert.code)}"
    if files:
        return Client().post(f"{url}/kiem-tra-tep", files).content.decode()
    return Client().get(url).content.decode()


def test_the_page_shows_the_issued_file_signature_valid_and_caches_the_check(certificates):
    cert = certificates[0]
    cache.clear()
    page = _page(cert)
    assert "Chữ ký số hợp lệ: tệp nguyên vẹn từ khi ký" in page
    assert "Chủ tịch UBND huyện Nguyên Bình" in page
    # the check is kept under the file's content hash: a second view reads it from there
    assert cache.get(check_key(_read(cert), signing_trust())) is not None


def test_a_stored_file_changed_after_signing_shows_invalid(certificates):
    cert = certificates[0]
    data = bytearray(_read(cert))
    at = data.index(b"/MediaBox") + 12
    data[at] = ord("7") if data[at] != ord("7") else ord("6")
    with cert.pdf.storage.open(cert.pdf.name, "wb") as f:
        f.write(bytes(data))
    assert "Chữ ký số không hợp lệ: tệp đã bị thay đổi sau khi ký" in _page(cert)


def test_a_file_without_trusted_root_is_intact_but_not_trusted(certificates, settings):
    settings.THIDUA_SIGNING_TRUST_ROOTS = ""
    assert "chứng thư ký không thuộc tổ chức chứng thực được tin cậy" in _page(certificates[0])


def test_a_visitor_checks_the_file_they_hold(certificates):
    first, second = certificates[0], certificates[1]
    same = _page(first, tep=SimpleUploadedFile("gk.pdf", _read(first)))
    assert f"đúng là giấy khen điện tử mã {display_code(first.code)}, chữ ký số hợp lệ" in same

    other = _page(first, tep=SimpleUploadedFile("gk.pdf", _read(second)))
    assert "hợp lệ nhưng không phải tệp giấy khen đã cấp" in other

    changed = bytearray(_read(first))
    at = changed.index(b"/MediaBox") + 12
    changed[at] = ord("7") if changed[at] != ord("7") else ord("6")
    bad = _page(first, tep=SimpleUploadedFile("gk.pdf", bytes(changed)))
    assert "Chữ ký số của tệp bạn gửi không hợp lệ" in bad

    assert "Tệp không phải PDF" in _page(first, tep=SimpleUploadedFile("gk.pdf", b"xin chao"))
    response = Client().post(f"/xac-thuc/{display_code(first.code)}/kiem-tra-tep")
    assert response.status_code == 200 and "Chọn tệp giấy khen" in response.content.decode()
    assert Client().post("/xac-thuc/KHONG-CO-MA/kiem-tra-tep").status_code == 404
