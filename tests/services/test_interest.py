"""LR-INTEREST as revised (issue 14): one rule through the calculator, the SQL report, detection and documents.

The late balance of each month is a running sum (LEGAL.md LR-INTEREST), so the office-wide
figures come from set-based SQL with window functions (``services.arrears``) while the
calculator and the documents use the pure Python domain path (``domain.arrears``); the
property test below holds the two equal on random ledgers of employers paying one to four
months late, on SQLite and on PostgreSQL (``TEST_DATABASE_URL``).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enforcement.calculators import CALCULATORS
from enforcement.commands.ledger import report_rows
from enforcement.domain.arrears import LedgerMonth, arrears_figures
from enforcement.domain.legal_params import ParamRow
from enforcement.domain.periods import Period
from enforcement.extensions import db
from enforcement.models import Case, CaseEvent, Employer, Role
from enforcement.services.arrears import office_arrears
from enforcement.services.cases import fire
from enforcement.services.detection import detect
from enforcement.services.ledger_import import import_ledger
from enforcement.services.legal_params import current_params
from enforcement.workflow import CaseState
from tests.factories import CaseFactory, EmployerFactory, LedgerRowFactory, OfficeFactory, SignerFactory, UserFactory
from tests.pdf.helpers import text_of

EXAMPLE_AS_OF = date(2025, 12, 31)
EXAMPLE_CSV = (
    "ma_don_vi,ma_so_thue,ten_don_vi,ky,phai_dong,da_dong,so_lao_dong\n"
    "VD0001,0100109106,Công ty Ví Dụ,2025-08,100000000,0,20\n"
    "VD0001,0100109106,Công ty Ví Dụ,2025-11,0,90000000,20\n"
).encode()


def test_lr_interest_worked_example_through_the_calculator(ctx):
    """LEGAL.md LR-INTEREST worked example: 930 000 + 90 000 + 93 000 = 1 113 000 đ (the old rule: 276 000 đ)."""
    out = CALCULATORS["interest"](
        {
            "as_of": "2025-12-31",
            "ledger": [
                {"period": "2025-08", "due": 100_000_000, "paid": 0},
                {"period": "2025-11", "due": 0, "paid": 90_000_000},
            ],
        },
        current_params(),
    )
    assert (out["principal"], out["interest_accrued"], out["interest_paid"], out["interest"]) == (
        10_000_000,
        1_113_000,
        0,
        1_113_000,
    )
    old_form = CALCULATORS["interest"](
        {"as_of": "2025-12-31", "months": [{"period": "2025-08", "outstanding": 10_000_000}]}, current_params()
    )
    assert old_form["amount"] == 276_000


def test_the_calculator_ledger_form_takes_interest_paid_per_row(ctx):
    out = CALCULATORS["interest"](
        {
            "as_of": "2025-12-31",
            "ledger": [
                {"period": "2025-08", "due": 100_000_000, "paid": 0},
                {"period": "2025-11", "due": 0, "paid": 100_000_000, "interest_paid": 900_000},
            ],
        },
        current_params(),
    )
    figures = (out["principal"], out["interest_accrued"], out["interest_paid"], out["interest"])
    assert figures == (0, 930_000, 900_000, 30_000)
    assert out["interest_only"] is True


def test_lr_interest_worked_example_through_the_report_and_a_demand_notice(ctx):
    office = OfficeFactory()
    signer = SignerFactory(office=office)
    import_ledger(EXAMPLE_CSV, "vi_du.csv", office)
    (row,) = report_rows(office, EXAMPLE_AS_OF)
    assert (row["principal"], row["interest_accrued"], row["interest"], row["months_in_arrears"]) == (
        10_000_000,
        1_113_000,
        1_113_000,
        1,
    )
    employer = db.session.scalar(sa.select(Employer).where(Employer.unit_code == "VD0001"))
    case = CaseFactory(employer=employer, months_in_arrears=1, principal=10_000_000)
    inspector = UserFactory(office=office, role=Role.INSPECTOR)
    case.assignee_id = inspector.id
    db.session.commit()
    result = fire(
        case.id,
        "send_demand",
        inspector,
        version=case.version,
        data={"issue_date": EXAMPLE_AS_OF, "pay_by": EXAMPLE_AS_OF + timedelta(days=15), "signer_id": signer.id},
        today=EXAMPLE_AS_OF,
    )
    text = text_of(result.documents[0].pdf)
    assert "tiền lãi chậm đóng còn phải nộp: 1.113.000 đ" in text
    assert "Một triệu một trăm mười ba nghìn đồng" in text
    assert "Số tiền gốc còn nợ đến ngày 31/12/2025: 10.000.000 đ" in text


def _events(case_id: int) -> list[CaseEvent]:
    return list(db.session.scalars(sa.select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.seq)))


def test_lr_arrears_a_case_with_principal_paid_and_interest_owed_stays_open_until_the_interest_is_paid(ctx):
    """LR-ARREARS: settled only when principal and interest owed are both 0; meanwhile "chỉ còn nợ lãi chậm đóng"."""
    office = OfficeFactory()
    signer = SignerFactory(office=office)
    employer = EmployerFactory(office=office, unit_code="PAY001", tax_code="0100109106", name="Công ty Trả Nợ")
    for month in ("2026-01", "2026-02", "2026-03", "2026-04"):
        LedgerRowFactory(employer=employer, period=month, amount_due=10_000_000, amount_paid=0)
    detect(office, date(2026, 6, 15))
    case = db.session.scalar(sa.select(Case).where(Case.employer_id == employer.id))
    assert case.state == CaseState.DETECTED and case.principal == 40_000_000
    principal_only = (
        "ma_don_vi,ma_so_thue,ten_don_vi,ky,phai_dong,da_dong,so_lao_dong\n"
        "PAY001,0100109106,Công ty Trả Nợ,2026-05,10000000,50000000,12\n"
    ).encode()
    import_ledger(principal_only, "tra_goc.csv", office)
    result = detect(office, date(2026, 6, 15))
    db.session.refresh(case)
    # March on 10 000 000 (31 days), April on 20 000 000 (30 days); May's payment covers everything.
    assert (result.settled, result.updated) == (0, 1) and case.state == CaseState.DETECTED
    assert (case.principal, case.interest_accrued, case.interest_paid, case.interest) == (0, 0 + 273_000, 0, 273_000)
    event = _events(case.id)[-1]
    assert "chỉ còn nợ lãi chậm đóng 273.000 đ" in event.summary and event.details["interest_only"] is True

    # The next demand notice asks for the interest.
    inspector = UserFactory(office=office, role=Role.INSPECTOR)
    case.assignee_id = inspector.id
    db.session.commit()
    day = date(2026, 6, 15)
    notice = fire(
        case.id,
        "send_demand",
        inspector,
        version=case.version,
        data={"issue_date": day, "pay_by": day + timedelta(days=15), "signer_id": signer.id},
        today=day,
    ).documents[0]
    text = text_of(notice.pdf)
    assert "đã nộp đủ tiền gốc nhưng chưa nộp tiền lãi chậm đóng" in text
    assert "Số tiền lãi chậm đóng còn phải nộp: 273.000 đ" in text
    assert "Đề nghị đơn vị nộp đủ số tiền lãi chậm đóng trên" in text

    interest = (
        "ma_don_vi,ma_so_thue,ten_don_vi,ky,phai_dong,da_dong,so_lao_dong,lai_da_dong\n"
        "PAY001,0100109106,Công ty Trả Nợ,2026-06,0,0,12,273000\n"
    ).encode()
    import_ledger(interest, "tra_lai.csv", office)
    result = detect(office, date(2026, 6, 15))
    db.session.refresh(case)
    assert result.settled == 1 and case.state == CaseState.SETTLED
    assert (case.interest_accrued, case.interest_paid, case.interest) == (273_000, 273_000, 0)
    settle = _events(case.id)[-1]
    assert settle.trigger == "settle" and "tra_lai.csv" in settle.details["note"]


def test_the_report_lists_an_employer_owing_interest_alone(ctx):
    office = OfficeFactory()
    employer = EmployerFactory(office=office)
    LedgerRowFactory(employer=employer, period="2025-08", amount_due=100_000_000, amount_paid=0)
    LedgerRowFactory(employer=employer, period="2025-11", amount_due=0, amount_paid=100_000_000)
    square = EmployerFactory(office=office)
    LedgerRowFactory(employer=square, period="2025-08", amount_due=100_000_000, amount_paid=100_000_000)
    figures = office_arrears(office.id, EXAMPLE_AS_OF, current_params())
    assert set(figures) == {employer.id}
    only = figures[employer.id]
    assert (only.months_in_arrears, only.principal, only.credit, only.interest) == (0, 0, 0, 930_000)
    assert only.interest_only


# ---------------------------------------------------------------------------
# Property: the SQL (window functions) and the Python domain path agree to the đồng.
# ---------------------------------------------------------------------------

_employer = st.lists(
    st.tuples(
        st.integers(0, 5 * 10**8),  # due of the month
        st.integers(0, 4),  # paid 0–4 months late
        st.sampled_from([0, 50, 90, 100, 100, 100, 110]),  # percent of it paid
        st.booleans(),  # the month's row is in the ledger (months may be missing)
        st.sampled_from([0, 0, 0, 1_000, 250_000]),  # interest paid with it
    ),
    min_size=1,
    max_size=26,
)


def _ledger(rows: list[tuple[int, int, int, bool, int]], start: Period) -> list[LedgerMonth]:
    paid: dict[int, int] = {}
    interest: dict[int, int] = {}
    for i, (due, lag, percent, _present, interest_paid) in enumerate(rows):
        paid[i + lag] = paid.get(i + lag, 0) + due * percent // 100
        interest[i + lag] = interest.get(i + lag, 0) + interest_paid
    months = []
    for i in range(len(rows) + 4):
        due, present = (rows[i][0], rows[i][3]) if i < len(rows) else (0, True)
        if present or paid.get(i) or interest.get(i):
            month = LedgerMonth(start.add(i), due if present else 0, paid.get(i, 0), i % 7, 0, interest.get(i, 0))
            months.append(month)
    return months


_STARTS = st.sampled_from([Period(2024, 9), Period(2025, 2), Period(2025, 6), Period(2025, 11)])

# An employer who first paid a run of months as due in their month (some months missing), then pays
# at random: the SQL path starts such an employer's grid at its first
# irregular month.
_regular_then_late = st.tuples(
    st.lists(st.tuples(st.integers(0, 5 * 10**8), st.just(0), st.just(100), st.booleans(), st.just(0)), max_size=14),
    _employer,
).map(lambda parts: parts[0] + parts[1])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(_employer, min_size=1, max_size=4),
    _STARTS,
    st.integers(0, 40),
    st.sampled_from(["first", "last"]),
    st.booleans(),
)
def test_lr_interest_sql_and_domain_paths_agree_on_random_late_payers(ctx, employers, start, days, payment_day, rates):
    """LR-INTEREST, LR-ARREARS: every figure of ``office_arrears`` equals ``arrears_figures``, to the đồng."""
    _assert_sql_and_domain_agree(employers, start, days, payment_day, rates)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(_regular_then_late, min_size=1, max_size=4),
    _STARTS,
    st.integers(0, 40),
    st.sampled_from(["first", "last"]),
    st.booleans(),
)
def test_lr_interest_sql_and_domain_paths_agree_after_months_paid_as_due(
    ctx, employers, start, days, payment_day, rates
):
    _assert_sql_and_domain_agree(employers, start, days, payment_day, rates)


def _assert_sql_and_domain_agree(employers, start, days, payment_day, rates):
    params = current_params().with_rows(ParamRow("interest_payment_day", payment_day, date(2000, 1, 1), None, "t", "U"))
    if rates:
        params = params.with_rows(
            ParamRow("interest_monthly_rate_si", "0.0085", date(2024, 1, 1), date(2025, 12, 31), "t", "U"),
            ParamRow("interest_monthly_rate_hi", "0.0071", date(2024, 1, 1), date(2025, 12, 31), "t", "U"),
        )
    office = OfficeFactory()
    ledgers = {}
    for rows in employers:
        employer = EmployerFactory(office=office)
        ledgers[employer.id] = _ledger(rows, start)
        for m in ledgers[employer.id]:
            LedgerRowFactory(
                employer=employer,
                period=str(m.period),
                amount_due=m.due,
                amount_paid=m.paid,
                employees=m.employees,
                interest_paid=m.interest_paid,
            )
    as_of = start.add(len(max(employers, key=len)) // 2 + 2).first_day + timedelta(days=days)
    got = office_arrears(office.id, as_of, params)
    for employer_id, months in ledgers.items():
        want = arrears_figures(months, as_of, params)
        listed = want.months_in_arrears > 0 or want.credit > 0 or want.interest > 0
        assert (employer_id in got) == listed
        if not listed:
            continue
        fig = got[employer_id]
        oldest = str(want.oldest_unpaid_period) if want.oldest_unpaid_period else None
        assert (
            fig.months_in_arrears,
            fig.oldest_unpaid_period,
            fig.principal,
            fig.employees_affected,
            fig.credit,
            fig.interest_accrued,
            fig.interest_paid,
            fig.interest,
            fig.interest_complete,
            fig.missing_rate_years,
        ) == (
            want.months_in_arrears,
            oldest,
            want.principal,
            want.employees_affected,
            want.credit,
            want.interest_accrued,
            want.interest_paid,
            want.interest,
            want.interest_complete,
            want.missing_rate_years,
        )


@pytest.mark.parametrize("payment_day", ["first", "last"])
def test_the_sql_path_follows_the_interest_payment_day_parameter(ctx, payment_day):
    office = OfficeFactory()
    employer = EmployerFactory(office=office)
    LedgerRowFactory(employer=employer, period="2025-08", amount_due=100_000_000, amount_paid=0)
    LedgerRowFactory(employer=employer, period="2025-11", amount_due=0, amount_paid=90_000_000)
    params = current_params().with_rows(ParamRow("interest_payment_day", payment_day, date(2000, 1, 1), None, "t", "U"))
    fig = office_arrears(office.id, EXAMPLE_AS_OF, params)[employer.id]
    assert fig.interest_accrued == {"first": 1_113_000, "last": 1_923_000}[payment_day]
