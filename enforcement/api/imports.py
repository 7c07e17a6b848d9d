"""Ledger imports: upload a CSV/XLSX file (multipart ``file`` or the raw body), read an import's record.

A file larger than ``API_SYNC_IMPORT_BYTES`` (1 MB) is imported by a background job:
``202 Accepted`` with the job's URL (``GET /api/v1/jobs/<id>``); smaller ones inside the request.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, request
from flask_babel import gettext as _

from enforcement.api import inputs, schemas
from enforcement.api.auth import api_require, current_api_user
from enforcement.api.blueprint import api
from enforcement.api.jobs import accepted
from enforcement.file_names import upload_name
from enforcement.models import BatchStatus
from enforcement.permissions import Permission
from enforcement.services import jobs, queries
from enforcement.services.ledger_import import import_ledger


def _uploaded() -> tuple[bytes, str]:
    """The file's bytes and name: multipart field ``file``, else the raw body with ``?file_name=``."""
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("file")
        if upload is None:
            raise inputs.invalid("file", _("Thiếu tệp sổ (trường “file” của biểu mẫu multipart)."))
        return upload.read(), upload_name(upload.filename, "ledger")
    data = request.get_data(cache=False)
    if not data:
        raise inputs.invalid("file", _("Thiếu tệp sổ: gửi tệp trong trường “file” hoặc trong thân yêu cầu."))
    return data, upload_name(request.args.get("file_name"), "ledger")


@api.post("/imports")
@api_require(Permission.LEDGER_IMPORT)
def create_import() -> Any:
    """Import a ledger file: 200 accepted or duplicate, 422 with every rejected row; 202 (a job) when large."""
    user = current_api_user()
    data, file_name = _uploaded()
    if len(data) > current_app.config["API_SYNC_IMPORT_BYTES"]:
        return accepted(jobs.enqueue(jobs.IMPORT_LEDGER, user.office, user, {"file_name": file_name}, data))
    result = import_ledger(data, file_name, user.office, user)
    body = {**result.to_dict(), "message": result.message}
    if result.status == BatchStatus.REJECTED:
        return {"error": "ImportRejected", **body}, 422
    return body, 200


@api.get("/imports/<int:batch_id>")
@api_require(Permission.LEDGER_IMPORT)
def get_import(batch_id: int) -> dict[str, Any]:
    """The record of one import of the office (counts and rejected rows)."""
    return schemas.import_batch(queries.import_batch_in_office(current_api_user(), batch_id))
