"""The dated legal parameters: defaults pinned, lookups, supersession, parsing."""

from __future__ import annotations

import json
from datetime import date

import pytest

from enforcement.domain.legal_params import (
    DEFAULT_PARAMS,
    PARAM_KINDS,
    MissingParam,
    ParamRow,
    ParamSet,
    parse_param_value,
)

PINNED = [
    ("arrears_threshold_months", date(2026, 1, 1), 3),
    ("interest_regime_change", date(2026, 1, 1), date(2025, 7, 1)),
    ("interest_daily_rate", date(2025, 7, 1), "0.0003"),
    ("interest_monthly_rate_si", date(2020, 6, 1), "0.009666"),
    ("interest_monthly_rate_hi", date(2020, 12, 31), "0.009766"),
    ("fund_share_si_bhtn", date(2018, 1, 1), "0.859375"),
    ("fund_share_hi", date(2026, 1, 1), "0.140625"),
    ("art216_min_months", date(2026, 1, 1), 6),
    ("art216_min_amount", date(2026, 1, 1), 50_000_000),
    ("art216_min_employees", date(2026, 1, 1), 10),
    ("art216_amount_band2", date(2026, 1, 1), 300_000_000),
    ("art216_amount_band3", date(2026, 1, 1), 1_000_000_000),
    ("art216_employees_band2", date(2026, 1, 1), 50),
    ("art216_employees_band3", date(2026, 1, 1), 200),
    ("art216_conduct_from", date(2026, 1, 1), date(2018, 1, 1)),
    ("criminal_amount_includes_interest", date(2026, 1, 1), False),
    ("fine_organisation_multiplier", date(2024, 1, 1), 2),
    ("deadline_record_working_days", date(2026, 1, 1), 2),
    ("deadline_explain_working_days", date(2026, 1, 1), 5),
    ("deadline_decision_working_days", date(2026, 1, 1), 7),
    ("deadline_decision_explained_months", date(2026, 1, 1), 1),
    ("deadline_decision_complex_months", date(2026, 1, 1), 2),
    ("deadline_serve_working_days", date(2026, 1, 1), 3),
    ("deadline_comply_days", date(2026, 1, 1), 10),
    ("deadline_enforce_years", date(2026, 1, 1), 1),
    ("deadline_limit_years", date(2026, 1, 1), 1),
    ("deadline_prosecute_days", date(2026, 1, 1), 20),
    ("deadline_clear_years", date(2026, 1, 1), 1),
    ("deadline_clear_warning_months", date(2026, 1, 1), 6),
    ("evasion_regime_from", date(2026, 1, 1), date(2025, 7, 1)),
    ("evasion_days_after_deadline", date(2026, 1, 1), 60),
    ("evasion_reminder_max_days", date(2026, 1, 1), 45),
    ("unit_code_pattern", date(2026, 1, 1), "^[A-Z0-9]{2,20}$"),
]


@pytest.mark.parametrize(("key", "on", "value"), PINNED)
def test_defaults_pin_every_number_of_legal_md_part_a(
    params: ParamSet, key: str, on: date, value: object
) -> None:
    assert params.get(key, on) == value


def test_defaults_pin_the_article_216_penalty_ranges_r2_r4(params: ParamSet) -> None:
    person = params.get("art216_penalties_person", date(2026, 1, 1))
    entity = params.get("art216_penalties_legal_entity", date(2026, 1, 1))
    extra = params.get("art216_additional_penalties_person", date(2026, 1, 1))
    assert [person[b]["fine"] for b in "123"] == [
        [50_000_000, 200_000_000],
        [200_000_000, 500_000_000],
        [500_000_000, 1_000_000_000],
    ]
    assert [person[b]["prison_months"] for b in "123"] == [[3, 12], [6, 36], [24, 84]]
    assert [entity[b]["fine"] for b in "123"] == [
        [200_000_000, 500_000_000],
        [500_000_000, 1_000_000_000],
        [1_000_000_000, 3_000_000_000],
    ]
    assert extra == {"fine": [20_000_000, 100_000_000], "ban_years": [1, 5]}


def test_defaults_pin_decree_12_2022_fine_bands_until_2026_09_09(params: ParamSet) -> None:
    late = params.get("fine_late_payment", date(2026, 9, 9))
    evasion = params.get("fine_evasion", date(2022, 1, 17))
    assert (late["min"], late["max"], late["cap"]) == ("0.12", "0.15", 75_000_000)
    assert (evasion["min"], evasion["max"]) == (50_000_000, 75_000_000)
    assert params.find("fine_late_payment", date(2022, 1, 16)) is None


def test_lr_fine_decree_283_2026_bands_are_dated_rows_citing_their_article(params: ParamSet) -> None:
    for key in ("fine_late_payment", "fine_evasion"):  # Decree 12/2022 Art. 39 ends on 2026-09-09
        assert params.find(key, date(2026, 9, 9)) is not None
        assert params.find(key, date(2026, 9, 10)) is None
    articles = {"si_late": "43", "si_evasion": "44", "ui_late": "45", "ui_evasion": "46",
                "si_unregistered_late": "43", "si_unregistered_evasion": "44",
                "ui_unregistered_late": "45", "ui_unregistered_evasion": "46"}
    for behaviour, article in articles.items():
        assert params.find(f"fine_283_{behaviour}", date(2026, 9, 9)) is None
        row = params.find(f"fine_283_{behaviour}", date(2026, 9, 10))
        assert row is not None and row.value["article"] == article
        assert f"Điều {article}" in row.source and "283/2026" in row.source


def test_the_2020_monthly_rates_hold_for_2020_only(params: ParamSet) -> None:
    with pytest.raises(MissingParam):
        params.get("interest_monthly_rate_si", date(2021, 1, 1))
    with pytest.raises(MissingParam):
        params.get("interest_monthly_rate_hi", date(2019, 12, 31))


def test_every_default_row_has_a_source_and_a_confidence_tag_and_a_known_type() -> None:
    for row in DEFAULT_PARAMS:
        assert row.source.strip(), row.key
        assert row.confidence in ("V", "S", "U")
        assert row.key in PARAM_KINDS
    assert {row.key for row in DEFAULT_PARAMS} == set(PARAM_KINDS)


def test_every_default_row_serialises_to_json() -> None:
    text = json.dumps([row.to_dict() for row in DEFAULT_PARAMS], ensure_ascii=False)
    assert '"valid_from": "2025-07-01"' in text


def _row(value: int, since: date, until: date | None = None) -> ParamRow:
    return ParamRow("arrears_threshold_months", value, since, until, "thử nghiệm", "U")


def test_get_uses_the_latest_start_date_on_or_before_the_day() -> None:
    params = ParamSet([_row(3, date(2020, 1, 1)), _row(4, date(2026, 1, 1))])
    assert params.get("arrears_threshold_months", date(2025, 12, 31)) == 3
    assert params.get("arrears_threshold_months", date(2026, 1, 1)) == 4


def test_a_later_row_with_the_same_start_date_supersedes_an_earlier_one(params: ParamSet) -> None:
    admin = params.with_rows(_row(5, date(2000, 1, 1)))
    assert admin.get("arrears_threshold_months", date(2026, 1, 1)) == 5
    assert params.get("arrears_threshold_months", date(2026, 1, 1)) == 3


def test_a_row_past_its_end_date_is_not_in_force() -> None:
    params = ParamSet([_row(3, date(2020, 1, 1), date(2020, 12, 31))])
    assert params.find("arrears_threshold_months", date(2020, 12, 31)) is not None
    assert params.find("arrears_threshold_months", date(2021, 1, 1)) is None


def test_missing_param_names_the_key_and_date_in_vietnamese() -> None:
    with pytest.raises(
        MissingParam, match=r"Chưa cấu hình tham số pháp lý arrears_threshold_months .* 01/01/2021"
    ):
        ParamSet([]).get("arrears_threshold_months", date(2021, 1, 1))


def test_in_force_lists_the_winning_row_of_each_key(params: ParamSet) -> None:
    rows = params.in_force(date(2026, 10, 1))
    keys = [row.key for row in rows]
    assert len(keys) == len(set(keys))
    assert "interest_monthly_rate_si" not in keys
    assert "fine_evasion" not in keys  # Decree 12/2022 ended on 2026-09-09
    assert next(r for r in rows if r.key == "fine_283_si_evasion").value["min"] == "0.18"


def test_get_returns_a_copy_so_callers_cannot_edit_the_defaults(params: ParamSet) -> None:
    value = params.get("art216_penalties_person", date(2026, 1, 1))
    value["1"]["fine"][0] = 0
    assert params.get("art216_penalties_person", date(2026, 1, 1))["1"]["fine"][0] == 50_000_000


def test_param_rows_refuse_unknown_confidence_and_reversed_dates() -> None:
    with pytest.raises(ValueError, match="Độ tin cậy"):
        ParamRow("k", 1, date(2020, 1, 1), None, "s", "X")
    with pytest.raises(ValueError, match="hết hiệu lực"):
        ParamRow("k", 1, date(2020, 1, 1), date(2019, 1, 1), "s", "V")


@pytest.mark.parametrize(
    ("key", "text", "value"),
    [
        ("arrears_threshold_months", " 4 ", 4),
        ("interest_daily_rate", "0.00030", "0.00030"),
        ("interest_monthly_rate_si", "0.0095", "0.0095"),
        ("interest_regime_change", "2025-07-01", date(2025, 7, 1)),
        ("art216_conduct_from", "01/01/2018", date(2018, 1, 1)),
        ("criminal_amount_includes_interest", "TRUE", True),
        ("fine_evasion", "null", None),
        ("fine_evasion", '{"kind": "fixed", "min": 1, "max": 2}', {"kind": "fixed", "min": 1, "max": 2}),
        ("unit_code_pattern", "^[A-Z]{2}\\d{4}$", "^[A-Z]{2}\\d{4}$"),
    ],
)
def test_parse_param_value_types_cli_text_by_key(key: str, text: str, value: object) -> None:
    assert parse_param_value(key, text) == value


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("no_such_key", "1"),
        ("arrears_threshold_months", "3.5"),
        ("arrears_threshold_months", "-1"),
        ("interest_daily_rate", "0,0003"),
        ("interest_regime_change", "2025-13-01"),
        ("criminal_amount_includes_interest", "có"),
        ("fine_evasion", "[1, 2]"),
        ("fine_evasion", "{not json"),
        ("unit_code_pattern", "([A-Z"),
    ],
)
def test_parse_param_value_refuses_bad_text_with_a_clear_error(key: str, text: str) -> None:
    with pytest.raises(ValueError, match=r"Tham số không xác định|Giá trị không hợp lệ cho tham số"):
        parse_param_value(key, text)


def test_lr_interest_payment_day_is_a_dated_parameter_first_by_default() -> None:
    """LR-INTEREST: ``interest_payment_day`` ships ``first`` [U]; only ``first`` or ``last`` are accepted."""
    row = ParamSet.defaults().find("interest_payment_day", date(2026, 1, 1))
    assert row is not None and (row.value, row.confidence) == ("first", "U")
    assert parse_param_value("interest_payment_day", " LAST ") == "last"
    with pytest.raises(ValueError, match="first"):
        parse_param_value("interest_payment_day", "middle")
