"""Tax data and evasion leads (PRODUCT.md §10): upload a tax-data file, read the leads of a month."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_babel import gettext as _

from enforcement.api import inputs
from enforcement.api.auth import api_require, current_api_user
from enforcement.api.blueprint import api
from enforcement.domain.leads import KINDS
from enforcement.file_names import upload_name
from enforcement.models import BatchStatus
from enforcement.permissions import Permission
from enforcement.services.leads import LeadFilters, compute_leads, latest_tax_month, parse_month
from enforcement.services.tax_import import import_tax


def _uploaded() -> tuple[bytes, str]:
    """The file's bytes and name: multipart field ``file``, else the raw body with ``?file_name=``."""
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("file")
        if upload is None:
            raise inputs.invalid("file", _("Thiếu tệp dữ liệu thuế (trường “file” của biểu mẫu multipart)."))
        return upload.read(), upload_name(upload.filename, "tax")
    data = request.get_data(cache=False)
    if not data:
        raise inputs.invalid("file", _("Thiếu tệp dữ liệu thuế: gửi tệp trong trường “file” hoặc trong thân yêu cầu."))
    return data, upload_name(request.args.get("file_name"), "tax")


@api.post("/tax-imports")
@api_require(Permission.LEDGER_IMPORT)
def create_tax_import() -> tuple[dict[str, Any], int]:
    """Import a tax-data file into the office: 200 accepted or duplicate, 422 with every rejected row."""
    user = current_api_user()
    data, file_name = _uploaded()
    result = import_tax(data, file_name, user.office, user)
    body = {**result.to_dict(), "message": result.message}
    if result.status == BatchStatus.REJECTED:
        return {"error": "ImportRejected", **body}, 422
    return body, 200


def lead_filters(args: Any) -> LeadFilters:
    """Filters from a query string; ValidationFailed (422) naming the bad field."""
    kind = (args.get("kind") or "").strip() or None
    if kind is not None and kind not in KINDS:
        raise inputs.invalid("kind", _("Loại đầu mối phải là một trong: %(k)s.", k=", ".join(KINDS)))
    new = (args.get("new_business") or "").strip().lower()
    if new not in ("", *inputs.TRUE, *inputs.FALSE):
        raise inputs.invalid("new_business", _("Phải là true hoặc false."))
    amounts = {
        name: inputs.integer(args[name], name, minimum=0) if (args.get(name) or "").strip() else None
        for name in ("min_amount", "max_amount")
    }
    return LeadFilters(
        kind=kind,
        district=(args.get("district") or "").strip() or None,
        new_business=None if new == "" else new in inputs.TRUE,
        **amounts,
    )


@api.get("/tax-leads")
@api_require(Permission.CASE_READ)
def list_tax_leads() -> dict[str, Any]:
    """The leads of a month (default: the latest month of the tax data), filtered, largest amount first."""
    user = current_api_user()
    filters = lead_filters(request.args)
    if not request.args.get("month") and latest_tax_month(user.office_id) is None:
        message = _("Chưa có dữ liệu thuế: hãy nhập tệp dữ liệu thuế trước (Nhập dữ liệu thuế).")
        return {"month": None, "window": [], "params": {}, "order": [], "leads": {}, "message": message}
    report = compute_leads(user.office_id, parse_month(request.args.get("month"), user.office_id))
    chosen = filters.apply(report.leads)
    return {
        "month": report.month,
        "window": report.window,
        "params": report.params,
        "order": [lead.tax_code for lead in chosen],
        "leads": {lead.tax_code: {**lead.to_dict(), "district": lead.district} for lead in chosen},
    }
