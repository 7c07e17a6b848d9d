"""The generic workflow-action form: fields drawn from ``steps.FIELDS``, defaults, and the review step.

One renderer serves every trigger (``templates/cases/_action_fields.html``);
this module prepares its data: the values to show (defaults on first display,
what the user typed afterwards), the checked values for the confirmation page,
and how each is displayed there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from werkzeug.datastructures import MultiDict

from enforcement.domain.periods import Period
from enforcement.services.cases import CaseView, input_context
from enforcement.steps import FIELDS, FieldSpec, InputContext, validate_input
from enforcement.workflow import Availability


@dataclass
class ActionData:
    """Everything the action form and its confirmation page show."""

    availability: Availability
    specs: tuple[FieldSpec, ...]
    ctx: InputContext
    values: dict[str, Any]
    errors: dict[str, list[str]] = field(default_factory=dict)
    clean: dict[str, Any] = field(default_factory=dict)

    @property
    def trigger(self) -> str:
        return self.availability.step.trigger.value

    @property
    def behaviours_failed(self) -> bool:
        return any(name.startswith("behaviours") for name in self.errors)

    def behaviour_errors(self, period: str) -> list[str]:
        return self.errors.get(f"behaviours.{period}", [])


def defaults(view: CaseView, trigger: str, ctx: InputContext) -> dict[str, Any]:
    """First values of the form: today's date, the first signer, the case's own figures."""
    today = view.today
    values: dict[str, Any] = {}
    for spec in FIELDS.get(trigger, ()):
        if spec.kind == "date" and spec.required:
            values[spec.name] = today.isoformat()
        elif spec.kind == "signer" and ctx.signers:
            values[spec.name] = str(ctx.signers[0].id)
    if trigger == "send_demand":
        values["pay_by"] = (today + timedelta(days=15)).isoformat()
    if trigger == "decide_inspection":
        oldest = view.case.oldest_unpaid_period or str(Period.of(today).add(-12))
        values["period_from"] = oldest
        values["period_to"] = str(Period.of(today).add(-1))
        values["planned_date"] = (today + timedelta(days=5)).isoformat()
    if trigger == "conclude_inspection":
        values["employees_affected"] = str(view.case.employees_affected or view.figures.employees_affected)
        values["withheld_not_paid"] = "0"
        for month in ctx.months:
            values[f"behaviour_{month.period}"] = month.suggestion if month.suggestion != "manual" else ""
            # LR-ART216 C4: the ledger headcount only as a suggestion; the inspector confirms or corrects it.
            values[f"employees_{month.period}"] = str(month.employees)
            values[f"withheld_{month.period}"] = "0"
    if trigger == "issue_penalty":
        values["compliance_days"] = "10"
        values["offender"] = "organisation"
    if trigger == "draft_referral":
        values["prior_offences"] = "0"
    return values


def submitted(form: MultiDict, trigger: str, ctx: InputContext) -> dict[str, Any]:
    """The trigger's fields as the user typed them (only those: no token, no stage)."""
    values: dict[str, Any] = {}
    for spec in FIELDS.get(trigger, ()):
        if spec.kind == "behaviours":
            for month in ctx.months:
                for prefix in ("behaviour_", "reason_", "employees_", "withheld_"):
                    values[prefix + month.period] = form.get(prefix + month.period, "")
        elif spec.kind == "bool":
            values[spec.name] = "on" if form.get(spec.name) in ("on", "1", "true", "y") else ""
        else:
            values[spec.name] = form.get(spec.name, "")
    return values


def prepare(view: CaseView, availability: Availability) -> ActionData:
    trigger = availability.step.trigger.value
    ctx = input_context(view, trigger)
    return ActionData(availability, FIELDS.get(trigger, ()), ctx, defaults(view, trigger, ctx))


def check(data: ActionData) -> dict[str, Any]:
    """Validate the typed values as ``fire`` will (raises ``ValidationFailed``)."""
    from enforcement.services.cases import fold_form

    return validate_input(data.trigger, fold_form(data.trigger, data.values), data.ctx)


def display(spec: FieldSpec, value: Any, ctx: InputContext) -> Any:
    """How a checked value reads on the confirmation page (a text, or a list of lines)."""
    if value is None or value == "" or value == []:
        return "—"
    if spec.kind == "choice":
        return str(dict(spec.choices).get(value, value))
    if spec.kind == "signer":
        return next((s.label for s in ctx.signers if s.id == value), str(value))
    if spec.kind == "bool":
        return "yes" if value else "no"
    if spec.kind == "date" and isinstance(value, date):
        return value
    return value
