"""App-wide template helpers of the UI: the label filters and the pager's URL builder."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, request, url_for
from flask_babel import gettext as _

from enforcement.domain.money import format_money
from enforcement.domain.periods import format_date
from enforcement.pdf.context import period_display
from enforcement.web.labels import FILTERS

bp = Blueprint("ui", __name__)

for _name, _fn in FILTERS.items():
    bp.add_app_template_filter(_fn, _name)


@bp.app_template_global()
def page_url(page: int, param: str = "page", anchor: str | None = None, **overrides: Any) -> str:
    """The current page's URL with ``param`` set to ``page`` (and ``overrides``), other query arguments kept."""
    args = request.args.to_dict()
    args.update({k: v for k, v in overrides.items() if v is not None})
    args[param] = str(page)
    if anchor:
        args["_anchor"] = anchor
    return url_for(request.endpoint, **(request.view_args or {}), **args)


@bp.app_template_global()
def input_facts(trigger: str | None, details: dict[str, Any] | None) -> list[tuple[str, Any]]:
    """A recorded step's input as the timeline shows it: each field's label and its value as people write it.

    Read through the step's typed ``Input`` (an older event lacking newer fields still shows): dates
    dd/mm/yyyy, choices by their label, yes/no, lines joined; the month table, the signer and the
    fine band are shown elsewhere.
    """
    from enforcement.steps import REGISTRY
    from enforcement.workflow import Trigger

    if not details or trigger not in {t.value for t in Trigger}:
        return []
    step = REGISTRY[Trigger(trigger)]
    value = step.load(details.get("input"))
    out: list[tuple[str, Any]] = []
    for spec in step.fields:
        if spec.kind in ("behaviours", "signer"):
            continue
        shown = getattr(value, spec.name)
        if isinstance(shown, date):
            shown = format_date(shown)
        elif spec.kind == "choice":
            shown = str(dict(spec.choices).get(shown, shown or ""))
        elif spec.kind == "bool":
            shown = _("Có") if shown else _("Không")
        elif spec.kind == "period" and shown:
            shown = period_display(str(shown))
        elif spec.kind == "money" and isinstance(shown, int):
            shown = format_money(shown)
        elif isinstance(shown, list):
            shown = ", ".join(shown)
        out.append((str(spec.label), "" if shown is None else shown))
    return out
