"""Shared fixtures of the pure domain tests: the default legal parameters and variants."""

from __future__ import annotations

import pytest

from enforcement.domain.legal_params import ParamSet

OLD_RATE_KEYS = ("interest_monthly_rate_si", "interest_monthly_rate_hi")


@pytest.fixture
def params() -> ParamSet:
    """The shipped defaults of LEGAL.md Part A."""
    return ParamSet.defaults()


@pytest.fixture
def params_no_old_rates() -> ParamSet:
    """The defaults without any old-regime monthly interest rate (as in expected_small*.json)."""
    return ParamSet.defaults().without(*OLD_RATE_KEYS)
