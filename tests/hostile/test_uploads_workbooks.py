"""Issue 12 item 1: a workbook cannot take down the process that reads it.

The attack: a 1.7 KB XLSX with one cell at ``XFD1048576`` made the spreadsheet
reader allocate 549 755 813 888 bytes and abort the gunicorn worker (through
``POST /api/v1/imports``) or ``flask worker`` (through the upload page), and a
10 MB zip unpacking to 2 GB ran the process out of memory.  Now the archive is
checked first (``services/workbook.check_archive``) and the sheet is decoded in
a child process with memory, CPU and wall-time limits: each file below gets a
422 / a failed job naming the problem, nothing is written, and this process —
the one that served the request or ran the job — is alive and serves the next.
"""

from __future__ import annotations

import io
import os

import pytest

from enforcement.extensions import db
from enforcement.models import ImportBatch, Job, LedgerRow
from enforcement.services import jobs
from enforcement.services.ledger_parse import FileRefused, parse_ledger
from enforcement.services.tax_parse import parse_tax
from enforcement.services.workbook import MAX_COLUMNS, MAX_MEMBERS, read_sheet
from tests.hostile import xlsx_bombs
from tests.shared_data import SHARED_DATA

BOMBS = {
    "dimension": (xlsx_bombs.dimension_bomb, f"vượt giới hạn {MAX_COLUMNS} cột"),
    "far cell, undeclared": (xlsx_bombs.undeclared_far_cell, "vượt giới hạn bộ nhớ hoặc thời gian"),
    "zip bomb": (xlsx_bombs.zip_bomb, "bom nén"),
    "too many parts": (xlsx_bombs.many_members, f"vượt giới hạn {MAX_MEMBERS}"),
    "encrypted part": (xlsx_bombs.encrypted_flag, "mã hóa"),
}


def test_the_issue_file_is_small():
    assert len(xlsx_bombs.dimension_bomb()) < 2_000


@pytest.mark.parametrize("name", list(BOMBS))
def test_each_hostile_workbook_is_refused_by_the_ledger_and_the_tax_readers(name):
    make, reason = BOMBS[name]
    data = make()
    with pytest.raises(FileRefused, match=reason):
        parse_ledger(data)
    with pytest.raises(FileRefused, match=reason):
        parse_tax(data)


def test_a_real_workbook_still_reads_in_the_child_process():
    rows = read_sheet((SHARED_DATA / "ledger_small.xlsx").read_bytes())
    assert len(rows) == 433 and rows[0][0] == "ma_don_vi"
    result = parse_ledger((SHARED_DATA / "ledger_small.xlsx").read_bytes())
    assert result.ok and len(result.rows) == 432


@pytest.mark.parametrize("name", list(BOMBS))
def test_through_the_api_each_is_a_422_naming_the_file_and_nothing_is_written(api, world, name):
    make, reason = BOMBS[name]
    client = api.as_(world.inspector)
    response = client.post("/imports", data={"file": (io.BytesIO(make()), "so-thu.xlsx")},
                           content_type="multipart/form-data")
    assert response.status_code == 422
    body = response.get_json()
    assert body["error"] == "ImportRejected" and reason in body["message"]
    assert db.session.scalar(db.select(db.func.count()).select_from(LedgerRow)) == 0
    # the process that answered is alive and answers the next request
    good = (SHARED_DATA / "ledger_small.csv").read_bytes()
    again = client.post("/imports", data={"file": (io.BytesIO(good), "ledger_small.csv")},
                        content_type="multipart/form-data")
    assert again.status_code == 200 and again.get_json()["rows_inserted"] == 432
    assert os.getpid()  # (this very process ran both)


def test_the_worker_fails_the_bomb_job_with_the_reason_and_runs_the_next_job(ctx, world):
    bomb = jobs.enqueue(jobs.IMPORT_LEDGER, world.office, world.inspector,
                        {"file_name": "bom.xlsx"}, xlsx_bombs.undeclared_far_cell())
    good = jobs.enqueue(jobs.IMPORT_LEDGER, world.office, world.inspector,
                        {"file_name": "ledger_small.csv"}, (SHARED_DATA / "ledger_small.csv").read_bytes())
    first = jobs.work_once("w")
    assert first.id == bomb.id and first.status == "failed"
    assert "vượt giới hạn bộ nhớ hoặc thời gian" in first.error
    second = jobs.work_once("w")
    assert second.id == good.id and second.status == "done"
    assert db.session.get(Job, good.id).status.value == "done"
    assert db.session.scalar(db.select(db.func.count()).select_from(LedgerRow)) == 432
    assert db.session.scalar(db.select(db.func.count()).select_from(ImportBatch)) == 1
