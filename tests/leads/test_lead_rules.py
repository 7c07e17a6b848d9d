"""The rules of the evasion leads, boundary by boundary (PRODUCT.md §10, LR-TAXCODE).

Each test builds one taxpayer in the tax data and (where the kind needs it) one BHXH
employer with its ledger, computes the leads of 2026-09 (window 07–09/2026, default
parameters: gap ≥ max(5, ⌈10 % × workers⌉); amount due < 60 % × 32 % × wages) and
looks at that taxpayer only.
"""

from __future__ import annotations

from datetime import date

import pytest

from enforcement.domain.leads import LeadParams, estimated_contributions, new_business_from
from enforcement.domain.legal_params import ParamRow, ParamSet
from enforcement.domain.periods import Period
from enforcement.extensions import db
from enforcement.models import LegalParam
from enforcement.services.leads import compute_leads
from enforcement.services.tax_import import import_tax
from tests.factories import EmployerFactory, LedgerRowFactory, OfficeFactory

HEADER = "ma_so_thue,ten_nguoi_nop_thue,ngay_cap_mst,trang_thai,ky,so_lao_dong,tong_thu_nhap\n"
WINDOW = ("2026-07", "2026-08", "2026-09")
CODE = "0100109106"  # a valid tax code (LR-TAXCODE example)


def _tax(office, months, *, code=CODE, status="hoat_dong", registered="2015-03-02", statuses=None):
    """Import tax rows: ``months`` maps period → (workers, wages)."""
    lines = [
        f"{code},Công ty TNHH Thử,{registered},{(statuses or {}).get(period, status)},{period},{staff},{wages}\n"
        for period, (staff, wages) in months.items()
    ]
    result = import_tax((HEADER + "".join(lines)).encode(), "tax.csv", office)
    assert result.status == "accepted", result.errors


def _ledger(employer, months):
    """Ledger rows: ``months`` maps period → (employees, amount_due)."""
    for period, (staff, due) in months.items():
        LedgerRowFactory(employer=employer, period=period, employees=staff, amount_due=due, amount_paid=due)


def _lead(office, code=CODE):
    report = compute_leads(office.id, Period.parse("2026-09"))
    return {lead.tax_code: lead for lead in report.leads}.get(code)


def _registered(office, code=CODE):
    return EmployerFactory(office=office, tax_code=code, unit_code="TE00001")


# Wages large enough that the wage rule never fires in the headcount tests: due ≥ 60 % × 32 % × wages.
FAIR = 100_000_000


def _fair_due(wages: int) -> int:
    return wages  # far above 19.2 % of the wages


@pytest.mark.parametrize(("workers", "ledger", "is_lead"), [
    (50, 45, True),   # gap 5 = max(5, ⌈5.0⌉): lead
    (51, 46, False),  # gap 5 < max(5, ⌈5.1⌉ = 6): none
    (51, 45, True),   # gap 6 = ⌈5.1⌉: lead
    (20, 16, False),  # gap 4 < 5 (the minimum), though 4 ≥ ⌈2.0⌉
    (20, 15, True),   # gap 5 = minimum
])
def test_headcount_gap_boundary(ctx, workers, ledger, is_lead):
    office = OfficeFactory()
    employer = _registered(office)
    _tax(office, dict.fromkeys(WINDOW, (workers, FAIR)))
    _ledger(employer, {p: (ledger, _fair_due(FAIR)) for p in WINDOW})
    lead = _lead(office)
    if is_lead:
        assert lead is not None and lead.kinds == ["headcount"]
        assert lead.max_gap == workers - ledger and lead.max_tax_employees == workers
    else:
        assert lead is None


def test_headcount_needs_the_gap_in_each_month_with_both_rows_two_of_three_is_none(ctx):
    office = OfficeFactory()
    employer = _registered(office)
    _tax(office, dict.fromkeys(WINDOW, (50, FAIR)))
    _ledger(employer, {"2026-07": (45, FAIR), "2026-08": (45, FAIR), "2026-09": (46, FAIR)})
    assert _lead(office) is None


def test_headcount_needs_two_months_with_both_rows(ctx):
    office = OfficeFactory()
    employer = _registered(office)
    _tax(office, dict.fromkeys(WINDOW, (50, FAIR)))
    _ledger(employer, {"2026-09": (10, FAIR)})  # one month with both rows only
    assert _lead(office) is None
    _ledger(employer, {"2026-08": (10, FAIR)})
    lead = _lead(office)
    assert lead is not None and lead.kinds == ["headcount"]
    assert lead.months == list(WINDOW) and lead.max_gap == 50  # 07/2026 has no ledger row: 0 employees


@pytest.mark.parametrize(("due", "is_lead"), [
    (19_200_000, False),  # exactly 60 % × 32 % × 100 000 000: none
    (19_199_999, True),   # one đồng below: lead
])
def test_wages_boundary_at_exactly_60_percent(ctx, due, is_lead):
    office = OfficeFactory()
    employer = _registered(office)
    _tax(office, dict.fromkeys(WINDOW, (10, 100000000)))
    _ledger(employer, dict.fromkeys(WINDOW, (10, due)))
    lead = _lead(office)
    if is_lead:
        assert lead is not None and lead.kinds == ["wages"]
        # Σ max(0, 32 % × wages − due) over the three months
        assert lead.estimated_contributions == 3 * (32_000_000 - due)
    else:
        assert lead is None


def test_wages_two_of_three_months_low_is_none(ctx):
    office = OfficeFactory()
    employer = _registered(office)
    _tax(office, dict.fromkeys(WINDOW, (10, 100000000)))
    _ledger(employer, {"2026-07": (10, 1_000_000), "2026-08": (10, 1_000_000), "2026-09": (10, 19_200_000)})
    assert _lead(office) is None


def test_unregistered_needs_one_worker_paid_in_the_window(ctx):
    office = OfficeFactory()
    _tax(office, {"2026-06": (9, 50_000_000), "2026-07": (0, 0), "2026-08": (0, 0), "2026-09": (0, 0)})
    assert _lead(office) is None
    other = "0102325399"
    _tax(office, {"2026-07": (0, 0), "2026-08": (1, 5_000_001), "2026-09": (0, 0)}, code=other)
    lead = _lead(office, other)
    assert lead is not None and lead.kinds == ["unregistered"] and lead.unit_code is None
    assert lead.estimated_contributions == 1_600_000  # 32 % × 5 000 001 = 1 600 000,32: rounded once


def test_a_branch_written_without_the_hyphen_matches_its_employer(ctx):
    office = OfficeFactory()
    employer = EmployerFactory(office=office, tax_code="0100109106-001", unit_code="TE00002")
    _tax(office, dict.fromkeys(WINDOW, (50, FAIR)), code="0100109106001")
    _ledger(employer, dict.fromkeys(WINDOW, (40, FAIR)))
    lead = _lead(office, "0100109106-001")
    assert lead is not None and lead.kinds == ["headcount"] and lead.unit_code == "TE00002"


@pytest.mark.parametrize("status", ["tam_ngung", "Đã giải thể", "ngung_hoat_dong"])
def test_a_suspended_or_dissolved_taxpayer_is_no_lead(ctx, status):
    office = OfficeFactory()
    _tax(office, dict.fromkeys(WINDOW, (25, FAIR)), status=status)
    assert _lead(office) is None


def test_the_latest_month_status_decides(ctx):
    office = OfficeFactory()
    _tax(office, dict.fromkeys(WINDOW, (25, FAIR)), statuses={"2026-09": "tam_ngung"})
    assert _lead(office) is None
    office2 = OfficeFactory()
    _tax(office2, dict.fromkeys(WINDOW, (25, FAIR)), statuses={"2026-07": "tam_ngung"})
    assert _lead(office2) is not None


def test_new_business_from_the_first_day_of_the_month_eleven_months_before(ctx):
    assert new_business_from(Period.parse("2026-09")) == date(2025, 10, 1)
    office = OfficeFactory()
    _tax(office, dict.fromkeys(WINDOW, (3, FAIR)), registered="01/10/2025")
    assert _lead(office).new_business is True
    office2 = OfficeFactory()
    _tax(office2, dict.fromkeys(WINDOW, (3, FAIR)), registered="2025-09-30")
    assert _lead(office2).new_business is False


def test_another_office_s_ledger_does_not_match(ctx):
    office, other = OfficeFactory(), OfficeFactory()
    employer = EmployerFactory(office=other, tax_code=CODE)
    _ledger(employer, dict.fromkeys(WINDOW, (50, FAIR)))
    _tax(office, dict.fromkeys(WINDOW, (50, FAIR)))
    assert _lead(office).kinds == ["unregistered"]


def test_parameters_are_dated_and_admin_rows_apply_from_their_date(ctx):
    office = OfficeFactory()
    employer = _registered(office)
    _tax(office, dict.fromkeys(WINDOW, (40, FAIR)))
    _ledger(employer, dict.fromkeys(WINDOW, (36, FAIR)))  # gap 4 = ⌈10 % × 40⌉ but below the default minimum 5
    assert _lead(office) is None
    db.session.add(LegalParam(key="lead_headcount_gap_min", value=4, valid_from=date(2026, 9, 1),
                              source="Quyết định thử nghiệm", confidence="V"))
    db.session.flush()
    assert _lead(office).kinds == ["headcount"]
    # Before its start date the default still holds.
    assert {lead.tax_code for lead in compute_leads(office.id, Period.parse("2026-08")).leads} == set()


def test_lead_params_read_exact_fractions_and_reject_an_empty_window():
    params = LeadParams.on(ParamSet.defaults(), Period.parse("2026-09"))
    assert params.to_dict()["lead_headcount_gap_ratio"] == "1/10"
    assert params.sql_values()["wage_num"] * 125 == params.sql_values()["wage_den"] * 24  # 60 % × 32 % = 24/125
    zero = ParamSet.defaults().with_rows(
        ParamRow("lead_window_months", 0, date(2026, 1, 1), None, "thử", "V"))
    with pytest.raises(ValueError, match="lead_window_months"):
        LeadParams.on(zero, Period.parse("2026-09"))


def test_estimated_contributions_round_once_half_up():
    from fractions import Fraction

    assert estimated_contributions(25 * 3 + 12, Fraction(8, 25)) == 3  # 87/25 = 3,48
    assert estimated_contributions(25 * 3 + 13, Fraction(8, 25)) == 4  # 88/25 = 3,52
    assert estimated_contributions(1, Fraction(1, 2)) == 1  # exactly half: up
