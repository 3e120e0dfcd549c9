"""`thidua worker`: the periodic jobs (for now, automatic deadline reminders).

Runs a round every `--interval` seconds until stopped, or one round with `--once` (for cron).
SIGTERM or SIGINT lets the round in progress finish, then the worker exits with status 0.
Every job is safe to run from several workers at once (see the job's own docstring).
"""

import logging
import signal
import threading
import time
from collections.abc import Callable

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from thidua.campaigns import services

logger = logging.getLogger("thidua.worker")

VERBOSITY_LEVELS = {0: logging.WARNING, 1: logging.INFO}


def _reminders() -> str:
    sent = services.reminders_send_due()
    if not sent:
        return "không có đơn vị nào đến hạn nhắc"
    return f"đã nhắc {sent} đơn vị chưa gửi kế hoạch"


# (name, job): each job does its work and says in Vietnamese what it did.
JOBS: list[tuple[str, Callable[[], str]]] = [
    ("Nhắc hạn đăng ký thi đua và gửi kế hoạch", _reminders),
]


class Command(BaseCommand):
    help = (
        "Chạy các việc định kỳ (nhắc hạn đăng ký thi đua và gửi kế hoạch tự động) cứ mỗi "
        "--interval giây cho đến khi dừng (SIGTERM, Ctrl+C); --once chạy một lượt rồi thoát "
        "(dùng với cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=int, default=300,
            help="số giây giữa hai lượt chạy (mặc định 300)",
        )  # fmt: skip
        parser.add_argument("--once", action="store_true", help="chạy một lượt rồi thoát")

    def handle(self, *args, interval: int, once: bool, verbosity: int, **opts):
        if interval < 1:
            raise CommandError("--interval phải là số giây lớn hơn 0.")
        logger.setLevel(VERBOSITY_LEVELS.get(verbosity, logging.DEBUG))
        self._stop = threading.Event()
        previous = {}
        if threading.current_thread() is threading.main_thread():  # signals reach only it
            previous = {
                sig: signal.signal(sig, self._request_stop)
                for sig in (signal.SIGTERM, signal.SIGINT)
            }
        try:
            failed = self._run(interval=interval, once=once)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        if once and failed:
            raise CommandError("Lượt chạy có việc bị lỗi (xem nhật ký ở trên).")

    def _request_stop(self, signum, frame) -> None:
        logger.info("Nhận tín hiệu %s: dừng sau khi xong lượt đang chạy.",
                    signal.Signals(signum).name)  # fmt: skip
        self._stop.set()

    def _run(self, *, interval: int, once: bool) -> bool:
        if once:
            return self._round()
        logger.info("Bắt đầu chạy việc định kỳ, mỗi lượt cách nhau %d giây.", interval)
        failed = False
        while not self._stop.is_set():
            failed = self._round()
            if self._stop.wait(interval):
                break
            # A long-lived process must not keep a connection the database has dropped.
            close_old_connections()
        logger.info("Đã dừng việc định kỳ.")
        return failed

    def _round(self) -> bool:
        """Run every job once; a failing job is logged and does not stop the others."""
        failed = False
        for name, job in JOBS:
            started = time.monotonic()
            try:
                outcome = job()
            except Exception:
                failed = True
                logger.exception("%s: lỗi, sẽ thử lại ở lượt sau.", name)
                continue
            logger.info("%s: %s (%.1f giây).", name, outcome, time.monotonic() - started)
        return failed
