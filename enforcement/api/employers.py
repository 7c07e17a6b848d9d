"""An employer's sanction history (LEGAL.md LR-SANCTIONS): every penalty decision with its computed status."""

from __future__ import annotations

from typing import Any

from enforcement import clock
from enforcement.api.auth import api_require, current_api_user
from enforcement.api.blueprint import api
from enforcement.permissions import Permission
from enforcement.services import sanctions


@api.get("/employers/<int:employer_id>/sanctions")
@api_require(Permission.CASE_READ)
def employer_sanctions(employer_id: int) -> dict[str, Any]:
    """Every decision of the employer (any case, or entered from before the system), live or cleared today."""
    employer = sanctions.employer_of(employer_id, current_api_user())
    today = clock.today()
    entries = sanctions.history(employer.id, today)
    return {
        "employer_id": employer.id,
        "as_of": today.isoformat(),
        "rule": "LR-SANCTIONS",
        "live_evasion": any(e.status.live and e.status.decision.is_evasion for e in entries),
        "items": [e.to_dict() for e in entries],
    }
