"""The task queue (django-q2, core/tasks.py) with a real `thidua qcluster`: a worker killed in
the middle of a certificate batch, then restarted, finishes the batch, and every certificate
exists once with one file."""

import os
import signal
import subprocess
import sys
import time

import pytest
from django_q.models import OrmQ, Success

from tests.awards.conftest import DECIDED_ON, stage
from tests.conftest import process_env
from tests.nominations.conftest import campaign, forms  # noqa: F401
from thidua.awards import services
from thidua.awards.enums import BatchState
from thidua.awards.models import Certificate, CertificateBatch

RETRY = 12  # seconds before the queue delivers again a task whose worker died


def _worker(tmp_path):
    # the worker gets its own copy of the log's descriptor: ours is closed once it has started
    with open(tmp_path / "worker.log", "ab") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "thidua", "qcluster"],
            env=process_env(
                tmp_path,
                THIDUA_TASK_TIMEOUT=str(RETRY - 2),
                THIDUA_TASK_RETRY=str(RETRY),
                THIDUA_TASK_WORKERS="1",
            ),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: kill -9 reaches every process of it
        )


def _wait(predicate, seconds: float, step: float = 0.01):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_batch_is_restarted_and_prints_each_certificate_once(
    campaign, forms, world, focal_a, focal_b, secretariat, chair, tmp_path, settings
):  # noqa: F811
    # A folder of its own: the worker process's folder is shared by the tests it runs, some of
    # which print certificates too, and the files are counted below.
    settings.MEDIA_ROOT = tmp_path / "media"
    for form in forms.values():  # a batch long enough to be stopped half-way
        type(form).objects.filter(pk=form.pk).update(quota=60)
    staged = stage(
        campaign=campaign,
        forms=forms,
        world=world,
        focal_a=focal_a,
        focal_b=focal_b,
        secretariat=secretariat,
        collectives=2,
        individuals=50,
    )
    services.fund_set_budget(actor=secretariat, unit=world.district, year=2024, budget=10**9)
    decision = services.decision_create(
        actor=secretariat, campaign=staged.campaign, decided_on=DECIDED_ON
    )
    decision = services.decision_issue(actor=chair, decision=decision)
    certificates = Certificate.objects.filter(award__decision=decision)
    total = certificates.count()
    assert total == 52

    settings.THIDUA_TASKS_SYNC = False  # queued for the worker, as in production
    batch = services.certificate_batch_start(actor=secretariat, decision=decision)
    assert OrmQ.objects.count() == 1  # committed (transactional test): on the queue

    worker = _worker(tmp_path)
    try:
        running = _wait(
            lambda: CertificateBatch.objects.get(pk=batch.pk).state == BatchState.RUNNING, 60
        )
        assert running, "the worker never took the batch"
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(10)
        batch.refresh_from_db()
        assert batch.state == BatchState.RUNNING  # killed half-way, not finished
        assert batch.print_pdf.name == ""

        worker = _worker(tmp_path)  # restarted: the task is delivered again after RETRY s
        finished = _wait(
            lambda: CertificateBatch.objects.get(pk=batch.pk).state in BatchState.finished(),
            RETRY + 60,
            step=0.2,
        )
        assert finished, "the batch never finished after the restart"
        assert _wait(lambda: not OrmQ.objects.exists(), 10, step=0.2)  # acknowledged
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(30)

    batch.refresh_from_db()
    assert (batch.state, batch.done, batch.error) == (BatchState.DONE, total, "")
    assert certificates.count() == total  # printing never makes certificates
    names = [c.pdf.name for c in certificates]
    assert all(names) and len(set(names)) == total
    folder = settings.MEDIA_ROOT / "certificates"
    files = sorted(p.name for p in folder.iterdir() if p.name.startswith("giay-khen-"))
    # One file per certificate and one print file: nothing left twice by the killed run.
    assert len(files) == total + 1, files
    assert Success.objects.filter(func="thidua.awards.services.certificate_batch_task").count() == 1
