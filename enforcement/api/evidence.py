"""Evidence of a case: the list (withdrawn items marked), an upload, a withdrawal.

An upload is a multipart form (``file``, ``category``, ``copy_form``, ``description``); the
file is accepted only when it fully decodes as a PDF, PNG, JPEG, XLSX or DOCX
(``services.evidence_check``).  A withdrawal (``{"reason": …}``) is allowed to the
uploader and to supervisors; the item is kept and left out of the referral dossier.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, request
from flask_babel import gettext as _

from enforcement.api import inputs
from enforcement.api.auth import api_require, current_api_user
from enforcement.api.blueprint import api
from enforcement.api.schemas import iso, user_ref
from enforcement.file_names import upload_name
from enforcement.models import Evidence, EvidenceWithdrawal
from enforcement.permissions import Permission
from enforcement.services import evidence as service
from enforcement.services import queries


def evidence_item(item: Evidence, withdrawal: EvidenceWithdrawal | None) -> dict[str, Any]:
    return {
        "id": item.id,
        "case_id": item.case_id,
        "category": str(item.category),
        "copy_form": str(item.copy_form) if item.copy_form else None,
        "description": item.description,
        "file_name": item.file_name,
        "mime": item.mime,
        "size": item.size,
        "sha256": item.sha256,
        "created_at": iso(item.created_at),
        "withdrawn": withdrawal is not None,
        "withdrawal": None if withdrawal is None else {
            "reason": withdrawal.reason,
            "by": user_ref(withdrawal.withdrawn_by),
            "at": iso(withdrawal.created_at),
        },
    }


@api.get("/cases/<int:case_id>/evidence")
@api_require(Permission.DOCUMENT_READ)
def list_evidence(case_id: int) -> dict[str, Any]:
    """The case's evidence, oldest first, withdrawn items included and marked."""
    case = queries.load_case(case_id, current_api_user())
    withdrawals = service.withdrawals_of(case.id)
    return {"case_id": case.id, "items": [evidence_item(e, withdrawals.get(e.id)) for e in service.of_case(case.id)]}


def _text(field: str) -> str:
    value = request.form.get(field, "")
    return value if isinstance(value, str) else ""


@api.post("/cases/<int:case_id>/evidence")
@api_require(Permission.CASE_ACT)
def upload_evidence(case_id: int) -> dict[str, Any]:
    """Upload one evidence file (multipart): the stored item; 422 naming the field (``file``: why it was refused)."""
    user = current_api_user()
    queries.load_case(case_id, user)
    upload = request.files.get("file") if request.mimetype == "multipart/form-data" else None
    if upload is None:
        raise inputs.invalid("file", _("Thiếu tệp (trường “file” của biểu mẫu multipart)."))
    data = upload.stream.read(current_app.config["MAX_EVIDENCE_BYTES"] + 1)
    name = upload_name(upload.filename, "")
    item = service.upload(case_id, data, name, _text("category"), _text("description"), user,
                          copy_form=_text("copy_form") or None)
    return evidence_item(item, None)


@api.post("/cases/<int:case_id>/evidence/<int:evidence_id>/withdrawal")
@api_require(Permission.CASE_ACT)
def withdraw_evidence(case_id: int, evidence_id: int) -> dict[str, Any]:
    """Withdraw an evidence item (``{"reason": …}``): its uploader or a supervisor; the item is kept."""
    reason = inputs.json_object().get("reason")
    row = service.withdraw(case_id, evidence_id, reason if isinstance(reason, str) else "", current_api_user())
    return evidence_item(row.evidence, row)
