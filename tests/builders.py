"""Build cases that have really walked the workflow (through ``services.cases.fire`` with dated steps).

An evading employer: 12 months unpaid up to last month, a demand notice the day
after detection and a reminder 10 days after each later month's deadline, so
that LR-EVASION suggests evasion for the reminded months.  Each helper moves the
case one step further with dates in the past, as a real case would have had.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from enforcement.domain.periods import Period, payment_deadline
from enforcement.extensions import db
from enforcement.models import Case, Employer, Office, Role, Signer, User
from enforcement.services.cases import fire, months_to_classify, view_of
from enforcement.services.detection import detect
from tests.factories import EmployerFactory, LedgerRowFactory, OfficeFactory, SignerFactory, UserFactory

TODAY = date(2026, 11, 25)
MONTHLY_DUE = 368_000_000
EMPLOYEES = 86
UNPAID_MONTHS = 12


@dataclass
class World:
    """One office with a user per role, a signer, an evading employer and its case."""

    office: Office
    signer: Signer
    inspector: User
    legal: User
    supervisor: User
    employer: Employer
    case: Case
    today: date = TODAY

    def fire(self, trigger: str, user: User, data: dict[str, Any], on: date) -> Any:
        db.session.refresh(self.case)
        result = fire(self.case.id, trigger, user, version=self.case.version, data=data, today=on)
        db.session.refresh(self.case)
        return result


def evading_world(today: date = TODAY, *, late_payment_only: bool = False) -> World:
    """Detect the employer's case and send the demand and monthly reminders (up to 41 days before today)."""
    office = OfficeFactory()
    signer = SignerFactory(office=office)
    users = {role: UserFactory(office=office, role=role) for role in (Role.INSPECTOR, Role.LEGAL, Role.SUPERVISOR)}
    employer = EmployerFactory(office=office, name="Công ty TNHH May mặc Hồng Hà")
    last = Period.of(today).add(-1)
    for k in range(24):
        period = last.add(-k)
        paid = 0 if k < UNPAID_MONTHS else MONTHLY_DUE
        LedgerRowFactory(
            employer=employer, period=str(period), amount_due=MONTHLY_DUE, amount_paid=paid, employees=EMPLOYEES
        )
    first_unpaid = last.add(-(UNPAID_MONTHS - 1))
    opened_on = payment_deadline(first_unpaid.add(2)) + timedelta(days=5)
    detect(office, opened_on)
    case = db.session.scalar(sa.select(Case).where(Case.employer_id == employer.id))
    case.assignee_id = users[Role.INSPECTOR].id
    db.session.commit()
    world = World(
        office, signer, users[Role.INSPECTOR], users[Role.LEGAL], users[Role.SUPERVISOR], employer, case, today
    )
    if late_payment_only:
        return world
    reminders = [opened_on + timedelta(days=1)]
    reminders += [payment_deadline(first_unpaid.add(k)) + timedelta(days=10) for k in range(3, UNPAID_MONTHS)]
    for on in reminders:
        if on > today - timedelta(days=41):
            break
        world.fire("send_demand", world.inspector, demand(world, on), on)
    return world


def demand(world: World, on: date) -> dict[str, Any]:
    return {"issue_date": on, "pay_by": on + timedelta(days=15), "signer_id": world.signer.id}


def to_concluded(world: World, behaviour: str | None = None) -> None:
    """Decide, open and conclude the inspection; behaviour per month = the LR-EVASION suggestion."""
    t = world.today
    world.fire(
        "decide_inspection",
        world.inspector,
        {
            "decision_date": t - timedelta(days=40),
            "team": ["Lê Văn An – Trưởng đoàn", "Phạm Thị Bình"],
            "period_from": str(Period.of(t).add(-24)),
            "period_to": str(Period.of(t).add(-1)),
            "planned_date": t - timedelta(days=36),
            "signer_id": world.signer.id,
        },
        t - timedelta(days=40),
    )
    world.fire(
        "open_inspection",
        world.inspector,
        {"date": t - timedelta(days=36), "place": "Trụ sở đơn vị", "present": ["Nguyễn Văn Hùng – Giám đốc"]},
        t - timedelta(days=36),
    )
    on = t - timedelta(days=30)
    months = months_to_classify(view_of(world.case, on))
    behaviours = {}
    for m in months:
        choice = behaviour or (m.suggestion if m.suggestion in ("evasion", "late_payment") else "late_payment")
        reason = "" if choice == m.suggestion else "Căn cứ hồ sơ kiểm tra"
        behaviours[m.period] = {"behaviour": choice, "reason": reason}
    world.fire(
        "conclude_inspection",
        world.inspector,
        {
            "conclusion_date": on,
            "behaviours": behaviours,
            "employees_affected": EMPLOYEES,
            "withheld_not_paid": 0,
            "findings": "Đơn vị không đóng dù đã được đôn đốc.",
            "signer_id": world.signer.id,
        },
        on,
    )


def record_violation(world: World, on: date) -> Any:
    """The legal officer records the violation on ``on``."""
    return world.fire(
        "record_violation",
        world.legal,
        {
            "record_date": on,
            "place": "Trụ sở đơn vị",
            "violation": "Trốn đóng bảo hiểm xã hội bắt buộc",
            "clause": "Nghị định số 283/2026/NĐ-CP",
            "recorder": "Hoàng Minh Châu – Chuyên viên",
        },
        on,
    )


def explain(world: World, on: date) -> Any:
    """The employer's written explanation, received on ``on`` (a decision may then follow at once, LR-DEADLINES)."""
    return world.fire(
        "record_explanation", world.legal, {"received_on": on, "summary": "Đơn vị gặp khó khăn tài chính."}, on
    )


def issue_penalty(world: World, on: date, **extra: Any) -> Any:
    """The legal officer issues the penalty decision on ``on``: the LR-FINE proposal of every violation."""
    return world.fire(
        "issue_penalty",
        world.legal,
        {
            "decision_date": on,
            "offender": "organisation",
            "remedies": "Buộc đóng đủ số tiền còn nợ và tiền lãi.",
            **extra,
            "compliance_days": 10,
            "signer_id": world.signer.id,
        },
        on,
    )


def to_penalized(world: World, **extra: Any) -> None:
    record_violation(world, world.today - timedelta(days=29))
    explain(world, world.today - timedelta(days=28))
    issue_penalty(world, world.today - timedelta(days=27), **extra)
