"""Schemathesis against ``GET /api/v1/openapi.json``: generated requests to every operation never get a 5xx.

In process (the WSGI app, no network), with a supervisor's bearer token of an
office that has a case, a document, an import and a job, so that some
generated ids hit real objects.  Small and deterministic: at most 20 examples
per operation, derandomized, no example database.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from enforcement.models import Role
from tests.security.helpers import bearer, tokens_for
from tests.security.routes import probe_app


@pytest.fixture
def supervisor_token(app, estate) -> str:
    return tokens_for(app, estate)[Role.SUPERVISOR]


# Loaded at collection from an application of the test configuration; during each test the database is the
# test's own transaction (the ``estate`` fixture swaps the session every application uses).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", probe_app())


@schema.parametrize()
@settings(max_examples=20, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_no_operation_answers_a_server_error(case, supervisor_token):
    response = case.call(headers=bearer(supervisor_token))
    case.validate_response(response, checks=[not_a_server_error])
