"""``flask backup OUTFILE``: an online SQLite copy that restores into a working database; pg_dump for PostgreSQL.

These tests build their own SQLite files (not the suite's database), so they
run the same under ``TEST_DATABASE_URL`` pointing at PostgreSQL.
"""

from __future__ import annotations

import shutil
import sqlite3
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from enforcement import create_app
from enforcement.db import Base
from enforcement.extensions import db
from enforcement.models import Document
from enforcement.services.backup import BackupError, backup_sqlite, pg_dump_command
from enforcement.services.documents import verified_bytes


def _app(monkeypatch, path: Path):
    monkeypatch.setenv("TEST_DATABASE_URL", f"sqlite:///{path}")
    return create_app("testing")


def _counts() -> dict[str, int]:
    return {t.name: db.session.scalar(sa.select(sa.func.count()).select_from(t)) for t in Base.metadata.sorted_tables}


@pytest.fixture
def live(monkeypatch, tmp_path):
    """A SQLite database with an office, cases walked through the workflow (documents, hash-chained events)."""
    from tests.builders import evading_world

    app = _app(monkeypatch, tmp_path / "live.db")
    with app.app_context():
        upgrade()
        evading_world()
        counts = _counts()
        db.session.remove()
    assert counts["case_events"] > 3 and counts["documents"] > 2
    return app, counts


def test_a_backup_restores_into_a_database_that_verifies_and_has_every_row(live, monkeypatch, tmp_path):
    app, counts = live
    backup = tmp_path / "backups" / "ecm.sqlite"
    result = app.test_cli_runner().invoke(args=["backup", str(backup)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("OK:") and str(backup) in result.output
    restored = tmp_path / "restored.db"
    shutil.copy(backup, restored)
    again = _app(monkeypatch, restored)
    verify = again.test_cli_runner().invoke(args=["verify-audit"])
    assert verify.exit_code == 0 and verify.output.startswith("OK"), verify.output
    with again.app_context():
        assert _counts() == counts
        for document in db.session.scalars(sa.select(Document)):
            verified_bytes(document)  # every PDF still matches its SHA-256
        db.session.remove()


def test_a_backup_never_overwrites_without_force_and_leaves_no_partial_file(live, tmp_path):
    app = live[0]
    target = tmp_path / "ecm.sqlite"
    target.write_bytes(b"an older backup")
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["backup", str(target)])
    assert refused.exit_code == 1 and target.read_bytes() == b"an older backup"
    assert runner.invoke(args=["backup", "--force", str(target)]).exit_code == 0
    assert sqlite3.connect(target).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []


def test_a_backup_taken_while_another_process_writes_is_consistent(live, tmp_path):
    app, counts = live
    source = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    stop = threading.Event()
    written = []

    def writer() -> None:  # another connection, as another gunicorn worker would be
        connection = sqlite3.connect(source, timeout=30, isolation_level=None)
        while not stop.is_set():
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("UPDATE number_registers SET last_number = last_number + 0")
            connection.execute("INSERT INTO calendar_days (day, kind, note, created_at) VALUES "
                               "(date('2030-01-01', '+' || ? || ' days'), 'day_off', 'x', '2026-01-01')",
                               (len(written),))
            connection.execute("COMMIT")
            written.append(1)
        connection.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        with app.app_context():
            result = backup_sqlite(db.engine, tmp_path / "during.sqlite")
            db.session.remove()
    finally:
        stop.set()
        thread.join()
    assert written and result.tables["case_events"] == counts["case_events"]
    copy = sqlite3.connect(tmp_path / "during.sqlite")
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("SELECT count(*) FROM calendar_days").fetchone()[0] <= len(written)


def test_on_postgresql_backup_prints_the_pg_dump_command_and_exits_2(monkeypatch):
    monkeypatch.setenv("TEST_DATABASE_URL", "postgresql+psycopg://ecm:s3cret@db.internal:5433/ecm_prod")
    app = create_app("testing")
    result = app.test_cli_runner().invoke(args=["backup", "/backups/ecm.dump"])
    assert result.exit_code == 2
    assert "pg_dump --format=custom --no-owner --no-privileges --file=/backups/ecm.dump" in result.output
    assert "--host=db.internal --port=5433 --username=ecm --dbname=ecm_prod" in result.output
    assert "s3cret" not in result.output and "pg_restore" in result.output


def test_pg_dump_command_quotes_what_the_shell_would_split():
    command = pg_dump_command("postgresql+psycopg://u@h/db", "/backups/ngày 1.dump")
    assert command.endswith("'--file=/backups/ngày 1.dump' --host=h --username=u --dbname=db")


def test_an_in_memory_database_cannot_be_backed_up(monkeypatch):
    engine = sa.create_engine("sqlite://")
    with pytest.raises(BackupError):
        backup_sqlite(engine, "/tmp/never-written.sqlite")
    assert not Path("/tmp/never-written.sqlite").exists()
