"""Administrative fines violation by violation (LR-FINE revised: Decree 283/2026 Arts. 7, 43–46, 67;
Decree 12/2022 Art. 39; XLVPHC Arts. 9, 10, 23(4)) and the competence check of LR-COMPETENCE."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from enforcement.domain.fines import FineInputError, calculate, compute_fines, decree_for, parse_request
from enforcement.domain.legal_params import ParamSet

RECORD = "2026-10-01"
M = 1_000_000


def one(params: ParamSet, behaviour: str, offender: str = "person", *, base: int | None = None,
        workers: int | None = None, months: int = 1, aggravating: list[str] | None = None,
        mitigating: list[str] | None = None, ended_on: str | None = None,
        signer: dict[str, Any] | None = None) -> dict[str, Any]:
    item: dict[str, Any] = {"behaviour": behaviour, "months": months, "aggravating": aggravating or [],
                            "mitigating": mitigating or []}
    if base is not None:
        item["base"] = base
    if workers is not None:
        item["workers"] = workers
    body: dict[str, Any] = {"violation_date": RECORD, "ended_on": ended_on, "offender": offender,
                            "violations": [item]}
    if signer:
        body["signer"] = signer
    return calculate(body, params)


def v(result: dict[str, Any]) -> dict[str, Any]:
    return result["violations"][0]


# ---------------------------------------------------------------- which decree (Art. 67)


def test_lr_fine_art_67_ended_2026_09_09_is_decree_12_ongoing_on_2026_09_10_is_decree_283(params: ParamSet) -> None:
    ended = one(params, "si_late", base=100 * M, ended_on="2026-09-09")
    assert ended["decree"] == "12/2022" and v(ended)["article"] == "39(5)"
    ongoing = one(params, "si_late", base=100 * M, ended_on=None)
    assert ongoing["decree"] == "283/2026" and v(ongoing)["article"] == "43(3)"
    ended_after = one(params, "si_late", base=100 * M, ended_on="2026-09-10")
    assert ended_after["decree"] == "283/2026"
    assert decree_for(date(2026, 9, 10), None, params)[0] == "283/2026"
    assert decree_for(date(2026, 9, 9), None, params)[0] == "12/2022"


def test_lr_fine_art_67_before_decree_12_is_refused_naming_ended_on(params: ParamSet) -> None:
    with pytest.raises(FineInputError) as refused:
        one(params, "si_late", base=M, ended_on="2022-01-16")
    assert refused.value.errors[0][0] == "ended_on"


def test_lr_fine_decree_12_refuses_bhtn_behaviours_with_the_reason(params: ParamSet) -> None:
    with pytest.raises(FineInputError) as refused:
        one(params, "ui_late", base=M, ended_on="2026-09-09")
    field, message = refused.value.errors[0]
    assert field == "violations[0].behaviour" and "Điều 39" in message


def test_lr_fine_decree_12_art_39_5_a_and_7_a_with_organisation_double(params: ParamSet) -> None:
    late = v(one(params, "si_late", "organisation", base=100 * M, ended_on="2025-01-01"))
    assert (late["band_min"], late["band_max"], late["proposal"]) == (24 * M, 30 * M, 27 * M)
    evasion = v(one(params, "si_evasion", base=1, ended_on="2025-01-01"))
    assert (evasion["article"], evasion["band_min"], evasion["band_max"]) == ("39(7)", 50 * M, 75 * M)


# ---------------------------------------------------------------- percentage bands (Arts. 43(3), 44(2), 45(3), 46(2))


@pytest.mark.parametrize(("behaviour", "article", "low", "high"), [
    ("si_late", "43(3)", "0.12", "0.15"), ("ui_late", "45(3)", "0.12", "0.15"),
    ("si_evasion", "44(2)", "0.18", "0.20"), ("ui_evasion", "46(2)", "0.18", "0.20"),
])
@pytest.mark.parametrize("offender", ["person", "organisation", "household"])
def test_lr_fine_283_percentage_band_and_caps_75m_person_150m_organisation(
    params: ParamSet, behaviour: str, article: str, low: str, high: str, offender: str
) -> None:
    factor = 2 if offender == "organisation" else 1  # Art. 7(1)-(2); household as a person (Art. 7(3))
    small = v(one(params, behaviour, offender, base=10 * M))
    assert small["article"] == article and small["form"] == "fine"
    assert small["band_min"] == round(float(low) * 10 * M * factor)
    assert small["band_max"] == round(float(high) * 10 * M * factor)
    assert small["proposal"] == (small["band_min"] + small["band_max"]) // 2
    huge = v(one(params, behaviour, offender, base=10_000 * M))
    assert huge["band_min"] == huge["band_max"] == 75 * M * factor


def test_lr_fine_283_cap_edges_75m_person_and_150m_organisation(params: ParamSet) -> None:
    # 15 % of 500 000 000 = 75 000 000 (exactly the cap); one đồng more is capped.
    assert v(one(params, "si_late", base=500 * M))["band_max"] == 75 * M
    assert v(one(params, "si_late", base=500 * M + 7))["band_max"] == 75 * M
    assert v(one(params, "si_late", base=500 * M - 7))["band_max"] == 74_999_999  # 74 999 998,95 → half up
    assert v(one(params, "si_late", "organisation", base=500 * M))["band_max"] == 150 * M
    assert v(one(params, "si_late", "organisation", base=500 * M + 7))["band_max"] == 150 * M
    assert v(one(params, "si_evasion", "organisation", base=375 * M))["band_max"] == 150 * M  # 40 % × 375 M


@pytest.mark.parametrize(("behaviour", "warning_article"), [("si_late", "43(1)"), ("ui_late", "45(1)")])
@pytest.mark.parametrize("offender", ["person", "organisation"])
def test_lr_fine_283_warning_under_400000_clause_1_not_doubled(
    params: ParamSet, behaviour: str, warning_article: str, offender: str
) -> None:
    warned = v(one(params, behaviour, offender, base=399_999))
    assert (warned["form"], warned["article"], warned["proposal"], warned["band_max"]) == (
        "warning", warning_article, 0, 0)
    fined = v(one(params, behaviour, offender, base=400_000))
    assert fined["form"] == "fine" and fined["band_min"] == 48_000 * (2 if offender == "organisation" else 1)


def test_lr_fine_283_evasion_has_no_warning(params: ParamSet) -> None:
    assert v(one(params, "si_evasion", base=1))["form"] == "fine"
    assert v(one(params, "ui_evasion", base=399_999))["form"] == "fine"


# ---------------------------------------------------------------- headcount bands (Arts. 43(2), 44(1), 45(2), 46(1))

HEADCOUNT = {
    "si_unregistered_late": ("43(2)", [(5, 10), (10, 15), (15, 20), (20, 30), (30, 40), (40, 50), (50, 60), (60, 75)]),
    "si_unregistered_evasion": ("44(1)", [(6, 12), (12, 20), (20, 30), (30, 40), (40, 50), (50, 60), (60, 70),
                                          (70, 75)]),
    "ui_unregistered_late": ("45(2)", [(0.5, 2.5), (2.5, 5), (5, 10), (10, 15), (15, 20), (20, 25), (25, 30),
                                       (30, 35)]),
    "ui_unregistered_evasion": ("46(1)", [(1, 5), (5, 10), (10, 15), (15, 20), (20, 25), (25, 30), (30, 35),
                                          (35, 40)]),
}
EDGES = [(1, 0), (9, 0), (10, 1), (49, 1), (50, 2), (99, 2), (100, 3), (299, 3), (300, 4), (499, 4), (500, 5),
         (699, 5), (700, 6), (999, 6), (1000, 7), (50_000, 7)]


@pytest.mark.parametrize("behaviour", list(HEADCOUNT))
@pytest.mark.parametrize(("workers", "band"), EDGES)
@pytest.mark.parametrize("offender", ["person", "organisation"])
def test_lr_fine_283_headcount_bands_at_each_edge(
    params: ParamSet, behaviour: str, workers: int, band: int, offender: str
) -> None:
    article, bands = HEADCOUNT[behaviour]
    factor = 2 if offender == "organisation" else 1
    got = v(one(params, behaviour, offender, workers=workers))
    low, high = bands[band]
    assert got["article"] == article
    assert (got["band_min"], got["band_max"]) == (int(low * M * factor), int(high * M * factor))


# ---------------------------------------------------------------- factors (XLVPHC Arts. 9, 10, 23(4); Art. 7(4))


def test_lr_fine_art_7_4_two_months_or_more_count_vi_pham_nhieu_lan_once(params: ParamSet) -> None:
    assert v(one(params, "si_late", base=100 * M, months=1))["net_factors"] == 0
    twice = v(one(params, "si_late", base=100 * M, months=2))
    assert twice["net_factors"] == 1 and any("nhiều lần" in r for r in twice["reasons"])
    named = v(one(params, "si_late", base=100 * M, months=5, aggravating=["vi_pham_nhieu_lan"]))
    assert named["net_factors"] == 1


@pytest.mark.parametrize(("aggravating", "mitigating", "net", "proposal"), [
    ([], [], 0, 13_500_000),  # midpoint of 12 M – 15 M
    ([], ["tu_nguyen_khac_phuc"], -1, 12_750_000),  # middle of [min, mid]
    ([], ["tu_nguyen_khac_phuc", "tu_nguyen_khai_bao"], -2, 12_000_000),  # min
    (["tron_tranh_che_giau"], [], 1, 14_250_000),  # middle of [mid, max]
    (["tron_tranh_che_giau", "quy_mo_lon"], [], 2, 15_000_000),  # max
    (["tron_tranh_che_giau", "quy_mo_lon"], ["tu_nguyen_khac_phuc", "tu_nguyen_khai_bao"], 0, 13_500_000),
    (["tron_tranh_che_giau", "quy_mo_lon", "co_to_chuc"], ["tu_nguyen_khac_phuc"], 2, 15_000_000),
])
def test_lr_fine_xlvphc_23_4_factors_netted_one_for_one(
    params: ParamSet, aggravating: list[str], mitigating: list[str], net: int, proposal: int
) -> None:
    got = v(one(params, "si_late", base=100 * M, aggravating=aggravating, mitigating=mitigating))
    assert (got["net_factors"], got["proposal"]) == (net, proposal)
    assert sum("Tình tiết" in r for r in got["reasons"]) == len(set(aggravating)) + len(set(mitigating))


def test_lr_fine_unknown_factor_name_is_refused_naming_the_field(params: ParamSet) -> None:
    with pytest.raises(FineInputError) as refused:
        one(params, "si_late", base=M, mitigating=["thanh_that"])
    assert refused.value.errors[0][0] == "violations[0].mitigating"


def test_lr_fine_proposal_is_rounded_once_half_up(params: ParamSet) -> None:
    got = v(one(params, "si_evasion", base=3))  # 0,54 – 0,6; mid 0,57 → 1 (half up once, not 1 + 1 = 2 / 2)
    assert (got["band_min"], got["band_max"], got["proposal"]) == (1, 1, 1)
    exact = v(one(params, "si_late", base=400_001))  # 48 000,12 – 60 000,15, mid 54 000,135
    assert (exact["band_min"], exact["band_max"], exact["proposal"]) == (48_000, 60_000, 54_000)


# ---------------------------------------------------------------- the decision and competence


def test_lr_fine_separate_violations_and_the_total(params: ParamSet) -> None:
    result = calculate({
        "violation_date": RECORD, "ended_on": None, "offender": "organisation",
        "violations": [{"behaviour": "si_evasion", "base": 200 * M, "months": 3},
                       {"behaviour": "ui_evasion", "base": 16 * M, "months": 3}],
    }, params)
    si, ui = result["violations"]
    assert (si["article"], ui["article"]) == ("44(2)", "46(2)")
    assert result["total"] == si["proposal"] + ui["proposal"]


def test_lr_fine_same_behaviour_twice_is_one_violation(params: ParamSet) -> None:
    with pytest.raises(FineInputError) as refused:
        calculate({"violation_date": RECORD, "offender": "person",
                   "violations": [{"behaviour": "si_late", "base": 1}, {"behaviour": "si_late", "base": 2}]}, params)
    assert refused.value.errors[0][0] == "violations[1].behaviour"


@pytest.mark.parametrize(("base", "top", "ok"), [(250_000_000, 75_000_000, True), (250_000_004, 75_000_001, False)])
def test_lr_competence_organisation_si_late_payment_top_of_band_against_the_province_director(
    params: ParamSet, base: int, top: int, ok: bool
) -> None:
    result = one(params, "si_late", "organisation", base=base, signer={"title": "bhxh_province_director"})
    assert result["competence"] == {"ok": ok, "top": top, "cap": 75_000_000,
                                    "transfer_to": None if ok else "vss_inspection_team_head"}


def test_lr_competence_follows_the_top_not_the_figure_chosen(params: ParamSet) -> None:
    # Mitigated to the minimum (60 000 001 đ) — still beyond the director: the top of the band decides.
    result = one(params, "si_late", "organisation", base=250_000_004,
                 mitigating=["tu_nguyen_khac_phuc", "tu_nguyen_khai_bao"],
                 signer={"title": "Phó Giám đốc", "cap_person": 37_500_000})
    assert v(result)["proposal"] == 60_000_001 and result["competence"]["ok"] is False


def test_lr_fine_bad_input_names_each_field(params: ParamSet) -> None:
    with pytest.raises(FineInputError) as refused:
        parse_request({"violation_date": "2026-13-01", "offender": "company",
                       "violations": [{"behaviour": "si_late"}, {"behaviour": "si_unregistered_late", "months": 0}],
                       "signer": {"title": "Trưởng phòng"}}, params)
    fields = {f for f, _ in refused.value.errors}
    assert {"violation_date", "offender", "violations[0].base", "violations[1].workers",
            "violations[1].months"} <= fields


def test_lr_fine_reasons_cite_clause_decree_and_offender(params: ParamSet) -> None:
    result = compute_fines(parse_request({
        "violation_date": RECORD, "offender": "household",
        "violations": [{"behaviour": "si_evasion", "base": 10 * M, "months": 1}]}, params), params)
    fine = result.violations[0]
    assert fine.citation == "điểm b khoản 2 Điều 44 Nghị định số 283/2026/NĐ-CP"
    assert any("khoản 3 Điều 7" in r for r in fine.reasons)
    assert "khoản 3 Điều 44" in fine.remedy and "bảo hiểm y tế" not in fine.remedy


def test_lr_fine_malformed_json_is_refused_never_a_crash(params: ParamSet) -> None:
    """Found by the API fuzzer: a dict as behaviour, a record before Decree 12/2022, an empty signer title."""
    with pytest.raises(FineInputError) as refused:
        calculate({"ended_on": "2000-01-01", "offender": "person", "signer": {"cap_person": 0, "title": ""},
                   "violation_date": "2000-01-01",
                   "violations": [{"aggravating": [], "base": 0, "behaviour": {}, "mitigating": [], "months": 0,
                                   "workers": 0}]}, params)
    fields = {f for f, _ in refused.value.errors}
    assert {"violations[0].behaviour", "signer.title"} <= fields
    with pytest.raises(FineInputError) as early:
        calculate({"violation_date": "2000-01-01", "ended_on": None, "offender": {},
                   "violations": [{"behaviour": "si_late", "base": 1}]}, params)
    assert early.value.errors[0][0] == "offender"
    with pytest.raises(FineInputError) as before_decree_12:
        calculate({"violation_date": "2000-01-01", "ended_on": None, "offender": "person",
                   "violations": [{"behaviour": "si_late", "base": 1}]}, params)
    assert before_decree_12.value.errors[0][0] == "violation_date"
