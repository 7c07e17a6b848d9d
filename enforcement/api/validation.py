"""Every API request checked against the OpenAPI document before its view runs.

The document (``enforcement.api.openapi``) is the one definition of what a
request may hold: its path and query parameters and its JSON body, with the
step fields derived from each step's typed ``Input`` (``steps.fields``).  This
module compiles, per operation, a JSON Schema validator from those same
definitions and runs it after authentication and the permission check
(``api_require``): what the document forbids is refused with 422 and a
Vietnamese message per field, before a view, a service or the database sees
it.  A new operation is covered as soon as it is in ``OPERATIONS``.

What the document allows may still be refused by a business rule the
operation declares (``Op.rules``: 422 or 409); ``tests/security/test_api_schema.py``
runs schemathesis with every check to hold the server to both directions.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import jsonschema_rs
from flask import request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from enforcement.api.blueprint import PREFIX
from enforcement.errors import ValidationFailed

_INTEGER = re.compile(r"-?[0-9]+")
TRUE = ("true", "1", "yes", "on")
FALSE = ("false", "0", "no", "off")


@dataclass(frozen=True)
class Compiled:
    """The validators of one operation: each parameter's, and the JSON body's (None: no JSON body)."""

    path: tuple[tuple[str, Any, jsonschema_rs.Validator], ...]  # name, schema, validator
    query: tuple[tuple[str, Any, jsonschema_rs.Validator], ...]
    body: jsonschema_rs.Validator | None
    body_required: bool
    form: jsonschema_rs.Validator | None = None  # a multipart body: its fields (a file's value is its name)


def _validator(schema: Mapping[str, Any]) -> jsonschema_rs.Validator:
    from enforcement.api.openapi import SCHEMAS

    # ``#/components/schemas/…`` references resolve inside this root, as they do in the served document.
    root = {**schema, "components": {"schemas": SCHEMAS}}
    return jsonschema_rs.Draft202012Validator(root, validate_formats=True)


@cache
def compiled(method: str, path: str) -> Compiled | None:
    """The validators of the documented operation ``method`` ``path`` (an OpenAPI path), or None."""
    from enforcement.api.openapi import OPERATIONS, without_nul

    op = next((o for o in OPERATIONS if o.method == method and o.path == path), None)
    if op is None:
        return None
    params = {where: tuple((p.name, p.schema, _validator(without_nul(p.schema))) for p in op.params
                           if p.where == where)
              for where in ("path", "query")}
    body = without_nul(op.body)
    json_body = op.body is not None and "application/json" in op.body_media
    form = op.body is not None and "multipart/form-data" in op.body_media
    return Compiled(params["path"], params["query"], _validator(body) if json_body else None, op.body_required,
                    _validator(body) if form else None)


def operation_path(endpoint: str, view_args: Mapping[str, Any]) -> tuple[str, str] | None:
    """The documented (method, path) of this request: the operations of its view whose path, filled with the
    request's arguments, is the request's path (the triggers share one view but not one path)."""
    from enforcement.api.openapi import OPERATIONS

    method = request.method.lower()
    here = request.path.removeprefix(PREFIX)
    for op in OPERATIONS:
        if op.method != method or f"api.{op.endpoint}" != endpoint:
            continue
        filled = re.sub(r"{([^}]+)}", lambda m: str(view_args.get(m.group(1), m.group(0))), op.path)
        if filled == here:
            return op.method, op.path
    return None


def validate_request() -> None:
    """Refuse (``ValidationFailed``, 422) a request the OpenAPI document does not allow.

    An address no operation documents (an unknown trigger) is left to its view, which answers 404.
    """
    found = operation_path(request.endpoint or "", request.view_args or {})
    if found is None:
        return
    checks = compiled(*found)
    body: Any = _NO_BODY
    expects_json = checks is not None and checks.body is not None
    if expects_json and (checks.body_required or request.get_data(cache=True)):  # type: ignore[union-attr]
        body = whole_numbers(request.get_json(silent=True))
    errors = request_errors(*found, request.view_args or {}, request.args, body)
    if checks is not None and checks.form is not None and request.mimetype == "multipart/form-data":
        fields: dict[str, Any] = dict(request.form.items())
        fields.update({name: upload.filename or "" for name, upload in request.files.items()})
        _collect(checks.form, fields, "", errors)
    if errors:
        raise ValidationFailed(_("Dữ liệu gửi lên không hợp lệ."), errors=errors)


_NO_BODY = object()


def request_errors(method: str, path: str, path_args: Mapping[str, Any], query: Mapping[str, str],
                   body: Any = _NO_BODY) -> dict[str, list[str]]:
    """The messages per field of a request to the documented operation ``method`` ``path`` ({} when the
    document allows it); ``body`` None: a body that is not JSON, left out: no body."""
    checks = compiled(method, path)
    errors: dict[str, list[str]] = {}
    if checks is None:
        return errors
    for name, _schema, validator in checks.path:
        _collect(validator, path_args.get(name), name, errors)
    for name, schema, validator in checks.query:
        if name in query:
            _collect(validator, _query_value(str(query[name]), schema), name, errors)
    documented = {name for name, _schema, _validator in checks.query}
    for name in query:
        if name not in documented:  # a misspelt filter silently ignored would answer a different question
            errors.setdefault(name or "?", []).append(_("Tham số không được hỗ trợ ở địa chỉ này."))
    if checks.body is not None and body is not _NO_BODY:
        if body is None:
            errors["$"] = [_("Nội dung yêu cầu phải là JSON (Content-Type: application/json).")]
        else:
            _collect(checks.body, body, "", errors)
    elif checks.body is not None and checks.body_required:
        errors["$"] = [_("Nội dung yêu cầu phải là JSON (Content-Type: application/json).")]
    return errors


def whole_numbers(value: Any) -> Any:
    """JSON has one kind of number: ``193.0`` is the integer 193, as JSON Schema reads it (and so the document).

    Floats without a fraction become ints in place (the parsed body Flask keeps is the one views read).
    """
    if isinstance(value, dict):
        for key, item in value.items():
            value[key] = whole_numbers(item)
    elif isinstance(value, list):
        value[:] = [whole_numbers(item) for item in value]
    elif isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _query_value(raw: str, schema: Mapping[str, Any]) -> Any:
    """A query-string value as the type its schema names (left as text when it is not one: the schema says so)."""
    kind = schema.get("type")
    if kind == "integer" and _INTEGER.fullmatch(raw):
        return int(raw)
    if kind == "boolean" and raw.lower() in (*TRUE, *FALSE):
        return raw.lower() in TRUE
    return raw


def _collect(validator: jsonschema_rs.Validator, value: Any, where: str, errors: dict[str, list[str]]) -> None:
    for error in validator.iter_errors(value):
        for field, message in _messages(error, where):
            messages = errors.setdefault(field or "$", [])
            if message not in messages:
                messages.append(message)


def _messages(error: jsonschema_rs.ValidationError, where: str) -> list[tuple[str, str]]:
    """One error's messages: for a choice of schemas (``anyOf``, a nullable value) where only one
    alternative is of the value's type, that alternative's own errors (``Phải nhỏ hơn hoặc bằng …``)."""
    context = getattr(error.kind, "context", None)
    if type(error.kind).__name__ in ("AnyOf", "OneOfNotValid") and context:
        relevant = [branch for branch in context
                    if not (len(branch) == 1 and type(branch[0].kind).__name__ == "Type"
                            and not list(branch[0].instance_path)[len(list(error.instance_path)):])]
        if len(relevant) == 1:
            return [m for inner in relevant[0] for m in _messages(inner, where)]
        if not relevant:  # a value of none of the types: name them all
            wanted = _(" hoặc ").join(dict.fromkeys(_wanted_types(branch[0].kind) for branch in context))
            return [(_join(where, list(error.instance_path)), _("Sai kiểu dữ liệu: phải là %(t)s.", t=wanted))]
    return [_message(error, where)]


def _join(where: str, path: list[Any]) -> str:
    """``evasion_months[0].period``: properties joined by dots, array items by their index."""
    out = where
    for part in path:
        out = f"{out}[{part}]" if isinstance(part, int) else f"{out}.{part}" if out else str(part)
    return out


_TYPES: dict[str, Any] = {
    "integer": _l("số nguyên"),
    "number": _l("số"),
    "string": _l("chuỗi"),
    "boolean": _l("true hoặc false"),
    "array": _l("danh sách"),
    "object": _l("đối tượng JSON"),
    "null": "null",
}


def _message(error: jsonschema_rs.ValidationError, where: str) -> tuple[str, str]:
    """The field (dotted path; the body's own fields by name) and the Vietnamese message of one error."""
    kind = error.kind
    name = type(kind).__name__
    field = _join(where, list(error.instance_path))
    if name == "Required":
        return _join(field, [kind.property]), _("Thiếu trường bắt buộc.")
    if name == "AdditionalProperties":
        return _join(field, [kind.unexpected[0]]), _("Trường không được hỗ trợ.")
    if name == "Type":
        wanted = _wanted_types(kind)
        return field, _("Sai kiểu dữ liệu: phải là %(t)s.", t=wanted) if wanted else _("Sai kiểu dữ liệu.")
    if name == "Minimum":
        return field, _("Phải lớn hơn hoặc bằng %(n)s.", n=kind.limit)
    if name == "Maximum":
        return field, _("Phải nhỏ hơn hoặc bằng %(n)s.", n=kind.limit)
    if name == "MaxLength":
        return field, _("Quá dài (tối đa %(n)s ký tự).", n=kind.limit)
    if name == "MinItems":
        return field, _("Phải có ít nhất %(n)s phần tử.", n=kind.limit)
    if name == "MaxItems":
        return field, _("Tối đa %(n)s phần tử.", n=kind.limit)
    if name == "Enum":
        return field, _("Phải là một trong: %(v)s.", v=", ".join(str(o) for o in kind.options))
    if name == "Pattern" and _is_text(kind.pattern):
        return field, _("Không được để trống, và không chứa ký tự NUL hay ký tự điều khiển.")
    if name in ("Pattern", "Format", "AnyOf", "OneOfNotValid", "PropertyNames", "Contains"):
        return field, _("Giá trị không đúng định dạng.")
    return field, _("Giá trị không hợp lệ.")


def _is_text(pattern: str) -> bool:
    from enforcement.steps.fields import NO_NUL, NOT_BLANK

    return pattern in (NO_NUL, NOT_BLANK) or pattern.startswith("^[^\\x00-")


def _wanted_types(kind: Any) -> str:
    raw = kind.as_dict().get("types") or kind.as_dict().get("type") or []
    names = [raw] if isinstance(raw, str) else list(raw)
    return _(" hoặc ").join(str(_TYPES.get(str(n).lower(), str(n))) for n in names)
