"""Load test (issue 8, PRODUCT §9): gunicorn with N workers on PostgreSQL, M simulated users on loopback.

    python bench/load.py [--users 50] [--seconds 60] [--workers 4] [--cases 1000] [--think 1.0] [--port 8765]

Creates (if missing), empties, migrates and seeds ``$DATABASE_URL`` (default
``postgresql+psycopg://postgres@127.0.0.1:5432/test_load``): one office, a
signer, one inspector per two simulated users (two people, or two browser tabs,
on one account, so they do race each other), each inspector's cases with late
employers, an API token per inspector and a first demand notice per inspector
to download.  It then starts ``gunicorn -w N`` with the production
configuration (cookies not ``Secure``: plain HTTP on loopback) and, from this
process, runs the simulated users as threads for the given time.  Each user
logs in through the login form, then repeats, with a think time of
``--think`` seconds on average (uniform between half and one and a half
times): the case list page, a case page of theirs, the API case list, one
case through the API, a download of one of their documents, and, less often,
a reminder (``send_demand`` through the API with the version just read; a 409
is the other tab having been quicker, an expected outcome, not an error).

Users arrive (log in) spread over the first sixth of the run, at most 10 s.
It prints throughput, p50/p95/p99 per action and overall, and the error count
(any other status, or a failed connection), then checks the database: every
successful reminder has exactly one event (same case, sequence and hash), no
other reminder event appeared, ``verify-audit`` finds every chain intact and
document numbers are unique and gapless.  It also prints where the CPU went
during the users' phase, per request: gunicorn's workers, PostgreSQL's
backends of this database, Redis, this client, and the rest of the machine
(from ``/proc``), and how busy the machine was.  The last line is
``p95_ms=… worst_page_p95_ms=… (page) errors=…``: the p95 of every action, then the
worst p95 of the pages (every action but the reminder, which issues a document).  Goal:
zero errors, nothing lost or duplicated, p95 < 300 ms for every page.  A benchmark, not a test: pytest never runs it.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import random
import re
import secrets
import signal
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test_load"
PASSWORD = "Load-test-2026"  # noqa: S105 - a throw-away benchmark database
WEIGHTS = {"ui_list": 22, "ui_case": 22, "home": 8, "api_list": 12, "api_case": 12, "download": 16, "remind": 8}
OK = {"remind": {200, 409}, "login": {302}}  # every other action: 200
WRITES = ("remind",)  # not a page: issues a document (a PDF rendered in the request)
CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


def production_app():  # gunicorn "load:production_app()"
    """The production configuration, with cookies usable over plain HTTP on loopback."""
    from enforcement import create_app

    return create_app({"SESSION_COOKIE_SECURE": False, "REMEMBER_COOKIE_SECURE": False})


# --------------------------------------------------------------------------- database


def _create_database(url: str) -> None:
    import psycopg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    admin = parsed.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (parsed.database,)).fetchone():
            conn.execute(f'CREATE DATABASE "{parsed.database}"')


def _app(url: str):
    from enforcement import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": url})


@dataclass
class Account:
    username: str
    token: str
    cases: list[int]
    documents: list[int] = field(default_factory=list)


STATES = ("detected", "demand_sent", "detected", "inspection_decided", "demand_sent", "inspecting")
DISTRICTS = ("Quận Ba Đình", "Quận Hoàn Kiếm", "Quận Đống Đa", "Quận Cầu Giấy", "Huyện Gia Lâm", "Huyện Đông Anh")
WORDS = ("An Phú", "Hồng Hà", "Thăng Long", "Sông Đà", "Quang Minh", "Bát Tràng", "Nội Bài", "Tây Hồ", "Hà Thành")


def _periods(last, months: int) -> list[str]:
    return [str(last.add(-k)) for k in range(months)][::-1]


def seed(url: str, users: int, cases: int, employers: int = 20_000, months: int = 18) -> tuple[list[Account], int]:
    """Empty, migrate and fill the database with realistic volumes; returns the inspectors' accounts and the signer.

    ``employers`` employers with ``months`` months of ledger each (20 000 × 18 = 360 000 rows), the first
    ``cases`` of them behind and with an open case (three timeline events each), spread over the
    inspectors (one in ten unassigned); bulk inserts, then ``ANALYZE``.
    """
    from flask_migrate import upgrade

    from enforcement import clock
    from enforcement.domain.periods import Period
    from enforcement.extensions import db
    from enforcement.models import Case, CaseEvent, Employer, LedgerRow, Office, Role, Signer, User
    from enforcement.search import fold
    from enforcement.services.audit import GENESIS, chain_hash
    from enforcement.services.cases import fire
    from enforcement.services.tokens import create_token
    from enforcement.services.users import hash_password

    if url.startswith("postgresql"):
        _create_database(url)
    app = _app(url)
    inspectors = max(1, math.ceil(users / 2))
    rng = random.Random(11)
    cases = min(cases, employers)
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        upgrade()
        office = Office(code="LOAD", name="Bảo hiểm xã hội tỉnh Thử tải", province="Hà Nội", place_name="Hà Nội")
        db.session.add(office)
        db.session.flush()
        signer = Signer(office_id=office.id, full_name="Nguyễn Văn Ký", title="Giám đốc",
                        fine_cap_person=75_000_000, fine_cap_organisation=150_000_000)
        password = hash_password(PASSWORD)
        people = [User(office_id=office.id, username=f"load{i:03d}", full_name=f"Cán bộ Thử tải {i}",
                       password_hash=password, role=Role.INSPECTOR) for i in range(inspectors)]
        chief = User(office_id=office.id, username="loadchief", full_name="Lãnh đạo Thử tải",
                     password_hash=password, role=Role.SUPERVISOR)
        db.session.add_all([signer, *people, chief])
        db.session.commit()
        office_id, chief_id, people_ids = office.id, chief.id, [p.id for p in people]
        now = datetime.now(UTC)
        last = Period.of(clock.today()).add(-1)
        periods = _periods(last, months)
        chunk = 5_000
        for first in range(0, employers, chunk):
            numbers = range(first, min(employers, first + chunk))
            rows = []
            for n in numbers:
                name = f"Công ty TNHH {rng.choice(WORDS)} Số {n}"
                rows.append({"office_id": office_id, "unit_code": f"LD{n:06d}", "tax_code": f"{1_000_000_000 + n}",
                             "name": name, "name_search": fold(name), "address": f"Số {n % 300}, Hà Nội",
                             "district": DISTRICTS[n % len(DISTRICTS)], "kind": "doanh_nghiep",
                             "legal_representative": "Nguyễn Văn A", "representative_title": "Giám đốc",
                             "contact": "", "created_at": now, "updated_at": now})
            db.session.execute(Employer.__table__.insert(), rows)
            ids = dict(db.session.execute(db.select(Employer.unit_code, Employer.id).where(
                Employer.office_id == office_id,
                Employer.unit_code.between(f"LD{numbers[0]:06d}", f"LD{numbers[-1]:06d}"))).all())
            ledger, case_rows = [], []
            for n in numbers:
                employer_id = ids[f"LD{n:06d}"]
                due = rng.randrange(5, 400) * 1_000_000
                unpaid = rng.choice((3, 4, 5, 6, 8, 12)) if n < cases else rng.choice((0, 0, 0, 1, 2))
                for index, period in enumerate(periods):
                    ledger.append({"office_id": office_id, "employer_id": employer_id, "period": period,
                                   "amount_due": due, "amount_paid": 0 if index >= months - unpaid else due,
                                   "employees": 15, "employee_share_withheld": 0, "updated_at": now})
                if n < cases:
                    # each account's first cases stay `detected` (the reminders of the run)
                    state = "detected" if n < 4 * inspectors * 2 else STATES[n % len(STATES)]
                    case_rows.append({
                        "office_id": office_id, "employer_id": employer_id, "state": state,
                        "assignee_id": people_ids[n % inspectors] if n % 10 or n < 8 * inspectors else None,
                        "months_in_arrears": unpaid - 1, "oldest_unpaid_period": periods[-unpaid],
                        "principal": due * (unpaid - 1), "interest": due // 100, "interest_complete": True,
                        "employees_affected": 15, "snapshot_as_of": now,
                        "next_deadline": clock.today() + timedelta(days=rng.randrange(-20, 60)),
                        "next_deadline_id": "D-DEMAND", "dismissal_requested": False,
                        "opened_at": now, "updated_at": now, "is_demo": False, "version": 1,
                    })
            for start in range(0, len(ledger), 10_000):
                db.session.execute(LedgerRow.__table__.insert(), ledger[start:start + 10_000])
            if case_rows:
                db.session.execute(Case.__table__.insert(), case_rows)
                case_ids = db.session.scalars(db.select(Case.id).where(Case.employer_id.in_(list(ids.values())))).all()
                events = []
                for case_id in case_ids:
                    prev = GENESIS
                    for seq, (action, summary) in enumerate(
                        (("opened", "Phát hiện nợ"), ("assignment", "Phân công"), ("comment", "Đã liên hệ đơn vị")), 1
                    ):
                        event = CaseEvent(case_id=case_id, seq=seq, created_at=now, actor_id=chief_id, action=action,
                                          trigger=None, from_state=None, to_state=None, summary=summary, details={})
                        event.hash = chain_hash(prev, event)
                        events.append({"case_id": case_id, "seq": seq, "created_at": now, "actor_id": chief_id,
                                       "action": action, "trigger": None, "from_state": None, "to_state": None,
                                       "summary": summary, "details": {}, "prev_hash": prev, "hash": event.hash})
                        prev = event.hash
                db.session.execute(CaseEvent.__table__.insert(), events)
            db.session.commit()
            print(f"  {numbers[-1] + 1:>6} employers, {(numbers[-1] + 1) * months:>7} ledger rows", flush=True)
        if db.engine.dialect.name == "postgresql":
            db.session.commit()
            with db.engine.connect() as conn:
                conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
        accounts = []
        today = clock.today()
        for person_id in people_ids:
            person = db.session.get(User, person_id)
            mine = list(db.session.scalars(db.select(Case.id).where(Case.assignee_id == person.id).order_by(Case.id)))
            raw, _token = create_token(person, "bench")
            first = fire(mine[0], "send_demand", person, version=1, today=today,
                         data={"issue_date": today, "pay_by": today + timedelta(days=15), "signer_id": signer.id})
            accounts.append(Account(person.username, raw, mine, [d.id for d in first.documents]))
        signer_id = signer.id
        db.session.remove()
    return accounts, signer_id


# --------------------------------------------------------------------------- the server


def start_server(url: str, workers: int, port: int) -> subprocess.Popen:
    env = {**os.environ, "ENFORCEMENT_ENV": "production", "SECRET_KEY": secrets.token_hex(32), "DATABASE_URL": url,
           "PYTHONPATH": str(ROOT)}
    # as the README's production: rate limits and sessions in Redis, shared by the workers (gunicorn.conf.py
    # refuses memory:// rate-limit storage with several workers)
    env.setdefault("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/0")
    env.setdefault("SESSION_STORAGE_URI", "redis://127.0.0.1:6379/1")
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "--workers", str(workers), "--bind", f"127.0.0.1:{port}", "--chdir", str(ROOT / "bench"),
         "--timeout", "60", "--log-level", "warning", "load:production_app()"],
        env=env, cwd=ROOT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if call(port, "GET", "/login").status == 200:
                return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("gunicorn did not answer within 60 s")


def stop_server(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()


# --------------------------------------------------------------------------- the users


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


def call(port: int, method: str, path: str, headers: dict[str, str] | None = None, body: bytes | None = None) -> Answer:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        data = response.read()
        cookies = "; ".join(v.split(";", 1)[0] for k, v in response.getheaders() if k.lower() == "set-cookie")
        found = {k.lower(): v for k, v in response.getheaders()} | ({"set-cookie": cookies} if cookies else {})
        return Answer(response.status, found, data)
    finally:
        connection.close()


@dataclass
class Results:
    lock: threading.Lock = field(default_factory=threading.Lock)
    timings: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    conflicts: int = 0
    reminders: list[tuple[int, int, str]] = field(default_factory=list)  # (case, seq, hash) of each success

    def record(self, action: str, ms: float, error: str | None = None) -> None:
        with self.lock:
            self.timings[action].append(ms)
            if error:
                self.errors.append(f"{action}: {error}")


class User(threading.Thread):
    def __init__(self, number: int, account: Account, port: int, signer_id: int, until: float, think: float,
                 results: Results, ramp: float = 0.0) -> None:
        super().__init__(daemon=True)
        self.ramp = ramp
        self.account, self.port, self.signer_id = account, port, signer_id
        self.until, self.think, self.results = until, think, results
        self.rng = random.Random(number)
        self.cookie = ""

    def timed(self, action: str, method: str, path: str, headers: dict[str, str] | None = None,
              body: bytes | None = None) -> Answer | None:
        start = time.perf_counter()
        try:
            answer = call(self.port, method, path, headers, body)
        except OSError as exc:
            self.results.record(action, (time.perf_counter() - start) * 1000, f"{path}: {exc}")
            return None
        ms = (time.perf_counter() - start) * 1000
        ok = answer.status in OK.get(action, {200})
        self.results.record(action, ms, None if ok else f"{method} {path}: {answer.status}")
        return answer

    def login(self) -> None:
        page = call(self.port, "GET", "/login")
        self.cookie = page.headers.get("set-cookie", "")
        token = CSRF.search(page.body.decode())
        form = urlencode({"username": self.account.username, "password": PASSWORD,
                          "csrf_token": token.group(1) if token else ""}).encode()
        answer = self.timed("login", "POST", "/login", {"Cookie": self.cookie,
                                                        "Content-Type": "application/x-www-form-urlencoded"}, form)
        if answer is not None and answer.status != 302:
            self.results.record("login", 0, f"login answered {answer.status}")
        if answer is not None:
            self.cookie = answer.headers.get("set-cookie", self.cookie)

    @property
    def api(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.account.token}"}

    def run(self) -> None:
        time.sleep(self.rng.uniform(0, self.ramp))  # people arrive over the first seconds, not all at once
        self.login()
        actions, weights = list(WEIGHTS), list(WEIGHTS.values())
        while time.monotonic() < self.until:
            time.sleep(self.rng.uniform(0.5, 1.5) * self.think)
            if time.monotonic() >= self.until:
                break
            getattr(self, self.rng.choices(actions, weights)[0])()

    def ui_list(self) -> None:
        self.timed("ui_list", "GET", f"/cases/?page={self.rng.randint(1, 3)}", {"Cookie": self.cookie})

    def home(self) -> None:
        self.timed("home", "GET", "/", {"Cookie": self.cookie})

    def ui_case(self) -> None:
        self.timed("ui_case", "GET", f"/cases/{self.rng.choice(self.account.cases)}", {"Cookie": self.cookie})

    def api_list(self) -> None:
        self.timed("api_list", "GET", "/api/v1/cases?assignee=me&per_page=25", self.api)

    def api_case(self) -> None:
        self.timed("api_case", "GET", f"/api/v1/cases/{self.rng.choice(self.account.cases)}", self.api)

    def download(self) -> None:
        document = self.rng.choice(self.account.documents)
        answer = self.timed("download", "GET", f"/api/v1/documents/{document}.pdf", self.api)
        if answer is not None and answer.status == 200 and not answer.body.startswith(b"%PDF"):
            self.results.record("download", 0, f"document {document} is not a PDF")

    def remind(self) -> None:
        case = self.rng.choice(self.account.cases[:4])  # few cases per account: the two tabs do collide
        seen = call(self.port, "GET", f"/api/v1/cases/{case}", self.api)
        if seen.status != 200:
            self.results.record("remind", 0, f"reading case {case}: {seen.status}")
            return
        body = {"version": json.loads(seen.body)["version"], "issue_date": time.strftime("%Y-%m-%d"),
                "signer_id": self.signer_id,
                "pay_by": time.strftime("%Y-%m-%d", time.localtime(time.time() + 15 * 86400))}
        answer = self.timed("remind", "POST", f"/api/v1/cases/{case}/transitions/send_demand",
                            self.api | {"Content-Type": "application/json"}, json.dumps(body).encode())
        if answer is None:
            return
        if answer.status == 409:
            with self.results.lock:
                self.results.conflicts += 1
        elif answer.status == 200:
            done = json.loads(answer.body)
            with self.results.lock:
                self.results.reminders.append((case, done["event"]["seq"], done["event"]["hash"]))
                self.account.documents += [d["id"] for d in done["documents"]]


# --------------------------------------------------------------------------- checks and report


def check(url: str, results: Results, baseline: set[tuple[int, int, str]]) -> list[str]:
    """Problems found in the database after the run (empty when every reminder is there exactly once)."""
    from enforcement.extensions import db
    from enforcement.models import CaseEvent, Document
    from enforcement.services.audit import verify

    problems = []
    app = _app(url)
    with app.app_context():
        stored = set(db.session.execute(
            db.select(CaseEvent.case_id, CaseEvent.seq, CaseEvent.hash).where(CaseEvent.trigger == "send_demand")
        ).all())
        stored = {tuple(r) for r in stored} - baseline
        succeeded = set(results.reminders)
        if len(succeeded) != len(results.reminders):
            problems.append("a reminder was reported twice")
        if lost := succeeded - stored:
            problems.append(f"{len(lost)} successful reminders have no event")
        if extra := stored - succeeded:
            problems.append(f"{len(extra)} reminder events without a successful answer (duplicated or phantom)")
        if breaks := verify():
            problems.append(f"verify-audit: {len(breaks)} broken chains")
        numbers = defaultdict(list)
        for register, year, number in db.session.execute(
            db.select(Document.register, Document.year, Document.number).where(Document.number.is_not(None))
        ):
            numbers[(register, year)].append(number)
        for key, found in numbers.items():
            if sorted(found) != list(range(1, len(found) + 1)):
                problems.append(f"document numbers of {key} are not 1..{len(found)} without gaps")
        db.session.remove()
    return problems


# --------------------------------------------------------------------------- where the CPU goes (Linux /proc)

TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of one process (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


def _processes(server_pid: int, database: str) -> dict[str, list[int]]:
    """The pids of gunicorn's workers, of PostgreSQL's backends of ``database`` and of Redis."""
    found: dict[str, list[int]] = {"app": [], "postgresql": [], "redis": []}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if parent == server_pid:
            found["app"].append(int(entry.name))
        elif command.startswith("postgres: ") and f" {database} " in command:
            found["postgresql"].append(int(entry.name))
        elif command.startswith("redis-server"):
            found["redis"].append(int(entry.name))
    return found


def _machine_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    return (sum(values) - idle) / TICK, sum(values) / TICK


@dataclass
class CpuUse:
    """CPU seconds per part over the users' phase: where the two cores went."""

    server_pid: int
    database: str
    start: dict[int, float] = field(default_factory=dict)
    client: float = 0.0
    machine: tuple[float, float] = (0.0, 0.0)

    def begin(self) -> None:
        self.start = {pid: _cpu_seconds(pid) for pids in _processes(self.server_pid, self.database).values()
                      for pid in pids}
        self.client = time.process_time()
        self.machine = _machine_busy()

    def end(self) -> dict[str, float]:
        used = {part: sum(_cpu_seconds(pid) - self.start.get(pid, 0.0) for pid in pids)
                for part, pids in _processes(self.server_pid, self.database).items()}
        used["client"] = time.process_time() - self.client
        busy, total = _machine_busy()
        used["machine"] = busy - self.machine[0]
        used["machine_total"] = total - self.machine[1]
        return used


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


def report(results: Results, seconds: float, problems: list[str], cpu: dict[str, float] | None = None) -> None:
    every = [ms for action, values in results.timings.items() if action != "login" for ms in values]
    load = os.getloadavg()
    print(f"machine: {os.cpu_count()} CPUs, load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} "
          "(1 / 5 / 15 min; figures mean little when it is far above the CPU count)")
    print(f"requests={len(every)} in {seconds:.1f} s: {len(every) / seconds:.1f} req/s")
    if cpu and every:
        share = cpu["machine"] / cpu["machine_total"] if cpu["machine_total"] else 0.0
        parts = ", ".join(f"{part} {cpu[part] * 1000 / len(every):.1f}" for part in ("app", "postgresql", "redis",
                                                                                     "client"))
        others = cpu["machine"] - sum(cpu[part] for part in ("app", "postgresql", "redis", "client"))
        print(f"CPU per request (ms): {parts}; the rest of the machine {others * 1000 / len(every):.1f}; "
              f"the machine was {share:.0%} busy")
    print(f"{'action':10} {'count':>7} {'p50':>8} {'p95':>8} {'p99':>8}")
    for action in [*WEIGHTS, "login"]:
        values = results.timings.get(action, [])
        print(f"{action:10} {len(values):7d} {percentile(values, .5):8.1f} {percentile(values, .95):8.1f} "
              f"{percentile(values, .99):8.1f}")
    print(f"{'all':10} {len(every):7d} {percentile(every, .5):8.1f} {percentile(every, .95):8.1f} "
          f"{percentile(every, .99):8.1f}")
    print(f"reminders: {len(results.reminders)} fired, {results.conflicts} conflicts (409, expected)")
    for error in results.errors[:20]:
        print("ERROR", error)
    print("database: " + ("every reminder has exactly one event; verify-audit OK; document numbers gapless"
                          if not problems else "; ".join(problems)))
    pages = {action: percentile(results.timings.get(action, []), .95) for action in WEIGHTS if action not in WRITES}
    worst = max(pages, key=lambda action: pages[action])
    print(f"p95_ms={percentile(every, .95):.1f} worst_page_p95_ms={pages[worst]:.1f} ({worst}) "
          f"errors={len(results.errors) + len(problems)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--employers", type=int, default=20_000)
    parser.add_argument("--months", type=int, default=18, help="ledger months per employer")
    parser.add_argument("--cases", type=int, default=1_800)
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds between a user's actions")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL).replace("postgresql://", "postgresql+psycopg://")
    started = time.monotonic()
    accounts, signer_id = seed(url, args.users, args.cases, args.employers, args.months)
    print(f"seeded {args.employers} employers, {args.employers * args.months} ledger rows, {args.cases} cases, "
          f"{len(accounts)} inspectors in {time.monotonic() - started:.1f} s")
    baseline = _baseline(url)
    server = start_server(url, args.workers, args.port)
    results = Results()
    cpu = CpuUse(server.pid, url.rsplit("/", 1)[-1].split("?")[0])
    used = None
    try:
        cpu.begin()
        until = time.monotonic() + args.seconds
        begun = time.monotonic()
        ramp = min(10.0, args.seconds / 6)
        users = [User(n, accounts[n % len(accounts)], args.port, signer_id, until, args.think, results, ramp)
                 for n in range(args.users)]
        for user in users:
            user.start()
        for user in users:
            user.join(timeout=args.seconds + 120)
        elapsed = time.monotonic() - begun
        used = cpu.end()
    finally:
        stop_server(server)
    report(results, elapsed, check(url, results, baseline), used)


def _baseline(url: str) -> set[tuple[int, int, str]]:
    from enforcement.extensions import db
    from enforcement.models import CaseEvent

    with _app(url).app_context():
        rows = db.session.execute(
            db.select(CaseEvent.case_id, CaseEvent.seq, CaseEvent.hash).where(CaseEvent.trigger == "send_demand")
        ).all()
        db.session.remove()
    return {tuple(r) for r in rows}


if __name__ == "__main__":
    main()
