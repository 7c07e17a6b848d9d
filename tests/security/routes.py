"""The routes the security tests walk: every rule of ``app.url_map`` but ``static``, and how to fill its URL.

``ARGUMENTS`` says how to fill each URL argument with a real object of office
A (and whether the argument names an office's object); ``PUBLIC`` and
``LOGIN_ONLY`` are the only routes allowed to declare no permission.  A route
with an argument missing here fails the tests that use it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask, url_for
from werkzeug.routing import Rule

from enforcement import clock, create_app
from enforcement.models import Role
from tests.security.helpers import Estate


# URL arguments: how to fill each from the estate of office A, and whether it names an office's object.
def _spare_users_notification(estate: Estate) -> int:
    """A notification of a user nobody probes with: every probing user must get 404 for it."""
    from enforcement.extensions import db
    from enforcement.models import Notification

    item = Notification(user_id=estate.spare.id, office_id=estate.spare.office_id, case_id=estate.case.id,
                        text="Hồ sơ được giao cho người khác")
    db.session.add(item)
    db.session.commit()
    return item.id


ARGUMENTS: dict[str, tuple[Callable[[Estate, Any], Any], bool]] = {
    "case_id": (lambda e, day: e.case.id, True),
    "document_id": (lambda e, day: e.document.id, True),
    "evidence_id": (lambda e, day: e.evidence.id, True),
    "batch_id": (lambda e, day: e.batch.id, True),
    "job_id": (lambda e, day: e.job.id, True),
    "user_id": (lambda e, day: e.spare.id, True),
    "signer_id": (lambda e, day: e.signer.id, True),
    "day_id": (lambda e, day: day.id, False),  # calendar days are national
    "employer_id": (lambda e, day: e.employer.id, True),
    "decision_id": (lambda e, day: e.sanction.id, True),
    "trigger": (lambda e, day: "send_demand", False),
    "lead_id": (lambda e, day: e.extras["lead"].id, True),
    "tax_batch_id": (lambda e, day: e.extras["tax_batch"].id, True),
    "conference_id": (lambda e, day: e.extras["conference"].id, True),
    "conference_document_id": (lambda e, day: e.extras["conference_document"].id, True),
    "lang": (lambda e, day: "vi", False),
    "fmt": (lambda e, day: "csv", False),  # exports: CSV (text) and XLSX take the same route
    "notification_id": (lambda e, day: _spare_users_notification(e), False),  # another user's: 404 for all
}

# Routes without a declared permission: (anonymous, logged in) status per method.
PUBLIC = {
    ("auth.login", "GET"): (200, 302),
    ("auth.login", "POST"): (200, 302),  # an empty form is shown again; a logged-in user goes home
    ("auth.set_language", "POST"): (302, 302),
    ("api.openapi", "GET"): (200, 200),
}
# Routes any logged-in user may use (each role sees its own data there).
LOGIN_ONLY = {
    ("home.index", "GET"): 200,
    ("auth.logout", "POST"): 302,
    ("notifications.index", "GET"): 200,
    ("notifications.read_all", "POST"): 302,
    ("notifications.email", "POST"): 302,
    ("notifications.open_one", "GET"): 404,  # the probe opens another user's notification
}


def probe_app() -> Flask:
    return create_app("testing")


def all_rows() -> list[tuple[str, str]]:
    app = probe_app()
    rows = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        rows += [(rule.endpoint, method) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return sorted(set(rows))


ROWS = all_rows()


def rule_of(app: Flask, endpoint: str) -> Rule:
    rules = [r for r in app.url_map.iter_rules() if r.endpoint == endpoint]
    assert len(rules) == 1, f"{endpoint}: {len(rules)} rules (the matrix expects one rule per endpoint)"
    return rules[0]


def url_of(app: Flask, rule: Rule, estate: Estate, day: Any) -> tuple[str, bool]:
    """The rule's URL filled with office A's objects, and whether it names an office's object."""
    values, scoped = {}, False
    for name in sorted(rule.arguments - set(rule.defaults or {})):
        if name not in ARGUMENTS:
            pytest.fail(f"{rule.endpoint} ({rule.rule}): no way to fill URL argument {name!r}: add it to ARGUMENTS")
        fill, office_scoped = ARGUMENTS[name]
        values[name] = fill(estate, day)
        scoped = scoped or office_scoped
    with app.test_request_context():
        return url_for(rule.endpoint, **values), scoped


def api_body(url: str, body: dict[str, Any]) -> dict[str, Any]:
    """``body`` cut to the properties the API operation of ``url`` documents (its schema refuses any other)."""
    from enforcement.api import openapi
    from enforcement.api.blueprint import PREFIX

    path = url.removeprefix(PREFIX)
    for op in openapi.OPERATIONS:
        if op.method == "post" and op.body and re.fullmatch(re.sub(r"{[^}]+}", "[^/]+", op.path), path):
            schema = op.body
            if "$ref" in schema:
                schema = openapi.SCHEMAS[schema["$ref"].rsplit("/", 1)[-1]]
            return {key: value for key, value in body.items() if key in schema.get("properties", {})}
    return body


def post_body(estate: Estate, actor_office: Estate | None, csrf: str | None) -> dict[str, Any]:
    """A plausible body for any POST: office A's case, and an inspector of the actor's own office.

    So a user of office B is refused for office A's case, not for choosing a stranger as assignee.
    """
    today = clock.today()
    fields = {
        "version": estate.case.version,
        "case_ids": [estate.case.id],
        "assignee_id": (actor_office or estate).users[Role.INSPECTOR].id,
        "issue_date": today.isoformat(),
        "pay_by": (today + timedelta(days=15)).isoformat(),
        "signer_id": estate.signer.id,
        "text": "Ghi chú kiểm tra quyền",
        "reason": "Đính chính kiểm tra quyền",
        "category": "payroll",
        "copy_form": "original",
    }
    if csrf is not None:
        fields["csrf_token"] = csrf
    return fields


