"""Concurrent transitions on PostgreSQL (issue 5; PRODUCT §9): exactly one wins, numbers stay gapless.

These tests need real commits seen by other connections, so they do not use the
rolled-back test transaction: they build their data with commits and empty every
table afterwards.  They run only when ``TEST_DATABASE_URL`` points at PostgreSQL.
"""

from __future__ import annotations

import threading
from collections import Counter
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from enforcement.domain.periods import Period
from enforcement.errors import StaleCase
from enforcement.extensions import db
from enforcement.models import Case, CaseEvent, Document, Role, Signer, User
from enforcement.services.cases import fire
from enforcement.workflow import CaseState
from tests.factories import CaseFactory, EmployerFactory, LedgerRowFactory, OfficeFactory, SignerFactory, UserFactory

pytestmark = pytest.mark.pg
TODAY = date(2026, 11, 25)


@pytest.fixture
def committed(app):
    """An application context whose data is really committed; every table is emptied afterwards."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("concurrency is tested on PostgreSQL (TEST_DATABASE_URL)")
        yield
        db.session.remove()
        tables = ", ".join(t.name for t in db.metadata.sorted_tables)
        with db.engine.begin() as conn:
            conn.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")


def _cases(n: int) -> tuple[int, int, list[int]]:
    office = OfficeFactory()
    signer = SignerFactory(office=office)
    inspector = UserFactory(office=office, role=Role.INSPECTOR)
    ids = []
    for _ in range(n):
        employer = EmployerFactory(office=office)
        for k in range(2, 7):
            LedgerRowFactory(employer=employer, period=str(Period.of(TODAY).add(-k)), amount_due=10_000_000)
        ids.append(CaseFactory(employer=employer, assignee_id=inspector.id, state=CaseState.DETECTED).id)
    return inspector.id, signer.id, ids


def _fire_in_thread(app, user_id: int, signer_id: int, case_id: int, version: int, outcomes: list) -> None:
    with app.app_context(), app.test_request_context():
        user = db.session.get(User, user_id)
        data = {"issue_date": TODAY, "pay_by": TODAY + timedelta(days=15), "signer_id": signer_id}
        try:
            fire(case_id, "send_demand", user, version=version, data=data, today=TODAY)
            outcomes.append("won")
        except StaleCase:
            outcomes.append("conflict")
        except Exception as exc:
            outcomes.append(f"error: {exc!r}")
        finally:
            db.session.remove()


def test_twenty_threads_fire_the_same_trigger_and_exactly_one_wins(app, committed):
    user_id, signer_id, (case_id,) = _cases(1)
    outcomes: list[str] = []
    threads = [
        threading.Thread(target=_fire_in_thread, args=(app, user_id, signer_id, case_id, 1, outcomes))
        for _ in range(20)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Counter(outcomes) == {"won": 1, "conflict": 19}
    db.session.expire_all()
    case = db.session.get(Case, case_id)
    assert case.state == CaseState.DEMAND_SENT and case.version == 2
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CaseEvent).where(CaseEvent.case_id == case_id)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Document).where(Document.case_id == case_id)) == 1


def test_document_numbers_are_unique_and_gapless_across_cases_fired_in_parallel(app, committed):
    user_id, signer_id, case_ids = _cases(12)
    outcomes: list[str] = []
    threads = [
        threading.Thread(target=_fire_in_thread, args=(app, user_id, signer_id, cid, 1, outcomes)) for cid in case_ids
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("won") == 12, outcomes
    numbers = sorted(db.session.scalars(sa.select(Document.number)))
    assert numbers == list(range(1, 13))
    assert db.session.scalar(sa.select(Signer.id).where(Signer.id == signer_id)) == signer_id
