# ruff: noqa: F811  (pytest fixtures imported from other modules)
"""Upgrading a database across the move of decision signing onto the shared documents path
(awards 0013–0015): a DecisionSignature written before the move is a documents FileSignature
after it, still found valid in the PDF, and a DecisionSignature again when the release is
rolled back. Django's MigrationExecutor takes the test database back and forth; the signature
is a real one (the demo CA's key), nothing mocked."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.api.conftest import API, bearer  # noqa: F401
from tests.portal.public_fixtures import campaign, decided, forms  # noqa: F401
from thidua.awards import selectors, services
from thidua.awards.models import Decision, IssuedDecision
from thidua.demo.signing import demo_keys
from thidua.documents.models import FileSignature, SignedFile

BEFORE = [("awards", "0013_issued_decision")]
FIELDS = [
    "step", "field_name", "signer_id", "signer_name", "certificate_serial", "signed_at",
    "pdf_sha256",
]  # fmt: skip
SIGNER = "Nguyễn Văn Chủ Tịch"


def _migrate(targets):
    """Migrate to `targets`; the app registry of the whole project at that point."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    leaves = executor.loader.graph.leaf_nodes()
    apps = dict(targets)
    nodes = [(app, apps.get(app, name)) for app, name in leaves if apps.get(app, name)]
    return executor.loader.project_state(nodes).apps


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def signed(transactional_db, decided, chair, settings, tmp_path):
    """The issued decision signed by the chair with a key of a CA made now; the database is
    handed back at the latest schema after the test."""
    root_pem, (key,) = demo_keys(SIGNER)
    roots = tmp_path / "ca.pem"
    roots.write_bytes(root_pem)
    settings.THIDUA_DEMO_TRUST_ROOTS = str(roots)
    services.decision_sign_with_key(actor=chair, decision=decided, key=key)
    decided.refresh_from_db()
    try:
        yield decided
    finally:
        _migrate(_latest())


def _old_rows(apps, decision_id):
    rows = apps.get_model("awards", "DecisionSignature").objects.filter(decision_id=decision_id)
    return sorted(rows.values_list(*FIELDS))


def test_a_decision_signature_survives_the_move_forward_and_back(signed, chair, client, bearer):
    pdf_name = signed.pdf.name
    old = _migrate(BEFORE)
    (row,) = _old_rows(old, signed.pk)
    assert row[:4] == ("issue", "issue-1", chair.pk, SIGNER)
    assert old.get_model("awards", "Decision").objects.get(pk=signed.pk).pdf.name == pdf_name
    assert not old.get_model("documents", "SignedFile").objects.filter(kind="award_decision")
    # Before the move a step could be signed twice (two ký nháy): both come through too.
    OldSignature = old.get_model("awards", "DecisionSignature")
    for n in (2, 3):
        OldSignature.objects.create(
            decision_id=signed.pk, step="countersign", field_name=f"countersign-{n}",
            signer_id=chair.pk, signer_name=f"Người ký nháy {n}", certificate_serial=str(n),
            signed_at=row[5], pdf_sha256="0" * 64,
        )  # fmt: skip
    before = _old_rows(old, signed.pk)

    _migrate(_latest())

    decision = Decision.objects.get(pk=signed.pk)
    document = IssuedDecision.objects.get(decision=decision).document
    assert document.kind == "award_decision" and document.pdf.name == decision.pdf.name
    assert [s["step"] for s in document.steps] == [
        "countersign", "issue", "countersign-2"
    ]  # fmt: skip
    moved = FileSignature.objects.filter(signed_file=document)
    assert sorted(moved.values_list("step", *FIELDS[1:])) == sorted(
        (("countersign-2" if r[1] == "countersign-3" else r[0]),) + r[1:] for r in before
    )
    listed = client.get(f"{API}/decisions/{decision.pk}", headers=bearer(chair)).json()
    issue = next(s for s in listed["signatures"] if s["step"] == "issue")
    assert issue["signer"] == SIGNER and issue["valid"] is True
    # the made-up ký nháy rows have no signature in the PDF: listed, and shown invalid
    assert [s["valid"] for s in listed["signatures"] if s["step"] != "issue"] == [False, False]
    (checked,) = [s for s in selectors.decision_signatures(decision) if s["step"] == "issue"]
    assert checked["long_term"] is True

    back = _migrate(BEFORE)
    assert _old_rows(back, signed.pk) == before
    assert back.get_model("awards", "Decision").objects.get(pk=signed.pk).pdf.name == pdf_name
    assert not SignedFile.objects.filter(pk=document.pk).exists()
