"""Login, logout, lockout, CSRF, language switch (issue 2; DEVELOPERS rule 6)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from enforcement.db import utc_now
from enforcement.extensions import db
from enforcement.models import Role, User
from tests.conftest import TEST_PASSWORD, csrf_from
from tests.factories import UserFactory


def test_login_page_is_vietnamese_and_carries_a_csrf_token(client):
    page = client.get("/login")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Đăng nhập" in html and "Tên đăng nhập" in html and "Mật khẩu" in html
    assert csrf_from(html)


def test_every_page_but_login_needs_a_user(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_successful_login_shows_the_role_home_page(client, auth):
    user = UserFactory(role=Role.INSPECTOR)
    response = auth.login(user.username)
    assert response.status_code == 302
    home = client.get("/").get_data(as_text=True)
    assert "Hồ sơ của tôi" in home
    assert user.full_name in home and user.office.name in home
    assert db.session.get(User, user.id).last_login_at is not None


@pytest.mark.parametrize(
    ("role", "heading"),
    [
        (Role.INSPECTOR, "Hồ sơ của tôi"),
        (Role.LEGAL, "Hàng chờ pháp chế"),
        (Role.SUPERVISOR, "Bảng điều hành"),
        (Role.ADMIN, "Quản trị"),
    ],
)
def test_each_role_sees_its_own_home_page(client, auth, role, heading):
    user = UserFactory(role=role)
    auth.login(user.username)
    assert heading in client.get("/").get_data(as_text=True)


def test_wrong_password_is_refused_with_one_message_for_all_causes(client, auth):
    user = UserFactory()
    wrong = auth.login(user.username, "not-the-password-1")
    unknown = auth.login("nobody-here", "not-the-password-1")
    assert wrong.status_code == unknown.status_code == 401
    message = "Tên đăng nhập hoặc mật khẩu không đúng."
    assert message in wrong.get_data(as_text=True) and message in unknown.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_five_failures_from_one_address_refuse_even_the_right_password(client, auth, app):
    user = UserFactory()
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        assert auth.login(user.username, "bad-password-123").status_code == 401
    locked = auth.login(user.username, TEST_PASSWORD)
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 60
    assert "Quá nhiều yêu cầu đăng nhập sai" in locked.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_the_account_locks_after_its_failures_from_anywhere_and_answers_like_a_wrong_password(app, db_session):
    user = UserFactory()
    for n in range(app.config["LOGIN_ACCOUNT_MAX_FAILURES"]):
        assert _login_from(app, user.username, "bad-password-123", f"10.1.0.{n}").status_code == 401
    locked = _login_from(app, user.username, TEST_PASSWORD, "10.2.0.1")
    assert locked.status_code == 401
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in locked.get_data(as_text=True)
    assert db.session.get(User, user.id).locked_until > utc_now() + timedelta(minutes=14)


def _login_from(app, username: str, password: str, address: str):
    client = app.test_client()
    token = csrf_from(client.get("/login").get_data(as_text=True))
    return client.post("/login", data={"username": username, "password": password, "csrf_token": token},
                       environ_base={"REMOTE_ADDR": address})


def test_four_failures_do_not_lock_and_a_success_resets_the_count(client, auth, app):
    user = UserFactory()
    for _ in range(app.config["LOGIN_MAX_FAILURES"] - 1):
        auth.login(user.username, "bad-password-123")
    assert auth.login(user.username).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).failed_logins == 0
    for _ in range(app.config["LOGIN_MAX_FAILURES"] - 1):  # the address's count started again too
        assert _login_from(app, user.username, "bad-password-123", "127.0.0.1").status_code == 401
    assert _login_from(app, user.username, TEST_PASSWORD, "127.0.0.1").status_code == 302


def test_lock_expires_after_the_lockout_period(client, auth):
    user = UserFactory(locked_until=utc_now() - timedelta(seconds=1))
    assert auth.login(user.username).status_code == 302


def test_deactivated_user_cannot_log_in(client, auth):
    user = UserFactory(active=False)
    assert auth.login(user.username).status_code == 401


def test_login_post_without_csrf_token_is_rejected(client):
    user = UserFactory()
    response = client.post("/login", data={"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 400
    assert client.get("/").status_code == 302


def test_login_rotates_the_session(client, auth):
    user = UserFactory()
    client.get("/login")
    with client.session_transaction() as before:
        before["marker"] = "set-before-login"
    auth.login(user.username)
    with client.session_transaction() as after:
        assert "marker" not in after
        assert after.get("_user_id") == str(user.id)


def test_logout_needs_post_with_csrf_and_ends_the_session(client, auth):
    user = UserFactory()
    auth.login(user.username)
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 400
    token = csrf_from(client.get("/").get_data(as_text=True))
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/").status_code == 302


def test_open_redirect_after_login_is_refused(client, auth):
    user = UserFactory()
    token = auth.csrf_token()
    response = client.post(
        "/login?next=https://evil.example/",
        data={"username": user.username, "password": TEST_PASSWORD, "csrf_token": token},
    )
    assert response.headers["Location"] == "/"


def test_language_switch_to_english_and_back(client, auth):
    user = UserFactory(role=Role.INSPECTOR)
    auth.login(user.username)
    token = csrf_from(client.get("/").get_data(as_text=True))
    client.post("/language/en", data={"csrf_token": token, "next": "/"})
    english = client.get("/").get_data(as_text=True)
    assert "My cases" in english and 'lang="en"' in english
    token = csrf_from(english)
    client.post("/language/vi", data={"csrf_token": token, "next": "/"})
    assert "Hồ sơ của tôi" in client.get("/").get_data(as_text=True)


def test_session_cookie_is_httponly_and_samesite_lax(client, auth):
    user = UserFactory()
    response = auth.login(user.username)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
