"""Evasion leads from tax data (PRODUCT.md §10): the parameters and the window, as pure data.

The rules themselves run as one set-based SQL query (``services.leads``); what
is pure lives here: reading the dated parameters in force on the comparison
month, the window of months, the new-business cut-off, the integer forms of
the ratios (so SQL compares exactly, without floating point), and the final
rounding of the estimated contributions.

Kinds (PRODUCT.md §10): ``unregistered`` (no BHXH employer has the tax code,
≥ 1 worker paid in a month of the window); ``headcount`` (in each of ≥ 2 months
with both a tax row and a ledger row, ``tax workers − ledger employees ≥
max(gap_min, ⌈gap_ratio × tax workers⌉)``); ``wages`` (in each of ≥ 2 such
months, ``amount_due < wage_ratio_min × contribution_rate_total × wages``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from enforcement.domain.legal_params import ParamSet, fraction_param
from enforcement.domain.money import round_half_up
from enforcement.domain.periods import Period

KINDS = ("headcount", "unregistered", "wages")
NEW_BUSINESS_MONTHS = 11
PARAM_KEYS = (
    "lead_window_months",
    "lead_headcount_gap_min",
    "lead_headcount_gap_ratio",
    "lead_wage_ratio_min",
    "contribution_rate_total",
)


@dataclass(frozen=True)
class LeadParams:
    """The parameters in force on the first day of the comparison month."""

    window_months: int
    gap_min: int
    gap_ratio: Fraction
    wage_ratio_min: Fraction
    rate_total: Fraction

    @classmethod
    def on(cls, params: ParamSet, month: Period) -> LeadParams:
        """Read the dated parameters in force on the first day of ``month`` (MissingParam if absent)."""
        day = month.first_day
        window = int(params.get("lead_window_months", day))
        if window < 1:
            raise ValueError(f"Tham số lead_window_months phải ≥ 1 (hiện {window})")
        return cls(
            window,
            int(params.get("lead_headcount_gap_min", day)),
            fraction_param(params.get("lead_headcount_gap_ratio", day)),
            fraction_param(params.get("lead_wage_ratio_min", day)),
            fraction_param(params.get("contribution_rate_total", day)),
        )

    def to_dict(self) -> dict[str, Any]:
        """As ``expected_leads_small.json`` prints them: integers, and ratios as exact fractions."""
        return {
            "lead_window_months": self.window_months,
            "lead_headcount_gap_min": self.gap_min,
            "lead_headcount_gap_ratio": str(self.gap_ratio),
            "lead_wage_ratio_min": str(self.wage_ratio_min),
            "contribution_rate_total": str(self.rate_total),
        }

    def sql_values(self) -> dict[str, int]:
        """Integer numerators and denominators for exact comparisons in SQL.

        ``gap ≥ ⌈r × w⌉ ⇔ gap × r.den ≥ r.num × w`` (gap an integer);
        ``due < q × c × wages ⇔ due × q.den × c.den < q.num × c.num × wages``;
        ``max(0, c × wages − due) = max(0, c.num × wages − c.den × due) / c.den``.
        """
        return {
            "gap_min": self.gap_min,
            "gap_num": self.gap_ratio.numerator,
            "gap_den": self.gap_ratio.denominator,
            "wage_num": self.wage_ratio_min.numerator * self.rate_total.numerator,
            "wage_den": self.wage_ratio_min.denominator * self.rate_total.denominator,
            "rate_num": self.rate_total.numerator,
            "rate_den": self.rate_total.denominator,
        }


def window(month: Period, months: int) -> list[Period]:
    """The ``months`` months ending at ``month``, oldest first."""
    return [month.add(offset) for offset in range(1 - months, 1)]


def new_business_from(month: Period) -> date:
    """Registered on or after this day is a new business: the first day of the month 11 months before."""
    return month.add(-NEW_BUSINESS_MONTHS).first_day


def estimated_contributions(shortfall_numerator: int, rate: Fraction) -> int:
    """Σ max(0, c × wages − due) from its summed numerator over ``rate.denominator``, rounded once half up."""
    return round_half_up(Fraction(shortfall_numerator, rate.denominator))
