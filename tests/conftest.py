"""Shared fixtures: one migrated database per run, one rolled-back transaction per test.

The schema comes from the Alembic migrations (not ``create_all``).  Each test
that asks for ``db_session`` runs inside an outer transaction with the session
joined as a savepoint, so application code may commit freely and everything is
rolled back afterwards (SQLAlchemy's "join a session into an external
transaction" recipe).  Set ``TEST_DATABASE_URL`` to run on PostgreSQL.
"""

from __future__ import annotations

import os
import re
import socket
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy.orm import scoped_session, sessionmaker

from enforcement import create_app
from enforcement.extensions import db
from enforcement.security import limiter
from tests.shared_data import SHARED_DATA  # noqa: F401 - re-exported for the tests

TEST_PASSWORD = "Kiem-tra-2026"  # matches the password policy


def _reset_schema(engine: sa.Engine) -> None:
    """Drop every table (and on PostgreSQL the whole public schema) before migrating."""
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.exec_driver_sql("DROP SCHEMA public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
        else:
            meta = sa.MetaData()
            meta.reflect(conn)
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            meta.drop_all(conn)
            conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")


@pytest.fixture(scope="session")
def app() -> Iterator[Flask]:
    os.environ.pop("ENFORCEMENT_ENV", None)
    application = create_app("testing")
    with application.app_context():
        _reset_schema(db.engine)
        upgrade()
        db.session.remove()
    yield application
    with application.app_context():
        db.engine.dispose()  # close pooled connections (threads' too) before the interpreter exits


class _TestSession(scoped_session):
    """The test's session: a request's teardown discards its uncommitted work, as in production,
    but keeps the session (and the test's objects) attached for the rest of the test."""

    def remove(self) -> None:
        if self.registry.has():
            self.registry().rollback()

    def close_for_good(self) -> None:
        super().remove()


@pytest.fixture
def db_session(app: Flask) -> Iterator[scoped_session]:
    """A session inside a transaction that is rolled back after the test.

    No application context stays pushed during the test: each client request
    gets its own, as in production (a shared one would share ``g``).
    """
    with app.app_context():
        engine = db.engine
    limiter(app).reset()  # rate-limit counts (memory://) never pass from one test to the next
    connection = engine.connect()
    outer = connection.begin()
    session = _TestSession(sessionmaker(bind=connection, join_transaction_mode="create_savepoint"))
    original = db.session
    db.session = session
    try:
        yield session
    finally:
        session.close_for_good()
        db.session = original
        outer.rollback()
        connection.close()


@pytest.fixture
def ctx(app: Flask, db_session: scoped_session) -> Iterator[None]:
    """A request context (for services that translate messages or read the config)."""
    with app.test_request_context():
        yield


@pytest.fixture
def client(app: Flask, db_session: scoped_session) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask, db_session: scoped_session):
    return app.test_cli_runner()


_CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


def csrf_from(html: str) -> str:
    match = _CSRF.search(html)
    if match is None:
        raise AssertionError("the page has no CSRF token")
    return match.group(1)


class Auth:
    """Speaks the login form's protocol for a test client (flaskr's AuthActions)."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def csrf_token(self, path: str = "/login") -> str:
        """The CSRF token of the form rendered at ``path``."""
        return csrf_from(self.client.get(path).get_data(as_text=True))

    def login(self, username: str, password: str = TEST_PASSWORD):
        token = self.csrf_token()
        return self.client.post(
            "/login", data={"username": username, "password": password, "csrf_token": token}
        )


@pytest.fixture
def auth(client: FlaskClient) -> Auth:
    return Auth(client)


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never reach the network: only loopback and Unix sockets are allowed."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else None
        if host not in (None, "127.0.0.1", "::1", "localhost"):
            raise RuntimeError(f"network access in a test: {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
