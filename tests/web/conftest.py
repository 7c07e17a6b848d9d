"""A small office for the UI tests: users of every role, a signer, and a late employer with its case."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from enforcement import clock
from enforcement.domain.periods import Period
from enforcement.models import Case, Employer, Office, Role, Signer, User
from tests.factories import (
    CaseFactory,
    EmployerFactory,
    LedgerRowFactory,
    OfficeFactory,
    SignerFactory,
    UserFactory,
)


@dataclass
class World:
    office: Office
    signer: Signer
    inspector: User
    inspector2: User
    legal: User
    supervisor: User
    admin: User
    employer: Employer
    case: Case


def late_employer(office: Office, name: str, months: int = 6, paid_before: int = 6) -> Employer:
    """An employer who paid ``paid_before`` months and then nothing for ``months`` months (up to last month)."""
    employer = EmployerFactory(office=office, name=name, district="Quận Hoàng Mai")
    last = Period.of(clock.today()).add(-1)
    for back in range(months + paid_before - 1, -1, -1):
        period = last.add(-back)
        LedgerRowFactory(employer=employer, period=str(period), amount_due=10_000_000,
                         amount_paid=10_000_000 if back >= months else 0, employees=12)
    return employer


@pytest.fixture
def recorded(app, db_session):
    """A case whose violation record is made: the penalty form proposes the fines."""
    from datetime import timedelta

    from tests.builders import evading_world, record_violation, to_concluded

    with app.test_request_context():
        world = evading_world(clock.today())
        to_concluded(world)
        record_violation(world, world.today - timedelta(days=2))
        return world


@pytest.fixture(autouse=True)
def _fresh_dashboard_cache():
    """Ids are reused after each test's rollback: never let one test read another's cached figures."""
    from enforcement.services import dashboard

    dashboard._CACHE.clear()
    yield
    dashboard._CACHE.clear()


@pytest.fixture
def world(db_session) -> World:
    office = OfficeFactory()
    signer = SignerFactory(office=office)
    users = {role: UserFactory(office=office, role=role) for role in Role}
    inspector2 = UserFactory(office=office, role=Role.INSPECTOR)
    employer = late_employer(office, "Công ty TNHH Thực phẩm An Phú")
    case = CaseFactory(employer=employer, office=office, assignee=users[Role.INSPECTOR], months_in_arrears=5,
                       principal=50_000_000, oldest_unpaid_period=str(Period.of(clock.today()).add(-6)))
    return World(office, signer, users[Role.INSPECTOR], inspector2, users[Role.LEGAL], users[Role.SUPERVISOR],
                 users[Role.ADMIN], employer, case)


def switch_user(client, auth, user: User) -> None:
    """Log ``user`` in on ``client``, ending whoever was logged in."""
    with client.session_transaction() as session:
        session.clear()
    response = auth.login(user.username)
    assert response.status_code == 302, response.status_code
