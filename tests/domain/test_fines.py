"""Administrative fine proposals (LR-FINE: Decree 12/2022 Art. 39, Art. 6(1); XLVPHC Art. 23(4))."""

from __future__ import annotations

import json
from datetime import date

import pytest

from enforcement.domain.fines import FineProposal, check_chosen_fine, check_signer_competence, propose_fine
from enforcement.domain.legal_params import ParamRow, ParamSet

IN_FORCE = date(2024, 5, 1)


def test_lr_fine_late_payment_person_is_12_to_15_percent_of_the_si_bhtn_part_decree_12_art_39_5_a(
    params: ParamSet,
) -> None:
    proposal = propose_fine(IN_FORCE, "late_payment", "person", 320_000_000, False, False, params)
    assert proposal.known
    assert proposal.base == 275_000_000  # 320 M × 27.5/32
    assert (proposal.band_min, proposal.band_max) == (33_000_000, 41_250_000)
    assert proposal.proposal == 37_125_000  # 13.5 %
    assert proposal.clause == "Nghị định 12/2022/NĐ-CP Điều 39 khoản 5 điểm a"
    assert proposal.rule == "LR-FINE"


def test_lr_fine_late_payment_person_is_capped_at_75_million(params: ParamSet) -> None:
    proposal = propose_fine(IN_FORCE, "late_payment", "person", 1_000_000_000, False, False, params)
    assert (proposal.band_min, proposal.band_max, proposal.proposal) == (75_000_000, 75_000_000, 75_000_000)


def test_lr_fine_organisation_pays_double_and_the_cap_doubles_to_150_million_art_6_1(
    params: ParamSet,
) -> None:
    small = propose_fine(IN_FORCE, "late_payment", "organisation", 320_000_000, False, False, params)
    large = propose_fine(IN_FORCE, "late_payment", "organisation", 1_000_000_000, False, False, params)
    assert (small.band_min, small.band_max, small.proposal) == (66_000_000, 82_500_000, 74_250_000)
    assert (large.band_min, large.band_max, large.proposal) == (150_000_000, 150_000_000, 150_000_000)
    assert "Điều 6 khoản 1" in (small.clause or "")


@pytest.mark.parametrize(
    ("outstanding", "band", "expected"),
    [
        (640_000_000, (66_000_000, 75_000_000), 74_250_000),
        (704_000_000, (72_600_000, 75_000_000), 75_000_000),
    ],
)
def test_lr_fine_percent_midpoint_is_13_5_percent_then_the_cap_part_b_4_2(
    params: ParamSet, outstanding: int, band: tuple[int, int], expected: int
) -> None:
    """Part B §4.2: 13.5 % of the base, then capped — not the middle of the capped band (70.5 M / 73.8 M)."""
    proposal = propose_fine(IN_FORCE, "late_payment", "person", outstanding, False, False, params)
    assert (proposal.band_min, proposal.band_max) == band
    assert proposal.proposal == expected


@pytest.mark.parametrize(
    ("offender", "band", "midpoint"),
    [
        ("person", (50_000_000, 75_000_000), 62_500_000),
        ("organisation", (100_000_000, 150_000_000), 125_000_000),
    ],
)
def test_lr_fine_evasion_is_50_to_75_million_for_a_person_decree_12_art_39_7_a(
    params: ParamSet, offender: str, band: tuple[int, int], midpoint: int
) -> None:
    proposal = propose_fine(IN_FORCE, "evasion", offender, 5_000_000, False, False, params)
    assert (proposal.band_min, proposal.band_max) == band
    assert proposal.proposal == midpoint
    assert proposal.clause is not None
    assert proposal.clause.startswith("Nghị định 12/2022/NĐ-CP Điều 39 khoản 7 điểm a")


@pytest.mark.parametrize(
    ("mitigating", "aggravating", "expected"),
    [
        (False, False, 62_500_000),
        (True, False, 50_000_000),
        (False, True, 75_000_000),
        (True, True, 62_500_000),
    ],
)
def test_lr_fine_factors_choose_min_max_or_midpoint_xlvphc_art_23_4(
    params: ParamSet, mitigating: bool, aggravating: bool, expected: int
) -> None:
    proposal = propose_fine(IN_FORCE, "evasion", "person", 1, mitigating, aggravating, params)
    assert proposal.proposal == expected
    assert any("Điều 23 khoản 4" in reason for reason in proposal.reasons)


def test_lr_fine_rounds_half_up_to_whole_dong(params: ParamSet) -> None:
    """1 280 đ → base 1 100 đ; 13.5 % = 148.5 đ → 149 đ (banker's rounding would give 148)."""
    proposal = propose_fine(IN_FORCE, "late_payment", "person", 1_280, False, False, params)
    assert proposal.base == 1_100
    assert proposal.proposal == 149


@pytest.mark.parametrize("day", [date(2022, 1, 17), date(2026, 9, 9)])
def test_lr_fine_decree_12_2022_applies_on_both_ends_of_its_period(params: ParamSet, day: date) -> None:
    assert propose_fine(day, "evasion", "person", 1, False, False, params).known


def test_lr_fine_before_2022_01_17_refuses_and_names_the_older_decrees(params: ParamSet) -> None:
    proposal = propose_fine(date(2022, 1, 16), "late_payment", "person", 10**9, False, False, params)
    assert not proposal.known
    assert "Nghị định 28/2020/NĐ-CP" in proposal.reasons[0]
    assert "§4.1" in proposal.reasons[0]


def test_lr_fine_admin_configured_decree_283_bands_are_used_with_the_same_structure(params: ParamSet) -> None:
    bands = {
        "regime": "Nghị định 283/2026/NĐ-CP",
        "clause": "Nghị định 283/2026/NĐ-CP (điều khoản thử nghiệm)",
        "kind": "fixed",
        "min": 60_000_000,
        "max": 80_000_000,
        "cap": None,
    }
    configured = params.with_rows(ParamRow("fine_evasion", bands, date(2026, 9, 10), None, "thử nghiệm", "U"))
    proposal = propose_fine(date(2026, 10, 1), "evasion", "organisation", 1, False, False, configured)
    assert proposal.known
    assert (proposal.band_min, proposal.band_max, proposal.proposal) == (
        120_000_000,
        160_000_000,
        140_000_000,
    )
    assert proposal.regime == "Nghị định 283/2026/NĐ-CP"


def test_lr_fine_proposal_explains_itself_as_json(params: ParamSet) -> None:
    data = propose_fine(IN_FORCE, "late_payment", "organisation", 320_000_000, True, False, params).to_dict()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert data["inputs"]["violation_date"] == "2024-05-01"
    assert any("24 %–30 %" in reason for reason in data["reasons"])


@pytest.mark.parametrize(
    ("behaviour", "offender", "outstanding"),
    [
        ("fraud", "person", 1),
        ("evasion", "company", 1),
        ("evasion", "person", -1),
        ("evasion", "person", 1.5),
    ],
)
def test_lr_fine_refuses_unknown_behaviour_offender_and_bad_amounts(
    params: ParamSet, behaviour: str, offender: str, outstanding: int
) -> None:
    with pytest.raises(ValueError, match=r"không hợp lệ|không âm"):
        propose_fine(IN_FORCE, behaviour, offender, outstanding, False, False, params)


def _evasion_person(params: ParamSet) -> FineProposal:
    return propose_fine(IN_FORCE, "evasion", "person", 1, False, False, params)


@pytest.mark.parametrize("chosen", [49_999_999, 75_000_001, 0])
def test_lr_fine_a_chosen_fine_outside_the_band_is_refused(params: ParamSet, chosen: int) -> None:
    check = check_chosen_fine(_evasion_person(params), chosen, "có lý do")
    assert not check.ok
    assert "nằm ngoài khung" in check.reasons[0]


def test_lr_fine_another_figure_inside_the_band_needs_a_reason(params: ParamSet) -> None:
    proposal = _evasion_person(params)
    assert not check_chosen_fine(proposal, 70_000_000, "  ").ok
    assert check_chosen_fine(proposal, 70_000_000, "Đơn vị đã khắc phục một phần").ok
    assert check_chosen_fine(proposal, 62_500_000, "").ok
    assert check_chosen_fine(proposal, 50_000_000, "giảm nhẹ").ok


def test_lr_fine_without_a_known_band_a_manual_fine_needs_a_reason(params: ParamSet) -> None:
    unknown = propose_fine(date(2026, 9, 10), "evasion", "person", 1, False, False, params)
    assert not check_chosen_fine(unknown, 70_000_000, "").ok
    assert check_chosen_fine(unknown, 70_000_000, "Nghị định 283/2026 Điều … khoản …").ok


def test_lr_fine_signer_without_configured_competence_is_blocked() -> None:
    ok, reason = check_signer_competence(10_000_000, None, None, "organisation")
    assert not ok
    assert "chưa cấu hình thẩm quyền" in reason


@pytest.mark.parametrize(("fine", "ok"), [(100_000_000, True), (100_000_001, False)])
def test_lr_fine_signer_competence_cap_is_checked_per_offender_kind(fine: int, ok: bool) -> None:
    assert check_signer_competence(fine, 50_000_000, 100_000_000, "organisation")[0] is ok
    assert check_signer_competence(fine, 100_000_000, None, "person")[0] is ok
    if not ok:
        assert "vượt thẩm quyền" in check_signer_competence(fine, 50_000_000, 100_000_000, "organisation")[1]
