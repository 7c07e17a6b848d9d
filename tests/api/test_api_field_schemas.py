"""Each step field's JSON Schema (the API's FireRequest_<trigger>) takes nothing its parser refuses.

The API checks a request against the schema before the step parses it, so what the
schema refuses never reaches the parser; the other direction is this test: values
drawn to fit each field's schema (the schema's own regular expressions, dates,
numbers up to the bounds, texts) all parse without a shape error.  A refusal left
to the step is then a rule (a date after today, a signer of another office), which
the operation declares.
"""

from __future__ import annotations

from datetime import date

import jsonschema_rs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enforcement.steps import REGISTRY
from enforcement.steps.fields import (
    AMOUNT,
    DMY_DATE,
    INT_MAX,
    JSON_KINDS,
    MAX_TEXT,
    MONEY_MAX,
    PERIOD,
    TIME,
    Errors,
    FieldSpec,
    InputContext,
    parse_field,
)

SPECS = {(spec.kind, spec.required): spec for step in REGISTRY.values() for spec in step.fields
         if spec.kind not in ("signer", "behaviours", "choice")}  # a signer / month: always a rule of the case

TEXTS = st.text(max_size=MAX_TEXT + 5)
CANDIDATES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-2, max_value=MONEY_MAX + 2),
    st.integers(min_value=INT_MAX - 2, max_value=INT_MAX + 2),
    TEXTS,
    st.text(alphabet=" \t\n\x1c\x85\u3000\ufeffa", max_size=6),
    st.lists(st.one_of(TEXTS, st.integers()), max_size=4),
    st.dates(min_value=date(1, 1, 1)).map(date.isoformat),
    st.from_regex(DMY_DATE, fullmatch=True),
    st.from_regex(AMOUNT, fullmatch=True),
    st.from_regex(PERIOD, fullmatch=True),
    st.from_regex(TIME, fullmatch=True),
)
CTX = InputContext(today=date(9999, 12, 31))


def _ids(key: tuple[str, bool]) -> str:
    return f"{key[0]}-{'required' if key[1] else 'optional'}"


@pytest.mark.parametrize("key", sorted(SPECS), ids=_ids)
@settings(max_examples=300, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(value=CANDIDATES)
def test_a_value_the_fields_schema_allows_parses(key, value):
    spec: FieldSpec = SPECS[key]
    if not jsonschema_rs.Draft202012Validator(spec.json_schema(), validate_formats=True).is_valid(value):
        return
    errors = Errors()
    parse_field(spec, value, CTX, errors)
    assert not errors, (spec.kind, spec.required, value, dict(errors))


def test_every_kind_but_the_rules_of_the_case_is_covered():
    assert {kind for kind, _required in SPECS} >= {"date", "text", "textarea", "int", "money", "lines", "bool"}


def test_every_kind_a_step_uses_has_its_own_schema():
    used = {spec.kind for step in REGISTRY.values() for spec in step.fields}
    assert used <= set(JSON_KINDS), f"give {sorted(used - set(JSON_KINDS))} a schema in steps/fields.py _json_kind"


@pytest.mark.parametrize(
    ("kind", "good", "bad"),
    [
        ("date", ["2026-05-04", "29/02/2024", "31/12/2025"], ["2026-02-30", "29/02/2023", "4/5/2026", "20260504", ""]),
        ("money", [0, MONEY_MAX, "1.234.567", "1 234 567", "999"], [-1, MONEY_MAX + 1, "1,5", "12.5", "abc", True]),
        ("int", [0, INT_MAX], [-1, INT_MAX + 1, "5", 1.5]),
        ("text", ["a", " a ", "x" * MAX_TEXT], ["", "   ", "\x1c", "a\x00", "x" * (MAX_TEXT + 1), 5]),
        ("lines", [["a"], ["", "b"], "a\nb"], [[], [""], ["   "], "", [1]]),
    ],
)
def test_boundaries_of_the_required_kinds(kind, good, bad):
    spec = SPECS[(kind, True)]
    validator = jsonschema_rs.Draft202012Validator(spec.json_schema(), validate_formats=True)
    for value in good:
        assert validator.is_valid(value), value
    for value in bad:
        assert not validator.is_valid(value), value
