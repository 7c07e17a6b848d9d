"""Check API responses against the OpenAPI document (the subset of JSON Schema it uses).

``check_response`` finds the documented operation of a request, refuses a
status the document does not list, checks the response's documented headers
(``Retry-After`` of a 429), and validates a JSON body against the documented
schema.  The API tests' client calls it on every response, so the
document stays true to what the API really answers.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from werkzeug.test import TestResponse

from enforcement.api import openapi

Schema = dict[str, Any]

_TYPES: dict[str, Any] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


@cache
def _document() -> Schema:
    return openapi.document()


def _resolve(ref: str) -> Schema:
    node: Any = _document()
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node


def problems(value: Any, schema: Schema, where: str = "$") -> list[str]:
    """Every way ``value`` breaks ``schema`` (empty when it conforms)."""
    if "$ref" in schema:
        return problems(value, _resolve(schema["$ref"]), where)
    if "oneOf" in schema:
        matching = sum(1 for option in schema["oneOf"] if not problems(value, option, where))
        return [] if matching == 1 else [f"{where}: matches {matching} of oneOf"]
    kind = schema.get("type")
    if kind and not _TYPES[kind](value):
        return [f"{where}: expected {kind}, got {type(value).__name__} {value!r:.60}"]
    found = []
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{where}: {value!r} not in enum")
    if "minimum" in schema and _TYPES["number"](value) and value < schema["minimum"]:
        found.append(f"{where}: {value} < minimum {schema['minimum']}")
    if isinstance(value, dict):
        found += _object_problems(value, schema, where)
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            found += problems(item, schema["items"], f"{where}[{index}]")
    return found


def _object_problems(value: dict[str, Any], schema: Schema, where: str) -> list[str]:
    found = [f"{where}: missing {name!r}" for name in schema.get("required", ()) if name not in value]
    properties = schema.get("properties", {})
    extra = schema.get("additionalProperties", True)
    for key, item in value.items():
        if key in properties:
            found += problems(item, properties[key], f"{where}.{key}")
        elif extra is False:
            found.append(f"{where}: undocumented property {key!r}")
        elif isinstance(extra, dict):
            found += problems(item, extra, f"{where}.{key}")
    return found


@cache
def _matchers() -> list[tuple[re.Pattern[str], str, str]]:
    out = []
    for path, item in _document()["paths"].items():
        pattern = re.compile(re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(path)) + "$")
        out.extend((pattern, path, method) for method in item)
    return out


def operation_of(method: str, path: str) -> Schema | None:
    """The documented operation of a request (``path`` below ``/api/v1``), or None."""
    bare = path.split("?", 1)[0]
    for pattern, template, verb in _matchers():
        if verb == method.lower() and pattern.match(bare):
            return _document()["paths"][template][verb]
    return None


def check_response(method: str, path: str, response: TestResponse) -> None:
    """Fail when a documented operation answers an undocumented status or a body outside its schema."""
    operation = operation_of(method, path)
    if operation is None or method.lower() == "head":
        return
    status = str(response.status_code)
    documented = operation["responses"].get(status)
    assert documented is not None, f"{method.upper()} {path} answered undocumented status {status}"
    if "$ref" in documented:
        documented = _resolve(documented["$ref"])
    for name, header in documented.get("headers", {}).items():
        value = response.headers.get(name)
        assert value is not None or not header.get("required"), f"{method.upper()} {path} {status}: no {name}"
        if value is not None and header.get("schema", {}).get("type") == "integer":
            assert value.isdigit() and not problems(int(value), header["schema"]), f"{name}: {value!r}"
    media, spec = next(iter(documented["content"].items()))
    assert response.mimetype == media, f"{method.upper()} {path} {status}: {response.mimetype} instead of {media}"
    if media == "application/json":
        found = problems(response.get_json(), spec["schema"])
        assert not found, f"{method.upper()} {path} {status} breaks the document: {found[:5]}"
