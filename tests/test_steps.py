"""The step registry: one step per trigger, typed inputs derived once, stored payloads (old ones too) read back."""

from __future__ import annotations

import json
from datetime import date

from enforcement.services.audit import canonical_json
from enforcement.services.case_view import History, StepRecord
from enforcement.steps import FIELDS, REGISTRY, InputContext, SignerChoice, step_of
from enforcement.steps.conclusion import MonthClass
from enforcement.workflow import STEP_BY_TRIGGER, DocKind, Trigger

CTX = InputContext(today=date(2026, 11, 25), signers=(SignerChoice(7, "Giám đốc", None, None),))


def test_every_trigger_of_the_transition_table_has_exactly_one_step():
    assert set(REGISTRY) == set(Trigger) == set(STEP_BY_TRIGGER)
    assert all(REGISTRY[t].trigger == t for t in Trigger)


def test_the_form_fields_are_the_inputs_attributes():
    for trigger, specs in FIELDS.items():
        names = [s.name for s in specs]
        assert names and len(names) == len(set(names)), trigger
        assert set(names) <= set(step_of(trigger).Input.__dataclass_fields__), trigger


def test_a_stored_payload_reads_back_as_the_same_typed_input(app):
    with app.test_request_context():
        value = step_of("send_demand").validate(
            {"issue_date": "18/11/2026", "pay_by": "03/12/2026", "signer_id": "7"}, CTX
        )
    stored = json.loads(canonical_json(step_of("send_demand").payload(value)))
    assert stored == {"issue_date": "2026-11-18", "pay_by": "2026-12-03", "signer_id": 7}
    assert step_of("send_demand").load(stored) == value
    assert isinstance(value.issue_date, date)


def test_an_old_penalty_payload_without_later_fields_still_parses():
    """Events stored before ``record_time``/``served_on``/``legal_basis`` existed load with empty values."""
    old = {"decision_date": "2026-03-02", "offender": "organisation", "fine": 30_000_000, "remedies": "Nộp đủ",
           "compliance_days": 10, "signer_id": 3, "mitigating": False, "aggravating": False}
    value = step_of(Trigger.ISSUE_PENALTY).load(old)
    assert value.decision_date == date(2026, 3, 2) and value.served_on is None and value.legal_basis == ""
    record = step_of(Trigger.RECORD_VIOLATION).load({"record_date": "2026-02-01", "place": "Trụ sở"})
    assert record.record_time is None and record.witnesses == []


def test_a_text_that_looks_like_a_date_stays_text():
    """Only date fields become dates (the old reader turned any ISO-looking string into a date)."""
    value = step_of(Trigger.OPEN_INSPECTION).load({"date": "2026-11-01", "place": "2026-11-01", "present": ["x"]})
    assert value.date == date(2026, 11, 1) and value.place == "2026-11-01"


def test_the_conclusion_reads_its_months_back_typed():
    details = {
        "input": {"conclusion_date": "2026-10-01", "employees_affected": 12, "withheld_not_paid": 0, "findings": "x",
                  "signer_id": 1, "behaviours": [{"period": "2026-05", "behaviour": "evasion", "suggestion": "evasion",
                                                  "reason": "", "amount": 10, "employees": 12}]},
        "computed": {"principal": 10, "interest": 0, "months_in_arrears": 1, "as_of": "2026-10-01",
                     "behaviour": "evasion"},
        "documents": [{"id": 5, "kind": "inspection_conclusion", "number_text": "01/KL-BHXH",
                       "issue_date": "2026-10-01"}],
    }
    record = StepRecord.load(Trigger.CONCLUDE_INSPECTION, details)
    assert record.input.behaviours == [MonthClass("2026-05", "evasion", "evasion", "", 10, 12)]
    assert record.computed.behaviour == "evasion" and record.computed.as_of == date(2026, 10, 1)
    # An older payload loads; written back it carries the fields added since (issue 16) at their defaults.
    newer = {**details, "input": {**details["input"], "payroll_used": False, "behaviours": [
        {**details["input"]["behaviours"][0], "confirmed_employees": None, "withheld": 0}]}}
    assert json.loads(canonical_json(record.details())) == newer
    history = History.from_records([record])
    assert history.document(Trigger.CONCLUDE_INSPECTION, DocKind.INSPECTION_CONCLUSION).number_text == "01/KL-BHXH"
    assert history.input(Trigger.ISSUE_PENALTY) is None


def test_the_api_request_schema_of_each_trigger_is_derived_from_its_input():
    from enforcement.api import openapi

    schemas = openapi.document()["components"]["schemas"]
    for trigger, specs in FIELDS.items():
        schema = schemas[f"StepInput_{trigger}"]
        assert list(schema["properties"]) == [s.name for s in specs]
        assert set(schema["required"]) == {s.name for s in specs if s.required and s.kind != "bool"}
    penalty = schemas["StepInput_issue_penalty"]["properties"]
    assert penalty["offender"]["enum"] == ["organisation", "person", "household"]
    assert penalty["aggravating"]["type"] == ["array", "string"]
    assert "vi_pham_nhieu_lan" in penalty["aggravating"]["items"]["enum"]
    assert "fine" not in penalty  # LR-FINE: the total is derived from the violations, never typed
