"""E-mails go through the task queue from an outbox written in the deciding transaction: each
is sent once even when the task is delivered twice, a failed SMTP call is kept and retried, and
a claim left by a worker that died is taken over after a while."""

import datetime as dt
import socket

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories import UserFactory
from thidua.core.models import OutgoingEmail
from thidua.core.services import emails_send, notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return [UserFactory(username=f"nguoi{i}", email=f"nguoi{i}@example.vn") for i in range(2)]


def test_notify_sends_each_email_once_even_when_the_task_runs_again(people):
    notify(users=people, title="Nhắc hạn nộp hồ sơ", body="Còn 2 ngày.", url="/de-nghi/1/")
    assert sorted(m.to[0] for m in mail.outbox) == ["nguoi0@example.vn", "nguoi1@example.vn"]
    assert mail.outbox[0].subject == "Nhắc hạn nộp hồ sơ"
    assert mail.outbox[0].body.startswith("Còn 2 ngày.\n\nhttp")
    ids = list(OutgoingEmail.objects.values_list("pk", flat=True))
    assert OutgoingEmail.objects.filter(sent_at__isnull=False).count() == 2

    assert emails_send(ids) == 0  # delivered again: nothing is sent twice
    assert len(mail.outbox) == 2


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when the block ends: connections are refused


def test_a_failed_smtp_call_is_kept_on_the_row_and_sent_later(people, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", _closed_port()
    notify(users=people[:1], title="Kết quả thẩm định", body="Đã thẩm định.")
    email = OutgoingEmail.objects.get()
    assert (email.sent_at, email.claimed_at, email.attempts) == (None, None, 1)
    assert "refused" in email.error.lower() or "111" in email.error

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert emails_send([email.pk]) == 1  # the retry, once the server is back
    email.refresh_from_db()
    assert email.sent_at is not None and email.attempts == 2 and email.error == ""
    assert [m.to for m in mail.outbox] == [["nguoi0@example.vn"]]


def test_a_claim_left_by_a_dead_worker_is_taken_over_only_when_stale(people):
    email = OutgoingEmail.objects.create(
        subject="Thư", body="Nội dung", from_email="thidua@localhost", to="a@example.vn",
        claimed_at=timezone.now() - dt.timedelta(minutes=1), attempts=1,
    )  # fmt: skip
    assert emails_send([email.pk]) == 0  # another worker may be sending it right now
    OutgoingEmail.objects.filter(pk=email.pk).update(
        claimed_at=timezone.now() - dt.timedelta(minutes=11)
    )
    assert emails_send([email.pk]) == 1
    assert [m.to for m in mail.outbox] == [["a@example.vn"]]
