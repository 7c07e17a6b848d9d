"""Issue 12, item 6 (and the cookie half of item 7): a copied session cookie dies, and no cookie breaks a request.

The attack: a copy of the session cookie taken before logout still worked after
it, and any POST (``/language/vi``) re-signed it with a new timestamp, so the
8-hour limit slid for ever.  And a flash message holding NUL, stored in the
cookie, made every later request of that browser (``/login``, ``/logout``
included) a bare 500.

Fixed with server-side sessions (Flask-Session; ``sessions`` table here, Redis
in production): the cookie is a random id; login and logout delete the record
and give a new id; the login's expiry is absolute (set at login, written in the
record, never renewed); a cookie that is not one of our ids, or whose record
does not decode, is dropped and a new session starts.
"""

from __future__ import annotations

import os
import time
import uuid
from datetime import timedelta

import pytest
import sqlalchemy as sa

from enforcement import create_app
from enforcement.auth import loaders
from enforcement.db import utc_now
from enforcement.extensions import db
from enforcement.sessions import ServerSession
from tests.factories import UserFactory
from tests.security.helpers import Browser

EIGHT_HOURS = 8 * 3600


def _records(sid: str) -> int:
    return db.session.scalar(sa.select(sa.func.count()).where(ServerSession.session_id == sid))


def _copy(app, cookie: str):
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    return thief


def test_the_cookie_is_a_random_id_and_the_data_stays_on_the_server(app, db_session):
    browser = Browser(app, UserFactory())
    sid = browser.client.get_cookie("session").value
    assert len(sid) == 43 and "." not in sid  # not signed data: nothing to decode on the client
    assert _records(sid) == 1


def test_a_copy_of_the_cookie_taken_before_logout_is_refused_after_it(app, db_session):
    browser = Browser(app, UserFactory())
    copy = browser.client.get_cookie("session").value
    assert _copy(app, copy).get("/").status_code == 200  # the copy works while the session lives
    assert browser.client.post("/logout", data={"csrf_token": browser.csrf()}).status_code == 302
    assert _records(copy) == 0  # the record is gone
    thief = _copy(app, copy)
    assert thief.get("/").status_code == 302
    thief.post("/language/vi", data={"next": "/"})  # what used to re-sign the cookie
    assert thief.get("/").status_code == 302


def test_the_login_before_the_copy_does_not_come_back_with_the_pre_login_cookie(app, db_session):
    browser = Browser(app)
    browser.csrf()
    before = browser.client.get_cookie("session").value
    browser.login(UserFactory())
    assert browser.client.get_cookie("session").value != before and _records(before) == 0


def test_the_login_expires_eight_hours_after_it_however_busy_the_session(app, db_session, monkeypatch):
    browser = Browser(app, UserFactory())
    start = time.time()
    clock = type("Clock", (), {"now": start, "time": lambda self: self.now})()
    monkeypatch.setattr(loaders, "time", clock)
    for hours in (2, 4, 6, 7.9):  # activity that changes the session all along
        clock.now = start + hours * 3600
        assert browser.client.post("/language/vi", data={"csrf_token": browser.csrf(), "next": "/"}).status_code \
            == 302
        assert browser.client.get("/").status_code == 200
    clock.now = start + EIGHT_HOURS + 1
    assert browser.client.get("/").status_code == 302


@pytest.mark.parametrize(
    "cookie",
    ["eyJfZnJlc2giOmZhbHNlfQ.Z3x9Ag.not-our-signature",  # a signed cookie of the old kind
     "A" * 43, "%00%00", "x" * 4000, "../../etc/passwd"],
)
def test_a_cookie_that_is_not_ours_starts_a_new_session(app, db_session, cookie):
    client = app.test_client()
    client.set_cookie("session", cookie)
    assert client.get("/login").status_code == 200
    assert client.get("/").status_code == 302


def test_a_record_that_does_not_decode_starts_a_new_session(app, db_session):
    browser = Browser(app, UserFactory())
    sid = browser.client.get_cookie("session").value
    db.session.execute(sa.update(ServerSession).where(ServerSession.session_id == sid)
                       .values(data=b"\x80\x04\x95garbage that is neither msgpack nor pickle"))
    db.session.commit()
    assert browser.client.get("/login").status_code == 200
    assert browser.client.get("/").status_code == 302
    fresh = Browser(app)
    assert fresh.login(UserFactory()).status_code == 302


def test_a_flash_message_holding_nul_never_breaks_the_next_requests(app, db_session):
    browser = Browser(app, UserFactory())
    with browser.client.session_transaction() as session:
        session["_flashes"] = [("error", "Không đọc được tệp “bang\x00luong.xlsx”.")]
    page = browser.client.get("/")
    assert page.status_code == 200 and "bang" in page.get_data(as_text=True)
    assert browser.client.post("/logout", data={"csrf_token": browser.csrf()}).status_code == 302
    assert browser.client.get("/login").status_code == 200


REDIS_URL = os.environ.get("TEST_REDIS_URL", "")


@pytest.mark.skipif(not REDIS_URL, reason="needs Redis: set TEST_REDIS_URL=redis://127.0.0.1:6379/15 (.ci/run does)")
def test_on_redis_too_a_logged_out_copy_is_refused_and_a_bad_record_starts_a_new_session(app, db_session):
    import redis

    prefix = f"ecm-test-{uuid.uuid4().hex[:12]}"
    on_redis = create_app({**app.config, "SESSION_STORAGE_URI": REDIS_URL, "RATELIMIT_KEY_PREFIX": prefix})
    try:
        browser = Browser(on_redis, UserFactory())
        copy = browser.client.get_cookie("session").value
        with redis.Redis.from_url(REDIS_URL) as store:
            assert store.exists(f"{prefix}:session:{copy}")
            assert _copy(on_redis, copy).get("/").status_code == 200
            assert browser.client.post("/logout", data={"csrf_token": browser.csrf()}).status_code == 302
            assert not store.exists(f"{prefix}:session:{copy}")
            assert _copy(on_redis, copy).get("/").status_code == 302
            again = Browser(on_redis, UserFactory())
            store.set(f"{prefix}:session:{again.client.get_cookie('session').value}", b"\xc1 not msgpack")
            assert again.client.get("/").status_code == 302
            assert again.client.get("/login").status_code == 200
    finally:
        with redis.Redis.from_url(REDIS_URL) as store:
            for key in store.scan_iter(match=f"{prefix}:*"):
                store.delete(key)


def test_expired_records_are_deleted_at_the_next_login(app, db_session):
    old = ServerSession(session_id="B" * 43, data=b"\x80", expiry=utc_now() - timedelta(minutes=1))
    db.session.add(old)
    db.session.commit()
    Browser(app, UserFactory())
    assert _records("B" * 43) == 0
