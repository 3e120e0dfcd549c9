"""Running a certificate batch away from the request: after the transaction commits, in a
thread of the web process (the batch itself uses spawned processes for large decisions).
`THIDUA_CERTIFICATE_BATCH_INLINE = True` runs it in the request instead (tests)."""

import threading

from django.conf import settings
from django.db import close_old_connections, connection, transaction


def _run(batch_id: int) -> None:
    from thidua.awards.services import certificate_batch_run

    close_old_connections()
    try:
        certificate_batch_run(batch_id=batch_id)
    finally:
        connection.close()


def launch(batch_id: int) -> None:
    if getattr(settings, "THIDUA_CERTIFICATE_BATCH_INLINE", False):
        _inline(batch_id)
        return
    transaction.on_commit(
        lambda: threading.Thread(target=_run, args=(batch_id,), daemon=True).start()
    )


def _inline(batch_id: int) -> None:
    from thidua.awards.services import certificate_batch_run

    certificate_batch_run(batch_id=batch_id)
