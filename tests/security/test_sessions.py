"""Sessions, login and tokens: cookie flags, rotation, lockout, rate limits, password policy, hashed tokens.

Rate limits are off in the test configuration (the suite logs in hundreds of
times a minute); the tests here switch them on for themselves (Flask-Limiter's
``memory://`` storage, emptied before each test) and move time forward by
clearing the storage, as the window's end would.  Production cookies are
checked on an application built with the production configuration.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_migrate import upgrade
from werkzeug.http import parse_dict_header

from enforcement import create_app
from enforcement.db import utc_now
from enforcement.errors import InvalidCredentials, ValidationFailed
from enforcement.extensions import db
from enforcement.models import ApiToken, Role, User
from enforcement.security import limiter
from enforcement.services import admin, tokens, users
from tests.conftest import TEST_PASSWORD
from tests.factories import OfficeFactory, UserFactory
from tests.security.helpers import Browser, bearer, fingerprint


class Window:
    """Time passing for the limiter: the window ends (its counts are forgotten)."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    def ends(self) -> None:
        limiter(self.app).reset()


@pytest.fixture
def limits(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Window:
    """Rate limits on; forgotten afterwards."""
    monkeypatch.setitem(app.config, "RATELIMIT_ENABLED", True)
    limiter(app).reset()
    yield Window(app)
    limiter(app).reset()


def _cookie_attributes(set_cookie: str) -> set[str]:
    return {part.strip().split("=")[0].lower() for part in set_cookie.split(";")[1:]}


def _session_cookie(response) -> str:
    found = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("session=")]
    assert found, "no session cookie set"
    return found[-1]


def _login(client, username: str, password: str, ip: str = "127.0.0.1", csrf: str | None = None):
    return client.post("/login", data={"username": username, "password": password, "csrf_token": csrf},
                       environ_base={"REMOTE_ADDR": ip})


# --------------------------------------------------------------------------- cookies


def test_the_session_cookie_is_httponly_and_samesite_lax(app, db_session):
    user = UserFactory()
    browser = Browser(app)
    response = browser.client.post("/login", data={"username": user.username, "password": TEST_PASSWORD,
                                                   "csrf_token": browser.csrf()})
    assert response.status_code == 302
    cookie = _session_cookie(response)
    assert {"httponly", "samesite"} <= _cookie_attributes(cookie)
    assert "SameSite=Lax" in cookie


def test_in_production_the_session_cookie_is_also_secure_and_hsts_is_sent(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "a-long-random-production-secret-for-tests")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'prod.db'}")
    production = create_app("production")
    with production.app_context():
        upgrade()  # the sessions live in the database
    page = production.test_client().get("/login", base_url="https://ecm.example")
    assert page.status_code == 200
    cookie = _session_cookie(page)  # the CSRF token of the login form lives in the session
    assert {"secure", "httponly", "samesite"} <= _cookie_attributes(cookie) and "SameSite=Lax" in cookie
    assert page.headers["Strict-Transport-Security"].startswith("max-age=")
    assert production.config["REMEMBER_COOKIE_SECURE"] and production.config["REMEMBER_COOKIE_HTTPONLY"]
    assert not production.config["PROPAGATE_EXCEPTIONS"] and not production.debug


# --------------------------------------------------------------------------- the session


def test_login_rotates_the_session_and_the_old_cookie_is_worth_nothing(app, db_session):
    user = UserFactory()
    browser = Browser(app)
    csrf_before = browser.csrf()
    with browser.client.session_transaction() as session:
        session["planted"] = "by-an-attacker"
        raw_before = session["csrf_token"]
    pre_login_cookie = browser.client.get_cookie("session").value
    assert _login(browser.client, user.username, TEST_PASSWORD, csrf=csrf_before).status_code == 302
    with browser.client.session_transaction() as session:
        assert "planted" not in session and session.get("csrf_token") != raw_before
        assert session["_user_id"] == str(user.id)
    replay = app.test_client()
    replay.set_cookie("session", pre_login_cookie)
    assert replay.get("/").status_code == 302  # the pre-login cookie does not carry the login


def test_logout_ends_the_session(app, db_session):
    browser = Browser(app, UserFactory())
    assert browser.client.post("/logout", data={"csrf_token": browser.csrf()}).status_code == 302
    assert browser.client.get("/").status_code == 302
    with browser.client.session_transaction() as session:
        assert "_user_id" not in session


def test_a_session_cookie_replayed_from_another_browser_is_refused(app, db_session):
    """Flask-Login's "strong" protection: the session is bound to the client's address and user agent."""
    browser = Browser(app, UserFactory())
    cookie = browser.client.get_cookie("session").value
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    stolen = thief.get("/", headers={"User-Agent": "curl/8"}, environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert stolen.status_code == 302


def test_a_deactivated_user_is_logged_out_at_the_next_request(app, db_session):
    user = UserFactory()
    browser = Browser(app, user)
    assert browser.client.get("/").status_code == 200
    db.session.get(User, user.id).active = False
    db.session.commit()
    assert browser.client.get("/").status_code == 302


# --------------------------------------------------------------------------- lockout and rate limits


def test_the_account_locks_after_repeated_failures_whatever_the_address(app, db_session):
    user = UserFactory()
    browser = Browser(app)
    for n in range(app.config["LOGIN_ACCOUNT_MAX_FAILURES"]):
        assert _login(browser.client, user.username, "Sai-mat-khau-1", ip=f"10.0.0.{n}",
                      csrf=browser.csrf()).status_code == 401
    locked = _login(browser.client, user.username, TEST_PASSWORD, ip="10.9.9.9", csrf=browser.csrf())
    assert locked.status_code == 401  # the same answer as a wrong password or an unknown username
    assert db.session.get(User, user.id).locked_until > utc_now() + timedelta(minutes=10)


def test_failed_logins_from_one_address_are_rate_limited_with_retry_after(app, db_session, limits):
    rate = app.config["RATELIMIT_LOGIN_FAILURES"]
    assert rate == "20/minute"
    user = UserFactory()
    browser = Browser(app)
    for n in range(20):  # a different username each time: the per-account lockout never triggers
        assert _login(browser.client, f"nobody{n}", "Sai-mat-khau-1", ip="198.51.100.7",
                      csrf=browser.csrf()).status_code == 401
    passed = _login(browser.client, user.username, TEST_PASSWORD, ip="198.51.100.7", csrf=browser.csrf())
    assert passed.status_code == 302  # a correct password passes the address's limit (no NAT lockout)
    late = Browser(app)
    failed = _login(late.client, "nobody-more", "Sai-mat-khau-1", ip="198.51.100.7", csrf=late.csrf())
    assert failed.status_code == 429
    assert 1 <= int(failed.headers["Retry-After"]) <= 60
    assert "Quá nhiều yêu cầu" in failed.get_data(as_text=True)
    other = Browser(app)
    assert _login(other.client, "nobody-else", "Sai-mat-khau-1", ip="198.51.100.8",
                  csrf=other.csrf()).status_code == 401
    limits.ends()  # the window ends: the address's failures answer 401 again
    again = Browser(app)
    assert _login(again.client, "nobody-more", "Sai-mat-khau-1", ip="198.51.100.7",
                  csrf=again.csrf()).status_code == 401


def test_successful_logins_do_not_count_against_an_address(app, db_session, limits):
    """An office behind one NAT address can log everyone in."""
    office = OfficeFactory()
    people = [UserFactory(office=office) for _ in range(25)]
    for person in people:
        browser = Browser(app)
        assert _login(browser.client, person.username, TEST_PASSWORD, ip="192.0.2.1",
                      csrf=browser.csrf()).status_code == 302


def test_failed_bearer_tokens_from_one_address_are_rate_limited(app, db_session, limits):
    user = UserFactory(role=Role.INSPECTOR)
    with app.app_context():
        good, _row = tokens.create_token(user)
    client = app.test_client()

    def cases(token: str, ip: str):
        return client.get("/api/v1/cases", headers=bearer(token), environ_base={"REMOTE_ADDR": ip})

    assert [cases(f"ecm_guess{n}", "10.6.6.6").status_code for n in range(20)] == [401] * 20
    refused = cases("ecm_guess-more", "10.6.6.6")
    assert refused.status_code == 429 and refused.get_json()["error"] == "TooManyRequests"
    assert int(refused.headers["Retry-After"]) >= 1
    assert cases(good, "10.6.6.6").status_code == 200  # a valid token passes the address's limit
    assert cases("ecm_guess-other", "10.7.7.7").status_code == 401


def test_each_token_has_a_request_rate(app, db_session, limits, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_API_TOKEN", "5/minute")
    with app.app_context():
        first, _ = tokens.create_token(UserFactory(role=Role.INSPECTOR))
        second, _ = tokens.create_token(UserFactory(role=Role.INSPECTOR))
    client = app.test_client()
    assert [client.get("/api/v1/cases", headers=bearer(first)).status_code for _ in range(5)] == [200] * 5
    over = client.get("/api/v1/cases", headers=bearer(first))
    assert over.status_code == 429 and over.headers["Retry-After"]
    assert client.get("/api/v1/cases", headers=bearer(second)).status_code == 200
    limits.ends()
    assert client.get("/api/v1/cases", headers=bearer(first)).status_code == 200


def test_rate_limits_are_on_outside_the_tests(monkeypatch):
    from config import settings_for

    for name in ("development", "production"):
        settings = settings_for(name)
        assert settings["RATELIMIT_ENABLED"]
        assert settings["RATELIMIT_LOGIN_FAILURES"] == settings["RATELIMIT_API_FAILURES"] == "20/minute"
    monkeypatch.setenv("RATELIMIT_API_TOKEN", "100/minute")
    assert settings_for("production")["RATELIMIT_API_TOKEN"] == "100/minute"


# --------------------------------------------------------------------------- passwords


@pytest.mark.parametrize(
    ("password", "ok"),
    [("Kiem-tra-2026", True), ("ngắn1", False), ("chicochuthoi", False), ("1234567890123", False),
     ("mậtkhẩu2026x", True), ("", False)],
)
def test_the_password_policy(ctx, password, ok):
    assert (users.password_problems(password) == []) is ok


def test_weak_passwords_are_refused_at_creation_and_at_reset(ctx):
    office = OfficeFactory()
    the_admin = UserFactory(office=office, role=Role.ADMIN)
    with pytest.raises(ValidationFailed) as created:
        users.create_user(username="moi.nguoi", full_name="Người Mới", password="abc", role=Role.INSPECTOR,
                          office=office)
    assert "password" in created.value.details["errors"]
    target = UserFactory(office=office)
    with pytest.raises(ValidationFailed) as reset:
        admin.reset_password(target.id, "khongcoso", the_admin)
    assert "password" in reset.value.details["errors"]


def test_passwords_are_stored_hashed(ctx):
    office = OfficeFactory()
    user = users.create_user(username="bam.mat", full_name="Băm Mật", password="Mat-khau-bam-2026",
                             role=Role.INSPECTOR, office=office)
    stored = db.session.get(User, user.id).password_hash
    assert "Mat-khau-bam-2026" not in stored and stored.startswith("pbkdf2:sha256:")


def test_an_unknown_username_costs_a_password_check_too(ctx, monkeypatch):
    """So that the time taken does not tell which usernames exist."""
    checked = []
    real = users.check_password_hash
    monkeypatch.setattr(users, "check_password_hash", lambda h, p: checked.append(h) or real(h, p))
    with pytest.raises(InvalidCredentials):
        users.authenticate("khong.ton.tai", "Mat-khau-2026")
    assert checked == [users.dummy_hash()]


# --------------------------------------------------------------------------- tokens


def test_tokens_are_stored_as_sha256_only_and_compared_in_constant_time(app, db_session, monkeypatch):
    user = UserFactory()
    with app.app_context():
        raw, row = tokens.create_token(user, "máy chủ báo cáo")
    stored = db.session.get(ApiToken, row.id)
    assert stored.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    everything = " ".join(str(v) for v in db.session.execute(sa.select(ApiToken.__table__)).one())
    assert raw not in everything and raw[len(tokens.TOKEN_PREFIX) + 4:] not in everything
    compared = []
    real = hmac.compare_digest
    monkeypatch.setattr(tokens.hmac, "compare_digest", lambda a, b: compared.append(1) or real(a, b))
    with app.test_request_context():
        assert tokens.authenticate(raw).id == user.id
    assert compared


def test_a_revoked_token_or_a_deactivated_user_is_refused(app, db_session):
    owner, other = UserFactory(role=Role.INSPECTOR), UserFactory(role=Role.INSPECTOR)
    with app.app_context():
        revoked, row = tokens.create_token(owner)
        live, _ = tokens.create_token(other)
        tokens.revoke(row.id, owner)
    client = app.test_client()
    assert client.get("/api/v1/cases", headers=bearer(revoked)).status_code == 401
    assert client.get("/api/v1/cases", headers=bearer(live)).status_code == 200
    db.session.get(User, other.id).active = False
    db.session.commit()
    before = fingerprint()
    response = client.get("/api/v1/cases", headers=bearer(live))
    assert response.status_code == 401
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]
    assert parse_dict_header(response.headers["WWW-Authenticate"].removeprefix("Bearer "))["realm"] == "api"
    assert fingerprint() == before


def test_a_password_reset_ends_the_users_other_sessions(app, db_session):
    office = OfficeFactory()
    the_admin = UserFactory(office=office, role=Role.ADMIN)
    user = UserFactory(office=office)
    laptop, phone, admin_browser = Browser(app, user), Browser(app, user), Browser(app, the_admin)
    assert laptop.client.get("/").status_code == phone.client.get("/").status_code == 200
    reset = admin_browser.client.post(f"/admin/users/{user.id}/password",
                                      data={"csrf_token": admin_browser.csrf(), "password": "Mat-khau-moi-2027"})
    assert reset.status_code == 302
    assert laptop.client.get("/").status_code == phone.client.get("/").status_code == 302  # both ended
    assert admin_browser.client.get("/").status_code == 200  # the admin's own session goes on
    fresh = Browser(app)
    assert _login(fresh.client, user.username, "Mat-khau-moi-2027", csrf=fresh.csrf()).status_code == 302
    assert fresh.client.get("/").status_code == 200
