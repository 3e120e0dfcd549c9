"""Background jobs run by the task queue: a failure retries with backoff, then ends FAILED with
a Vietnamese message on the job's page; a refusal fails at once; a second delivery of a
finished job does nothing."""

import pytest
from django.core.exceptions import ValidationError

from thidua.monitoring import jobs as job_handlers
from thidua.monitoring import services as monitoring_services
from thidua.monitoring.models import Job

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(monitored, secretariat, settings):
    settings.THIDUA_TASKS_SYNC = False  # created and queued; the test runs it
    return monitoring_services.job_create(
        actor=secretariat, kind="units_export", campaign=monitored
    )


def test_a_failing_job_retries_with_backoff_then_ends_failed_and_visible(job, monkeypatch):
    def broken(job):
        raise OSError("Không còn chỗ trống trên ổ đĩa")

    monkeypatch.setitem(job_handlers.HANDLERS, job.kind, broken)
    monitoring_services.job_execute(job.pk)
    job.refresh_from_db()
    assert (job.state, job.attempts) == ("pending", 1)
    assert job.message.startswith("Lần chạy thứ 1 bị lỗi; sẽ tự chạy lại lúc ")
    monitoring_services.job_execute(job.pk)
    monitoring_services.job_execute(job.pk)
    job.refresh_from_db()
    assert (job.state, job.attempts) == ("failed", 3)
    assert job.message == "Bị lỗi: Đã thử 3 lần vẫn bị lỗi: Không còn chỗ trống trên ổ đĩa"
    assert not job.file
    # Delivered again after it ended: nothing happens.
    monitoring_services.job_execute(job.pk)
    job.refresh_from_db()
    assert (job.state, job.attempts) == ("failed", 3)


def test_a_refused_job_fails_at_once_with_its_vietnamese_reason(job, monkeypatch):
    def refused(job):
        raise ValidationError("Phong trào không còn trong phạm vi của bạn.")

    monkeypatch.setitem(job_handlers.HANDLERS, job.kind, refused)
    monitoring_services.job_execute(job.pk)
    job.refresh_from_db()
    assert (job.state, job.attempts) == ("failed", 1)
    assert job.message == "Bị lỗi: Phong trào không còn trong phạm vi của bạn."
    assert Job.objects.count() == 1
