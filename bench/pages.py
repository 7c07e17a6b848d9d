"""Page speed of the UI (issue 7, PRODUCT §9): the case list, the case page and the dashboard.

    python bench/pages.py [--cases 100000] [--months 12] [--requests 200]

Fills a fresh database (SQLite by default, ``DATABASE_URL`` for PostgreSQL)
with N employers, their ledgers, one case each and a few timeline events per
case, with bulk inserts; then, through the Flask test client logged in as the
supervisor, times the case list (filtered, sorted, paginated: five kinds of
filter), the case page of random cases and the dashboard (its first, uncached
request reported apart), and prints p50/p95 of each.  Goal: p95 < 100 ms for
the list and the case page.  The last line is ``p95_list_ms=… p95_case_ms=…``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta

from _setup import fresh_app

STATES = ("detected", "demand_sent", "inspection_decided", "inspecting", "inspection_concluded", "settled")
DISTRICTS = ("Quận Ba Đình", "Quận Hoàn Kiếm", "Quận Đống Đa", "Quận Cầu Giấy", "Huyện Gia Lâm", "Huyện Đông Anh")
WORDS = ("An Phú", "Hồng Hà", "Thăng Long", "Sông Đà", "Quang Minh", "Bát Tràng", "Nội Bài", "Tây Hồ", "Hà Thành")
PASSWORD = "Bench-pass-2026"  # noqa: S105 - a throw-away benchmark database


def _periods(today: date, months: int) -> list[str]:
    year, month = today.year, today.month
    out = []
    for _ in range(months):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        out.append(f"{year:04d}-{month:02d}")
    return out[::-1]


def fill(app, cases: int, months: int) -> dict[str, int]:
    """Bulk-insert the office, users, employers, ledger rows, cases and events; returns some ids."""
    from enforcement import clock
    from enforcement.extensions import db
    from enforcement.models import Case, CaseEvent, Employer, LedgerRow, Office, Role, Signer, User
    from enforcement.search import fold
    from enforcement.services.audit import GENESIS, chain_hash
    from enforcement.services.users import hash_password

    rng = random.Random(7)
    now = datetime.now(UTC)
    today = clock.today()
    periods = _periods(today, months)
    with app.app_context():
        office = Office(code="BENCH", name="Bảo hiểm xã hội tỉnh Thử tải", province="Hà Nội", place_name="Hà Nội")
        db.session.add(office)
        db.session.flush()
        db.session.add(
            Signer(
                office_id=office.id,
                full_name="Nguyễn Văn Ký",
                title="Giám đốc",
                fine_cap_person=75_000_000,
                fine_cap_organisation=150_000_000,
                competence_basis="bench",
            )
        )
        chief = User(
            office_id=office.id,
            username="bench-chief",
            full_name="Lãnh đạo Thử tải",
            role=Role.SUPERVISOR,
            password_hash=hash_password(PASSWORD),
        )
        db.session.add(chief)
        inspectors = [
            User(
                office_id=office.id,
                username=f"bench-insp{i}",
                full_name=f"Cán bộ {i}",
                role=Role.INSPECTOR,
                password_hash=hash_password(PASSWORD),
            )
            for i in range(20)
        ]
        db.session.add_all(inspectors)
        db.session.commit()
        office_id, chief_id = office.id, chief.id
        inspector_ids = [u.id for u in inspectors]
        chunk = 20_000
        conn = db.session.connection()
        for start in range(1, cases + 1, chunk):
            end = min(cases, start + chunk - 1)
            employers = []
            for n in range(start, end + 1):
                name = f"Công ty TNHH {rng.choice(WORDS)} {n}"
                employers.append(
                    {
                        "office_id": office_id,
                        "unit_code": f"BE{n:07d}",
                        "tax_code": f"{1_000_000_000 + n}",
                        "name": name,
                        "name_search": fold(name),
                        "address": f"Số {n % 300}, Hà Nội",
                        "district": DISTRICTS[n % len(DISTRICTS)],
                        "kind": "doanh_nghiep",
                        "legal_representative": "Nguyễn Văn A",
                        "representative_title": "Giám đốc",
                        "contact": "",
                        "created_at": now,
                        "updated_at": now,
                    }
                )
            conn.execute(Employer.__table__.insert(), employers)
            ids = dict(
                conn.execute(
                    db.select(Employer.unit_code, Employer.id).where(
                        Employer.office_id == office_id, Employer.unit_code.between(f"BE{start:07d}", f"BE{end:07d}")
                    )
                ).all()
            )
            ledger, case_rows = [], []
            for n in range(start, end + 1):
                employer_id = ids[f"BE{n:07d}"]
                due = rng.randrange(20, 400) * 1_000_000
                unpaid = rng.choice((0, 3, 4, 5, 6, 8, 12))
                for index, period in enumerate(periods):
                    late = index >= months - unpaid
                    ledger.append(
                        {
                            "office_id": office_id,
                            "employer_id": employer_id,
                            "period": period,
                            "amount_due": due,
                            "amount_paid": 0 if late else due,
                            "employees": 20,
                            "employee_share_withheld": 0,
                            "updated_at": now,
                        }
                    )
                state = STATES[n % len(STATES)] if unpaid else "settled"
                concluded = state == "inspection_concluded"
                deadline = today + timedelta(days=rng.randrange(-20, 60)) if state != "settled" else None
                case_rows.append(
                    {
                        "office_id": office_id,
                        "employer_id": employer_id,
                        "state": state,
                        "assignee_id": rng.choice(inspector_ids) if n % 5 else None,
                        "months_in_arrears": max(0, unpaid - 1),
                        "oldest_unpaid_period": periods[-unpaid] if unpaid else None,
                        "principal": due * max(0, unpaid - 1),
                        "interest": due // 100,
                        "interest_complete": True,
                        "employees_affected": 20,
                        "snapshot_as_of": now,
                        "concluded_behaviour": "late_payment" if concluded else None,
                        "penalty_decided_on": None,
                        "next_deadline": deadline,
                        "next_deadline_id": "D-RECORD" if deadline else None,
                        "dismissal_requested": False,
                        "outcome": "settled" if state == "settled" else None,
                        "opened_at": now,
                        "updated_at": now,
                        "closed_at": now if state == "settled" else None,
                        "is_demo": False,
                        "version": 1,
                    }
                )
            conn.execute(LedgerRow.__table__.insert(), ledger)
            conn.execute(Case.__table__.insert(), case_rows)
            case_ids = list(conn.execute(db.select(Case.id).where(Case.employer_id.in_(list(ids.values())))).scalars())
            events = []
            for case_id in case_ids:
                prev = GENESIS
                for seq, (action, summary) in enumerate(
                    (("opened", "Phát hiện nợ"), ("assignment", "Phân công"), ("comment", "Đã liên hệ đơn vị")), 1
                ):
                    event = CaseEvent(
                        case_id=case_id,
                        seq=seq,
                        created_at=now,
                        actor_id=chief_id,
                        action=action,
                        trigger=None,
                        from_state=None,
                        to_state=None,
                        summary=summary,
                        details={},
                    )
                    event.hash = chain_hash(prev, event)
                    events.append(
                        {
                            "case_id": case_id,
                            "seq": seq,
                            "created_at": now,
                            "actor_id": chief_id,
                            "action": action,
                            "trigger": None,
                            "from_state": None,
                            "to_state": None,
                            "summary": summary,
                            "details": {},
                            "prev_hash": prev,
                            "hash": event.hash,
                        }
                    )
                    prev = event.hash
            conn.execute(CaseEvent.__table__.insert(), events)
            db.session.commit()
            conn = db.session.connection()
            print(f"  {end:>7} cases, {end * months:>8} ledger rows", flush=True)
        db.session.execute(db.text("ANALYZE"))
        db.session.commit()
        return {"office_id": office_id, "cases": cases, "inspector": inspector_ids[0]}


def _login(client) -> None:
    response = client.post("/login", data={"username": "bench-chief", "password": PASSWORD})
    assert response.status_code == 302, response.status_code


def _time(client, paths: list[str]) -> list[float]:
    out = []
    for path in paths:
        start = time.perf_counter()
        response = client.get(path)
        response.get_data()
        out.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return out


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    app = fresh_app("pages")
    app.config["WTF_CSRF_ENABLED"] = False
    started = time.perf_counter()
    print(f"filling {args.cases} cases × {args.months} months …", flush=True)
    info = fill(app, args.cases, args.months)
    print(f"filled in {time.perf_counter() - started:.1f} s ({app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]})")
    rng = random.Random(11)
    client = app.test_client()
    _login(client)
    filters = [
        "state=detected&sort=deadline",
        "q=cong+ty+an+phu&sort=principal",
        f"assignee_id={info['inspector']}&open_only=1&sort=months",
        "district=Quận+Đống+Đa&min_principal=100000000&sort=name",
        "overdue=1&sort=deadline",
    ]
    lists = [f"/cases/?{rng.choice(filters)}&page={rng.randrange(1, 6)}" for _ in range(args.requests)]
    pages = [f"/cases/{rng.randrange(1, args.cases + 1)}" for _ in range(args.requests)]
    _time(client, lists[:5] + pages[:5])  # warm-up: templates compiled, connections open
    first_dashboard = _time(client, ["/"])[0]
    results = {
        "list": _time(client, lists),
        "case": _time(client, pages),
        "dashboard": _time(client, ["/"] * max(10, args.requests // 10)),
    }
    print(f"dashboard first (uncached ratio) {first_dashboard:.0f} ms")
    for name, values in results.items():
        print(f"{name:<10} n={len(values):<4} p50={statistics.median(values):7.1f} ms  p95={_p(values, 0.95):7.1f} ms")
    print(f"p95_list_ms={_p(results['list'], 0.95):.1f} p95_case_ms={_p(results['case'], 0.95):.1f}")


if __name__ == "__main__":
    main()
