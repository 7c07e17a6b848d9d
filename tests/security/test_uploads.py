"""Uploads: size limits, type judged by content, names kept as display text only, bytes kept in the database.

Ledger files (UI upload queued as a job, API import) and evidence files (UI).
Limits are lowered for the test through the application's configuration.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import sqlalchemy as sa

from enforcement.extensions import db
from enforcement.models import Evidence, ImportBatch, Job, Role
from enforcement.services import ledger_parse
from tests import evidence_files
from tests.security.helpers import PNG, Browser, bearer, counts, fingerprint, tokens_for
from tests.security.test_hostile_ledger import csv_file

PDF = evidence_files.pdf()
JPEG = evidence_files.jpeg()
REAL_PNG = evidence_files.png()
# name sent → what the stored display name ends with (None: the upload may be refused whole instead)
HOSTILE_NAMES = {
    "../../etc/passwd": "passwd",
    "..\\..\\Windows\\system32\\config.pdf": "config.pdf",
    "C:\\Users\\x\\Biên bản.pdf": "Biên bản.pdf",
    "/var/www/static/evil.pdf": "evil.pdf",
    "a\x00b\r\nSet-Cookie: x=1.pdf": None,
    "....pdf": "pdf",
}


def _tree(path: Path) -> set[str]:
    return {str(p.relative_to(path)) for p in path.rglob("*")} if path.exists() else set()


@pytest.fixture
def small_limits(app, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_LEDGER_BYTES", 4096)
    monkeypatch.setitem(app.config, "MAX_EVIDENCE_BYTES", 4096)
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 8192)


def _upload_evidence(browser: Browser, case_id: int, data: bytes, name: str):
    return browser.client.post(
        f"/cases/{case_id}/evidence",
        data={"csrf_token": browser.csrf(), "category": "payroll", "description": "Bảng lương", "copy_form": "original",
              "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def _evidence_of(case_id: int) -> list[Evidence]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Evidence).where(Evidence.case_id == case_id).order_by(Evidence.id)))


# --------------------------------------------------------------------------- size


def test_a_request_body_over_max_content_length_is_413_before_anything_runs(app, estate, small_limits):
    tokens_for(app, estate)
    browser = Browser(app, estate.users[Role.INSPECTOR])
    before = fingerprint()
    api = app.test_client().post("/api/v1/imports?file_name=big.csv", data=b"x" * 9000,
                                 headers=bearer(estate.tokens[Role.INSPECTOR]) | {"Content-Type": "text/csv"})
    assert api.status_code == 413 and api.get_json()["error"] == "RequestEntityTooLarge"
    page = browser.client.post("/imports/upload", data={"csrf_token": browser.csrf(),
                                                       "file": (io.BytesIO(b"x" * 9000), "big.csv")},
                               content_type="multipart/form-data")
    assert page.status_code == 413 and "vượt quá dung lượng" in page.get_data(as_text=True)
    evidence = _upload_evidence(browser, estate.case.id, PNG + b"\x00" * 9000, "big.png")
    assert evidence.status_code == 413
    assert fingerprint() == before


def test_a_ledger_over_its_limit_is_refused_before_parsing(app, estate, small_limits, monkeypatch):
    sniffed = []
    monkeypatch.setattr(ledger_parse, "sniff_format", lambda head: sniffed.append(1) or "csv")
    tokens_for(app, estate)
    big = csv_file() + b"#" * 5000  # over MAX_LEDGER_BYTES, under MAX_CONTENT_LENGTH
    response = app.test_client().post("/api/v1/imports?file_name=big.csv", data=big,
                                      headers=bearer(estate.tokens[Role.INSPECTOR]) | {"Content-Type": "text/csv"})
    assert response.status_code == 422 and "quá lớn" in response.get_json()["message"]
    assert sniffed == []
    browser = Browser(app, estate.users[Role.INSPECTOR])
    jobs_before = counts()["jobs"]
    form = {"csrf_token": browser.csrf(), "file": (io.BytesIO(big), "b.csv")}
    page = browser.client.post("/imports/upload", data=form, content_type="multipart/form-data",
                               follow_redirects=True)
    assert "quá lớn" in page.get_data(as_text=True) and counts()["jobs"] == jobs_before  # nothing queued


def test_an_evidence_file_over_its_limit_is_refused(app, estate, small_limits):
    browser = Browser(app, estate.users[Role.INSPECTOR])
    before = len(_evidence_of(estate.case.id))
    page = _upload_evidence(browser, estate.case.id, PDF + b" " * 5000, "scan.pdf")
    assert page.status_code == 302
    assert len(_evidence_of(estate.case.id)) == before


# --------------------------------------------------------------------------- type by content


@pytest.mark.parametrize(
    ("data", "name", "mime"),
    [(PDF, "photo.png", "application/pdf"), (REAL_PNG, "report.pdf", "image/png"),
     (JPEG, "noextension", "image/jpeg")],
)
def test_evidence_type_comes_from_the_content_not_the_name(app, estate, data, name, mime):
    browser = Browser(app, estate.users[Role.INSPECTOR])
    assert _upload_evidence(browser, estate.case.id, data, name).status_code == 302
    stored = _evidence_of(estate.case.id)[-1]
    assert stored.mime == mime and stored.data == data
    served = browser.client.get(f"/cases/{estate.case.id}/evidence/{stored.id}")
    assert served.mimetype == mime and served.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("data", "name"),
    [(b"<html><script>alert(1)</script></html>", "scan.pdf"),
     (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "photo.png"),
     (b"MZ\x90\x00" + b"\x00" * 60, "report.pdf"), (b"PK\x03\x04" + b"\x00" * 40, "docs.pdf"), (b"", "empty.pdf")],
)
def test_evidence_that_is_not_pdf_png_or_jpeg_is_refused_whatever_its_name(app, estate, data, name):
    browser = Browser(app, estate.users[Role.INSPECTOR])
    before = fingerprint()
    response = _upload_evidence(browser, estate.case.id, data, name)
    assert response.status_code == 302
    assert fingerprint() == before


@pytest.mark.parametrize(
    ("data", "name", "accepted"),
    [(csv_file(), "ledger.xlsx", True), (PNG, "ledger.csv", False), (PDF, "ledger.csv", False),
     (b"PK\x03\x04" + b"\x00" * 40, "ledger.xlsx", False)],
)
def test_a_ledger_type_comes_from_the_content_not_the_name(app, estate, data, name, accepted):
    tokens_for(app, estate)
    response = app.test_client().post(f"/api/v1/imports?file_name={name}", data=data,
                                      headers=bearer(estate.tokens[Role.INSPECTOR]) | {"Content-Type": "text/csv"})
    assert (response.status_code == 200) is accepted, response.get_json()
    if not accepted:
        assert "CSV" in response.get_json()["message"]


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(("name", "shown"), sorted(HOSTILE_NAMES.items()))
def test_an_evidence_name_is_display_text_only(app, estate, name, shown, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path / "uploads"))
    instance, static = Path(app.instance_path), Path(app.static_folder)
    before = (_tree(instance), _tree(static))
    browser = Browser(app, estate.users[Role.INSPECTOR])
    known = {e.id for e in _evidence_of(estate.case.id)}
    assert _upload_evidence(browser, estate.case.id, PDF, name).status_code == 302
    assert (_tree(instance), _tree(static)) == before and not (tmp_path / "uploads").exists()
    new = [e for e in _evidence_of(estate.case.id) if e.id not in known]
    if shown is None and not new:
        return  # refused whole: fine
    (stored,) = new
    assert stored.file_name.endswith(shown or ".pdf") and stored.data == PDF
    assert not set(stored.file_name) & {"/", "\\", "\x00", "\r", "\n"} and not stored.file_name.startswith(".")
    served = browser.client.get(f"/cases/{estate.case.id}/evidence/{stored.id}?download=1")
    disposition = served.headers["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=UTF-8''") and "\r" not in disposition
    assert "\n" not in disposition and "/" not in disposition.split("''", 1)[1]


@pytest.mark.parametrize("name", ["../../etc/passwd.csv", "..\\..\\boot.csv", "/tmp/x.csv"])
def test_a_ledger_file_name_is_display_text_only(app, estate, name):
    tokens_for(app, estate)
    before = _tree(Path(app.instance_path))
    response = app.test_client().post("/api/v1/imports", query_string={"file_name": name}, data=csv_file(),
                                      headers=bearer(estate.tokens[Role.INSPECTOR]) | {"Content-Type": "text/csv"})
    assert response.status_code == 200
    batch = db.session.get(ImportBatch, response.get_json()["batch_id"])
    assert batch.file_name == name.replace("\\", "/").rsplit("/", 1)[-1]
    assert _tree(Path(app.instance_path)) == before


def test_a_queued_ledger_keeps_its_bytes_in_the_database(app, estate):
    browser = Browser(app, estate.users[Role.INSPECTOR])
    before = _tree(Path(app.instance_path))
    response = browser.client.post("/imports/upload", data={"csrf_token": browser.csrf(),
                                                           "file": (io.BytesIO(csv_file()), "../../x.csv")},
                                   content_type="multipart/form-data")
    assert response.status_code == 302
    job = db.session.scalars(sa.select(Job).order_by(Job.id.desc())).first()
    assert job.payload == csv_file() and _tree(Path(app.instance_path)) == before


def test_nothing_uploaded_is_reachable_under_static(app, estate):
    browser = Browser(app, estate.users[Role.INSPECTOR])
    _upload_evidence(browser, estate.case.id, PDF, "public.pdf")
    anonymous = app.test_client()
    for path in ("/static/public.pdf", "/static/../instance/enforcement.db", "/static/%2e%2e/config.py",
                 "/static/..%2fconfig.py"):
        response = anonymous.get(path)
        assert response.status_code == 404, path
        response.close()
    assert sorted(p.name for p in Path(app.static_folder).iterdir()) == ["app.css", "jobs.js"]
