"""Fixtures of the API tests: an office with a user per role, bearer tokens, overdue employers.

``Api`` speaks the API's protocol for the test client (flaskr's ``AuthActions``
idea): ``api.as_(user)`` creates a token for the user through the token service
and returns a small client that sends it as ``Authorization: Bearer …`` and
checks every answer against the OpenAPI document (``schema_check``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from enforcement import clock
from enforcement.api.blueprint import PREFIX
from enforcement.domain.periods import Period
from enforcement.extensions import db
from enforcement.models import Case, Employer, Office, Role, Signer, User
from enforcement.services.tokens import create_token
from tests.api.schema_check import check_response
from tests.factories import CaseFactory, EmployerFactory, LedgerRowFactory, OfficeFactory, SignerFactory, UserFactory

MONTHLY_DUE = 50_000_000


class ApiClient:
    """A test client that sends one bearer token with every request to ``/api/v1``."""

    def __init__(self, client: FlaskClient, token: str | None) -> None:
        self.client = client
        self.token = token

    def _headers(self, extra: dict[str, str] | None) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        return {**headers, **(extra or {})}

    def open(self, method: str, path: str, headers: dict[str, str] | None = None, **kwargs: Any) -> TestResponse:
        """Send the request and check the answer against the OpenAPI document."""
        response = self.client.open(PREFIX + path, method=method.upper(), headers=self._headers(headers), **kwargs)
        check_response(method, path, response)
        return response

    def get(self, path: str, **kwargs: Any) -> TestResponse:
        return self.open("get", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> TestResponse:
        return self.open("post", path, **kwargs)


class Api:
    def __init__(self, app: Flask, client: FlaskClient) -> None:
        self.app = app
        self.client = client

    def token_for(self, user: User, name: str = "tests") -> str:
        with self.app.app_context():
            raw, _token = create_token(user, name)
        return raw

    def as_(self, user: User) -> ApiClient:
        return ApiClient(self.client, self.token_for(user))

    def anonymous(self) -> ApiClient:
        return ApiClient(self.client, None)


@pytest.fixture
def api(app: Flask, client: FlaskClient) -> Api:
    return Api(app, client)


@dataclass
class Office1:
    """One office with a signer and one user per role."""

    office: Office
    signer: Signer
    inspector: User
    legal: User
    supervisor: User
    admin: User

    def user(self, role: Role) -> User:
        return {
            Role.INSPECTOR: self.inspector,
            Role.LEGAL: self.legal,
            Role.SUPERVISOR: self.supervisor,
            Role.ADMIN: self.admin,
        }[role]


def make_office() -> Office1:
    office = OfficeFactory()
    users = {role: UserFactory(office=office, role=role) for role in Role}
    return Office1(
        office,
        SignerFactory(office=office),
        users[Role.INSPECTOR],
        users[Role.LEGAL],
        users[Role.SUPERVISOR],
        users[Role.ADMIN],
    )


@pytest.fixture
def world(db_session: Any) -> Office1:
    return make_office()


@pytest.fixture
def other(db_session: Any) -> Office1:
    """A second office: nothing of it may be visible from ``world``."""
    return make_office()


def overdue_employer(office: Office, unpaid_months: int = 4, *, paid_months: int = 2, **fields: Any) -> Employer:
    """An employer with ``unpaid_months`` unpaid months, the newest 3 months before the current one."""
    employer = EmployerFactory(office=office, **fields)
    newest = Period.of(clock.today()).add(-3)
    for k in range(unpaid_months + paid_months):
        unpaid = k < unpaid_months
        LedgerRowFactory(
            employer=employer,
            period=str(newest.add(-k)),
            amount_due=MONTHLY_DUE,
            amount_paid=0 if unpaid else MONTHLY_DUE,
            employees=12,
        )
    return employer


def open_case(office: Office, assignee: User | None = None, **fields: Any) -> Case:
    """A detected case of an employer with 4 overdue months."""
    employer = fields.pop("employer", None) or overdue_employer(office)
    return CaseFactory(employer=employer, office=office, assignee=assignee, **fields)


def demand(signer: Signer, issue: date | None = None) -> dict[str, Any]:
    """The fields of ``send_demand`` as JSON."""
    issue = issue or clock.today()
    return {"issue_date": issue.isoformat(), "pay_by": (issue + timedelta(days=15)).isoformat(), "signer_id": signer.id}


def reload(model: Any) -> Any:
    db.session.expire_all()
    return db.session.get(type(model), model.id)
