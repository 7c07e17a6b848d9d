"""Issue 11, "rate limits that hold across processes": real ``gunicorn -w 4`` on PostgreSQL and Redis.

The attack: the limits were kept in each process's memory, so under ``gunicorn
-w 4`` an address got 80 password guesses a minute (4 × 20) and a token 2 400
requests (4 × 600); and the per-address limit alone locked out everyone behind
one NAT address (after 80 failures, 8/8 correct logins and 8/8 valid-token
requests from it got 429).

Fixed with Flask-Limiter counting in Redis (``RATELIMIT_STORAGE_URI``), shared
by every worker.  These tests start the production configuration under
``gunicorn -w 4`` (a subprocess, from the project's directory so that
``gunicorn.conf.py`` applies) and send requests at once, so that several
workers answer:

- 8 concurrent wrong passwords for one username from one address: exactly 5
  answer 401, 3 answer 429 — and the 6th attempt, with the right password, is
  refused too; from another address that user logs in;
- 20 failed logins from one address (other usernames): the 21st failure is
  429, but a correct login and a valid token from that address pass;
- a token limited to 10 requests a minute gets exactly 10 of 14 concurrent
  requests through.

They need PostgreSQL (``TEST_DATABASE_URL``) and Redis (``TEST_REDIS_URL``,
e.g. ``redis://127.0.0.1:6379/15``; ``.ci/run`` starts Redis and sets it) and
are skipped, saying so, without them.  The last test (gunicorn refuses memory
storage with several workers in production) needs neither.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest
import requests

from enforcement.extensions import db
from enforcement.models import Role
from enforcement.services import tokens
from tests.conftest import TEST_PASSWORD, csrf_from
from tests.factories import OfficeFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "")
DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")
WRONG = "Sai-mat-khau-2026"

needs_services = pytest.mark.skipif(
    not REDIS_URL or not DATABASE_URL.startswith("postgres"),
    reason="needs Redis and PostgreSQL: set TEST_REDIS_URL=redis://127.0.0.1:6379/15 and "
           "TEST_DATABASE_URL=postgresql+psycopg://… (.ci/run does)",
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _http() -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # loopback only, never a proxy from the environment
    return session


class Server:
    """``gunicorn -w 4`` with the production configuration, answering on 127.0.0.1."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log
        with log.open("wb") as output:
            self.process = subprocess.Popen(
                [str(GUNICORN), "-w", "4", "-b", f"127.0.0.1:{self.port}", "--timeout", "60", "wsgi:app"],
                cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn stopped: {log.read_text(errors='replace')[-3000:]}")
            try:
                with _http() as http:
                    if http.get(self.base + "/login", timeout=5).status_code == 200:
                        return
            except (requests.ConnectionError, requests.Timeout):  # not listening yet, or a worker still loading
                time.sleep(0.3)
        raise AssertionError("gunicorn did not answer within 60 s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def login(self, username: str, password: str, address: str) -> int:
        with _http() as http:
            page = http.get(self.base + "/login", headers={"X-Forwarded-For": address}, timeout=30)
            headers = {"X-Forwarded-For": address, "Cookie": f"session={page.cookies['session']}"}
            form = {"username": username, "password": password, "csrf_token": csrf_from(page.text)}
            response = http.post(self.base + "/login", headers=headers, data=form, allow_redirects=False,
                                 timeout=60)
            return response.status_code

    def api(self, token: str, address: str) -> int:
        headers = {"Authorization": f"Bearer {token}", "X-Forwarded-For": address}
        with _http() as http:
            return http.get(self.base + "/api/v1/cases", headers=headers, timeout=60).status_code


def _at_once(calls) -> Counter:
    """Run the calls together (a barrier releases them at once); the statuses they got."""
    statuses: list[int] = []
    start = threading.Barrier(len(calls))

    def run(call) -> None:
        start.wait()
        statuses.append(call())

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Counter(statuses)


@pytest.fixture
def estate(app):
    """Two inspectors and a token, really committed; every table emptied afterwards."""
    with app.app_context():
        office = OfficeFactory()
        first = UserFactory(office=office, role=Role.INSPECTOR)
        second = UserFactory(office=office, role=Role.INSPECTOR)
        db.session.commit()
        raw, _row = tokens.create_token(first, "gunicorn")
        names = first.username, second.username
    yield {"first": names[0], "second": names[1], "token": raw}
    with app.app_context():
        db.session.remove()
        tables = ", ".join(t.name for t in db.metadata.sorted_tables)
        with db.engine.begin() as conn:
            conn.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")


@pytest.fixture
def server(estate, tmp_path):
    import redis

    prefix = f"ecm-test-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "ENFORCEMENT_ENV": "production",
        "SECRET_KEY": "a-long-random-secret-for-the-gunicorn-test",
        "DATABASE_URL": DATABASE_URL,
        "RATELIMIT_STORAGE_URI": REDIS_URL,
        "RATELIMIT_KEY_PREFIX": prefix,
        "RATELIMIT_API_TOKEN": "10/minute",
        "PROXY_FIX_X_FOR": "1",  # the test speaks for several addresses through X-Forwarded-For
    }
    env.pop("RATELIMIT_ALLOW_MEMORY_STORAGE", None)
    running = Server(env, tmp_path / "gunicorn.log")
    try:
        yield running
    finally:
        running.stop()
        with redis.Redis.from_url(REDIS_URL) as store:
            for key in store.scan_iter(match=f"*{prefix}*"):
                store.delete(key)


@needs_services
def test_the_sixth_failed_login_from_one_address_is_refused_whichever_worker_answers(server, estate):
    user = estate["first"]
    statuses = _at_once([lambda: server.login(user, WRONG, "203.0.113.10")] * 8)
    assert statuses == Counter({401: 5, 429: 3})  # per worker it would be 8 × 401
    assert server.login(user, TEST_PASSWORD, "203.0.113.10") == 429
    assert server.login(user, TEST_PASSWORD, "203.0.113.11") == 302


@needs_services
def test_an_address_over_its_failure_limit_still_logs_in_with_a_right_password_and_a_valid_token(server, estate):
    address = "198.51.100.30"
    statuses = _at_once([lambda n=n: server.login(f"khong.co.{n}", WRONG, address) for n in range(20)])
    assert statuses == Counter({401: 20})
    assert server.login("khong.co.nua", WRONG, address) == 429
    assert server.login(estate["second"], TEST_PASSWORD, address) == 302  # no NAT lockout
    assert server.api(estate["token"], address) == 200


@needs_services
def test_a_token_gets_its_rate_and_no_more_whichever_worker_answers(server, estate):
    statuses = _at_once([lambda: server.api(estate["token"], "192.0.2.40")] * 14)
    assert statuses == Counter({200: 10, 429: 4})  # per worker it would be up to 14 × 200


def test_production_refuses_memory_storage_with_four_workers(tmp_path):
    env = {**os.environ, "ENFORCEMENT_ENV": "production", "SECRET_KEY": "a-long-random-secret-for-the-test",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'refused.db'}", "RATELIMIT_STORAGE_URI": "memory://"}
    env.pop("RATELIMIT_ALLOW_MEMORY_STORAGE", None)
    result = subprocess.run([str(GUNICORN), "-w", "4", "-b", f"127.0.0.1:{_free_port()}", "wsgi:app"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode != 0
    assert "RATELIMIT_STORAGE_URI=redis://" in result.stdout + result.stderr
