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
    "conduct_months": ["2024-01", "2024-02", "2024-03"],
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


PENALTY_2018 = {
    "decision_date": "2018-10-01",
    "behaviour": "evasion",
    "conduct_months": ["2018-01", "2018-02"],
    "compliance_deadline": "2018-10-15",
}


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
    ("total", "withheld", "band"),
    [
        (200_000_000, 1, 1),
        (200_000_000, 49_999_999, 1),
        (200_000_000, 50_000_000, 2),
        (950_000_000, 299_999_999, 2),
        (950_000_000, 300_000_000, 3),
    ],
)
def test_lr_art216_withheld_shares_raise_the_band_by_their_own_amount_khoan_2_d_khoan_3_c(
    total: int, withheld: int, band: int
) -> None:
    """BLHS 2015 Điều 216 khoản 2 điểm d (withheld in [50 M, 300 M)), khoản 3 điểm c (≥ 300 M)."""
    months = _months(_consecutive(6), total, 5)
    share, rest = divmod(withheld, 6)
    for i, month in enumerate(months):
        month["withheld"] = share + (rest if i == 0 else 0)
    obj = make_input(evasion_months=months)
    del obj["withheld_not_paid"]  # the total is the months' sum
    result = evaluate(obj)
    assert result["band"] == band
    reasons = " ".join(result["reasons"])
    if band == 2 and total == 200_000_000:
        assert "khoản 2 điểm d" in reasons
    if band == 3:
        assert "khoản 3 điểm c" in reasons
    if withheld < 50_000_000:
        assert "không làm tăng khung" in reasons


def test_lr_art216_withheld_total_given_outright_uses_the_same_bands() -> None:
    assert evaluate(make_input(total=200_000_000, withheld_not_paid=49_999_999))["band"] == 1
    assert evaluate(make_input(total=200_000_000, withheld_not_paid=50_000_000))["band"] == 2


def test_lr_art216_withheld_of_a_month_cannot_exceed_its_evaded_amount() -> None:
    months = _months(_consecutive(6), 60_000_000, 5)
    months[1]["withheld"] = months[1]["amount"] + 1
    obj = make_input(evasion_months=months)
    del obj["withheld_not_paid"]
    with pytest.raises(InputError) as caught:
        parse_article216_input(obj)
    assert [name for name, _ in caught.value.errors] == ["evasion_months[1].withheld"]


def test_lr_art216_withheld_total_must_agree_with_the_months() -> None:
    months = _months(_consecutive(6), 60_000_000, 5)
    months[0]["withheld"] = 1_000
    with pytest.raises(InputError) as caught:
        parse_article216_input(make_input(evasion_months=months, withheld_not_paid=2_000))
    assert [name for name, _ in caught.value.errors] == ["withheld_not_paid"]


def test_lr_art216_c1_period_2017_12_is_conduct_of_2017_and_2018_01_counts_nq_05_2019_art_5() -> None:
    """Before 2025-07 the deadline was the period's own last day (Law 58/2014): 2017-12 is 2017 conduct."""
    periods = [f"2017-{m:02d}" for m in range(1, 13)] + ["2018-01", "2018-02"]
    result = evaluate(make_input(periods=periods, total=14_000_000_000))
    c1 = criterion(result, "C1")
    assert c1["met"] is True
    assert c1["value"]["excluded_before"] == [f"2017-{m:02d}" for m in range(1, 13)]
    assert c1["value"]["counted"] == ["2018-01", "2018-02"]
    assert "trước 01/01/2018" in c1["reason"]
    assert criterion(result, "C2")["value"] == 2
    assert criterion(result, "C3")["value"] == 2_000_000_000
    assert result["passed"] is False


@pytest.mark.parametrize(("first", "counted"), [("2017-12", 5), ("2018-01", 6)])
def test_lr_art216_c1_boundary_2017_12_vs_2018_01(first: str, counted: int) -> None:
    """Six consecutive months starting 2017-12 give 5 countable months (fails C2); from 2018-01, 6."""
    result = evaluate(
        make_input(periods=_consecutive(6, first), evaluation_date="2019-01-15", prior_penalties=[PENALTY_2018])
    )
    assert criterion(result, "C2")["value"] == counted
    assert criterion(result, "C2")["met"] is (counted == 6)
    assert result["passed"] is (counted == 6)
    assert ("12/2017" in " ".join(criterion(result, "C1")["evidence_text"])) is (first == "2017-12")


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
        "conduct_months": ["2023-10"],
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
        "conduct_months": ["2022-10"],
        "compliance_deadline": "2023-03-15",
        "complied_on": None,
    }
    result = evaluate(
        make_input(prior_penalties=[penalty], evaluation_date=evaluated, periods=_consecutive(6, "2023-01"))
    )
    assert criterion(result, "C5")["met"] is met
    if not met:
        assert "coi như chưa bị xử phạt" in criterion(result, "C5")["reason"]


def test_lr_art216_c5_a_penalty_of_2017_conduct_is_no_basis_nq_05_2019_art_5() -> None:
    old = {
        "decision_date": "2017-06-01",
        "behaviour": "evasion",
        "conduct_months": ["2017-01", "2017-02"],
        "compliance_deadline": "2017-06-15",
        "complied_on": None,
    }
    result = evaluate(
        make_input(prior_penalties=[old], evaluation_date="2018-06-01", periods=_consecutive(6, "2017-12"))
    )
    assert criterion(result, "C5")["met"] is False
    assert "trước 01/01/2018" in criterion(result, "C5")["reason"]


@pytest.mark.parametrize(("conduct", "met"), [(["2017-11", "2017-12"], False), (["2018-01"], True)])
def test_lr_art216_c5_checks_the_penalised_conducts_dates_not_only_the_decisions(
    conduct: list[str], met: bool
) -> None:
    """A decision of 2018-03 for conduct of 2017 is no basis; one for conduct of 2018-01 is."""
    penalty = {"decision_date": "2018-03-01", "behaviour": "evasion", "conduct_months": conduct}
    result = evaluate(
        make_input(prior_penalties=[penalty], evaluation_date="2019-03-01", periods=_consecutive(6, "2018-04"))
    )
    assert criterion(result, "C5")["met"] is met


def test_lr_art216_c5_a_decision_without_its_months_of_conduct_is_not_met_and_says_what_to_enter() -> None:
    penalty = {k: v for k, v in EVASION_PENALTY.items() if k != "conduct_months"}
    c5 = criterion(evaluate(make_input(prior_penalties=[penalty])), "C5")
    assert c5["met"] is False
    assert "chưa ghi các tháng vi phạm" in c5["reason"]


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


DRAFT_2026 = ParamSet.defaults().with_rows(
    ParamRow("art216_min_amount", 100_000_000, date(2026, 1, 1), None, "dự thảo (thử nghiệm)", "U")
)


def test_lr_art216_thresholds_are_those_in_force_on_the_date_of_the_conduct() -> None:
    """Conduct of 2024 (last deadline 31/07/2024) keeps the 50 M threshold even when evaluated in 2026."""
    result = evaluate(make_input(evaluation_date="2026-03-01", employees=1), DRAFT_2026)
    assert result["conduct_date"] == "2024-07-31"
    assert criterion(result, "C3")["threshold"] == 50_000_000
    assert result["passed"] is True
    assert "31/07/2024" in " ".join(result["reasons"])


def test_lr_art216_conduct_after_a_change_uses_the_new_threshold() -> None:
    penalty = dict(EVASION_PENALTY, decision_date="2026-01-20", compliance_deadline="2026-02-05",
                   conduct_months=["2025-12"])
    result = evaluate(
        make_input(evaluation_date="2026-09-01", employees=1, periods=_consecutive(6, "2025-12"),
                   prior_penalties=[penalty]),
        DRAFT_2026,
    )
    assert result["conduct_date"] == "2026-06-30"
    assert criterion(result, "C3")["threshold"] == 100_000_000
    assert result["passed"] is False


def test_lr_art216_a_more_lenient_later_law_is_noted_blhs_art_7() -> None:
    result = evaluate(make_input(evaluation_date="2026-03-01", employees=1), DRAFT_2026)
    assert result["leniency"] is not None
    assert "có lợi hơn" in result["leniency"]
    assert "Điều 7" in result["leniency"]
    same = evaluate(make_input(evaluation_date="2026-03-01", employees=1))
    assert same["leniency"] is None


def test_lr_art216_result_echoes_the_normalised_inputs() -> None:
    obj = make_input()
    result = evaluate(obj)
    echoed = result["inputs"]
    assert echoed["evasion_months"][0] == {**obj["evasion_months"][0], "ledger_employees": None, "withheld": 0}
    assert echoed["prior_penalties"][0]["conduct_months"] == EVASION_PENALTY["conduct_months"]
    assert evaluate(echoed)["inputs"] == echoed
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


# --------------------------------------------------------------------------- revised LR-ART216 (issue 16)


@pytest.mark.parametrize(("employees", "met"), [(9, False), (10, True)])
def test_lr_art216_c4_counts_workers_confirmed_by_the_inspector_9_vs_10(employees: int, met: bool) -> None:
    months = _months(_consecutive(6), 1_000_000, 3)
    months[2]["employees"] = employees
    months[2]["ledger_employees"] = 250
    c4 = criterion(evaluate(make_input(evasion_months=months)), "C4")
    assert c4["met"] is met
    assert c4["value"] == employees
    assert c4["status"] == ("met" if met else "not_met")
    assert c4["evidence"]["largest_month"] == "2024-03"
    assert f"03/2024: {employees} người" in " ".join(c4["evidence_text"])


def test_lr_art216_c4_is_undetermined_until_confirmed_and_never_uses_the_ledger_headcount() -> None:
    """6 000 000 đ short across 250 workers on the ledger is not band 3: the count is not confirmed."""
    months = [
        {"period": p, "amount": 1_000_000, "employees": None, "ledger_employees": 250} for p in _consecutive(6)
    ]
    result = evaluate(make_input(evasion_months=months))
    c4 = criterion(result, "C4")
    assert c4["met"] is False
    assert c4["status"] == "undetermined"
    assert "Chưa xác định" in c4["reason"]
    assert "sổ theo dõi ghi 250 người, chỉ để tham khảo" in " ".join(c4["evidence_text"])
    assert result["passed"] is False
    assert result["band"] is None


def test_lr_art216_c4_a_confirmed_month_at_the_threshold_is_met_though_others_are_unconfirmed() -> None:
    months = [{"period": p, "amount": 1_000_000, "employees": None} for p in _consecutive(6)]
    months[5]["employees"] = 12
    c4 = criterion(evaluate(make_input(evasion_months=months)), "C4")
    assert (c4["met"], c4["value"], c4["status"]) == (True, 12, "met")


@pytest.mark.parametrize("source", ["case", "manual"])
def test_lr_art216_c5_a_decision_from_another_case_or_entered_by_hand_satisfies_c5(source: str) -> None:
    penalty = dict(EVASION_PENALTY, source=source, number="15/QĐ-XPHC")
    if source == "case":
        penalty["case_id"] = 7
    result = evaluate(make_input(prior_penalties=[penalty]))
    c5 = criterion(result, "C5")
    assert c5["met"] is True
    text = " ".join(c5["evidence_text"])
    assert "Quyết định số 15/QĐ-XPHC ngày 01/03/2025" in text
    assert ("hồ sơ số 7" in text) is (source == "case")
    assert ("trước khi có hệ thống" in text) is (source == "manual")
    assert c5["evidence"]["decision"]["conduct_months"] == ["2024-01", "2024-02", "2024-03"]
    assert result["passed"] is True


def test_lr_art216_c5_a_cleared_decision_does_not_satisfy_c5_lr_sanctions() -> None:
    """Complied 10/04/2025, no new violation: live through 10/04/2026, cleared from 11/04/2026."""
    penalty = dict(EVASION_PENALTY, complied_on="2025-04-10", source="manual")
    live = criterion(evaluate(make_input(prior_penalties=[penalty], evaluation_date="2026-04-10")), "C5")
    cleared = criterion(evaluate(make_input(prior_penalties=[penalty], evaluation_date="2026-04-11")), "C5")
    assert live["met"] is True
    assert cleared["met"] is False
    assert "coi như chưa bị xử phạt" in cleared["reason"]


def test_lr_art216_c5_a_new_decision_inside_the_window_keeps_the_earlier_live() -> None:
    first = dict(EVASION_PENALTY, complied_on="2025-04-10")
    late = {"decision_date": "2026-01-10", "behaviour": "late_payment", "conduct_months": ["2025-09"],
            "complied_on": "2026-02-01"}
    c5 = criterion(evaluate(make_input(prior_penalties=[first, late], evaluation_date="2026-06-01")), "C5")
    assert c5["met"] is True
    assert "tính lại" in " ".join(c5["evidence_text"])


@pytest.mark.parametrize(("evaluated", "met"), [("2025-03-21", False), ("2025-03-22", True)])
def test_lr_art216_c6_runs_from_the_decisions_receipt(evaluated: str, met: bool) -> None:
    """Received 11/03/2025 + 10 days = 21/03/2025: violating only from 22/03/2025."""
    penalty = {k: v for k, v in EVASION_PENALTY.items() if k != "compliance_deadline"}
    penalty["received_on"] = "2025-03-11"
    c6 = criterion(evaluate(make_input(prior_penalties=[penalty], evaluation_date=evaluated)), "C6")
    assert c6["value"]["compliance_deadline"] == "2025-03-21"
    assert c6["met"] is met
    assert "nhận ngày 11/03/2025" in " ".join(c6["evidence_text"])


def test_lr_art216_c6_new_evasion_months_after_the_deadline_count_as_still_violating() -> None:
    penalty = dict(EVASION_PENALTY, conduct_months=["2024-01"])
    periods = ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2025-03"]
    result = evaluate(make_input(periods=periods, prior_penalties=[penalty], still_unpaid=0))
    c6 = criterion(result, "C6")
    assert c6["met"] is True
    assert c6["value"]["new_months"] == ["2025-03"]


def test_lr_art216_every_criterion_carries_its_evidence_as_data_and_sentences() -> None:
    result = evaluate(make_input(employees=12))
    for c in result["criteria"]:
        assert c["evidence"], c["id"]
        assert c["evidence_text"], c["id"]
    assert "01/2024: 10.000.000 đ" in criterion(result, "C3")["evidence_text"][0]
