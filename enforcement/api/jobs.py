"""Background jobs of the API: the status of a job that ``POST /imports`` or ``POST /detections`` queued (202)."""

from __future__ import annotations

from typing import Any

from flask import url_for

from enforcement.api.auth import api_require, current_api_user
from enforcement.api.blueprint import api
from enforcement.models import Job
from enforcement.permissions import Permission, get_in_office
from enforcement.services import jobs


def job_body(job: Job) -> dict[str, Any]:
    """The job's state with its URL (the body of a 202 and of ``GET /jobs/<id>``)."""
    return {**jobs.state_of(job).to_dict(), "url": url_for("api.get_job", job_id=job.id)}


def accepted(job: Job) -> tuple[dict[str, Any], int, dict[str, str]]:
    """``202 Accepted`` with the job's URL in ``Location`` and the body."""
    body = job_body(job)
    return body, 202, {"Location": body["url"]}


@api.get("/jobs/<int:job_id>")
@api_require(Permission.CASE_READ)
def get_job(job_id: int) -> tuple[dict[str, Any], int, dict[str, str]]:
    """A job of the office: status (queued, running, done, failed), progress 0–100, result or error."""
    body = job_body(get_in_office(Job, job_id, current_api_user()))
    return body, 200, {"Cache-Control": "no-store"}
