"""Document numbers (LEGAL.md LR-FORMAT, PRODUCT §6): per office, register and year; 01 on 1 January; gapless."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from enforcement.extensions import db
from enforcement.legal_bases import KINDS
from enforcement.models import Office
from enforcement.pdf.samples import SampleCase
from enforcement.services import documents as docs
from enforcement.services.numbering import next_number
from enforcement.workflow import DocKind
from tests.factories import CaseFactory, OfficeFactory, SignerFactory


def test_numbers_are_per_office_register_and_year(db_session):
    a, b = OfficeFactory(), OfficeFactory()
    assert [next_number(a.id, "decision", 2026) for _ in range(3)] == [1, 2, 3]
    assert next_number(b.id, "decision", 2026) == 1
    assert next_number(a.id, "penalty", 2026) == 1
    assert next_number(a.id, "decision", 2027) == 1
    assert next_number(a.id, "decision", 2026) == 4


@pytest.mark.parametrize(
    ("number", "symbol", "text"),
    [(1, "QĐ-BHXH", "01/QĐ-BHXH"), (9, "BB-VPHC", "09/BB-VPHC"), (10, "QĐ-XPHC", "10/QĐ-XPHC"),
     (123, "BHXH-QLT", "123/BHXH-QLT"), (5, None, "05")],
)
def test_numbers_one_to_nine_get_a_leading_zero_decree_30(number, symbol, text):
    assert docs.number_text(number, symbol) == text


def test_the_offices_symbol_settings_override_the_defaults(db_session):
    office = OfficeFactory(settings={"symbols": {"penalty_decision": "QĐ-XPHC-HN"}})
    assert docs.symbol_for(office, DocKind.PENALTY_DECISION) == "QĐ-XPHC-HN"
    default = KINDS[DocKind.INSPECTION_DECISION].symbol
    assert docs.symbol_for(office, DocKind.INSPECTION_DECISION) == default == "QĐ-BHXH"
    assert docs.symbol_for(office, DocKind.VIOLATION_RECORD) == "BB-VPHC"


def _issue(case, kind: DocKind, day: date, signer):
    step, extra = SampleCase().step_data(kind, day)
    figures = docs.employer_figures(case.employer_id, day, SampleCase().params)
    return docs.issue(case, kind, issue_date=day, signer=signer, figures=figures, step=step, extra=extra)


def test_issued_numbers_restart_at_01_on_the_first_of_january_with_the_offices_symbol(ctx):
    office = OfficeFactory(settings={"symbols": {"inspection_decision": "QĐ-KT"}})
    case, signer = CaseFactory(employer__office=office), SignerFactory(office=office)
    issued = [_issue(case, DocKind.INSPECTION_DECISION, day, signer)
              for day in (date(2026, 12, 30), date(2026, 12, 31), date(2027, 1, 1))]
    assert [(d.year, d.number, d.number_text) for d in issued] == [
        (2026, 1, "01/QĐ-KT"), (2026, 2, "02/QĐ-KT"), (2027, 1, "01/QĐ-KT"),
    ]


def test_two_kinds_sharing_a_register_share_its_sequence(ctx):
    assert KINDS[DocKind.WORKING_MINUTES].register == KINDS[DocKind.HANDOVER_RECORD].register
    case = CaseFactory()
    signer = SignerFactory(office=case.office)
    day = date(2026, 11, 20)
    minutes = _issue(case, DocKind.WORKING_MINUTES, day, signer)
    handover = _issue(case, DocKind.HANDOVER_RECORD, day, signer)
    penalty = _issue(case, DocKind.PENALTY_DECISION, day, signer)
    assert (minutes.number_text, handover.number_text, penalty.number_text) == ("01/BB-BHXH", "02/BB-GN", "01/QĐ-XPHC")


def test_drafts_and_unnumbered_kinds_take_no_number(ctx):
    case = CaseFactory()
    signer = SignerFactory(office=case.office)
    statement = _issue(case, DocKind.ARREARS_STATEMENT, date(2026, 11, 20), signer)
    assert statement.number is None and statement.number_text is None
    assert next_number(case.office_id, "letter", 2026) == 1


@pytest.mark.pg
def test_concurrent_callers_get_unique_gapless_numbers_on_postgresql(app):
    """Real commits on separate connections: 8 threads × 5 numbers = 1…40, none twice, none missing."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("concurrency is tested on PostgreSQL (TEST_DATABASE_URL)")
        office = Office(code="NUM-PG", name="Numbering test", province="Hà Nội", place_name="Hà Nội")
        db.session.add(office)
        db.session.commit()
        office_id = office.id
        db.session.remove()
    taken: list[int] = []
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def worker() -> None:
        with app.app_context():
            try:
                start.wait(timeout=30)
                for _ in range(5):
                    taken.append(next_number(office_id, "decision", 2026))
                    db.session.commit()
            except BaseException as exc:  # reported by the assertion below
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    with app.app_context():
        db.session.execute(db.text("DELETE FROM number_registers WHERE office_id = :id"), {"id": office_id})
        db.session.execute(db.text("DELETE FROM offices WHERE id = :id"), {"id": office_id})
        db.session.commit()
        db.session.remove()
    assert errors == []
    assert sorted(taken) == list(range(1, 41))
