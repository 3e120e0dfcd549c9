"""Two app instances, as on two hosts: separate processes with separate media folders and
var/ folders, sharing only the database, the cache (Redis when REDIS_URL is set, as on the
PostgreSQL run of CI) and an S3-compatible object store (a local stand-in server, moto's, on
loopback). A file uploaded through one instance is served by the other; a job queued through
one is done by the worker of the other, and its result is served by the first."""

import contextlib
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import boto3
import pytest
import requests
from django.test import Client

from tests.conftest import login, process_env
from tests.nominations.conftest import campaign, forms, pdf_upload, proposal_a  # noqa: F401
from thidua.monitoring.enums import JobState
from thidua.monitoring.models import Job
from thidua.nominations import services as nomination_services
from thidua.nominations.models import Document

pytestmark = pytest.mark.django_db(transaction=True)

BUCKET = "thidua-files"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(predicate, seconds: float, step: float = 0.1) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


@pytest.fixture
def object_store(tmp_path):
    """A local S3 stand-in (moto's server) on loopback, with an empty private bucket."""
    port = _free_port()
    with open(tmp_path / "s3.log", "ab") as log:  # the server keeps its own descriptor
        server = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("moto_server")),
                "-H",
                "127.0.0.1",
                "-p",
                str(port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
    endpoint = f"http://127.0.0.1:{port}"
    s3 = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="thidua",
        aws_secret_access_key="thidua-secret",
        region_name="us-east-1",
    )

    def up():
        try:
            s3.list_buckets()
            return True
        except Exception:
            assert server.poll() is None, "the S3 stand-in stopped"
            return False

    try:
        assert _wait(up, 30), "the S3 stand-in never answered"
        s3.create_bucket(Bucket=BUCKET)
        yield endpoint, s3
    finally:
        server.terminate()
        server.wait(10)


@contextlib.contextmanager
def _instances(*envs: dict, logs: list[Path]):
    """App instances, started side by side: `thidua runserver` each (DEBUG: static files
    without a collectstatic run)."""
    started = []
    for env, log in zip(envs, logs, strict=True):
        port = _free_port()
        with open(log, "ab") as err:  # the server keeps its own descriptor
            proc = subprocess.Popen(
                [sys.executable, "-m", "thidua", "runserver", "--noreload", f"127.0.0.1:{port}"],
                env={**env, "DEBUG": "true"},
                stdout=subprocess.DEVNULL,
                stderr=err,
            )
        started.append((proc, f"http://127.0.0.1:{port}", log))

    def up(proc, base, log):
        try:
            return requests.get(f"{base}/healthz", timeout=1).status_code == 200
        except requests.RequestException:
            assert proc.poll() is None, log.read_text()[-3000:]
            return False

    try:
        for proc, base, log in started:
            assert _wait(lambda p=proc, b=base, lg=log: up(p, b, lg), 60), "no answer"
        yield [base for _, base, _ in started]
    finally:
        for proc, _, _ in started:
            proc.terminate()
        for proc, _, _ in started:
            proc.wait(20)


def _host_env(tmp_path, name: str, endpoint: str) -> dict:
    home = tmp_path / name
    (home / "media").mkdir(parents=True)
    return process_env(
        home,
        MEDIA_ROOT=str(home / "media"),
        THIDUA_S3_BUCKET=BUCKET,
        THIDUA_S3_ENDPOINT_URL=endpoint,
        THIDUA_S3_REGION="us-east-1",
        THIDUA_S3_ACCESS_KEY="thidua",
        THIDUA_S3_SECRET_KEY="thidua-secret",
        THIDUA_TASKS_SYNC="false",
    )


def _session(client: Client) -> requests.Session:
    """A browser for the instances, signed in with the session the test client opened."""
    browser = requests.Session()
    browser.cookies.set("sessionid", client.cookies["sessionid"].value)
    return browser


def _post_form(browser: requests.Session, base: str, page: str, data: dict, *, to="", files=None):
    """Open `page` (for its CSRF token), then post its form to `to` (default: the page)."""
    opened = browser.get(f"{base}{page}", timeout=30)
    assert opened.status_code == 200, opened.status_code
    token = CSRF.search(opened.text).group(1)
    return browser.post(
        f"{base}{to or page}",
        data={"csrfmiddlewaretoken": token, **data},
        files=files,
        allow_redirects=False,
        timeout=30,
    )


def test_a_file_and_a_job_cross_between_two_instances(
    object_store,
    campaign,
    forms,
    proposal_a,
    focal_a,
    secretariat,
    tmp_path,  # noqa: F811
):
    endpoint, s3 = object_store
    env_a, env_b = (_host_env(tmp_path, name, endpoint) for name in ("a", "b"))
    nomination_services.nominee_add(
        actor=focal_a, proposal=proposal_a, award_form=forms["collective"]
    )
    item = forms["collective"].checklist.get(name__startswith="Tờ trình")
    pdf = pdf_upload("tờ trình đã ký").data

    with _instances(env_a, env_b, logs=[tmp_path / "a.log", tmp_path / "b.log"]) as (a, b):
        # A unit's focal point uploads the signed letter through instance A ...
        unit = _session(login(Client(), focal_a))
        answer = _post_form(
            unit,
            a,
            f"/de-nghi/{proposal_a.pk}/",
            {"action": "upload", "item": item.pk, "nominee": ""},
            files={"file": ("to-trinh.pdf", pdf, "application/pdf")},
        )
        assert answer.status_code == 302, answer.text[:2000]
        doc = Document.objects.get()
        # ... it is in the shared object store, on neither host's disk ...
        stored = s3.get_object(Bucket=BUCKET, Key=doc.file.name)["Body"].read()
        assert stored == pdf
        for env in (env_a, env_b):
            assert not any(Path(env["MEDIA_ROOT"]).rglob("*.pdf"))
        # ... and instance B serves it.
        served = unit.get(f"{b}/de-nghi/tai-lieu/{doc.pk}/", timeout=30)
        assert served.status_code == 200
        assert served.content == pdf

        # The secretariat asks instance A for an export; A has no worker, so it waits ...
        office = _session(login(Client(), secretariat))
        queued = _post_form(
            office,
            a,
            f"/phong-trao/{campaign.pk}/bang-dieu-khien/",
            {"kind": "units_export"},
            to=f"/phong-trao/{campaign.pk}/viec/",
        )
        assert queued.status_code == 302 and "/viec/" in queued.headers["Location"]
        job = Job.objects.get()
        time.sleep(1)
        job.refresh_from_db()
        assert job.state == JobState.PENDING

        # ... until the worker of instance B takes it and stores the result ...
        with open(tmp_path / "worker-b.log", "ab") as log:  # the worker keeps its own copy
            worker = subprocess.Popen(
                [sys.executable, "-m", "thidua", "qcluster"],
                env={**env_b, "THIDUA_TASK_WORKERS": "1"},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            done = _wait(
                lambda: Job.objects.get(pk=job.pk).state in JobState.finished(), 90, step=0.3
            )
        finally:
            worker.terminate()
            worker.wait(30)
        job.refresh_from_db()
        assert done, (tmp_path / "worker-b.log").read_text()[-3000:]
        assert job.state == JobState.DONE, job.message
        assert s3.head_object(Bucket=BUCKET, Key=job.file.name)["ContentLength"] > 0
        # ... which instance A hands out.
        result = office.get(f"{a}/viec/{job.pk}/tep/1/", timeout=30)
        assert result.status_code == 200
        assert result.content[:2] == b"PK"  # an .xlsx
        assert result.content == s3.get_object(Bucket=BUCKET, Key=job.file.name)["Body"].read()
