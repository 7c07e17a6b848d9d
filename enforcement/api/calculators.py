"""The legal calculators (Article 216, fine, interest, deadlines): the JSON of ``flask legal …`` over HTTP."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_babel import gettext as _

from enforcement.api.auth import api_require
from enforcement.api.blueprint import api
from enforcement.calculators import CALCULATORS, CalculatorInputError
from enforcement.errors import ValidationFailed
from enforcement.permissions import Permission
from enforcement.services.legal_params import current_params, work_calendar


def _field_errors(exc: CalculatorInputError) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for field, message in exc.errors:
        errors.setdefault(field, []).append(message)
    return errors


@api_require(Permission.CALCULATOR_USE)
def calculate(name: str) -> dict[str, Any]:
    """Run calculator ``name`` on the JSON body (422 with ``errors`` per field on malformed input)."""
    body = request.get_json(silent=True)
    extra = {"calendar": work_calendar()} if name == "deadlines" else {}
    try:
        return CALCULATORS[name](body, current_params(), **extra)
    except CalculatorInputError as exc:
        raise ValidationFailed(_("Đầu vào của công cụ tính không hợp lệ."), errors=_field_errors(exc)) from exc


for _name in CALCULATORS:
    api.add_url_rule(
        f"/calculators/{_name}", f"calculate_{_name}", calculate, methods=["POST"], defaults={"name": _name}
    )
