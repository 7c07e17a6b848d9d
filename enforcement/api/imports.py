"""Ledger imports: upload a CSV/XLSX file (multipart ``file`` or the raw body), read an import's record."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_babel import gettext as _

from enforcement.api import inputs, schemas
from enforcement.api.auth import api_require, current_api_user
from enforcement.api.blueprint import api
from enforcement.models import BatchStatus
from enforcement.permissions import Permission
from enforcement.services import queries
from enforcement.services.ledger_import import import_ledger


def _uploaded() -> tuple[bytes, str]:
    """The file's bytes and name: multipart field ``file``, else the raw body with ``?file_name=``."""
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("file")
        if upload is None:
            raise inputs.invalid("file", _("Thiếu tệp sổ (trường “file” của biểu mẫu multipart)."))
        return upload.read(), upload.filename or "ledger"
    data = request.get_data(cache=False)
    if not data:
        raise inputs.invalid("file", _("Thiếu tệp sổ: gửi tệp trong trường “file” hoặc trong thân yêu cầu."))
    return data, request.args.get("file_name") or "ledger"


@api.post("/imports")
@api_require(Permission.LEDGER_IMPORT)
def create_import() -> tuple[dict[str, Any], int]:
    """Import a ledger file into the office: 200 accepted or duplicate, 422 with every rejected row."""
    user = current_api_user()
    data, file_name = _uploaded()
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
