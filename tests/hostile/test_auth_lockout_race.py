"""Issue 12, item 4: concurrent wrong passwords check no more passwords than the lockout allows.

The attack: 4–8 clients send wrong passwords for one account at once.  With
``failed_logins += 1`` read-then-written, each request read the same count,
checked its password and wrote count + 1, so 20–21 passwords were checked
before the lock (5 when sent one by one).

The fix, shown here with real commits on PostgreSQL (each request in its own
thread, connection and transaction; a password check made slow so that every
request is inside it at once):

- from one address, each attempt takes its place in the (address, username)
  count *before* its password is checked (an atomic hit in the rate-limit
  storage): 8 concurrent wrong passwords check exactly 5, the other 3 answer
  429 unchecked;
- from many addresses, each attempt first runs ``UPDATE users SET
  failed_logins = failed_logins + 1 … RETURNING`` (only while the account is
  not locked): 25 concurrent wrong passwords from 25 addresses check exactly
  ``LOGIN_ACCOUNT_MAX_FAILURES`` (20), then the account is locked.
"""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest

from enforcement.extensions import db
from enforcement.models import User
from enforcement.security import limiter
from enforcement.services import users
from tests.conftest import TEST_PASSWORD, csrf_from
from tests.factories import UserFactory

pytestmark = pytest.mark.pg
WRONG = "Sai-mat-khau-2026"


@pytest.fixture
def committed(app):
    """Data really committed (other connections see it); every table emptied afterwards.

    No application context stays pushed: each request gets its own, as in production.
    """
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("concurrent logins are tested on PostgreSQL (set TEST_DATABASE_URL)")
        limiter(app).reset()
    yield
    with app.app_context():
        db.session.remove()
        tables = ", ".join(t.name for t in db.metadata.sorted_tables)
        with db.engine.begin() as conn:
            conn.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        limiter(app).reset()


def _user(app) -> tuple[int, str]:
    with app.app_context():
        user = UserFactory()
        db.session.commit()
        return user.id, user.username


@pytest.fixture
def slow_checks(monkeypatch):
    """Every check of the real hash takes 0.3 s (so concurrent requests overlap); counts them."""
    real = users.check_password_hash
    checked: list[str] = []
    lock = threading.Lock()

    def check(stored: str, password: str) -> bool:
        if stored != users.dummy_hash():
            with lock:
                checked.append(password)
            time.sleep(0.3)
        return real(stored, password)

    monkeypatch.setattr(users, "check_password_hash", check)
    return checked


def _attempts(app, username: str, password: str, addresses: list[str]) -> Counter:
    """One login per address, all at once (a barrier releases them together); the statuses."""
    clients = []
    for address in addresses:
        client = app.test_client()
        token = csrf_from(client.get("/login", environ_base={"REMOTE_ADDR": address}).get_data(as_text=True))
        clients.append((client, token, address))
    statuses: list[int] = []
    start = threading.Barrier(len(clients))

    def attempt(client, token, address) -> None:
        start.wait()
        response = client.post("/login", data={"username": username, "password": password, "csrf_token": token},
                               environ_base={"REMOTE_ADDR": address})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=attempt, args=item) for item in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Counter(statuses)


def test_eight_concurrent_wrong_passwords_from_one_address_check_exactly_five(app, committed, slow_checks):
    _user_id, username = _user(app)
    statuses = _attempts(app, username, WRONG, ["203.0.113.5"] * 8)
    assert (statuses, len(slow_checks)) == (Counter({401: 5, 429: 3}), app.config["LOGIN_MAX_FAILURES"])
    # the 6th attempt from that address is refused even with the right password, unchecked
    assert _attempts(app, username, TEST_PASSWORD, ["203.0.113.5"]) == Counter({429: 1})
    assert len(slow_checks) == 5


def test_concurrent_wrong_passwords_from_many_addresses_lock_the_account_after_exactly_the_limit(
        app, committed, slow_checks):
    user_id, username = _user(app)
    most = app.config["LOGIN_ACCOUNT_MAX_FAILURES"]
    statuses = _attempts(app, username, WRONG, [f"198.51.100.{n}" for n in range(1, most + 6)])
    assert len(slow_checks) == most  # 20 passwords checked, not 25
    assert statuses == Counter({401: most + 5})  # locked or wrong: the same answer
    with app.app_context():
        locked = db.session.get(User, user_id)
        assert locked.locked_until is not None and locked.failed_logins == 0
    assert _attempts(app, username, TEST_PASSWORD, ["192.0.2.77"]) == Counter({401: 1})
    assert len(slow_checks) == most  # while locked, no password is checked
