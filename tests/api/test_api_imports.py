"""Ledger imports through the API: the shared sample files, accepted, duplicate, rejected, refused."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from enforcement.extensions import db
from enforcement.models import ImportBatch, LedgerRow
from tests.shared_data import SHARED_DATA

DATA = SHARED_DATA


def _upload(client, name: str, data: bytes | None = None):
    content = data if data is not None else (DATA / name).read_bytes()
    return client.post("/imports", data={"file": (io.BytesIO(content), Path(name).name)},
                       content_type="multipart/form-data")


def _ledger_rows(office_id: int) -> int:
    query = db.select(db.func.count()).select_from(LedgerRow).where(LedgerRow.office_id == office_id)
    return db.session.scalar(query)


def test_a_valid_csv_is_accepted_with_its_counts(api, world):
    response = _upload(api.as_(world.inspector), "ledger_small.csv")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["status"] == "accepted"
    assert body["rows_total"] == 432
    assert body["rows_inserted"] == 432
    assert body["employers_created"] == 12
    assert "432" in body["message"]
    assert _ledger_rows(world.office.id) == 432


def test_the_same_file_again_is_a_duplicate_that_changes_nothing(api, world):
    client = api.as_(world.supervisor)
    first = _upload(client, "ledger_small.csv").get_json()
    again = _upload(client, "ledger_small.csv")
    assert again.status_code == 200
    body = again.get_json()
    assert body["status"] == "duplicate"
    assert body["duplicate_of"] == first["batch_id"]
    assert _ledger_rows(world.office.id) == 432


def test_a_raw_body_with_a_file_name_is_accepted(api, world):
    client = api.as_(world.inspector)
    data = (DATA / "ledger_small_en.csv").read_bytes()
    response = client.post("/imports?file_name=so-thang.csv", data=data, content_type="text/csv")
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["file_name"] == "so-thang.csv"
    assert response.get_json()["status"] == "accepted"


def test_an_invalid_csv_is_422_with_every_rejected_row_and_writes_nothing(api, world):
    response = _upload(api.as_(world.inspector), "bad/bad_taxcode_check_digit.csv")
    assert response.status_code == 422
    body = response.get_json()
    assert body["error"] == "ImportRejected"
    assert body["status"] == "rejected"
    [error] = body["errors"]
    assert (error["row"], error["column"]) == (7, "ma_so_thue")
    assert error["message"]
    assert _ledger_rows(world.office.id) == 0


@pytest.mark.parametrize("name", ["bad/not_a_csv_png.csv", "bad/empty.csv"])
def test_a_file_that_is_not_a_ledger_is_refused_with_422(api, world, name):
    response = _upload(api.as_(world.inspector), name)
    assert response.status_code == 422
    body = response.get_json()
    assert body["error"] == "ImportRejected"
    assert body["message"]


def test_a_body_over_the_size_limit_is_413(api, app, world, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1000)
    response = _upload(api.as_(world.inspector), "ledger_small.csv")
    assert response.status_code == 413
    assert response.get_json()["error"] == "RequestEntityTooLarge"


def test_a_request_without_a_file_is_422(api, world):
    client = api.as_(world.inspector)
    assert client.post("/imports", data={"other": "x"}, content_type="multipart/form-data").status_code == 422
    response = client.post("/imports")
    assert response.status_code == 422
    assert "file" in response.get_json()["errors"]


def test_an_import_record_can_be_read_back(api, world):
    client = api.as_(world.inspector)
    batch_id = _upload(client, "bad/bad_taxcode_check_digit.csv").get_json()["batch_id"]
    response = client.get(f"/imports/{batch_id}")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "rejected"
    assert body["rows_rejected"] == 1
    assert body["errors"][0]["row"] == 7
    assert body["user"]["id"] == world.inspector.id


def test_an_import_of_another_office_is_404(api, world, other):
    batch_id = _upload(api.as_(other.inspector), "bad/bad_taxcode_check_digit.csv").get_json()["batch_id"]
    assert api.as_(world.supervisor).get(f"/imports/{batch_id}").status_code == 404
    assert db.session.get(ImportBatch, batch_id).office_id == other.office.id


def test_legal_staff_do_not_import(api, world):
    response = _upload(api.as_(world.legal), "ledger_small.csv")
    assert response.status_code == 403
    assert _ledger_rows(world.office.id) == 0
