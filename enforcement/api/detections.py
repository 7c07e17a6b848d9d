"""Arrears detection runs over the office's ledger (supervisors)."""

from __future__ import annotations

from typing import Any

from enforcement import clock
from enforcement.api import inputs
from enforcement.api.auth import api_require, current_api_user
from enforcement.api.blueprint import api
from enforcement.permissions import Permission
from enforcement.services.detection import detect


@api.post("/detections")
@api_require(Permission.DETECTION_RUN)
def run_detection() -> dict[str, Any]:
    """Run detection as of ``as_of`` (default today): counts of cases opened, updated, settled, unchanged."""
    body = inputs.json_object(required=False)
    as_of = inputs.iso_date(body["as_of"], "as_of") if body.get("as_of") else clock.today()
    user = current_api_user()
    return detect(user.office, as_of, user).to_dict()
