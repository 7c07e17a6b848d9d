"""Arrears detection runs over the office's ledger (supervisors).

An office with more than ``API_SYNC_DETECTION_EMPLOYERS`` employers (or a request with
``"background": true``) is detected by a background job: ``202 Accepted`` with the job's
URL, never a request that outlives the server's worker timeout.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import gettext as _

from enforcement import clock
from enforcement.api import inputs
from enforcement.api.auth import api_require, current_api_user
from enforcement.api.blueprint import api
from enforcement.api.jobs import accepted
from enforcement.extensions import db
from enforcement.models import Employer
from enforcement.permissions import Permission
from enforcement.services import jobs
from enforcement.services.detection import detect


@api.post("/detections")
@api_require(Permission.DETECTION_RUN)
def run_detection() -> Any:
    """Run detection as of ``as_of`` (default today): counts of cases opened, updated, settled, unchanged."""
    body = inputs.json_object(required=False)
    as_of = inputs.iso_date(body["as_of"], "as_of") if body.get("as_of") else clock.today()
    background = body.get("background", False)
    if not isinstance(background, bool):
        raise inputs.invalid("background", _("“background” phải là true hoặc false."))
    user = current_api_user()
    employers = db.session.scalar(
        db.select(db.func.count()).select_from(Employer).where(Employer.office_id == user.office_id)
    )
    if background or employers > current_app.config["API_SYNC_DETECTION_EMPLOYERS"]:
        return accepted(jobs.enqueue(jobs.DETECT, user.office, user, {"as_of": as_of.isoformat()}))
    return detect(user.office, as_of, user).to_dict()
