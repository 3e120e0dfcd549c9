"""`thidua jobs`: the monitoring app's periodic work — reminder rules and background jobs
(exports, the summary report) — every `--interval` seconds until stopped, or one round with
`--once` (cron). The same loop, signals and logging as `thidua worker` (campaigns), whose
registration reminders it does not repeat. Safe to run beside other workers: a reminder is
sent once, a job is run by one worker."""

import logging
import time

from thidua.campaigns.management.commands import worker
from thidua.monitoring.services import worker_jobs

logger = logging.getLogger("thidua.worker")


class Command(worker.Command):
    help = (
        "Chạy nhắc hạn theo quy tắc và các việc chạy nền (xuất Excel, báo cáo tổng kết) cứ mỗi "
        "--interval giây cho đến khi dừng (SIGTERM, Ctrl+C); --once chạy một lượt rồi thoát."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=5,
                            help="số giây giữa hai lượt chạy (mặc định 5)")  # fmt: skip
        parser.add_argument("--once", action="store_true", help="chạy một lượt rồi thoát")

    def _round(self) -> bool:
        failed = False
        for name, job in worker_jobs():
            started = time.monotonic()
            try:
                outcome = job()
            except Exception:
                failed = True
                logger.exception("%s: lỗi, sẽ thử lại ở lượt sau.", name)
                continue
            logger.info("%s: %s (%.1f giây).", name, outcome, time.monotonic() - started)
        return failed
