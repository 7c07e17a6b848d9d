"""Every route × every role × own office / other office / anonymous gets the status it should.

The rows are read from ``app.url_map`` (UI and ``/api/v1``; only ``static`` is
left out), so a new route is in the matrix the day it is added.  What each cell
expects is derived, not listed: the permission the view declares
(``required_permission``, set by ``@require`` and ``@api_require``), the roles
holding it (``ROLE_PERMISSIONS``), and whether the URL names an object of an
office.  A route fails here when it declares no permission and is not one of
the few public or login-only routes below, or when its URL has an argument this
file cannot fill with a real object (add it to ``ARGUMENTS``).

Each cell is a fresh client.  Anonymous and refused requests, and every GET,
must leave the database exactly as it was (a digest of every row of every
table); UI forms are posted with a valid CSRF token so that the permission
layer (not the CSRF check, tested in ``test_csrf.py``) is what refuses them.
A user of another office gets 404 for an object of office A (never 403, which
would confirm that it exists), and none of office A's data on any page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask

from enforcement.models import Role
from enforcement.permissions import ROLE_PERMISSIONS
from enforcement.services.cases import may_correct_documents, transitions_for
from enforcement.services.evidence import may_withdraw
from tests.security.helpers import Browser, Estate, bearer, counts, fingerprint, tokens_for
from tests.security.routes import LOGIN_ONLY, PUBLIC, ROWS, api_body, post_body, probe_app, rule_of, url_of

ANONYMOUS = "anonymous"
OWN = "own office"
OTHER = "other office"

# GET routes whose success is a redirect rather than a page.
# GETs that answer by going back to the case with a message in this estate: the dossier, and the
# correction form (the estate's document was stored directly, not issued by a step: nothing to reopen).
REDIRECTS = {"cases.dossier", "cases.correct_document"}
# What a permitted POST may answer when the body is the generic one below (it may be invalid: 422, 409, 302
# back with a message); never 401/403/404/405 or a 5xx.
POST_OUTCOMES = {200, 302, 409, 422}


@dataclass
class Cell:
    relation: str
    role: Role | None
    statuses: set[int]
    refused: bool  # must leave the database unchanged
    office_a_only: bool = False  # may change the actor's office, never office A


def _permission(app: Flask, endpoint: str, method: str) -> Any:
    view = app.view_functions[endpoint]
    if (endpoint, method) in PUBLIC or (endpoint, method) in LOGIN_ONLY:
        return None
    if not hasattr(view, "required_permission") or view.required_permission is None:
        pytest.fail(f"{endpoint} {method}: declares no permission and has no expectation in PUBLIC or LOGIN_ONLY")
    return view.required_permission


def _success(app: Flask, endpoint: str, method: str, role: Role, estate: Estate) -> set[int]:
    if endpoint == "api.fire_transition" and _may_send_demand(role, estate) is None:
        return {403}  # the workflow refuses the step to this role (the case exists: it is the user's office)
    if endpoint == "api.correct_document" and not may_correct_documents(estate.users[role]):
        return {403}  # the service refuses corrections to this role (the web form flashes it and goes back: 302)
    if endpoint == "api.withdraw_evidence" and not may_withdraw(estate.evidence, estate.users[role]):
        return {403}  # only the uploader or a supervisor withdraws (the web form flashes it and goes back: 302)
    if method == "POST":
        return POST_OUTCOMES
    if endpoint in REDIRECTS:
        return {302}
    if endpoint == "cases.act":  # the form, or back to the case when the role may not take this step
        return {200} if _may_send_demand(role, estate) else {302}
    return {200}


def _may_send_demand(role: Role, estate: Estate) -> bool | None:
    """Whether ``role`` may send the demand on office A's case (None: the role is refused the step)."""
    options = {a.step.trigger.value: a for a in transitions_for(estate.case, estate.users[role])}
    option = options.get("send_demand")
    if option is None or option.forbidden:
        return None
    return option.allowed


def expectations(app: Flask, endpoint: str, method: str, scoped: bool, estate: Estate) -> list[Cell]:
    """Every cell of one row: anonymous, then each role in its own office and in the other office."""
    api = endpoint.startswith("api.")
    if (endpoint, method) in PUBLIC:
        anonymous, logged_in = PUBLIC[endpoint, method]
        cells = [Cell(ANONYMOUS, None, {anonymous}, method == "GET")]
        return cells + [Cell(rel, role, {logged_in}, method == "GET") for role in Role for rel in (OWN, OTHER)]
    permission = _permission(app, endpoint, method)
    cells = [Cell(ANONYMOUS, None, {401} if api else {302}, True)]
    for role in Role:
        for relation in (OWN, OTHER):
            if (endpoint, method) in LOGIN_ONLY:
                cells.append(Cell(relation, role, {LOGIN_ONLY[endpoint, method]}, method == "GET"))
            elif permission not in ROLE_PERMISSIONS[role]:
                cells.append(Cell(relation, role, {403}, True))
            elif relation == OTHER and scoped:
                cells.append(Cell(relation, role, {404}, True))
            elif relation == OTHER and method == "POST":  # the body names office A's case: 404, or own work
                cells.append(Cell(relation, role, _success(app, endpoint, method, role, estate) | {404}, False, True))
            else:
                cells.append(Cell(relation, role, _success(app, endpoint, method, role, estate), method == "GET"))
    return cells


def _requester(app: Flask, cell: Cell, endpoint: str, method: str, url: str, estate: Estate,
               stranger: Estate) -> Callable[[], Any]:
    """Log the cell's user in (before the database is digested), and return what sends the request."""
    owner = {OWN: estate, OTHER: stranger}.get(cell.relation)
    user = owner.users[cell.role] if owner and cell.role else None
    if endpoint.startswith("api."):
        client = app.test_client()
        headers = bearer(owner.tokens[cell.role]) if owner and cell.role else {}
        if method == "GET":
            return lambda: client.get(url, headers=headers)
        return lambda: client.post(url, headers=headers, json=api_body(url, post_body(estate, owner, None)))
    browser = Browser(app, user)
    if method == "GET":
        return lambda: browser.client.get(url)
    data = post_body(estate, owner, browser.csrf())
    return lambda: browser.client.post(url, data=data)


def _label(cell: Cell) -> str:
    return f"{cell.role or ''} {cell.relation}".strip()


def _problems(cell: Cell, endpoint: str, response: Any, estate: Estate) -> list[str]:
    status = response.status_code
    location = response.headers.get("Location", "")
    problems = []
    if status not in cell.statuses:
        problems.append(f"{status}, expected {sorted(cell.statuses)}")
    to_login = status == 302 and "/login" in location
    if cell.relation != ANONYMOUS and to_login and endpoint != "auth.logout":
        problems.append("sent to the login page although logged in")
    if cell.relation == ANONYMOUS and status == 302 and not endpoint.startswith("auth.") and not to_login:
        problems.append(f"anonymous 302 to {location}, not to the login page")
    if cell.relation == OTHER and estate.marker.encode() in response.get_data():
        problems.append(f"shows office A's data ({estate.marker})")
    return problems


def test_the_matrix_covers_every_route_of_the_app(app):
    actual = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert actual == set(ROWS)
    assert any(e.startswith("api.") for e, _m in ROWS) and any(not e.startswith("api.") for e, _m in ROWS)


@pytest.mark.parametrize(("endpoint", "method"), ROWS, ids=[f"{m} {e}" for e, m in ROWS])
def test_access_matrix(app, estate, stranger, calendar_day, endpoint, method):
    tokens_for(app, estate)
    tokens_for(app, stranger)
    url, scoped = url_of(app, rule_of(app, endpoint), estate, calendar_day)
    failures = []
    for cell in expectations(app, endpoint, method, scoped, estate):
        send = _requester(app, cell, endpoint, method, url, estate, stranger)
        before = (fingerprint(), counts()) if cell.refused else None
        office_a = fingerprint(estate.office.id) if cell.office_a_only else None
        response = send()
        response.get_data()  # read it whole (CSV exports stream inside the request)
        response.close()
        problems = _problems(cell, endpoint, response, estate)
        if before is not None and fingerprint() != before[0]:
            now = counts()
            changed = {k: (v, now[k]) for k, v in before[1].items() if now[k] != v}
            problems.append(f"a refused request or a GET changed the database {changed or '(values)'}")
        if office_a is not None and fingerprint(estate.office.id) != office_a:
            problems.append("a user of another office changed office A's data")
        failures += [f"{method} {url} as {_label(cell)}: {p}" for p in problems]
    assert not failures, "\n".join(failures)


def test_a_route_without_a_declared_permission_fails_the_matrix(app, estate, calendar_day):
    probe = probe_app()
    probe.add_url_rule("/probe/<int:case_id>", "probe.show", lambda case_id: "leak")
    with pytest.raises(pytest.fail.Exception, match="declares no permission"):
        expectations(probe, "probe.show", "GET", True, estate)


def test_a_route_with_an_argument_the_matrix_cannot_fill_fails_it(app, estate, calendar_day):
    probe = probe_app()
    probe.add_url_rule("/probe/<int:widget_id>", "probe.widget", lambda widget_id: "")
    with pytest.raises(pytest.fail.Exception, match="widget_id"):
        url_of(probe, rule_of(probe, "probe.widget"), estate, calendar_day)
