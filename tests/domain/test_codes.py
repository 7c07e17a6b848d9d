"""Tax code (LR-TAXCODE, LEGAL.md R27) and BHXH unit code (LR-UNITCODE) checks."""

from __future__ import annotations

import pytest

from enforcement.domain.codes import check_tax_code, check_unit_code, tax_check_digit

REAL_CODES = ("0100109106", "0102325399")


def _one_digit_changes(code: str) -> list[str]:
    return [code[:i] + d + code[i + 1 :] for i in range(len(code)) for d in "0123456789" if d != code[i]]


@pytest.mark.parametrize("code", REAL_CODES)
def test_lr_taxcode_real_codes_are_valid_r27(code: str) -> None:
    result = check_tax_code(code)
    assert result.valid, result.reason
    assert result.rule == "LR-TAXCODE"
    assert result.value == code


@pytest.mark.parametrize("code", [c for real in REAL_CODES for c in _one_digit_changes(real)])
def test_lr_taxcode_every_one_digit_change_of_a_real_code_is_invalid_r27(code: str) -> None:
    assert not check_tax_code(code).valid


def test_lr_taxcode_wrong_check_digit_reason_names_the_expected_digit() -> None:
    result = check_tax_code("3734116366")
    assert not result.valid
    assert "phải là 3" in result.reason


@pytest.mark.parametrize("last", "0123456789")
def test_lr_taxcode_remainder_zero_is_invalid_whatever_the_tenth_digit(last: str) -> None:
    """LR-TAXCODE: r = 0 ⇒ invalid (1·31 + 8·3 = 55 ≡ 0 mod 11)."""
    assert tax_check_digit("100000008") is None
    result = check_tax_code("100000008" + last)
    assert not result.valid
    assert "dư 0" in result.reason


def test_lr_taxcode_branch_form_checks_the_first_ten_digits_only() -> None:
    assert check_tax_code("0100109106-001").valid
    assert check_tax_code("0100109106-999").valid
    assert not check_tax_code("0100109107-001").valid


@pytest.mark.parametrize("code", ["0100109106-01", "0100109106-A01", "0100109106_001", "0100109106-0011"])
def test_lr_taxcode_malformed_branch_forms_are_invalid(code: str) -> None:
    assert not check_tax_code(code).valid


def test_lr_taxcode_thirteen_digits_without_hyphen_are_read_as_the_branch_form() -> None:
    result = check_tax_code("0100109106001")
    assert result.valid
    assert result.value == "0100109106-001"


def test_lr_taxcode_twelve_digit_personal_id_only_for_a_household_business() -> None:
    assert check_tax_code("001204012345", kind="ho_kinh_doanh").valid
    for kind in ("doanh_nghiep", "co_quan", "khac", None):
        result = check_tax_code("001204012345", kind=kind)
        assert not result.valid
        assert "hộ kinh doanh" in result.reason


def test_lr_taxcode_twelve_characters_with_a_letter_are_invalid_even_for_a_household() -> None:
    assert not check_tax_code("00120401234A", kind="ho_kinh_doanh").valid


@pytest.mark.parametrize(
    ("code", "fault"),
    [
        ("373411636", "9 chữ số"),
        ("01001091060", "11 chữ số"),
        ("", "trống"),
        ("01001O9106", "chỉ được gồm chữ số"),
    ],
)
def test_lr_taxcode_wrong_lengths_and_characters_are_named(code: str, fault: str) -> None:
    result = check_tax_code(code)
    assert not result.valid
    assert fault in result.reason


def test_lr_taxcode_unknown_employer_kind_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="Loại hình"):
        check_tax_code("0100109106", kind="cong_ty")


def test_lr_taxcode_result_explains_itself_as_json() -> None:
    data = check_tax_code(" 0100109106 ").to_dict()
    assert data == {
        "valid": True,
        "value": "0100109106",
        "rule": "LR-TAXCODE",
        "clause": data["clause"],
        "reason": data["reason"],
    }
    assert "R27" in data["clause"]


def test_lr_unitcode_trims_and_upper_cases_before_matching() -> None:
    result = check_unit_code(" ta1845p ")
    assert result.valid
    assert result.value == "TA1845P"
    assert result.rule == "LR-UNITCODE"


@pytest.mark.parametrize("code", ["TA-12 34", "A", "", "   ", "X" * 21, "TÂ1845"])
def test_lr_unitcode_codes_outside_the_default_pattern_are_invalid(code: str) -> None:
    assert not check_unit_code(code).valid


def test_lr_unitcode_invalid_result_still_shows_the_normalised_value() -> None:
    assert check_unit_code(" ta-12 34 ").value == "TA-12 34"


def test_lr_unitcode_pattern_is_configurable() -> None:
    assert check_unit_code("ta-1234", pattern=r"^[A-Z]{2}-\d{4}$").valid
    assert not check_unit_code("TA1234", pattern=r"^[A-Z]{2}-\d{4}$").valid


def test_lr_unitcode_a_broken_pattern_is_refused_clearly() -> None:
    with pytest.raises(ValueError, match="Mẫu mã đơn vị không hợp lệ"):
        check_unit_code("TA1", pattern="([A-Z")
