"""Article 216 Penal Code evaluation, criterion by criterion (LR-ART216, BLHS 2015 Điều 216)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from enforcement.domain.article216 import (
    InputError,
    evaluate_article216,
    evaluate_article216_json,
    parse_article216_input,
)
from enforcement.domain.legal_params import ParamRow, ParamSet
from enforcement.domain.periods import Period

EVASION_PENALTY = {
    "decision_date": "2025-03-01",
    "behaviour": "evasion",
    "compliance_deadline": "2025-03-15",
    "complied_on": None,
}


def _months(periods: list[str], total: int, employees: int) -> list[dict[str, Any]]:
    """Spread ``total`` over ``periods`` (the first month takes the remainder)."""
    share, rest = divmod(total, len(periods))
    return [
        {"period": p, "amount": share + (rest if i == 0 else 0), "employees": employees}
        for i, p in enumerate(periods)
    ]


def _consecutive(n: int, start: str = "2024-01") -> list[str]:
    first = Period.parse(start)
    return [str(first.add(i)) for i in range(n)]


def make_input(
    *, periods: list[str] | None = None, total: int = 60_000_000, employees: int = 5, **overrides: Any
) -> dict[str, Any]:
    obj: dict[str, Any] = {
        "evaluation_date": "2026-01-15",
        "offender": "legal_entity",
        "evasion_months": _months(periods or _consecutive(6), total, employees),
        "withheld_not_paid": 0,
        "prior_offences": 0,
        "prior_penalties": [dict(EVASION_PENALTY)],
        "still_unpaid": 10_000_000,
    }
    obj.update(overrides)
    return obj


def evaluate(obj: dict[str, Any], params: ParamSet | None = None) -> dict[str, Any]:
    return evaluate_article216_json(obj, params or ParamSet.defaults())


def criterion(result: dict[str, Any], cid: str) -> dict[str, Any]:
    return next(c for c in result["criteria"] if c["id"] == cid)


def test_lr_art216_a_full_case_passes_with_every_criterion_explained() -> None:
    result = evaluate(make_input())
    assert result["passed"] is True
    assert result["band"] == 1
    assert result["rule"] == "LR-ART216"
    assert [c["id"] for c in result["criteria"]] == ["C1", "C2", "C3", "C4", "C5", "C6"]
    assert all(c["met"] for c in result["criteria"] if c["id"] != "C4")
    assert all(c["clause"].startswith("BLHS 2015 Điều 216") for c in result["criteria"])
    assert json.loads(json.dumps(result, ensure_ascii=False)) == result


@pytest.mark.parametrize(("total", "met", "band"), [(49_999_999, False, None), (50_000_000, True, 1)])
def test_lr_art216_c3_amount_threshold_50_million_khoan_1_diem_a(
    total: int, met: bool, band: int | None
) -> None:
    """BLHS 2015 Điều 216 khoản 1 điểm a: 49 999 999 fails, 50 000 000 passes (interest excluded)."""
    result = evaluate(make_input(total=total, employees=9))
    assert criterion(result, "C3")["met"] is met
    assert criterion(result, "C3")["value"] == total
    assert result["passed"] is met
    assert result["band"] == band


@pytest.mark.parametrize(("employees", "met", "band"), [(9, False, None), (10, True, 1)])
def test_lr_art216_c4_employees_threshold_10_khoan_1_diem_b(
    employees: int, met: bool, band: int | None
) -> None:
    """BLHS 2015 Điều 216 khoản 1 điểm b: 9 employees fail, 10 pass."""
    result = evaluate(make_input(total=1_000_000, employees=employees))
    assert criterion(result, "C4")["met"] is met
    assert result["passed"] is met
    assert result["band"] == band


@pytest.mark.parametrize(
    ("periods", "met"),
    [
        (_consecutive(5), False),
        (_consecutive(6), True),
        (["2018-05", "2018-07", "2018-09", "2018-11", "2019-01"], False),
        (["2018-05", "2018-07", "2018-09", "2018-11", "2019-01", "2019-02"], True),
    ],
)
def test_lr_art216_c2_six_months_consecutive_or_cumulative_nq_05_2019(periods: list[str], met: bool) -> None:
    """NQ 05/2019/NQ-HĐTP: 6 months, consecutive or cumulative (its example: 5, 7, 9, 11/2018, 1, 2/2019)."""
    result = evaluate(make_input(periods=periods))
    assert criterion(result, "C2")["met"] is met
    assert criterion(result, "C2")["value"] == len(periods)
    assert result["passed"] is met


def test_lr_art216_c2_reason_says_how_many_months_are_missing() -> None:
    result = evaluate(make_input(periods=_consecutive(4)))
    assert criterion(result, "C2")["reason"] == "Chưa đủ 6 tháng trốn đóng (hiện 4 tháng)"


def test_lr_art216_c2_reason_distinguishes_cumulative_from_consecutive() -> None:
    cumulative = evaluate(
        make_input(periods=["2018-05", "2018-07", "2018-09", "2018-11", "2019-01", "2019-02"])
    )
    consecutive = evaluate(make_input())
    assert "cộng dồn" in criterion(cumulative, "C2")["reason"]
    assert "(liên tục)" in criterion(consecutive, "C2")["reason"]


@pytest.mark.parametrize(
    ("total", "band"),
    [(299_999_999, 1), (300_000_000, 2), (999_999_999, 2), (1_000_000_000, 3)],
)
def test_lr_art216_amount_bands_are_half_open_khoan_1_2_3(total: int, band: int) -> None:
    """BLHS 2015 Điều 216: [50 M, 300 M) khoản 1, [300 M, 1 B) khoản 2, ≥ 1 B khoản 3."""
    result = evaluate(make_input(total=total, employees=5))
    assert result["band"] == band
    assert result["clause"] == f"BLHS 2015 Điều 216 khoản {band}"


@pytest.mark.parametrize(("employees", "band"), [(49, 1), (50, 2), (199, 2), (200, 3)])
def test_lr_art216_employee_bands_are_half_open_khoan_1_2_3(employees: int, band: int) -> None:
    """BLHS 2015 Điều 216: [10, 50) khoản 1, [50, 200) khoản 2, ≥ 200 khoản 3."""
    assert evaluate(make_input(total=1_000_000, employees=employees))["band"] == band


def test_lr_art216_band_is_the_highest_met_by_amount_or_employees() -> None:
    assert evaluate(make_input(total=60_000_000, employees=250))["band"] == 3
    assert evaluate(make_input(total=400_000_000, employees=12))["band"] == 2


@pytest.mark.parametrize(("total", "employees", "band"), [(60_000_000, 5, 2), (2_000_000_000, 5, 3)])
def test_lr_art216_prior_offences_raise_to_at_least_khoan_2_nq_05_2019_art_3_3(
    total: int, employees: int, band: int
) -> None:
    assert evaluate(make_input(total=total, employees=employees, prior_offences=1))["band"] == band


@pytest.mark.parametrize(
    ("total", "employees", "band"),
    [(60_000_000, 5, 2), (1_000_000, 20, 2), (400_000_000, 5, 3), (1_000_000, 60, 3), (2_000_000_000, 5, 3)],
)
def test_lr_art216_withheld_shares_not_paid_over_raise_the_band_nq_05_2019_art_3_4(
    total: int, employees: int, band: int
) -> None:
    """BLHS 2015 Điều 216 khoản 2 điểm d, khoản 3 điểm c (NQ 05/2019 Điều 3 khoản 4)."""
    result = evaluate(make_input(total=total, employees=employees, withheld_not_paid=1_000))
    assert result["band"] == band
    assert any("Điều 3 khoản 4" in reason for reason in result["reasons"])


def test_lr_art216_c1_months_due_before_2018_do_not_count_nq_05_2019_art_5() -> None:
    """Months of 2017 up to 2017-11 are excluded; 2017-12 (due 2018-01-31) counts by the deadline rule."""
    periods = [f"2017-{m:02d}" for m in range(1, 13)] + ["2018-01", "2018-02"]
    result = evaluate(make_input(periods=periods, total=14_000_000_000))
    c1 = criterion(result, "C1")
    assert c1["met"] is True
    assert c1["value"]["excluded_before"] == [f"2017-{m:02d}" for m in range(1, 12)]
    assert c1["value"]["counted"] == ["2017-12", "2018-01", "2018-02"]
    assert "trước 01/01/2018" in c1["reason"]
    assert criterion(result, "C2")["value"] == 3
    assert criterion(result, "C3")["value"] == 3_000_000_000
    assert result["passed"] is False


def test_lr_art216_c1_only_months_of_2017_fail() -> None:
    result = evaluate(make_input(periods=[f"2017-{m:02d}" for m in range(1, 11)]))
    assert criterion(result, "C1")["met"] is False
    assert result["passed"] is False


def test_lr_art216_c5_a_late_payment_only_penalty_is_doubtful_and_not_met() -> None:
    late_only = dict(EVASION_PENALTY, behaviour="late_payment")
    result = evaluate(make_input(prior_penalties=[late_only]))
    c5 = criterion(result, "C5")
    assert c5["met"] is False
    assert c5["value"]["doubtful"] is True
    assert "Đáng ngờ" in c5["reason"]
    assert "chưa đủ căn cứ" in c5["reason"]
    assert result["passed"] is False
    assert result["band"] is None


def test_lr_art216_c5_no_prior_penalty_is_not_met() -> None:
    result = evaluate(make_input(prior_penalties=[]))
    assert criterion(result, "C5")["met"] is False
    assert criterion(result, "C6")["met"] is False


@pytest.mark.parametrize(("evaluated", "met"), [("2025-06-10", True), ("2025-06-11", False)])
def test_lr_art216_c5_a_penalty_complied_with_is_cleared_one_year_later_xlvphc_art_7(
    evaluated: str, met: bool
) -> None:
    penalty = {
        "decision_date": "2024-05-01",
        "behaviour": "evasion",
        "compliance_deadline": "2024-05-15",
        "complied_on": "2024-06-10",
    }
    result = evaluate(make_input(prior_penalties=[penalty], evaluation_date=evaluated))
    assert criterion(result, "C5")["met"] is met


@pytest.mark.parametrize(("evaluated", "met"), [("2025-03-01", True), ("2025-03-02", False)])
def test_lr_art216_c5_a_penalty_never_complied_clears_a_year_after_the_enforcement_limit_xlvphc_art_7_74(
    evaluated: str, met: bool
) -> None:
    penalty = {
        "decision_date": "2023-03-01",
        "behaviour": "evasion",
        "compliance_deadline": "2023-03-15",
        "complied_on": None,
    }
    result = evaluate(
        make_input(prior_penalties=[penalty], evaluation_date=evaluated, periods=_consecutive(6, "2023-01"))
    )
    assert criterion(result, "C5")["met"] is met
    if not met:
        assert "coi như chưa bị xử phạt" in criterion(result, "C5")["reason"]


def test_lr_art216_c5_a_penalty_decided_before_2018_is_no_basis() -> None:
    old = {
        "decision_date": "2017-06-01",
        "behaviour": "evasion",
        "compliance_deadline": "2017-06-15",
        "complied_on": None,
    }
    result = evaluate(
        make_input(prior_penalties=[old], evaluation_date="2018-06-01", periods=_consecutive(6, "2017-12"))
    )
    assert criterion(result, "C5")["met"] is False
    assert "trước 01/01/2018" in criterion(result, "C5")["reason"]


def test_lr_art216_c5_picks_the_live_evasion_penalty_among_several() -> None:
    penalties = [dict(EVASION_PENALTY, behaviour="late_payment"), dict(EVASION_PENALTY)]
    c5 = criterion(evaluate(make_input(prior_penalties=penalties)), "C5")
    assert c5["met"] is True
    assert c5["value"]["qualifying"] == 1
    assert c5["value"]["doubtful"] is False


@pytest.mark.parametrize(
    ("still_unpaid", "evaluated", "met"),
    [(10, "2025-03-16", True), (10, "2025-03-15", False), (0, "2025-06-01", False)],
)
def test_lr_art216_c6_still_violating_after_the_compliance_deadline(
    still_unpaid: int, evaluated: str, met: bool
) -> None:
    result = evaluate(
        make_input(still_unpaid=still_unpaid, evaluation_date=evaluated, periods=_consecutive(6, "2024-01"))
    )
    assert criterion(result, "C6")["met"] is met
    assert result["passed"] is met


def test_lr_art216_penalties_of_the_band_for_a_person_and_a_legal_entity_r2_r4() -> None:
    penalties = evaluate(make_input(total=400_000_000))["penalties"]
    assert penalties["band"] == 2
    assert penalties["person"]["fine"] == [200_000_000, 500_000_000]
    assert penalties["person"]["prison_months"] == [6, 36]
    assert penalties["legal_entity"]["fine"] == [500_000_000, 1_000_000_000]
    assert penalties["legal_entity"]["clause"] == "BLHS 2015 Điều 216 khoản 5 điểm b"
    assert penalties["additional_person"]["fine"] == [20_000_000, 100_000_000]
    assert "200.000.000 đ đến 500.000.000 đ" in penalties["person"]["text"]


def test_lr_art216_no_band_and_no_penalties_when_not_passed() -> None:
    result = evaluate(make_input(total=1_000_000, employees=1))
    assert result["band"] is None
    assert result["penalties"]["person"] is None
    assert "C3" in result["reasons"][0]


def test_lr_art216_thresholds_come_from_the_parameters_in_force_on_the_evaluation_date() -> None:
    draft = ParamSet.defaults().with_rows(
        ParamRow("art216_min_amount", 100_000_000, date(2026, 1, 1), None, "dự thảo (thử nghiệm)", "U")
    )
    before = evaluate(make_input(evaluation_date="2025-12-31", employees=1), draft)
    after = evaluate(make_input(evaluation_date="2026-01-01", employees=1), draft)
    assert before["passed"] is True
    assert after["passed"] is False
    assert criterion(after, "C3")["threshold"] == 100_000_000


def test_lr_art216_result_echoes_the_normalised_inputs() -> None:
    obj = make_input()
    result = evaluate(obj)
    assert result["inputs"] == obj
    parsed = parse_article216_input(obj)
    assert evaluate_article216(parsed, ParamSet.defaults()).criterion("C2").value == 6


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"evaluation_date": None}, "evaluation_date"),
        ({"evaluation_date": "2026-02-30"}, "evaluation_date"),
        ({"evaluation_date": "15/01/2026"}, "evaluation_date"),
        ({"offender": "company"}, "offender"),
        ({"withheld_not_paid": -1}, "withheld_not_paid"),
        ({"prior_offences": True}, "prior_offences"),
        ({"still_unpaid": "10"}, "still_unpaid"),
        ({"still_unpaid": 1.5}, "still_unpaid"),
        ({"prior_penalties": {}}, "prior_penalties"),
        ({"unexpected": 1}, "unexpected"),
    ],
)
def test_lr_art216_malformed_top_level_fields_are_named(change: dict[str, Any], field: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_article216_input(make_input(**change))
    assert field in [name for name, _ in caught.value.errors]


def test_lr_art216_a_missing_field_is_named() -> None:
    obj = make_input()
    del obj["still_unpaid"]
    with pytest.raises(InputError) as caught:
        parse_article216_input(obj)
    assert caught.value.errors == [("still_unpaid", "thiếu trường bắt buộc")]


def test_lr_art216_errors_inside_months_name_the_item_and_field() -> None:
    obj = make_input()
    obj["evasion_months"][2]["period"] = "2025-13"
    obj["evasion_months"][3]["amount"] = True
    obj["evasion_months"][4]["employees"] = -3
    obj["evasion_months"][5]["period"] = obj["evasion_months"][0]["period"]
    with pytest.raises(InputError) as caught:
        parse_article216_input(obj)
    errors = dict(caught.value.errors)
    assert errors["evasion_months[2].period"] == "Kỳ không hợp lệ: 2025-13 (tháng phải từ 01 đến 12)"
    assert "đúng/sai" in errors["evasion_months[3].amount"]
    assert "âm" in errors["evasion_months[4].employees"]
    assert "trùng" in errors["evasion_months[5].period"]


def test_lr_art216_errors_inside_prior_penalties_name_the_item_and_field() -> None:
    bad = {
        "decision_date": "2025-03-01",
        "behaviour": "fraud",
        "compliance_deadline": "2025-02-01",
        "complied_on": "2025-01-01",
    }
    with pytest.raises(InputError) as caught:
        parse_article216_input(make_input(prior_penalties=[bad]))
    fields = [name for name, _ in caught.value.errors]
    assert fields == [
        "prior_penalties[0].behaviour",
        "prior_penalties[0].compliance_deadline",
        "prior_penalties[0].complied_on",
    ]


def test_lr_art216_input_error_is_a_value_error_and_refuses_non_objects() -> None:
    with pytest.raises(ValueError, match="đối tượng JSON"):
        parse_article216_input([])  # type: ignore[arg-type]


def test_lr_art216_c3_refuses_to_guess_when_the_amount_must_include_interest() -> None:
    """criminal_amount_includes_interest (Part B §2 (a), [U]): no interest in the input, C3 not assessed."""
    with_interest = ParamSet.defaults().with_rows(
        ParamRow("criminal_amount_includes_interest", True, date(2018, 1, 1), None, "thử nghiệm", "U")
    )
    c3 = criterion(evaluate(make_input(total=500_000_000), with_interest), "C3")
    assert c3["met"] is False
    assert "chưa đánh giá được" in c3["reason"]
