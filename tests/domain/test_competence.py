"""Who may decide the penalty (LR-COMPETENCE: Decree 283/2026 Arts. 57, 63(1); XLVPHC Art. 52)."""

from __future__ import annotations

from datetime import date

import pytest

from enforcement.domain.competence import (
    DIRECTOR_GENERAL,
    INSPECTION_TEAM_HEAD,
    PROVINCE_DIRECTOR,
    SignerAuthority,
    beyond_competence,
    cap_for,
    check_competence,
    competence_table,
    delegation_citation,
    lowest_competent,
)
from enforcement.domain.legal_params import ParamSet

ON = date(2026, 10, 1)
DIRECTOR = SignerAuthority("Giám đốc Bảo hiểm xã hội tỉnh Bình Dương", title_id=PROVINCE_DIRECTOR)


def test_lr_competence_art_57_defaults_for_the_three_titles(params: ParamSet) -> None:
    caps = {t.id: t.cap_person for t in competence_table(ON, params)}
    assert caps == {PROVINCE_DIRECTOR: 37_500_000, INSPECTION_TEAM_HEAD: 60_000_000, DIRECTOR_GENERAL: 75_000_000}
    assert competence_table(date(2026, 9, 9), params) == []  # Decree 12/2022: not obtained (Part B §4.3)


def test_lr_competence_art_63_1_organisation_cap_is_double(params: ParamSet) -> None:
    assert cap_for(DIRECTOR, "person", ON, params) == 37_500_000
    assert cap_for(DIRECTOR, "household", ON, params) == 37_500_000  # Art. 7(3): fined as a person
    assert cap_for(DIRECTOR, "organisation", ON, params) == 75_000_000


@pytest.mark.parametrize(("top", "ok"), [(75_000_000, True), (75_000_001, False)])
def test_lr_competence_art_57_1_province_director_organisation_edge_75m(params: ParamSet, top: int, ok: bool) -> None:
    check = check_competence([top], "organisation", DIRECTOR, ON, params)
    assert check.ok is ok
    assert check.cap == 75_000_000 and check.top == top
    assert check.transfer_to == (None if ok else INSPECTION_TEAM_HEAD)


def test_lr_competence_every_violation_counts_and_the_largest_top_decides(params: ParamSet) -> None:
    check = check_competence([10_000_000, 40_000_000], "person", DIRECTOR, ON, params)
    assert not check.ok and check.top == 40_000_000 and check.transfer_to == INSPECTION_TEAM_HEAD
    assert lowest_competent(60_000_001, "person", ON, params).id == DIRECTOR_GENERAL
    assert lowest_competent(150_000_001, "organisation", ON, params) is None


def test_lr_competence_signer_own_cap_wins_and_no_cap_is_refused(params: ParamSet) -> None:
    own = SignerAuthority("Phó Giám đốc", cap_person=20_000_000)
    assert cap_for(own, "organisation", ON, params) == 40_000_000
    bare = SignerAuthority("Trưởng phòng")
    refused = check_competence([1], "person", bare, ON, params)
    assert not refused.ok and "chưa có thẩm quyền" in refused.reasons[0]
    assert beyond_competence([40_000_000], "person", [DIRECTOR, bare], ON, params)
    assert not beyond_competence([40_000_000], "organisation", [DIRECTOR, bare], ON, params)


def test_lr_competence_delegation_is_cited_by_number_and_date() -> None:
    deputy = SignerAuthority("Phó Giám đốc", title_id=PROVINCE_DIRECTOR, delegation_number="12/QĐ-BHXH",
                             delegation_date=date(2026, 9, 15))
    expected = "Quyết định giao quyền xử phạt vi phạm hành chính số 12/QĐ-BHXH ngày 15/09/2026"
    assert delegation_citation(deputy) == expected
    assert delegation_citation(DIRECTOR) == ""


def test_lr_competence_offender_must_be_known(params: ParamSet) -> None:
    with pytest.raises(ValueError, match="Đối tượng"):
        check_competence([1], "company", DIRECTOR, ON, params)
