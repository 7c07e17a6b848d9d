"""What one workflow step is: its typed input, what it computes, what it records, what its documents print.

A step is a subclass of ``StepDef`` in a module of this package, registered by
its ``trigger`` (the row of ``enforcement.workflow.STEPS`` that says from which
states it fires, where it leads, who may fire it, its guards and the kinds of
document it issues).  The class holds everything else about the step:

- ``Input``: a frozen dataclass declared with ``steps.fields`` helpers; the form,
  the API's field list and request schema, the validation (Vietnamese messages
  per field) and the reading back of stored events all derive from it;
- ``check``: rules across fields (and the case, through ``InputContext``);
- ``context``: what validation needs to know about the case;
- ``compute``: figures fixed at the time of the step (kept on the timeline);
- ``record``: what the step writes on the case row besides the state;
- ``document_data``: the typed data each document kind it issues prints;
- ``defaults``: the form's first values.

Steps never touch the database: they read the case through the read model
(``services.case_view.CaseView``) they are given.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from flask_babel import gettext as _

from enforcement.errors import ValidationFailed
from enforcement.steps.fields import (
    Errors,
    FieldSpec,
    InputContext,
    check_not_future,
    load_value,
    parse_field,
    specs_of,
)
from enforcement.workflow import DocKind, Trigger

if TYPE_CHECKING:
    from enforcement.models import Case
    from enforcement.services.case_view import CaseView

REGISTRY: dict[Trigger, StepDef] = {}


@dataclass(frozen=True)
class NoInput:
    """A step without input."""


@dataclass(frozen=True)
class Computed:
    """Figures fixed at the time of a step (the event's ``computed``); optional parts only where the step sets them."""

    principal: int = 0
    interest: int = 0
    months_in_arrears: int = 0
    as_of: date | None = None
    reminder_no: int | None = None  # send_demand: the how-manieth notice
    behaviour: str | None = None  # conclude_inspection, issue_penalty: the behaviour concluded / penalised
    article216: dict[str, Any] | None = None  # draft/approve referral: the evaluation as it stood

    @classmethod
    def load(cls, raw: Mapping[str, Any] | None) -> Computed:
        raw = raw or {}
        names = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in raw.items() if k in names}
        if isinstance(values.get("as_of"), str):
            values["as_of"] = date.fromisoformat(values["as_of"])
        return cls(**values)

    def payload(self) -> dict[str, Any]:
        """As stored on the event: the optional parts only when set."""
        return {k: v for k, v in dataclasses.asdict(self).items() if v is not None}


class StepDef:
    """One workflow step (see the module docstring).  Subclasses set ``trigger`` and, when it has one, ``Input``."""

    trigger: ClassVar[Trigger]
    Input: ClassVar[type] = NoInput

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "trigger" in cls.__dict__:
            if cls.trigger in REGISTRY:
                raise RuntimeError(f"two steps for trigger {cls.trigger}")
            REGISTRY[cls.trigger] = cls()

    # ------------------------------------------------------------------ input

    @property
    def fields(self) -> tuple[FieldSpec, ...]:
        return specs_of(self.Input)

    def json_schema(self) -> dict[str, Any]:
        """The step's API request fields as JSON Schema (derived from ``Input``, like the form)."""
        return {
            "type": "object",
            "required": [s.name for s in self.fields if s.required and s.kind != "bool"],
            "properties": {s.name: s.json_schema() for s in self.fields},
            "additionalProperties": False,
        }

    def context(self, view: CaseView, base: InputContext) -> InputContext:
        """What validation needs to know about the case beyond today and the signers."""
        return base

    def validate(self, raw: Mapping[str, Any], ctx: InputContext) -> Any:
        """The typed ``Input`` of ``raw`` (form fields or JSON).

        :raises ValidationFailed: with ``errors`` mapping each field to its Vietnamese messages.
        """
        errors = Errors()
        specs = self.fields
        values = {spec.name: parse_field(spec, raw.get(spec.name), ctx, errors) for spec in specs}
        if not errors:
            check_not_future(specs, values, ctx, errors)
            self.check(values, ctx, errors)
        if errors:
            raise ValidationFailed(_("Thông tin nhập chưa hợp lệ."), errors=dict(errors))
        return self.Input(**values, **self.derive(values, ctx))

    def check(self, values: dict[str, Any], ctx: InputContext, errors: Errors) -> None:
        """Rules across fields; add messages to ``errors``."""

    def derive(self, values: dict[str, Any], ctx: InputContext) -> dict[str, Any]:
        """Derived (non-form) values of the input, computed once the fields are valid."""
        return {}

    def fold_form(self, form: Mapping[str, Any]) -> dict[str, Any]:
        """Form posts as the input's raw mapping (a step whose form differs from its JSON overrides this)."""
        return dict(form)

    def load(self, payload: Mapping[str, Any] | None) -> Any:
        """The typed ``Input`` of a stored event payload (older payloads lack newer fields: defaults)."""
        payload = payload or {}
        values = {}
        for f in dataclasses.fields(self.Input):
            if f.name in payload:
                spec = f.metadata.get("spec")
                values[f.name] = self.load_field(f.name, spec.kind if spec else None, payload[f.name])
        return self.Input(**values)

    def load_field(self, name: str, kind: str | None, value: Any) -> Any:
        return load_value(kind, value)

    @staticmethod
    def payload(value: Any) -> dict[str, Any]:
        """The input as stored on the event (and as ``validate_input`` returns it)."""
        return dataclasses.asdict(value)

    # ------------------------------------------------------------------ effects

    def compute(self, view: CaseView, value: Any) -> dict[str, Any]:
        """Step-specific figures fixed at the time of the step (beyond the arrears figures)."""
        return {}

    def record(self, case: Case, value: Any, computed: Computed) -> None:
        """What the step writes on the case row besides the state (``workflow.advance`` writes that)."""

    def issue_date(self, value: Any, today: date) -> date:
        """The date the step's documents carry: its input date declared ``dates_documents``, else ``today``."""
        marked = next((spec.name for spec in self.fields if spec.dates_documents), None)
        chosen = getattr(value, marked, None) if marked else None
        return chosen if isinstance(chosen, date) else today

    def signer_id(self, value: Any) -> int | None:
        return getattr(value, "signer_id", None)

    def document_data(self, kind: DocKind, view: CaseView, value: Any, *, issue_date: date,
                      extra: Mapping[str, Any]) -> Any:
        """The typed data document ``kind`` prints beyond the case, the figures and the step's input.

        ``extra``: what the event carries besides input and computed (detection's batch).
        """
        from enforcement.steps.data import inspection_refs

        return inspection_refs(view)

    def defaults(self, view: CaseView, ctx: InputContext) -> dict[str, Any]:
        """First values of the form: today's date, the first signer."""
        values: dict[str, Any] = {}
        for spec in self.fields:
            if spec.kind == "date" and spec.required:
                values[spec.name] = view.today.isoformat()
            elif spec.kind == "signer" and ctx.signers:
                values[spec.name] = str(ctx.signers[0].id)
        return values
