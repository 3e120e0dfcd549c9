# ruff: noqa: F811  (pytest fixtures imported from other modules)
"""Sending the dossier queues the making of its tờ trình (unsigned PDF) on the task queue, so
the unit head finds it ready to sign: the submit itself renders nothing. Made once per
submission (the queue may deliver a task twice); sent again after a supplement, a new version
is made only while the last one is unsigned — a signed tờ trình is kept."""

import pytest
from django.db import connection
from django_q.models import OrmQ, Task
from django_q.signing import SignedPackage
from django_q.tasks import _sync as through_the_cluster

from tests.conftest import _persona, login
from tests.nominations.conftest import (  # noqa: F401
    _private_media,
    campaign,
    filled_a,
    forms,
    proposal_a,
)
from thidua.core.models import AuditLog
from thidua.demo.signing import demo_keys
from thidua.nominations import letter_signing, services
from thidua.nominations.enums import ProposalState
from thidua.nominations.models import ProposalLetter
from thidua.org.enums import Role

pytestmark = pytest.mark.django_db

TASK = "thidua.nominations.letter_signing.letter_issue_task"


def _return(secretariat, proposal):
    services.proposal_return(
        actor=secretariat, proposal=proposal, reasons=[], note="Bổ sung số liệu.",
        justification="Thiếu số liệu năm 2023.",
    )  # fmt: skip


def test_the_letter_is_ready_for_the_head_after_submit(filled_a, focal_a, world, client):
    head = _persona("thutruong.a", Role.UNIT_HEAD, world.commune_a)
    assert not ProposalLetter.objects.exists()

    services.proposal_submit(actor=focal_a, proposal=filled_a)  # the queue runs synchronously

    letter = ProposalLetter.objects.get(proposal=filled_a)
    assert (letter.version, letter.for_version) == (1, 1)
    with letter.document.pdf.open("rb") as f:
        assert f.read().startswith(b"%PDF")
    assert not letter.document.signatures.exists()
    issue = AuditLog.objects.get(action="documents.signed_file.issue")
    assert issue.actor == focal_a  # the submitter caused it
    login(client, head)
    html = client.get(f"/de-nghi/{filled_a.pk}/").content.decode()
    assert "Thủ trưởng đơn vị ký" in html and "Chưa ký" in html
    assert "khai báo chữ ký số của bạn" in html  # the head is offered to sign (no key declared)


def test_submit_renders_nothing_itself_and_queues_one_task(
    filled_a, focal_a, settings, django_capture_on_commit_callbacks, django_assert_num_queries
):
    settings.THIDUA_TASKS_SYNC = False  # as in production: a worker takes the task
    with django_capture_on_commit_callbacks(execute=True):  # as the commit would run them
        # + the audit chain's advisory lock on PostgreSQL (SQLite's write lock is the transaction)
        with django_assert_num_queries(SUBMIT_QUERIES + (connection.vendor == "postgresql")):
            services.proposal_submit(actor=focal_a, proposal=filled_a)
        assert not ProposalLetter.objects.exists() and not OrmQ.objects.exists()

    (queued,) = [q for q in OrmQ.objects.all() if q.task["func"] == TASK]
    assert queued.task["args"] == (filled_a.pk, 1, focal_a.pk)
    assert not ProposalLetter.objects.exists()  # nothing made before a worker runs it

    # the queued package through django-q's worker, in this process and transaction (sync: a
    # worker of its own would close the test's database connection)
    package = SignedPackage.dumps(queued.task | {"sync": True})
    through_the_cluster(package)
    through_the_cluster(package)  # delivered again: made once
    assert Task.objects.get(id=queued.task["id"]).success  # the same task, twice, no failure
    (letter,) = ProposalLetter.objects.filter(proposal=filled_a)
    assert (letter.version, letter.for_version) == (1, 1)


# proposal_submit's own queries (lock, checks, state move, trail, notification); the queued
# task adds none to it (it is queued when the transaction commits)
SUBMIT_QUERIES = 22


def test_resubmit_makes_a_new_version_only_while_unsigned(
    filled_a, focal_a, secretariat, world, settings, tmp_path
):
    services.proposal_submit(actor=focal_a, proposal=filled_a)
    _return(secretariat, filled_a)
    services.proposal_submit(actor=focal_a, proposal=filled_a)  # after the supplement
    assert list(
        ProposalLetter.objects.filter(proposal=filled_a).values_list("version", "for_version")
    ) == [(2, 2), (1, 1)]  # the first kept

    head = _persona("thutruong.a", Role.UNIT_HEAD, world.commune_a)
    root, (key,) = demo_keys("Nông Văn Thủ Trưởng")
    (tmp_path / "roots.pem").write_bytes(root)
    settings.THIDUA_SIGNING_TRUST_ROOTS = str(tmp_path / "roots.pem")
    letter_signing.letter_sign_with_key(actor=head, proposal=filled_a, key=key)
    signed = ProposalLetter.objects.get(proposal=filled_a, version=2)
    with signed.document.pdf.open("rb") as f:
        signed_bytes = f.read()

    _return(secretariat, filled_a)
    services.proposal_submit(actor=focal_a, proposal=filled_a)
    filled_a.refresh_from_db()
    assert (filled_a.state, filled_a.version) == (ProposalState.SUBMITTED, 3)
    assert ProposalLetter.objects.filter(proposal=filled_a).count() == 2  # the signed one kept
    assert letter_signing.letter_of(filled_a) == signed
    with signed.document.pdf.open("rb") as f:
        assert f.read() == signed_bytes
    assert [s["valid"] for s in letter_signing.letter_signatures(filled_a)] == [True]


def test_a_stale_or_returned_submission_makes_nothing(filled_a, focal_a, secretariat):
    services.proposal_submit(actor=focal_a, proposal=filled_a)
    _return(secretariat, filled_a)
    # a task of the first submission arriving late, while the unit supplements: nothing
    letter_signing.letter_issue_task(filled_a.pk, 1, focal_a.pk)
    assert ProposalLetter.objects.filter(proposal=filled_a).count() == 1
    services.proposal_submit(actor=focal_a, proposal=filled_a)
    letter_signing.letter_issue_task(filled_a.pk, 1, focal_a.pk)  # the old submission's task
    assert ProposalLetter.objects.filter(proposal=filled_a).count() == 2
