"""Schemathesis with every check against ``GET /api/v1/openapi.json``: the document and the server agree.

In process (the WSGI app, no network), with a supervisor's bearer token of an
office that has a case, a document, an import and a job, so that some
generated ids hit real objects.  Every built-in check runs (``--checks all``):
no 5xx, status codes, content types, headers and bodies as documented,
schema-violating requests refused (``negative_data_rejection``), missing or
wrong tokens refused (``ignored_auth``) and schema-valid requests accepted
(``positive_data_acceptance``).  The one allowance: an operation that declares
business rules in its 409/422 response (``Op.rules``, ``x-business-rules``)
may refuse a schema-valid request with that 422 — but never by the schema
check itself (the request must pass the server's own validator, so a 422 can
only come from a rule of the service).

Small and deterministic for the normal suite (``SCHEMATHESIS_EXAMPLES``,
default 12 per operation, derandomized, no example database); ``make
schemathesis`` runs the same test with 150 examples per operation.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, assume, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from enforcement.api import validation
from enforcement.api.blueprint import PREFIX
from enforcement.models import Role
from tests.security.helpers import bearer, tokens_for
from tests.security.routes import probe_app

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "12"))


@pytest.fixture
def supervisor_token(app, estate) -> str:
    return tokens_for(app, estate)[Role.SUPERVISOR]


def _declares_rules(case: Any) -> bool:
    response = case.operation.definition.raw.get("responses", {}).get("422", {})
    return bool(response.get("x-business-rules"))


def _path_args(case: Any) -> dict[str, Any]:
    """Path parameters as the server's URL converters hand them over (``<int:…>``: a number)."""
    out: dict[str, Any] = {}
    for name, value in (case.path_parameters or {}).items():
        text = str(value)
        out[name] = int(text) if text.isdigit() else text
    return out


def _body(case: Any) -> Any:
    from schemathesis.core import NOT_SET

    if case.body is NOT_SET:
        return validation._NO_BODY
    return case.body if case.media_type == "application/json" else validation._NO_BODY


def _violation_not_sent(case: Any) -> bool:
    """A schema-violating case whose violation never reaches the server: a query parameter whose value is an
    empty list (``{"": []}``) is left out of the query string, so the request sent is a valid one (seen with
    150 examples: ``GET /tax-leads?district=`` reported as an accepted violation)."""
    meta = case.meta
    negative = meta is not None and not meta.generation.mode.is_positive
    return negative and any(value == [] for value in (case.query or {}).values())


@schemathesis.check
def schema_valid_accepted_or_refused_by_a_declared_rule(ctx: Any, response: Any, case: Any) -> bool | None:
    """``positive_data_acceptance``, except that an operation declaring business rules may answer their 422,
    which must then not come from the schema check (the server's validator passes the request)."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return None
    if response.status_code != 422 or not _declares_rules(case):
        return positive_data_acceptance(ctx, response, case)
    path = case.operation.path
    errors = validation.request_errors(case.method.lower(), path, _path_args(case), dict(case.query or {}),
                                       _body(case))
    assert not errors, f"the document allows this {case.method} {path} but the server's validator refuses: {errors}"
    body = response.json()
    assert body.get("error") in {"ValidationFailed", "GuardRejected", "ImportRejected"}, body
    return None


# Loaded at collection from an application of the test configuration; during each test the database is the
# test's own transaction (the ``estate`` fixture swaps the session every application uses).
schema = schemathesis.openapi.from_wsgi(f"{PREFIX}/openapi.json", probe_app())


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_the_document_and_the_server_agree_on_every_request(case, supervisor_token):
    assume(not _violation_not_sent(case))
    case.call_and_validate(
        headers=bearer(supervisor_token),
        excluded_checks=[positive_data_acceptance],
        additional_checks=[schema_valid_accepted_or_refused_by_a_declared_rule],
    )
