"""The OpenAPI description matches the routes, and every route answers 401/403/404/405 as JSON.

The route list comes from ``app.url_map``: a route added without being
documented (or documented after it was removed) fails here, and so does a
route whose declared permission differs from the document's ``x-permission``.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from enforcement.api import openapi
from enforcement.api.blueprint import PREFIX
from enforcement.models import Role
from enforcement.permissions import ROLE_PERMISSIONS
from enforcement.steps import step_of
from enforcement.workflow import Trigger

METHODS = {"get", "post", "put", "patch", "delete"}
SAMPLE_VALUES = {"case_id": "1", "document_id": "1", "evidence_id": "1", "batch_id": "1", "job_id": "1",
                 "employer_id": "1", "trigger": "dismiss"}


def _openapi_path(rule: str) -> str:
    """``/api/v1/cases/<int:case_id>`` → ``/cases/{case_id}``."""
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.removeprefix(PREFIX))


def _api_rules(app) -> dict[tuple[str, str], Any]:
    rules = {}
    for rule in app.url_map.iter_rules():
        if rule.rule == PREFIX or rule.rule.startswith(PREFIX + "/"):
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                rules[(_openapi_path(rule.rule), method.lower())] = rule
    return rules


def _documented(doc: dict[str, Any], routes: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """The documented operations as the routes that serve them (``/cases/{case_id}/transitions/send_demand``
    is served by ``/cases/{case_id}/transitions/{trigger}``: one operation per trigger, each with its body)."""
    out = set()
    for path, item in doc["paths"].items():
        for method in (m for m in item if m in METHODS):
            served = [r for r in routes if r[1] == method and _serves(r[0], path)]
            out.add(served[0] if len(served) == 1 else (path, method))
    return out


def _serves(route: str, path: str) -> bool:
    """Whether the route ``route`` (``{name}`` placeholders) serves the documented path ``path``: the same, or
    with a placeholder of the route written out as a literal segment in the path."""
    if route == path:
        return True
    pattern = "".join(re.escape(part) if not part.startswith("{") else r"(?:[^/{}]+|\{[^/}]+\})"
                      for part in re.split(r"({[^}]+})", route))
    return re.fullmatch(pattern, path) is not None


def _refs(node: Any) -> Any:
    """Every ``$ref`` of a JSON document."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _operations() -> list[openapi.Op]:
    return [op for op in openapi.OPERATIONS if op.permission is not None]


def _url(op: openapi.Op) -> str:
    return re.sub(r"{([^}]+)}", lambda m: SAMPLE_VALUES[m.group(1)], op.path)


def test_every_route_is_documented_and_every_documented_route_exists(app, client):
    doc = client.get(f"{PREFIX}/openapi.json").get_json()
    routes = set(_api_rules(app))
    documented = _documented(doc, routes)
    assert routes - documented == set(), "routes missing from openapi.json"
    assert documented - routes == set(), "documented but not routed"


def test_each_route_declares_the_permission_the_document_states(app):
    doc = openapi.document()
    for (path, method), rule in _api_rules(app).items():
        view = app.view_functions[rule.endpoint]
        declared = getattr(view, "required_permission", "undeclared")
        assert declared != "undeclared", f"{rule.rule} has no @api_require or @public"
        operations = [item[method] for documented, item in doc["paths"].items()
                      if method in item and _serves(path, documented)]
        assert operations, rule.rule
        for operation in operations:
            if declared is None:
                assert operation["security"] == []
            else:
                assert operation["x-permission"] == declared.value, rule.rule


def test_the_document_is_openapi_3_1_with_bearer_security_and_resolvable_references(client):
    response = client.get(f"{PREFIX}/openapi.json")
    assert response.status_code == 200
    doc = response.get_json()
    assert doc["openapi"] == "3.1.0"
    assert doc["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http", "scheme": "bearer", "bearerFormat": "ecm_…"
    }
    assert doc["security"] == [{"bearerAuth": []}]
    refs = list(_refs(doc))
    assert len(refs) > 50
    for ref in refs:
        section, name = ref.removeprefix("#/components/").split("/")
        assert name in doc["components"][section], f"unresolved $ref {ref}"


def test_every_protected_operation_documents_its_errors_with_the_error_schema():
    doc = openapi.document()
    for op in _operations():
        responses = doc["paths"][op.path][op.method]["responses"]
        assert {"200", "401", "403"} <= set(responses), op.path
    assert doc["components"]["responses"]["E422"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }


def test_operation_ids_are_unique_and_name_the_endpoints(app):
    doc = openapi.document()
    ids = [operation["operationId"] for item in doc["paths"].values() for operation in item.values()]
    assert len(ids) == len(set(ids))
    assert {f"api.{op.endpoint}" for op in openapi.OPERATIONS} <= set(app.view_functions)


def test_each_trigger_has_its_operation_whose_body_is_its_steps_fields():
    doc = openapi.document()
    for trigger in Trigger:
        operation = doc["paths"][f"/cases/{{case_id}}/transitions/{trigger.value}"]["post"]
        assert operation["operationId"] == f"fire_{trigger.value}"
        body = doc["components"]["schemas"][f"FireRequest_{trigger.value}"]
        fields = {spec.name for spec in step_of(trigger).fields}
        assert set(body["properties"]) == {"version", *fields}
        assert body["additionalProperties"] is False and "version" in body["required"]


@pytest.mark.parametrize("op", _operations(), ids=lambda op: f"{op.method} {op.path}")
def test_every_protected_route_refuses_a_request_without_a_token(client, op):
    response = client.open(PREFIX + _url(op), method=op.method.upper())
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("op", _operations(), ids=lambda op: f"{op.method} {op.path}")
def test_every_role_without_the_permission_gets_403(api, world, op):
    refused = [role for role in Role if op.permission not in ROLE_PERMISSIONS[role]]
    assert refused, "at least the admin lacks every case permission"
    for role in refused:
        response = api.as_(world.user(role)).open(op.method, _url(op))
        assert response.status_code == 403, (role, op.path)
        assert response.get_json()["error"] == "Forbidden"


def test_an_unknown_api_address_is_404_json_but_other_pages_keep_their_html(api, world, client):
    response = api.as_(world.inspector).get("/nothing/here")
    assert response.status_code == 404
    assert response.get_json()["error"] == "NotFound"
    assert client.get("/no-such-page").mimetype == "text/html"


def test_a_wrong_method_is_405_json_with_allow(api, world):
    response = api.as_(world.inspector).open("delete", "/cases")
    assert response.status_code == 405
    assert response.get_json()["error"] == "MethodNotAllowed"
    assert response.headers["Allow"] == "GET, HEAD, OPTIONS"


def test_the_correction_operation_takes_a_reason_and_answers_the_new_document():
    doc = openapi.document()
    operation = doc["paths"]["/cases/{case_id}/documents/{document_id}/corrections"]["post"]
    assert operation["operationId"] == "correct_document" and operation["x-permission"] == "case:act"
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/CorrectionRequest"}
    assert doc["components"]["schemas"]["CorrectionRequest"]["required"] == ["reason"]
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Document"
    }
    assert {"403", "404", "422"} <= set(operation["responses"])
    assert [p["name"] for p in operation["parameters"]] == ["case_id", "document_id"]


def test_every_operation_documents_400_and_every_authenticated_one_401_and_429_with_retry_after():
    doc = openapi.document()
    for op in openapi.OPERATIONS:
        responses = doc["paths"][op.path][op.method]["responses"]
        assert "400" in responses, op.path
        if op.permission is not None:
            assert {"401", "403", "429"} <= set(responses), op.path
    too_many = doc["components"]["responses"]["E429"]
    assert too_many["headers"]["Retry-After"]["required"] is True
    assert too_many["headers"]["Retry-After"]["schema"] == {"type": "integer", "minimum": 1}
    assert too_many["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    assert "NUL" in doc["components"]["responses"]["E400"]["description"]


@pytest.fixture
def rate_limited(app, monkeypatch):
    from enforcement.security import limiter

    monkeypatch.setitem(app.config, "RATELIMIT_ENABLED", True)
    monkeypatch.setitem(app.config, "RATELIMIT_API_TOKEN", "2/minute")
    limiter(app).reset()
    yield
    limiter(app).reset()


def test_a_real_429_and_a_real_400_match_the_document(api, world, rate_limited):
    """The API client checks every answer against the document: status, headers and body."""
    client = api.as_(world.inspector)
    assert [client.get("/cases").status_code for _ in range(2)] == [200, 200]
    over = client.get("/cases")  # schema_check: 429 documented, Retry-After present and an integer ≥ 1
    assert over.status_code == 429 and int(over.headers["Retry-After"]) >= 1
    assert over.get_json()["error"] == "TooManyRequests"
    bad = api.as_(world.legal).get("/cases?q=a%00b")
    assert bad.status_code == 400 and bad.get_json()["error"] == "BadRequest"
