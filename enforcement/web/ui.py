"""App-wide template helpers of the UI: the label filters and the pager's URL builder."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request, url_for

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
def input_label(trigger: str | None, name: str) -> str:
    """The form label of a workflow input (timeline details show labels, not field names)."""
    from enforcement.steps import FIELDS

    for spec in FIELDS.get(trigger or "", ()):
        if spec.name == name:
            return str(spec.label)
    return name
