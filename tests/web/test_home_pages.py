"""Role home pages: the inspector's cases, the legal queue, the supervisor dashboard and its figures."""

from __future__ import annotations

from datetime import date

from enforcement import clock
from enforcement.domain.periods import Period
from enforcement.services import dashboard
from enforcement.workflow import CaseState
from tests.factories import CaseFactory, EmployerFactory, LedgerRowFactory
from tests.web.conftest import late_employer


def _html(response) -> str:
    return response.get_data(as_text=True)


def test_inspector_home_lists_my_open_cases_overdue_first(client, auth, world):
    today = clock.today()
    overdue = CaseFactory(employer=EmployerFactory(office=world.office, name="Đơn vị Quá Hạn"),
                          assignee=world.inspector, next_deadline=date.fromordinal(today.toordinal() - 3))
    later = CaseFactory(employer=EmployerFactory(office=world.office, name="Đơn vị Còn Hạn"),
                        assignee=world.inspector, next_deadline=date.fromordinal(today.toordinal() + 20))
    CaseFactory(employer=EmployerFactory(office=world.office, name="Đơn vị Người Khác"), assignee=world.inspector2)
    auth.login(world.inspector.username)
    html = _html(client.get("/"))
    assert "Hồ sơ của tôi" in html and 'role="search"' in html
    assert html.index(overdue.employer.name) < html.index(later.employer.name) < html.index(world.employer.name)
    assert "Đơn vị Người Khác" not in html
    assert "quá 3 ngày" in html and 'class="overdue"' in html


def test_legal_home_shows_the_queue_of_legal_steps(client, auth, world):
    waiting = CaseFactory(employer=EmployerFactory(office=world.office, name="Đơn vị Chờ Biên Bản"),
                          state=CaseState.INSPECTION_CONCLUDED, concluded_behaviour="evasion")
    auth.login(world.legal.username)
    html = _html(client.get("/"))
    assert "Hàng chờ pháp chế" in html and waiting.employer.name in html
    assert world.employer.name not in html.split("Đủ dấu hiệu theo Điều 216")[0]
    assert "Hồ sơ kiến nghị khởi tố cần in" in html


def test_supervisor_dashboard_shows_figures_charts_and_queues(client, auth, world):
    CaseFactory(employer=EmployerFactory(office=world.office, name="Đơn vị Chưa Giao"))
    CaseFactory(employer=EmployerFactory(office=world.office, name="Đơn vị Xin Đình Chỉ"), assignee=world.inspector,
                dismissal_requested=True)
    auth.login(world.supervisor.username)
    html = _html(client.get("/"))
    assert "Bảng điều hành" in html and "Tỷ lệ chậm đóng" in html
    assert html.count("<svg") >= 3
    assert "Đơn vị Chưa Giao" in html.split('id="assign"')[1]
    assert "Đơn vị Xin Đình Chỉ" in html.split('id="approvals"')[1].split('id="assign"')[0]
    assert "Chạy quét nợ" in html


def test_late_payment_ratio_is_arrears_over_amount_due_this_year(db_session, world):
    today = clock.today()
    trend = dashboard.ratio_trend(world.office.id, today)
    current = trend[-1]
    # world's employer: 10 M due each month; unpaid for the last 6 months, 5 of them past their deadline
    last = Period.of(today).add(-1)
    months_this_year = sum(1 for back in range(12) if last.add(-back).year == today.year)
    assert current.due_this_year == 10_000_000 * months_this_year
    assert current.arrears == 50_000_000
    assert abs(current.ratio - 50_000_000 / (10_000_000 * months_this_year)) < 1e-9
    assert len(trend) == 12 and trend[0].arrears <= current.arrears


def test_ratio_counts_every_employer_of_the_office_only(db_session, world):
    late_employer(world.office, "Công ty Thứ Hai", months=3, paid_before=9)
    other_office_employer = EmployerFactory()
    LedgerRowFactory(employer=other_office_employer, period=str(Period.of(clock.today()).add(-4)),
                     amount_due=999_000_000, amount_paid=0)
    dashboard._CACHE.clear()
    current = dashboard.ratio_trend(world.office.id, clock.today())[-1]
    assert current.arrears == 50_000_000 + 20_000_000


def test_principal_by_age_bands(db_session, world):
    CaseFactory(employer=EmployerFactory(office=world.office), months_in_arrears=30, principal=7_000_000)
    bands = {b.label: b for b in dashboard.principal_by_age(world.office.id)}
    assert bands["3–5"].principal == 50_000_000 and bands["≥ 24"].principal == 7_000_000
