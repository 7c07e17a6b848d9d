"""Issued documents: a case's list, one PDF (integrity checked), the referral dossier, corrections."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask_babel import gettext as _

from enforcement.api import inputs, schemas
from enforcement.api.auth import api_require, current_api_user
from enforcement.api.blueprint import api
from enforcement.errors import NotFound
from enforcement.extensions import db
from enforcement.file_names import content_disposition, document_file_name
from enforcement.models import Case, Document
from enforcement.permissions import Permission
from enforcement.services import queries
from enforcement.services.cases import correct_document as correct
from enforcement.services.documents import verified_bytes


def pdf_response(document: Document) -> Response:
    """The document's bytes after the SHA-256 check (``DocumentTampered`` → 500 JSON)."""
    data = verified_bytes(document)
    response = Response(data, mimetype="application/pdf")
    name = document_file_name(document.number_text, document.title, document.year,
                              db.session.get(Case, document.case_id).employer.unit_code, document.id)
    response.headers["Content-Disposition"] = content_disposition(name, download=False)
    response.headers["X-Content-SHA256"] = document.sha256
    response.headers["Cache-Control"] = "private, no-store"
    return response


@api.get("/cases/<int:case_id>/documents")
@api_require(Permission.DOCUMENT_READ)
def case_documents(case_id: int) -> dict[str, Any]:
    """The case's documents, oldest first, each with its download address."""
    documents = queries.case_documents(queries.load_case(case_id, current_api_user()).id)
    return {"case_id": case_id, "items": [schemas.document(d) for d in documents]}


@api.get("/documents/<int:document_id>.pdf")
@api_require(Permission.DOCUMENT_READ)
def download_document(document_id: int) -> Response:
    """One issued document as PDF."""
    return pdf_response(queries.document_in_office(current_api_user(), document_id))


@api.get("/cases/<int:case_id>/dossier.pdf")
@api_require(Permission.DOSSIER_PRINT)
def case_dossier(case_id: int) -> Response:
    """The newest final referral dossier of the case, else its newest draft."""
    found = queries.latest_document(queries.load_case(case_id, current_api_user()).id, queries.DOSSIERS)
    if found is None:
        raise NotFound(_("Hồ sơ chưa có tài liệu này."))
    return pdf_response(found)


@api.post("/cases/<int:case_id>/documents/<int:document_id>/corrections")
@api_require(Permission.CASE_ACT)
def correct_document(case_id: int, document_id: int) -> dict[str, Any]:
    """Correct an issued document (``{"reason": …}``): the new, newly numbered document that supersedes it.

    Legal staff and supervisors only (403 for the other roles); both documents are kept.
    """
    reason = inputs.json_object().get("reason")
    text = reason if isinstance(reason, str) else ""  # anything else is no reason (422), after the office's 404
    return schemas.document(correct(case_id, document_id, text, current_api_user()))
