"""``flask worker``: run background jobs (imports, detection) beside gunicorn, until stopped."""

from __future__ import annotations

import signal
import threading

import click
from flask import current_app


@click.command("worker")
@click.option("--poll", default=1.0, show_default=True, help="Seconds to wait when the queue is empty.")
@click.option("--once", is_flag=True, help="Run the queued jobs, then exit.")
def worker_command(poll: float, once: bool) -> None:
    """Claim and run queued jobs; several workers never run the same job."""
    from enforcement.services import jobs

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    name = jobs.worker_name()
    if once:
        count = 0
        while jobs.work_once(name) is not None:
            count += 1
        click.echo(f"Đã chạy {count} công việc.")
        return
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    click.echo(f"Worker {name}: đang chờ công việc (Ctrl+C để dừng).")
    jobs.work(app, stop, poll=poll, worker=name)
    click.echo("Worker đã dừng.")


COMMANDS = (worker_command,)
