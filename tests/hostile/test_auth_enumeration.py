"""Issue 12, item 5: a login does not tell which usernames exist, and 5 requests cannot lock an admin out.

The attack: login times (median 9 ms for an unknown username, 103 ms for a real
one: the dummy hash was ``pbkdf2:1000``, real ones scrypt) and statuses (only
real accounts ever answered 423) listed the accounts; and 5 wrong passwords
from anywhere locked any account, an admin's included, for 15 minutes.

Fixed, and shown here:

- the dummy hash is made with the configured algorithm and cost (scrypt here,
  as in production); an unknown, a deactivated and a locked account cost one
  password check each (counted), against a hash of the same algorithm and cost, like
  a wrong password, and answer the same status and message;
- failures are counted per (address, username): 5 from one address refuse that
  address only (429 for an unknown username as for a real one), the admin logs
  in from anywhere else; the account itself locks after
  ``LOGIN_ACCOUNT_MAX_FAILURES`` (20) failures from anywhere, answered like a
  wrong password, and a second admin (users page) or ``flask unlock-user``
  lifts it.
"""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from werkzeug.security import generate_password_hash

from enforcement.db import utc_now
from enforcement.errors import ValidationFailed
from enforcement.extensions import db
from enforcement.models import Role, User
from enforcement.services import users
from tests.conftest import TEST_PASSWORD, csrf_from
from tests.factories import OfficeFactory, UserFactory
from tests.security.helpers import Browser

WRONG = "Sai-mat-khau-2026"
MESSAGE = "Tên đăng nhập hoặc mật khẩu không đúng."


def _login(app, username: str, password: str, address: str):
    client = app.test_client()
    token = csrf_from(client.get("/login").get_data(as_text=True))
    started = time.perf_counter()
    response = client.post("/login", data={"username": username, "password": password, "csrf_token": token},
                           environ_base={"REMOTE_ADDR": address})
    return response, time.perf_counter() - started


@pytest.fixture
def scrypt(app, monkeypatch):
    """Hash as production does (Werkzeug's scrypt), not the suite's fast pbkdf2."""
    monkeypatch.setitem(app.config, "PASSWORD_HASH_METHOD", "scrypt")


def test_the_dummy_hash_has_the_algorithm_and_cost_of_real_ones(ctx, app, scrypt):
    real = users.hash_password(TEST_PASSWORD)
    assert users.dummy_hash().split("$")[0] == real.split("$")[0] == "scrypt:32768:8:1"


def test_unknown_deactivated_locked_and_real_accounts_answer_alike_in_status_message_and_cost(
        app, db_session, scrypt, monkeypatch):
    """The same status, message and work: exactly one password check each, against a hash of the same
    algorithm and cost (the work is what the time follows; the suite never asserts wall-clock times)."""
    hashed = generate_password_hash(TEST_PASSWORD, method="scrypt")
    real = UserFactory(password_hash=hashed)
    gone = UserFactory(password_hash=hashed, active=False)
    locked = UserFactory(password_hash=hashed, locked_until=utc_now() + timedelta(minutes=15))
    kinds = {"unknown": "khong.co.ai", "real": real.username, "deactivated": gone.username, "locked": locked.username}
    checked: list[str] = []
    original = users.check_password_hash

    def counted(pwhash: str, password: str) -> bool:
        checked.append(pwhash.split("$")[0])
        return original(pwhash, password)

    monkeypatch.setattr(users, "check_password_hash", counted)
    for n, (kind, username) in enumerate(kinds.items()):
        checked.clear()
        response, _seconds = _login(app, username, WRONG, f"10.60.0.{n}")
        assert response.status_code == 401, kind
        assert MESSAGE in response.get_data(as_text=True), kind
        assert checked == ["scrypt:32768:8:1"], (kind, checked)
    # the locked account's right password is refused the same way, at the same cost (the dummy hash)
    checked.clear()
    response, _seconds = _login(app, locked.username, TEST_PASSWORD, "10.70.0.1")
    assert response.status_code == 401 and MESSAGE in response.get_data(as_text=True)
    assert checked == ["scrypt:32768:8:1"]


def test_five_failures_from_one_address_refuse_that_address_only_for_real_and_unknown_names(app, db_session):
    office = OfficeFactory()
    boss = UserFactory(office=office, role=Role.ADMIN)
    for username in (boss.username, "khong.ton.tai"):
        for _ in range(app.config["LOGIN_MAX_FAILURES"]):
            assert _login(app, username, WRONG, "203.0.113.66")[0].status_code == 401
        refused = _login(app, username, TEST_PASSWORD, "203.0.113.66")[0]
        assert refused.status_code == 429 and refused.headers["Retry-After"]
    assert _login(app, boss.username, TEST_PASSWORD, "198.51.100.20")[0].status_code == 302
    db.session.expire_all()
    assert db.session.get(User, boss.id).locked_until is None


def _lock(app, user: User) -> None:
    for n in range(app.config["LOGIN_ACCOUNT_MAX_FAILURES"]):
        _login(app, user.username, WRONG, f"172.31.{n // 4}.{n % 4}")
    db.session.expire_all()
    assert db.session.get(User, user.id).locked_until > utc_now()
    assert _login(app, user.username, TEST_PASSWORD, "192.0.2.200")[0].status_code == 401


def test_a_second_admin_unlocks_an_admin_on_the_users_page(app, db_session):
    office = OfficeFactory()
    locked_admin = UserFactory(office=office, role=Role.ADMIN)
    second = Browser(app, UserFactory(office=office, role=Role.ADMIN))
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):  # also this address's count of the username
        _login(app, locked_admin.username, WRONG, "127.0.0.1")
    _lock(app, locked_admin)
    page = second.client.get("/admin/users").get_data(as_text=True)
    assert f"/admin/users/{locked_admin.id}/unlock" in page
    done = second.client.post(f"/admin/users/{locked_admin.id}/unlock", data={"csrf_token": second.csrf()})
    assert done.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, locked_admin.id).locked_until is None
    assert _login(app, locked_admin.username, TEST_PASSWORD, "127.0.0.1")[0].status_code == 302


def test_an_admin_does_not_unlock_their_own_account(ctx):
    boss = UserFactory(role=Role.ADMIN)
    with pytest.raises(ValidationFailed):
        users.unlock(boss, boss)


def test_flask_unlock_user_lifts_the_lock(app, db_session, runner):
    user = UserFactory(role=Role.ADMIN)
    _lock(app, user)
    result = runner.invoke(args=["unlock-user", user.username])
    assert result.exit_code == 0 and user.username in result.output
    assert _login(app, user.username, TEST_PASSWORD, "192.0.2.201")[0].status_code == 302
    assert runner.invoke(args=["unlock-user", "khong.co.ai"]).exit_code != 0
