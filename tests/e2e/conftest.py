"""Browser tests: Playwright driving Debian's Chromium against a live server on 127.0.0.1.

The demo data is seeded once into a migrated SQLite file; each test gets a
copy of that file, its own application and a werkzeug server on a random
port, so the journeys do not depend on each other.  Demo passwords are random:
every demo user gets ``PASSWORD``.  A failing test leaves a screenshot of the
page under ``test-output/``.  Never downloads a browser: ``/usr/bin/chromium``.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test-output"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
PASSWORD = "Kiem-tra-2026"


def _settings(db_file: Path) -> dict[str, Any]:
    return {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_file}",
        "SECRET_KEY": "browser-tests",
        "DEBUG": False,
        "TESTING": False,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "RUN_WORKER_THREAD": False,
    }


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file with the demo office (known passwords) and a user of another office."""
    from flask_migrate import upgrade

    from enforcement import create_app
    from enforcement.extensions import db
    from enforcement.models import Office, Role, User
    from enforcement.services import demo
    from enforcement.services.users import hash_password

    path = tmp_path_factory.mktemp("e2e") / "template.db"
    app = create_app(_settings(path))
    with app.app_context():
        upgrade()
        demo.seed()
        for user in db.session.scalars(db.select(User)):
            user.password_hash = hash_password(PASSWORD)
        other = Office(code="DN", name="Bảo hiểm xã hội Thành phố Đà Nẵng", province="Đà Nẵng", place_name="Đà Nẵng")
        db.session.add(other)
        db.session.flush()
        db.session.add(User(office_id=other.id, username="danang", full_name="Trần Văn Đà",
                            role=Role.SUPERVISOR, password_hash=hash_password(PASSWORD)))
        db.session.commit()
        db.session.execute(db.text("PRAGMA wal_checkpoint(TRUNCATE)"))
        db.session.remove()
        db.engine.dispose()
    return path


@dataclass
class Live:
    url: str
    app: Any

    def __call__(self, path: str) -> str:
        return self.url + path


@pytest.fixture
def live(seeded_db: Path, tmp_path: Path) -> Iterator[Live]:
    """A server of its own on a copy of the seeded database."""
    from werkzeug.serving import make_server

    from enforcement import create_app
    from enforcement.extensions import db

    copy = tmp_path / "e2e.db"
    shutil.copyfile(seeded_db, copy)
    app = create_app(_settings(copy))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Live(f"http://127.0.0.1:{server.server_port}", app)
    finally:
        server.shutdown()
        thread.join(10)
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN", accept_downloads=True)
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        OUTPUT.mkdir(exist_ok=True)
        for index, open_page in enumerate(context.pages):
            open_page.screenshot(path=str(OUTPUT / f"{request.node.name}-{index}.png"), full_page=True)
    context.close()


def login(page: Any, live: Live, username: str) -> None:
    page.goto(live("/login"))
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.press("#password", "Enter")
    page.wait_for_url(live("/"))
