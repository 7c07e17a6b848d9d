"""The generic workflow-action form: fields drawn from the step's ``Input``, defaults, and the review step.

One renderer serves every trigger (``templates/cases/_action_fields.html``);
this module prepares its data: the values to show (defaults on first display,
what the user typed afterwards), the checked values for the confirmation page,
and how each is displayed there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from werkzeug.datastructures import MultiDict

from enforcement.services.case_view import CaseView, input_context
from enforcement.steps import FieldSpec, InputContext, step_of, validate_input
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

    @property
    def fine_preview(self) -> dict[str, Any] | None:
        """issue_penalty: every violation's band, proposal and reasons for the values shown (LR-FINE), as soon
        as the conclusion's violations are known; None when they cannot be computed yet."""
        if self.ctx.fine_proposal is None:
            return None
        values = self.values
        offender = values.get("offender") or "organisation"
        aggravating = [x for x in str(values.get("aggravating") or "").split(",") if x]
        mitigating = [x for x in str(values.get("mitigating") or "").split(",") if x]
        try:
            signer = int(values.get("signer_id") or 0) or None
            day = date.fromisoformat(str(values.get("decision_date") or self.ctx.today.isoformat()))
            result = self.ctx.fine_proposal(day, offender, aggravating, mitigating, signer)
        except Exception:
            return None
        return None if result is None else result.to_dict()


def defaults(view: CaseView, trigger: str, ctx: InputContext) -> dict[str, Any]:
    """First values of the form (the step's ``defaults``: today's date, the first signer, the case's figures)."""
    return step_of(trigger).defaults(view, ctx)


def submitted(form: MultiDict, trigger: str, ctx: InputContext) -> dict[str, Any]:
    """The trigger's fields as the user typed them (only those: no token, no stage)."""
    values: dict[str, Any] = {}
    for spec in step_of(trigger).fields:
        if spec.kind == "behaviours":
            for month in ctx.months:
                for prefix in ("behaviour_", "reason_", "employees_", "withheld_"):
                    values[prefix + month.period] = form.get(prefix + month.period, "")
        elif spec.kind == "bool":
            values[spec.name] = "on" if form.get(spec.name) in ("on", "1", "true", "y") else ""
        elif spec.kind == "multichoice":
            values[spec.name] = ",".join(item for raw in form.getlist(spec.name) for item in raw.split(",") if item)
        else:
            values[spec.name] = form.get(spec.name, "")
    return values


def prepare(view: CaseView, availability: Availability) -> ActionData:
    trigger = availability.step.trigger.value
    ctx = input_context(view, trigger)
    return ActionData(availability, step_of(trigger).fields, ctx, defaults(view, trigger, ctx))


def check(data: ActionData) -> dict[str, Any]:
    """Validate the typed values as ``fire`` will (raises ``ValidationFailed``)."""
    return validate_input(data.trigger, step_of(data.trigger).fold_form(data.values), data.ctx)


def display(spec: FieldSpec, value: Any, ctx: InputContext) -> Any:
    """How a checked value reads on the confirmation page (a text, or a list of lines)."""
    if value is None or value == "" or value == []:
        return "—"
    if spec.kind == "choice":
        return str(dict(spec.choices).get(value, value))
    if spec.kind == "multichoice":
        labels = dict(spec.choices)
        return [str(labels.get(item, item)) for item in value]
    if spec.kind == "signer":
        return next((s.label for s in ctx.signers if s.id == value), str(value))
    if spec.kind == "evidence":
        return next((e.label for e in ctx.evidence if e.id == value), str(value))
    if spec.kind == "bool":
        return "yes" if value else "no"
    if spec.kind == "date" and isinstance(value, date):
        return value
    return value
