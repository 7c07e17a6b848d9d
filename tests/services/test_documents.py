"""Issued documents: hashed and immutable, signed where the office is configured, corrected by superseding."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from enforcement.extensions import db
from enforcement.models import Document, Role
from enforcement.pdf.samples import SampleCase
from enforcement.services import documents as docs
from enforcement.services import issuing
from enforcement.services.cases import fire
from enforcement.workflow import DocKind
from tests.factories import CaseFactory, LedgerRowFactory, SignerFactory, UserFactory
from tests.pdf.helpers import make_pkcs12, signature_count, text_of, validate_signature

DAY = date(2026, 11, 20)


def _issue(case, kind: DocKind = DocKind.PENALTY_DECISION, day: date = DAY):
    step, extra = SampleCase().step_data(kind, day)
    figures = docs.employer_figures(case.employer_id, day, SampleCase().params)
    signer = SignerFactory(office=case.office)
    return docs.issue(case, kind, issue_date=day, signer=signer, figures=figures, step=step, extra=extra)


def _overwrite_pdf(document: Document, data: bytes) -> None:
    """Change the stored bytes behind the application's back (past the trigger on PostgreSQL)."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(sa.text("SET LOCAL session_replication_role = replica"))
    db.session.execute(sa.text("UPDATE documents SET pdf = :pdf WHERE id = :id"), {"pdf": data, "id": document.id})
    db.session.expire(document)


def test_an_issued_document_keeps_its_bytes_and_their_sha256(ctx):
    document = _issue(CaseFactory())
    data = docs.verified_bytes(document)
    assert data.startswith(b"%PDF-")
    assert document.sha256 == hashlib.sha256(data).hexdigest() and document.size == len(data)
    assert (document.kind, document.number_text, document.register, document.year) == (
        "penalty_decision", "01/QĐ-XPHC", "penalty", 2026)


def test_bytes_changed_in_the_database_are_refused_on_download(ctx):
    document = _issue(CaseFactory())
    original = docs.verified_bytes(document)
    tampered = bytearray(original)
    tampered[len(tampered) // 2] ^= 0x01
    _overwrite_pdf(document, bytes(tampered))
    with pytest.raises(docs.DocumentTampered):
        docs.verified_bytes(document)


def test_documents_are_unsigned_without_signing_settings(ctx):
    assert signature_count(_issue(CaseFactory()).pdf) == 0


def test_an_office_with_a_certificate_signs_every_issued_document(ctx, tmp_path, monkeypatch):
    path, certificate = make_pkcs12(tmp_path, "mat-khau")
    monkeypatch.setenv("HN_P12_PASSWORD", "mat-khau")
    case = CaseFactory()
    case.office.settings = {"signing": {"pkcs12_path": str(path), "password_env": "HN_P12_PASSWORD"}}
    db.session.commit()
    document = _issue(case)
    signed = docs.verified_bytes(document)
    assert document.sha256 == hashlib.sha256(signed).hexdigest()
    assert validate_signature(signed, certificate) == (True, True)
    assert "mat-khau" not in str(case.office.settings)


def _demand_case():
    """A detected case with three unpaid months, assigned to an inspector, and one demand notice sent."""
    case = CaseFactory()
    inspector = UserFactory(office=case.office, role=Role.INSPECTOR)
    signer = SignerFactory(office=case.office)
    for period in ("2026-06", "2026-07", "2026-08"):
        LedgerRowFactory(employer=case.employer, period=period)
    case.assignee_id = inspector.id
    db.session.commit()
    on = DAY - timedelta(days=2)
    result = fire(case.id, "send_demand", inspector, version=case.version,
                  data={"issue_date": on, "pay_by": on + timedelta(days=15), "signer_id": signer.id}, today=on)
    return case, inspector, result.documents[0]


def test_a_correction_supersedes_with_a_new_number_and_keeps_both(ctx, monkeypatch):
    from enforcement import clock

    monkeypatch.setattr(clock, "today", lambda: DAY)
    case, inspector, old = _demand_case()
    old_bytes = docs.verified_bytes(old)
    new = issuing.supersede(old, "Sai địa chỉ đơn vị", inspector)
    assert new.supersedes_id == old.id and new.kind == old.kind and new.case_id == old.case_id
    assert (old.number_text, new.number_text) == ("01/BHXH-QLT", "02/BHXH-QLT")
    assert new.issue_date == DAY
    text = text_of(docs.verified_bytes(new))
    assert "đính chính và thay thế văn bản số 01/BHXH-QLT ngày 18/11/2026; lý do đính chính: Sai địa chỉ đơn vị" in text
    assert docs.verified_bytes(db.session.get(Document, old.id)) == old_bytes
    assert [d.id for d in docs.current_documents(case)] == [new.id]
    with pytest.raises(docs.CannotSupersede):
        issuing.supersede(old, "Lần nữa", inspector)
