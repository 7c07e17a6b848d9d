"""Helpers of the security tests: two offices holding one object of every kind a URL can name.

``estate`` builds office A (the owner of every object the URLs point at) and
office B (the "other office"), each with a user of every role, a signer, a late
employer with its case, an issued document (a referral dossier, so that the
dossier routes have something to serve), an evidence file, an import batch, a
background job and a spare user to administer.  ``Browser`` logs a user in on
a test client and supplies CSRF tokens without scraping a page, so the tests do
not depend on how the UI draws its forms.  ``fingerprint`` digests every table
so a test can assert that a refused request changed nothing at all.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import URLSafeTimedSerializer

from enforcement import clock
from enforcement.db import Base
from enforcement.domain.periods import Period
from enforcement.extensions import db
from enforcement.models import (
    Case,
    Document,
    Employer,
    Evidence,
    EvidenceCategory,
    ImportBatch,
    Job,
    JobStatus,
    Office,
    Role,
    SanctionDecision,
    SanctionSource,
    Signer,
    User,
)
from enforcement.models.imports import BatchStatus
from enforcement.services.tokens import create_token
from enforcement.workflow import DocKind
from tests.conftest import TEST_PASSWORD
from tests.factories import CaseFactory, EmployerFactory, LedgerRowFactory, OfficeFactory, SignerFactory, UserFactory

FAKE_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@dataclass
class Estate:
    """One office and one object of every kind that a route's URL can name."""

    office: Office
    signer: Signer
    users: dict[Role, User]
    spare: User  # an inspector for the admin pages to act on
    employer: Employer
    case: Case
    document: Document
    evidence: Evidence
    batch: ImportBatch
    job: Job
    marker: str  # a string found only in this office's data (to detect leaks)
    tokens: dict[Role, str] = field(default_factory=dict)
    sanction: Any = None  # a decision of the employer's sanction history (with its PDF)
    extras: dict[str, Any] = field(default_factory=dict)  # leads, tax imports, conferences (tests/leads_estate.py)


def late_employer(office: Office, name: str, months: int = 6) -> Employer:
    """An employer who paid 6 months and then nothing for ``months`` months, up to last month."""
    employer = EmployerFactory(office=office, name=name)
    last = Period.of(clock.today()).add(-1)
    for back in range(months + 5, -1, -1):
        LedgerRowFactory(employer=employer, period=str(last.add(-back)), amount_due=10_000_000,
                         amount_paid=10_000_000 if back >= months else 0, employees=12)
    return employer


def _document(case: Case, user: User) -> Document:
    document = Document(
        case_id=case.id, office_id=case.office_id, kind=DocKind.REFERRAL_DOSSIER.value,
        title="Hồ sơ đề nghị khởi tố", register=None, year=clock.today().year, number=None, number_text=None,
        issue_date=clock.today(), pdf=FAKE_PDF, sha256=hashlib.sha256(FAKE_PDF).hexdigest(), size=len(FAKE_PDF),
        created_by_id=user.id,
    )
    db.session.add(document)
    return document


def build_estate(marker: str) -> Estate:
    office = OfficeFactory()
    signer = SignerFactory(office=office)
    users = {role: UserFactory(office=office, role=role) for role in Role}
    spare = UserFactory(office=office, role=Role.INSPECTOR)
    employer = late_employer(office, f"Công ty TNHH {marker}")
    case = CaseFactory(employer=employer, office=office, assignee=users[Role.INSPECTOR], months_in_arrears=6,
                       principal=60_000_000, oldest_unpaid_period=str(Period.of(clock.today()).add(-6)))
    document = _document(case, users[Role.LEGAL])
    evidence = Evidence(case_id=case.id, office_id=office.id, category=EvidenceCategory.PAYROLL,
                        description=f"Bảng lương {marker}", file_name=f"{marker}.png", mime="image/png",
                        size=len(PNG), sha256=hashlib.sha256(PNG).hexdigest(), data=PNG,
                        uploaded_by_id=users[Role.INSPECTOR].id)
    batch = ImportBatch(office_id=office.id, user_id=users[Role.INSPECTOR].id, file_name=f"{marker}.csv",
                        sha256="0" * 64, size=10, status=BatchStatus.REJECTED, rows_rejected=1,
                        errors=[{"row": 2, "column": "ky", "value": "x", "message": marker}])
    job = Job(office_id=office.id, user_id=users[Role.INSPECTOR].id, kind="import_ledger", status=JobStatus.DONE,
              progress=100, params={"file_name": f"{marker}.csv"}, result={"message": marker})
    sanction = SanctionDecision(
        employer_id=employer.id, office_id=office.id, source=SanctionSource.MANUAL, number=f"9/QĐ-XPHC {marker}",
        decision_date=clock.today() - timedelta(days=400), behaviours=["evasion"], conduct_months=["2024-10"],
        fine_total=60_000_000, articles=[], fines=[], enforcement=[], changes=[], document_name=f"{marker}.pdf",
        document_mime="application/pdf", document_sha256=hashlib.sha256(FAKE_PDF).hexdigest(),
        document_data=FAKE_PDF)
    db.session.add_all([evidence, batch, job, sanction])
    db.session.commit()
    estate = Estate(office, signer, users, spare, employer, case, document, evidence, batch, job, marker,
                    sanction=sanction)
    from tests.leads_estate import add_lead_objects

    add_lead_objects(estate)
    return estate


# --------------------------------------------------------------------------- a browser


def csrf_token_for(app: Flask, client: FlaskClient) -> str:
    """A valid CSRF token for the client's session (Flask-WTF's own scheme), without rendering a form."""
    with client.session_transaction() as session:
        raw = session.get("csrf_token")
        if raw is None:
            raw = session["csrf_token"] = secrets.token_hex(20)
    return URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token").dumps(raw)


class Browser:
    """A test client speaking for one user (or nobody), with CSRF tokens on demand."""

    def __init__(self, app: Flask, user: User | None = None) -> None:
        self.app = app
        self.client = app.test_client()
        self.user = user
        if user is not None:
            self.login(user)

    def login(self, user: User, password: str = TEST_PASSWORD) -> Any:
        with self.client.session_transaction() as session:
            session.clear()
        response = self.client.post(
            "/login", data={"username": user.username, "password": password, "csrf_token": self.csrf()}
        )
        assert response.status_code == 302, (user.username, response.status_code)
        return response

    def csrf(self) -> str:
        return csrf_token_for(self.app, self.client)


# --------------------------------------------------------------------------- nothing changed


# Columns that may legitimately change on a refused request: when a token was last used.
VOLATILE = {("api_tokens", "last_used_at")}
SESSION_STORE = {"sessions"}
"""Server-side session records (enforcement/sessions.py): every request may write its own session
(a flash, the CSRF token), which is the visitor's state, not the office's data."""


def _rows_of(table: sa.Table, office_id: int | None) -> sa.Select:
    """Every row of ``table``, or only those belonging to office ``office_id`` (global tables whole)."""
    columns = [c for c in table.columns if (table.name, c.name) not in VOLATILE]
    query = sa.select(*columns).order_by(*(list(table.primary_key.columns) or columns))
    if office_id is None:
        return query
    c = table.c
    cases = sa.select(Case.id).where(Case.office_id == office_id)
    if table.name == "offices":
        return query.where(c.id == office_id)
    if "office_id" in c:
        return query.where(c.office_id == office_id)
    if "case_id" in c:
        return query.where(c.case_id.in_(cases))
    if "employer_id" in c:
        return query.where(c.employer_id.in_(sa.select(Employer.id).where(Employer.office_id == office_id)))
    if "user_id" in c:
        return query.where(c.user_id.in_(sa.select(User.id).where(User.office_id == office_id)))
    return query


def fingerprint(office_id: int | None = None) -> str:
    """A digest of every row of every table, or of one office's rows and the national tables.

    A refused request must leave it as it was.
    """
    digest = hashlib.sha256()
    db.session.flush()
    for table in Base.metadata.sorted_tables:
        if table.name in SESSION_STORE:
            continue
        for row in db.session.execute(_rows_of(table, office_id)):
            digest.update(repr(tuple(row)).encode())
        digest.update(b"|" + table.name.encode())
    return digest.hexdigest()


def counts() -> dict[str, int]:
    """Rows per table (to say what changed when a fingerprint differs)."""
    return {
        t.name: db.session.scalar(sa.select(sa.func.count()).select_from(t))
        for t in Base.metadata.sorted_tables
        if t.name not in SESSION_STORE
    }


def tokens_for(app: Flask, estate: Estate) -> dict[Role, str]:
    with app.app_context():
        estate.tokens = {role: create_token(user, "security tests")[0] for role, user in estate.users.items()}
    return estate.tokens


def bearer(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"} if token else {}
