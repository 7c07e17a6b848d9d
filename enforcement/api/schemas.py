"""Serialisers: models → plain JSON (money in whole đồng, dates ISO 8601, times UTC).

The shapes here are the ones ``enforcement.api.openapi`` documents; change
both together.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import url_for

from enforcement.models import Case, CaseEvent, Document, Employer, ImportBatch, User
from enforcement.workflow import STATE_LABELS


def iso(value: date | datetime | None) -> str | None:
    """ISO 8601; datetimes (stored in UTC) with their offset."""
    return value.isoformat() if value is not None else None


def user_ref(user: User | None) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"id": user.id, "username": user.username, "full_name": user.full_name, "role": str(user.role)}


def employer_brief(employer: Employer) -> dict[str, Any]:
    return {
        "id": employer.id,
        "unit_code": employer.unit_code,
        "tax_code": employer.tax_code,
        "name": employer.name,
        "district": employer.district,
    }


def employer_full(employer: Employer) -> dict[str, Any]:
    return {
        **employer_brief(employer),
        "address": employer.address,
        "kind": str(employer.kind),
        "legal_representative": employer.legal_representative,
        "representative_title": employer.representative_title,
        "contact": employer.contact,
    }


def arrears(case: Case) -> dict[str, Any]:
    """The case's arrears snapshot, as detection last computed it."""
    return {
        "months": case.months_in_arrears,
        "oldest_unpaid_period": case.oldest_unpaid_period,
        "principal": case.principal,
        "interest": case.interest,
        "interest_accrued": case.interest_accrued,
        "interest_paid": case.interest_paid,
        "interest_complete": case.interest_complete,
        "employees": case.employees_affected,
        "as_of": iso(case.snapshot_as_of),
    }


def next_deadline(case: Case) -> dict[str, Any] | None:
    if case.next_deadline is None:
        return None
    return {"id": case.next_deadline_id, "due": iso(case.next_deadline)}


def case_summary(case: Case) -> dict[str, Any]:
    """One row of a case list."""
    return {
        "id": case.id,
        "state": case.state.value,
        "state_label": str(STATE_LABELS[case.state]),
        "version": case.version,
        "employer": employer_brief(case.employer),
        "assignee": user_ref(case.assignee),
        "arrears": arrears(case),
        "next_deadline": next_deadline(case),
        "opened_at": iso(case.opened_at),
        "updated_at": iso(case.updated_at),
        "url": url_for("api.get_case", case_id=case.id),
    }


def case_detail(case: Case) -> dict[str, Any]:
    """A case with its employer's identity and the facts kept on the row."""
    return {
        **case_summary(case),
        "employer": employer_full(case.employer),
        "is_open": case.is_open,
        "concluded_behaviour": case.concluded_behaviour,
        "penalty_decided_on": iso(case.penalty_decided_on),
        "dismissal_requested": case.dismissal_requested,
        "outcome": case.outcome,
        "closed_at": iso(case.closed_at),
    }


def document(doc: Document) -> dict[str, Any]:
    return {
        "id": doc.id,
        "case_id": doc.case_id,
        "kind": doc.kind,
        "title": doc.title,
        "number_text": doc.number_text,
        "issue_date": iso(doc.issue_date),
        "signer_name": doc.signer_name,
        "signer_title": doc.signer_title,
        "sha256": doc.sha256,
        "size": doc.size,
        "supersedes_id": doc.supersedes_id,
        "created_at": iso(doc.created_at),
        "url": url_for("api.download_document", document_id=doc.id),
    }


def event(item: CaseEvent) -> dict[str, Any]:
    return {
        "seq": item.seq,
        "created_at": iso(item.created_at),
        "actor": user_ref(item.actor),
        "action": str(item.action),
        "trigger": item.trigger,
        "from_state": item.from_state,
        "to_state": item.to_state,
        "summary": item.summary,
        "details": item.details,
        "prev_hash": item.prev_hash,
        "hash": item.hash,
    }


def import_batch(batch: ImportBatch) -> dict[str, Any]:
    return {
        "id": batch.id,
        "status": str(batch.status),
        "file_name": batch.file_name,
        "sha256": batch.sha256,
        "size": batch.size,
        "rows_total": batch.rows_total,
        "rows_inserted": batch.rows_inserted,
        "rows_updated": batch.rows_updated,
        "rows_unchanged": batch.rows_unchanged,
        "rows_rejected": batch.rows_rejected,
        "employers_created": batch.employers_created,
        "employers_updated": batch.employers_updated,
        "errors": batch.errors,
        "notes": batch.notes,
        "user": user_ref(batch.user),
        "created_at": iso(batch.created_at),
    }
