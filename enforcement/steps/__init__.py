"""The workflow steps: one ``StepDef`` subclass per trigger, one module each (see ``steps.base``).

Every module of this package is imported here, so a new step is one new
module (plus its template and its row in ``enforcement.workflow.STEPS``).
``REGISTRY`` maps each trigger to its step; ``FIELDS`` (the form fields of
each trigger) and ``validate_input`` are derived from the steps' ``Input``.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping
from typing import Any

from enforcement.steps.base import REGISTRY, Computed, StepDef
from enforcement.steps.fields import (
    MAX_TEXT,
    MAX_TEXTAREA,
    FieldSpec,
    InputContext,
    MonthToClassify,
    SignerChoice,
    clean_text,
)
from enforcement.workflow import Trigger

_INFRASTRUCTURE = {"base", "fields", "data"}
for _module in pkgutil.iter_modules(__path__):
    if _module.name not in _INFRASTRUCTURE:
        importlib.import_module(f"{__name__}.{_module.name}")

missing = set(Trigger) - set(REGISTRY)
if missing:  # pragma: no cover - a trigger of the transition table without its step module
    raise RuntimeError(f"no step module for {sorted(missing)}")


def step_of(trigger: str | Trigger) -> StepDef:
    """The step of ``trigger`` (``KeyError``/``ValueError`` for an unknown one)."""
    return REGISTRY[Trigger(trigger)]


FIELDS: dict[str, tuple[FieldSpec, ...]] = {t.value: REGISTRY[t].fields for t in Trigger}
"""The form fields of each trigger, derived from its step's ``Input``."""


def parse_input(trigger: str, raw: Mapping[str, Any], ctx: InputContext) -> Any:
    """The typed ``Input`` of ``trigger`` from raw form fields or JSON (see ``StepDef.validate``).

    :raises ValidationFailed: with ``errors`` mapping each field to its Vietnamese messages.
    """
    return step_of(trigger).validate(raw, ctx)


def validate_input(trigger: str, raw: Mapping[str, Any], ctx: InputContext) -> dict[str, Any]:
    """Clean, typed input of ``trigger`` as it is stored on the event (``parse_input``, as a mapping).

    :raises ValidationFailed: with ``errors`` mapping each field to its messages.
    """
    return step_of(trigger).payload(parse_input(trigger, raw, ctx))


__all__ = [
    "FIELDS",
    "MAX_TEXT",
    "MAX_TEXTAREA",
    "REGISTRY",
    "Computed",
    "FieldSpec",
    "InputContext",
    "MonthToClassify",
    "SignerChoice",
    "StepDef",
    "clean_text",
    "parse_input",
    "step_of",
    "validate_input",
]
