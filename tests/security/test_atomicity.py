"""Nothing half-written: an injected failure at every step of an import or a transition leaves every row as it was.

Each collaborator is replaced in turn by one that does its real work and then
fails (or fails at once, where nothing could have been written yet).  The
digest of every row of every table must be the same afterwards: counts, the
number registers, the case's state and version, the ledger, the timeline.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from enforcement import clock
from enforcement.extensions import db
from enforcement.models import BatchStatus, Case, Role
from enforcement.services import audit, ledger_import
from enforcement.services import cases as case_service
from enforcement.services import documents as document_service
from tests.security.helpers import counts, fingerprint
from tests.security.test_hostile_ledger import HEADER, VALID


class Injected(RuntimeError):
    """The failure the test injects."""


def failing_after(real: Callable[..., Any]) -> Callable[..., Any]:
    """``real`` does its work, then the call fails (what it wrote must be rolled back)."""

    def run(*args: Any, **kwargs: Any) -> Any:
        real(*args, **kwargs)
        raise Injected(real.__name__)

    return run


def failing_at_once(*args: Any, **kwargs: Any) -> Any:
    raise Injected("at once")


def _ledger_touching(estate) -> bytes:
    """A file that updates office A's employer (with its open case) and adds a new employer."""
    employer = estate.employer
    rows = [VALID | {"ma_don_vi": employer.unit_code, "ma_so_thue": employer.tax_code, "ten_don_vi": employer.name,
                     "ky": "2026-01", "phai_dong": "12345000", "da_dong": "0", "so_lao_dong": "9"}]
    rows += [VALID | {"ma_don_vi": "NEW0001", "ky": f"2026-{m:02d}"} for m in range(1, 7)]
    lines = [",".join(HEADER)] + [",".join('"' + r[h] + '"' for h in HEADER) for r in rows]
    return "\n".join(lines).encode()


IMPORT_STEPS = {
    "parse": ("parse_ledger", failing_at_once),
    "batch record": ("_record", None),
    "employer upsert": ("_upsert_employers", None),
    "row insert": ("_insert_many", None),
    "row update": ("_executemany", None),
    "event append": ("audit.append", None),
}


@pytest.mark.parametrize("step", list(IMPORT_STEPS))
def test_an_import_failing_at_any_step_writes_nothing(ctx, estate, monkeypatch, step):
    data = _ledger_touching(estate)
    name, replacement = IMPORT_STEPS[step]
    target = audit if name == "audit.append" else ledger_import
    attribute = name.split(".")[-1]
    monkeypatch.setattr(target, attribute, replacement or failing_after(getattr(target, attribute)))
    before, before_counts = fingerprint(), counts()
    with pytest.raises(Injected):
        ledger_import.import_ledger(data, "touching.csv", estate.office, estate.users[Role.INSPECTOR])
    db.session.rollback()
    assert counts() == before_counts
    assert fingerprint() == before


def test_the_same_import_without_a_failure_writes_all_of_it(ctx, estate):
    """The control: every collaborator above really is on the path of this import."""
    before = counts()
    result = ledger_import.import_ledger(_ledger_touching(estate), "touching.csv", estate.office, None)
    assert result.status == BatchStatus.ACCEPTED
    assert (result.rows_inserted, result.rows_updated, result.employers_created, result.cases_touched) == (6, 1, 1, 1)
    after = counts()
    assert after["ledger_rows"] == before["ledger_rows"] + 6 and after["case_events"] == before["case_events"] + 1


TRANSITION_STEPS: dict[str, tuple[Any, str, bool]] = {
    # step: (module, attribute, fail after the real work?)
    "guard": (case_service, "role_refusal", False),
    "input validation": (case_service, "parse_input", True),
    "numbering": (document_service, "next_number", True),
    "render": (document_service, "render_pdf", True),
    "store": (document_service, "store", True),
    "state": (case_service, "advance", True),
    "event": (audit, "append", True),
}


def _demand(estate) -> dict[str, Any]:
    today = clock.today()
    return {"issue_date": today.isoformat(), "pay_by": (today + timedelta(days=15)).isoformat(),
            "signer_id": estate.signer.id}


@pytest.mark.parametrize("step", list(TRANSITION_STEPS))
def test_a_transition_failing_at_any_step_changes_nothing(ctx, estate, monkeypatch, step):
    module, attribute, after_real = TRANSITION_STEPS[step]
    real = getattr(module, attribute)
    monkeypatch.setattr(module, attribute, failing_after(real) if after_real else failing_at_once)
    case = db.session.get(Case, estate.case.id)
    state, version = case.state, case.version
    before, before_counts = fingerprint(), counts()
    with pytest.raises(Injected):
        case_service.fire(case.id, "send_demand", estate.users[Role.INSPECTOR], version=version, data=_demand(estate))
    db.session.rollback()
    assert counts() == before_counts
    assert fingerprint() == before
    db.session.expire_all()
    case = db.session.get(Case, estate.case.id)
    assert (case.state, case.version) == (state, version)


def test_the_same_transition_without_a_failure_commits_all_of_it(ctx, estate):
    before = counts()
    case = db.session.get(Case, estate.case.id)
    result = case_service.fire(case.id, "send_demand", estate.users[Role.INSPECTOR], version=case.version,
                               data=_demand(estate))
    after = counts()
    assert result.case.state.value == "demand_sent" and len(result.documents) == 1
    assert after["documents"] == before["documents"] + 1 and after["case_events"] == before["case_events"] + 1
    assert after["number_registers"] == before["number_registers"] + 1
