"""Set-based arrears detection (issue 4; LEGAL.md LR-FIFO, LR-ARREARS, LR-INTEREST; PRODUCT §4).

The figures of ``arrears-report`` come from the same SQL computation as detection
and must equal ``../shared/data/interest-revised/expected_small*.json`` (LR-INTEREST
as revised, issue 14) figure for figure, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
import sqlalchemy as sa

from enforcement.commands.ledger import REPORT_FIELDS, report_rows
from enforcement.domain.arrears import LedgerMonth, arrears_figures
from enforcement.domain.periods import Period
from enforcement.extensions import db
from enforcement.models import Case, CaseEvent, DetectionRun, Document, EventAction
from enforcement.services.detection import detect
from enforcement.services.ledger_import import import_ledger
from enforcement.services.legal_params import add_param, current_params
from enforcement.workflow import CaseState
from tests.conftest import SHARED_DATA
from tests.factories import EmployerFactory, LedgerRowFactory, OfficeFactory, SignerFactory
from tests.shared_data import EXPECTED_FILES

EXPECTED = EXPECTED_FILES
FIGURES = REPORT_FIELDS[3:]  # the figures, after unit code, tax code and name


@pytest.fixture
def office(ctx):
    office = OfficeFactory()
    SignerFactory(office=office)
    data = (SHARED_DATA / "ledger_small.csv").read_bytes()
    import_ledger(data, "ledger_small.csv", office)
    return office


def _events(case_id: int) -> list[CaseEvent]:
    return list(db.session.scalars(sa.select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.seq)))


@pytest.mark.parametrize("expected_file", EXPECTED, ids=lambda p: p.name)
def test_arrears_report_matches_the_expected_figures_lr_arrears_lr_interest(office, expected_file):
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    as_of = date.fromisoformat(expected["as_of"])
    rows = {r["unit_code"]: r for r in report_rows(office, as_of)}
    for unit_code, figures in expected["employers"].items():
        if unit_code not in rows:  # the report lists employers in arrears, in credit or owing interest
            assert figures["months_in_arrears"] == 0 and figures["credit"] == 0, unit_code
            assert figures["interest"] == 0, unit_code
            continue
        got = rows[unit_code]
        assert {k: got[k] for k in FIGURES} == {k: figures[k] for k in FIGURES}, unit_code
    assert set(rows) <= set(expected["employers"])


@pytest.mark.parametrize("expected_file", EXPECTED, ids=lambda p: p.name)
def test_sql_and_domain_function_agree_to_the_dong(office, expected_file):
    """One rule, two implementations: the set-based SQL and ``domain.arrears`` give the same figures."""
    as_of = date.fromisoformat(json.loads(expected_file.read_text())["as_of"])
    params = current_params()
    for row in report_rows(office, as_of):
        employer_id = db.session.scalar(
            sa.text("select id from employers where unit_code = :u"), {"u": row["unit_code"]}
        )
        ledger = db.session.execute(
            sa.text("select period, amount_due, amount_paid, employees from ledger_rows where employer_id = :e"),
            {"e": employer_id},
        )
        figures = arrears_figures([LedgerMonth(Period.parse(p), d, pd, n) for p, d, pd, n in ledger], as_of, params)
        assert (figures.principal, figures.interest, figures.months_in_arrears) == (
            row["principal"],
            row["interest"],
            row["months_in_arrears"],
        )


@pytest.mark.parametrize("expected_file", EXPECTED, ids=lambda p: p.name)
def test_detection_opens_a_case_exactly_where_expected(office, expected_file):
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    result = detect(office, date.fromisoformat(expected["as_of"]))
    opened = {c.employer.unit_code: c for c in db.session.scalars(sa.select(Case).where(Case.office_id == office.id))}
    wanted = {code for code, f in expected["employers"].items() if f["case_expected"]}
    assert set(opened) == wanted and result.opened == len(wanted)
    for code in wanted:
        case, figures = opened[code], expected["employers"][code]
        assert case.state == CaseState.DETECTED
        assert (case.months_in_arrears, case.principal, case.interest) == (
            figures["months_in_arrears"],
            figures["principal"],
            figures["interest"],
        )
        assert [e.action for e in _events(case.id)] == [EventAction.OPENED]


def test_a_second_run_on_the_same_data_changes_nothing(office):
    first = detect(office, date(2026, 11, 25))
    events = db.session.scalar(sa.select(sa.func.count()).select_from(CaseEvent))
    second = detect(office, date(2026, 11, 25))
    assert (second.opened, second.updated, second.settled) == (0, 0, 0)
    assert second.unchanged == first.opened
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CaseEvent)) == events


def test_each_run_is_recorded_with_its_as_of_date_and_counts(office):
    result = detect(office, date(2026, 11, 25))
    run = db.session.get(DetectionRun, result.run_id)
    assert run.as_of == date(2026, 11, 25) and run.threshold == 3
    assert (run.opened, run.updated, run.settled, run.unchanged) == (result.opened, 0, 0, 0)


def test_a_changed_figure_updates_the_snapshot_with_one_event_naming_the_change(office):
    detect(office, date(2026, 10, 31))
    before = dict(db.session.execute(sa.select(Case.id, Case.principal).where(Case.office_id == office.id)).all())
    result = detect(office, date(2026, 11, 25))
    assert result.updated >= 1
    changed = {}
    for case_id in before:
        events = _events(case_id)
        if events[-1].action == EventAction.SNAPSHOT:
            assert [e.action for e in events].count(EventAction.SNAPSHOT) == 1
            changed[case_id] = events[-1].details["changes"]
    assert len(changed) == result.updated
    principal_changes = {case_id: c["principal"] for case_id, c in changed.items() if "principal" in c}
    assert principal_changes and all(old == before[case_id] for case_id, (old, _new) in principal_changes.items())


def test_threshold_comes_from_the_dated_legal_parameter(office):
    add_param(key="arrears_threshold_months", value_text="6", valid_from=date(2026, 1, 1), source="test")
    result = detect(office, date(2026, 11, 25))
    months = db.session.scalars(sa.select(Case.months_in_arrears).where(Case.office_id == office.id)).all()
    assert months and min(months) >= 6 and result.threshold == 6


def test_a_case_whose_principal_and_interest_reach_zero_is_settled_naming_the_import(ctx):
    """LR-ARREARS: settled when principal and interest owed are both 0 (the payment carries the interest)."""
    office = OfficeFactory()
    SignerFactory(office=office)
    employer = EmployerFactory(office=office, unit_code="PAY001", tax_code="0100109106", name="Công ty Trả Nợ")
    for month in ("2026-01", "2026-02", "2026-03", "2026-04"):
        LedgerRowFactory(employer=employer, period=month, amount_due=10_000_000, amount_paid=0)
    detect(office, date(2026, 6, 15))
    case = db.session.scalar(sa.select(Case).where(Case.employer_id == employer.id))
    assert case.state == CaseState.DETECTED and case.principal == 40_000_000
    payment = (
        "ma_don_vi,ma_so_thue,ten_don_vi,ky,phai_dong,da_dong,so_lao_dong,Tiền lãi đã đóng\n"
        "PAY001,0100109106,Công ty Trả Nợ,2026-05,10000000,50000000,12,273000\n"
    ).encode()
    batch = import_ledger(payment, "thanh_toan.csv", office)
    result = detect(office, date(2026, 6, 15))
    db.session.refresh(case)
    assert result.settled == 1 and case.state == CaseState.SETTLED and case.closed_at is not None
    settle = _events(case.id)[-1]
    assert settle.trigger == "settle" and settle.to_state == "settled"
    assert settle.details["batch"]["id"] == batch.batch_id and "thanh_toan.csv" in settle.details["note"]
    notice = db.session.scalar(sa.select(Document).where(Document.case_id == case.id))
    assert notice.kind == "settlement_notice" and notice.number_text == "01/TB-BHXH"
    again = detect(office, date(2026, 6, 15))
    assert (again.opened, again.settled) == (0, 0)
