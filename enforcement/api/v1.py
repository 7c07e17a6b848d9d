"""``/api/v1``: the finished blueprint, registered by the app factory as ``bp``.

Importing the route modules here (not in the blueprint's own module) attaches
every route and error handler before the factory registers the blueprint.
"""

from __future__ import annotations

from enforcement.api import (  # noqa: F401  (each module attaches its routes to ``api``)
    assignments,
    calculators,
    cases,
    detections,
    documents,
    errors,
    evidence,
    imports,
    jobs,
    leads,
    openapi,
    transitions,
)
from enforcement.api.blueprint import api

bp = api
