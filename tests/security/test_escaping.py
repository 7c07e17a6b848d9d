"""HTML and script in user data is text everywhere: every page escapes it, JSON carries it exactly, PDFs print it.

Office A's employer, a comment, an evidence file, an import, a job, a signer
and a user all carry markup; the demand notice is issued through the real
workflow, so the PDF is rendered from that data.  Every UI page (read from
``app.url_map``) is fetched by a user allowed to see it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from datetime import timedelta

import sqlalchemy as sa
from pypdf import PdfReader

from enforcement import clock
from enforcement.extensions import db
from enforcement.models import Document, Employer, Evidence, EvidenceCategory, Role
from enforcement.permissions import ROLE_PERMISSIONS
from enforcement.services import cases as case_service
from tests.security.helpers import PNG, Browser, bearer, tokens_for
from tests.security.routes import LOGIN_ONLY, PUBLIC, ROWS, rule_of, url_of

XSS = "<script>alert('xss')</script><img src=x onerror=alert(1)> Công ty \"Ác\" & 'Ý' </textarea>"
RAW_MARKERS = ("<script>alert", "<img src=x", "</textarea> ")
FORMULA = "=HYPERLINK(\"http://evil.example\",\"Bấm\")"


def _taint(estate) -> None:
    employer = db.session.get(Employer, estate.employer.id)
    employer.name = XSS
    employer.legal_representative = XSS
    employer.district = FORMULA
    estate.signer.full_name = XSS
    estate.spare.full_name = XSS
    estate.batch.file_name = XSS[:250]
    estate.batch.errors = [{"row": 2, "column": "ky", "value": XSS, "message": XSS}]
    db.session.add(Evidence(case_id=estate.case.id, office_id=estate.office.id, category=EvidenceCategory.OTHER,
                            description=XSS, file_name=XSS, mime="image/png", size=len(PNG),
                            sha256=hashlib.sha256(PNG).hexdigest(), data=PNG))
    estate.job.params = {"file_name": XSS}
    db.session.commit()
    with_request = estate.users[Role.INSPECTOR]
    case_service.comment(estate.case.id, XSS, with_request)
    today = clock.today()
    db.session.refresh(estate.case)
    case_service.fire(estate.case.id, "send_demand", with_request, version=estate.case.version,
                      data={"issue_date": today.isoformat(), "pay_by": (today + timedelta(days=15)).isoformat(),
                            "signer_id": estate.signer.id})
    db.session.refresh(estate.case)


def _pages(app):
    for endpoint, method in ROWS:
        if method != "GET" or endpoint.startswith("api.") or (endpoint, method) in PUBLIC:
            continue
        if (endpoint, method) in LOGIN_ONLY:
            yield endpoint, list(Role)
            continue
        permission = app.view_functions[endpoint].required_permission
        yield endpoint, [r for r in Role if permission in ROLE_PERMISSIONS[r]]


def test_markup_in_data_is_escaped_on_every_page(app, estate, calendar_day):
    with app.test_request_context():
        _taint(estate)
    browsers = {role: Browser(app, estate.users[role]) for role in Role}
    leaks, shown = [], set()
    for endpoint, roles in _pages(app):
        url, _scoped = url_of(app, rule_of(app, endpoint), estate, calendar_day)
        for role in roles:
            response = browsers[role].client.get(url)
            body = response.get_data().decode("utf-8", "replace")
            response.close()
            if response.mimetype != "text/html":  # CSV and JSON carry the text as is, never sniffed as HTML
                assert response.headers["X-Content-Type-Options"] == "nosniff"
                continue
            leaks += [f"{url} as {role}: {m!r} unescaped" for m in RAW_MARKERS if m in body]
            if "&lt;script&gt;alert(" in body:
                shown.add(endpoint)
    assert not leaks, "\n".join(leaks)
    # the escaped text is really there (the test is not passing because nothing was shown)
    assert {"cases.show", "cases.index", "admin.users", "admin.office"} <= shown, shown


def test_csv_exports_neutralise_formulas(app, estate):
    with app.test_request_context():
        _taint(estate)
    browser = Browser(app, estate.users[Role.SUPERVISOR])
    text = browser.client.get("/cases/export.csv").get_data(as_text=True).lstrip("\ufeff")
    cells = [cell for row in csv.reader(io.StringIO(text), delimiter=";") for cell in row]
    assert XSS in cells  # text kept exactly
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells), [c for c in cells if c[:1] in "=+@"]
    assert any(cell.endswith(FORMULA) for cell in cells)


def test_json_carries_the_text_exactly_as_json(app, estate):
    with app.test_request_context():
        _taint(estate)
    tokens_for(app, estate)
    response = app.test_client().get(f"/api/v1/cases/{estate.case.id}", headers=bearer(estate.tokens[Role.LEGAL]))
    assert response.mimetype == "application/json" and response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.get_json()["employer"]["name"] == XSS
    timeline = app.test_client().get(f"/api/v1/cases/{estate.case.id}/timeline",
                                     headers=bearer(estate.tokens[Role.LEGAL])).get_json()
    assert any(e.get("details", {}).get("text") == XSS or e.get("summary", "").startswith("<script>")
               for e in timeline["items"])


def test_pdfs_print_markup_as_text(app, estate):
    with app.test_request_context():
        _taint(estate)
    document = db.session.scalars(
        sa.select(Document).where(Document.case_id == estate.case.id, Document.kind == "demand_notice")
    ).one()
    text = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(document.pdf)).pages)
    flat = re.sub(r"\s+", "", text)
    assert re.sub(r"\s+", "", "<script>alert('xss')</script><img src=x onerror=alert(1)>") in flat, text[:500]
    assert "Côngty\"Ác\"&'Ý'" in flat
