"""Hostile input to every workflow form, every UI form, every query string and every API body: never a 500.

- ``steps.validate_input`` (property-based, every trigger): clean typed values
  or ``ValidationFailed`` whose errors name the trigger's own fields; text is
  kept as NFC.
- Every route of ``app.url_map`` (UI and API): each GET with hostile query
  strings, each UI POST with hostile form values (CSRF valid, user allowed),
  each API POST with hostile JSON of every type.  The answer is never a 5xx;
  for the API a 422 names the offending fields.
- Firing ``send_demand`` through the API with generated bodies: 200, or 409 /
  422 naming the fields.
"""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wtforms.fields.core import UnboundField

from enforcement import steps
from enforcement.errors import ValidationFailed
from enforcement.models import Role
from enforcement.permissions import ROLE_PERMISSIONS
from enforcement.steps import FIELDS, InputContext, MonthToClassify, SignerChoice, validate_input
from tests.security.helpers import Browser, bearer, tokens_for
from tests.security.routes import LOGIN_ONLY, PUBLIC, ROWS, rule_of, url_of

TODAY = date(2026, 11, 25)
CONTEXT = InputContext(
    today=TODAY,
    signers=(SignerChoice(7, "Nguyễn Văn Giám – Giám đốc", 75_000_000, 150_000_000),),
    months=(MonthToClassify("2026-05", 10_000_000, 12, "evasion", "Đã đôn đốc"),
            MonthToClassify("2026-06", 10_000_000, 12, "manual", "")),
)
NASTY_STRINGS = [
    "", " ", "0", "-1", "2147483648", "99999999999", "99999999999999999999999999999", "1e309", "NaN", "-0",
    "1.5", "1,5",
    "31/02/2026", "2026-13-45", "0000-00-00", "９９/１２/２０２６", "2026-02-29", "01/01/10000",
    "'; DROP TABLE cases;--", "<script>alert(1)</script>", '"><svg onload=alert(1)>', "{{7*7}}",
    unicodedata.normalize("NFD", "Đoàn kiểm tra – Trưởng đoàn"), "\u202e\u200b\u200d\ufeff", "\x00", "\x00abc",
    "../../etc/passwd", "C:\\boot.ini", "x" * 6000, "true", "None", "[]", "{}", "%", "%00", "\r\n\r\n",
]
JSON_VALUES: list[Any] = [None, True, False, -1, 0, 10**30, -(10**30), 1.5, float("1e308"), "", "x" * 6000,
                          "<script>alert(1)</script>", "\x00", "2026-02-30", [], [None], {}, {"$ne": 1},
                          ["a"] * 3000]
VALUE = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=30),
    st.sampled_from(NASTY_STRINGS), st.dates().map(lambda d: d.isoformat()),
    st.dates().map(lambda d: d.strftime("%d/%m/%Y")), st.lists(st.text(max_size=10), max_size=4),
    st.dictionaries(st.text(max_size=8), st.text(max_size=8), max_size=3),
)


def _field_names(trigger: str) -> set[str]:
    return {spec.name for spec in FIELDS[trigger]}


# --------------------------------------------------------------------------- steps.validate_input


@settings(max_examples=60, deadline=None)
@given(trigger=st.sampled_from(sorted(FIELDS)), data=st.data())
def test_every_workflow_form_gives_clean_values_or_errors_naming_its_fields(app, trigger, data):
    names = sorted(_field_names(trigger))
    raw = data.draw(st.dictionaries(st.sampled_from([*names, "extra", "__proto__"]), VALUE, max_size=len(names) + 2))
    if "behaviours" in names and data.draw(st.booleans()):
        raw["behaviours"] = data.draw(st.dictionaries(st.sampled_from(["2026-05", "2026-06", "1999-01"]),
                                                      st.one_of(VALUE, st.fixed_dictionaries(
                                                          {"behaviour": VALUE, "reason": VALUE})), max_size=3))
    with app.test_request_context():
        try:
            clean = validate_input(trigger, raw, CONTEXT)
        except ValidationFailed as failed:
            errors = failed.details["errors"]
            assert errors and all(msgs and all(isinstance(m, str) and m for m in msgs) for msgs in errors.values())
            assert {name.split(".")[0] for name in errors} <= set(names), errors
            return
    assert set(clean) >= set(names)
    for spec in FIELDS[trigger]:
        value = clean[spec.name]
        if spec.kind in ("text", "textarea") and value:
            assert unicodedata.is_normalized("NFC", value) and len(value) <= steps.MAX_TEXTAREA
        if spec.kind == "date" and value is not None:
            assert isinstance(value, date)


@pytest.mark.parametrize("trigger", sorted(FIELDS))
def test_each_workflow_form_names_every_missing_field(app, trigger):
    required = {spec.name for spec in FIELDS[trigger] if spec.required and spec.kind not in ("bool",)}
    with app.test_request_context():
        if not required:
            validate_input(trigger, {}, CONTEXT)
            return
        with pytest.raises(ValidationFailed) as failed:
            validate_input(trigger, {}, CONTEXT)
    named = {name.split(".")[0] for name in failed.value.details["errors"]}
    assert required <= named | {"behaviours"}, (required, named)


@pytest.mark.parametrize("text", [unicodedata.normalize("NFD", "Trụ sở Công ty Thủy sản"), "<b>đậm</b> & 'x'",
                                  "'; DROP TABLE case_events;--", "a\u200bb\u202ec"])
def test_text_is_kept_exactly_in_nfc(app, text):
    with app.test_request_context():
        clean = validate_input("open_inspection", {"date": "01/11/2026", "place": text, "present": [text]}, CONTEXT)
    assert clean["place"] == unicodedata.normalize("NFC", text).strip() == clean["present"][0]


# --------------------------------------------------------------------------- every route


def _viewer(app, endpoint: str, method: str, estate):
    if (endpoint, method) in PUBLIC:
        return None
    if (endpoint, method) in LOGIN_ONLY:
        return estate.users[Role.SUPERVISOR]
    permission = app.view_functions[endpoint].required_permission
    return next(estate.users[r] for r in (Role.SUPERVISOR, Role.INSPECTOR, Role.LEGAL, Role.ADMIN)
                if permission in ROLE_PERMISSIONS[r])


def _form_field_names() -> list[str]:
    """Every field of the UI's form classes and of the workflow steps, and the extra names views read."""
    from enforcement.auth import forms as auth_forms
    from enforcement.web import forms as web_forms

    names = set()
    for module in (web_forms, auth_forms):
        for value in vars(module).values():
            if isinstance(value, type):
                names |= {k for k, v in vars(value).items() if isinstance(v, UnboundField)}
    for specs in FIELDS.values():
        names |= {spec.name for spec in specs}
    return sorted(names | {"case_ids", "stage", "version", "active", "next", "valid_from", "symbol_demand_notice",
                           "behaviour_2026-05", "reason_2026-05", "q", "page"})


QUERY_NAMES = ["q", "page", "tpage", "per_page", "state", "sort", "assignee", "assignee_id", "district",
               "min_principal", "max_principal", "overdue", "due_soon", "open_only", "action", "actor_id",
               "case_id", "date_from", "date_to", "on", "year", "download", "next", "file_name"]
GETS = [e for e, m in ROWS if m == "GET"]
UI_POSTS = [e for e, m in ROWS if m == "POST" and not e.startswith("api.")]
API_POSTS = [e for e, m in ROWS if m == "POST" and e.startswith("api.")]


def _no_server_error(response, where: str) -> list[str]:
    response.get_data()
    response.close()
    return [f"{where}: {response.status_code}"] if response.status_code >= 500 else []


@pytest.mark.parametrize("endpoint", GETS)
def test_hostile_query_strings_never_cause_a_server_error(app, estate, calendar_day, endpoint):
    tokens_for(app, estate)
    user = _viewer(app, endpoint, "GET", estate)
    url, _scoped = url_of(app, rule_of(app, endpoint), estate, calendar_day)
    api = endpoint.startswith("api.")
    client = app.test_client() if api or user is None else Browser(app, user).client
    headers = bearer(estate.tokens[user.role]) if api and user else {}
    failures = []
    for value in NASTY_STRINGS:
        response = client.get(url, query_string=dict.fromkeys(QUERY_NAMES, value), headers=headers)
        failures += _no_server_error(response, f"GET {url} ?*={value[:30]!r}")
        if api and response.status_code == 422:
            assert set(response.get_json()["errors"]) <= set(QUERY_NAMES), response.get_json()
    assert not failures, failures


@pytest.mark.parametrize("endpoint", [e for e in UI_POSTS if e != "auth.logout"])  # logging out takes no input
def test_hostile_form_values_never_cause_a_server_error(app, estate, calendar_day, endpoint):
    user = _viewer(app, endpoint, "POST", estate)
    url, _scoped = url_of(app, rule_of(app, endpoint), estate, calendar_day)
    browser = Browser(app, user)
    names = _form_field_names()
    failures = []
    for value in NASTY_STRINGS:
        form = dict.fromkeys(names, value) | {"csrf_token": browser.csrf()}
        if endpoint == "cases.act":
            form["version"] = str(estate.case.version)
        failures += _no_server_error(browser.client.post(url, data=form), f"POST {url} *={value[:30]!r}")
        if endpoint != "auth.login" and browser.client.get("/").status_code != 200:
            browser = Browser(app, user)  # the value logged the user out (e.g. deactivated): log in again
    assert not failures, failures


def _json_names() -> list[str]:
    names = {spec.name for specs in FIELDS.values() for spec in specs}
    return sorted(names | {"version", "case_ids", "assignee_id", "as_of", "evaluation_date", "offender",
                           "evasion_months", "prior_penalties", "withheld_not_paid", "still_unpaid", "behaviour",
                           "period", "amount", "rate", "due", "paid_on", "start", "kind", "file"})


@pytest.mark.parametrize("endpoint", API_POSTS)
def test_hostile_json_never_causes_a_server_error_and_422_names_fields(app, estate, calendar_day, endpoint):
    tokens_for(app, estate)
    user = _viewer(app, endpoint, "POST", estate)
    url, _scoped = url_of(app, rule_of(app, endpoint), estate, calendar_day)
    client = app.test_client()
    headers = bearer(estate.tokens[user.role])
    failures = []
    bodies: list[Any] = [dict.fromkeys(_json_names(), value) for value in JSON_VALUES]
    bodies += [[], "text", 42, None, {"version": estate.case.version}]
    for body in bodies:
        response = client.post(url, json=body, headers=headers)
        failures += _no_server_error(response, f"POST {url} {str(body)[:50]}")
        if response.status_code == 422:
            payload = response.get_json()
            assert payload["message"] and (payload.get("errors") or payload.get("reasons")), payload
    for raw in (b"{", b"\xff\xfe", b"[" * 5000, b'{"a": ' * 2000):
        response = client.post(url, data=raw, headers=headers | {"Content-Type": "application/json"})
        failures += _no_server_error(response, f"POST {url} raw {raw[:10]!r}")
    assert not failures, failures


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.fixed_dictionaries({}, optional={"issue_date": VALUE, "pay_by": VALUE, "signer_id": VALUE,
                                                "version": VALUE, "extra": VALUE}))
def test_firing_through_the_api_answers_clearly_for_any_body(app, estate, body):
    tokens_for(app, estate)
    client = app.test_client()
    case_url = f"/api/v1/cases/{estate.case.id}"
    version = client.get(case_url, headers=bearer(estate.tokens[Role.INSPECTOR])).get_json()["version"]
    good = {"issue_date": TODAY.isoformat(), "pay_by": (TODAY + timedelta(days=15)).isoformat(),
            "signer_id": estate.signer.id, "version": version}
    response = client.post(f"{case_url}/transitions/send_demand", json=good | body,
                           headers=bearer(estate.tokens[Role.INSPECTOR]))
    assert response.status_code in (200, 409, 422), (response.status_code, response.get_json())
    if response.status_code == 422:
        payload = response.get_json()
        # "$" is the body as a whole (JSON holding NUL is not accepted as JSON at all)
        assert set(payload.get("errors", {})) <= {"issue_date", "pay_by", "signer_id", "version", "extra", "$"}, payload


def test_a_date_before_every_legal_parameter_is_an_input_error_not_a_crash(app, estate):
    """Found by schemathesis: dates no configured legal parameter covers used to be a 500."""
    tokens_for(app, estate)
    client = app.test_client()
    supervisor = bearer(estate.tokens[Role.SUPERVISOR])
    detection = client.post("/api/v1/detections", json={"as_of": "1999-01-01"}, headers=supervisor)
    assert detection.status_code == 422 and set(detection.get_json()["errors"]) == {"as_of"}
    calculator = client.post("/api/v1/calculators/article216", headers=supervisor, json={
        "evaluation_date": "2000-01-01", "offender": "person", "evasion_months": [], "prior_offences": 0,
        "prior_penalties": [], "still_unpaid": 0, "withheld_not_paid": 0})
    assert calculator.status_code == 422 and "evaluation_date" in calculator.get_json()["errors"]
    browser = Browser(app, estate.users[Role.LEGAL])
    page = browser.client.post("/calculators/article216", data={
        "csrf_token": browser.csrf(), "evaluation_date": "2000-01-01", "offender": "person", "prior_offences": "0",
        "withheld_not_paid": "0", "still_unpaid": "0"})
    assert page.status_code == 422
