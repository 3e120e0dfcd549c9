"""Certificates of an issued decision: the batch renders one PDF per awardee and the
print-ready file; revoked ones are left out; the public lookup matches codes exactly."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from thidua.awards import selectors, services
from thidua.awards.enums import BatchState
from thidua.awards.models import Certificate
from thidua.awards.printing import display_code


def _text(field) -> list[str]:
    with field.open("rb") as f:
        return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(f.read())).pages]


@pytest.fixture
def issued(draft, chair):
    return services.decision_issue(actor=chair, decision=draft)


def test_batch_renders_each_certificate_and_the_print_file(issued, secretariat):
    batch = services.certificate_batch_start(actor=secretariat, decision=issued, background=False)
    batch = services.certificate_batch_run(batch_id=batch.pk)
    assert (batch.state, batch.done, batch.total, batch.percent) == (BatchState.DONE, 5, 5, 100)
    certs = list(
        Certificate.objects.filter(award__decision=issued)
        .select_related("award")
        .order_by("register_number")
    )
    individual = next(c for c in certs if c.award.subject_type == "individual")
    [page] = _text(individual.pdf)
    assert "GIẤY KHEN" in page
    assert f"Bà {individual.award.name}" in page and "Nguyễn Thị Ngọc Ánh" in page
    assert "Quyết định số 1/QĐ-UBND ngày 05/02/2024" in page
    assert f"Mã xác thực: {display_code(individual.code)}" in page
    assert f"Số sổ vàng: {individual.register_number}" in page
    pages = _text(batch.print_pdf)
    assert [f"Số sổ vàng: {c.register_number}" in p for c, p in zip(certs, pages, strict=True)] == [
        True
    ] * 5


def test_revoked_certificates_are_not_printed(issued, secretariat):
    cert = Certificate.objects.filter(award__decision=issued).first()
    services.certificate_revoke(
        actor=secretariat, certificate=cert, reason="Sai tên.", reference="Quyết định số 41/QĐ-UBND"
    )
    batch = services.certificate_batch_start(
        actor=secretariat, decision=issued, blank_form=True, background=False
    )
    batch = services.certificate_batch_run(batch_id=batch.pk)
    pages = _text(batch.print_pdf)
    assert (batch.total, len(pages)) == (4, 4)
    assert all("GIẤY KHEN" not in p for p in pages)
    assert not any(display_code(cert.code) in p for p in pages)


def test_printing_a_draft_is_refused(draft, secretariat):
    with pytest.raises(ValidationError) as exc:
        services.certificate_batch_start(actor=secretariat, decision=draft)
    assert exc.value.messages == ["Chỉ in giấy khen của quyết định đã ban hành."]


def test_public_lookup_is_exact_and_tolerates_typing(issued):
    cert = Certificate.objects.filter(award__decision=issued).first()
    shown = display_code(cert.code)
    assert selectors.certificate_public(shown) == cert
    assert selectors.certificate_public(f"  {shown.lower()} ") == cert
    assert selectors.certificate_public(cert.code[:-1]) is None
    near = cert.code[:-1] + ("0" if cert.code[-1] != "0" else "1")
    assert selectors.certificate_public(near) is None
    for junk in ["", "x" * 500, "'; DROP TABLE--", "ÀÁÂ", "%00"]:
        assert selectors.certificate_public(junk) is None


def test_draft_certificates_do_not_exist_publicly(draft):
    assert not Certificate.objects.exists()


def test_batch_queries_do_not_grow_with_the_number_of_certificates(issued, secretariat):
    """Five certificates, then two fewer (revoked): the same queries, none per certificate."""

    def run() -> tuple[int, int]:
        batch = services.certificate_batch_start(
            actor=secretariat, decision=issued, background=False
        )
        with CaptureQueriesContext(connection) as queries:
            batch = services.certificate_batch_run(batch_id=batch.pk)
        assert batch.state == BatchState.DONE
        return batch.done, len(queries)

    done_all, queries_all = run()
    for cert in Certificate.objects.filter(award__decision=issued)[:2]:
        services.certificate_revoke(
            actor=secretariat, certificate=cert, reason="Sai tên.", reference="QĐ số 41/QĐ-UBND"
        )
    done_fewer, queries_fewer = run()
    assert (done_all, done_fewer) == (5, 3)
    assert queries_all == queries_fewer
