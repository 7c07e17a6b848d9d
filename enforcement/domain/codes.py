"""Checks of the identifiers an employer is known by: tax code and BHXH unit code.

The tax code (mã số thuế) follows LEGAL.md LR-TAXCODE (R27): ten digits whose
tenth is a check digit, or the thirteen-character branch form whose first ten
are checked; a household business may instead use a twelve-digit personal
identification number, checked for digits only. The BHXH unit code (mã đơn vị)
has no public format (LR-UNITCODE): it is trimmed, upper-cased and matched
against an admin-configurable pattern. Each check returns a ``CheckResult``
that names the rule, the clause and, in Vietnamese, why it passed or failed.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

TAX_RULE = "LR-TAXCODE"
TAX_CLAUSE = "Quy tắc chữ số kiểm tra mã số thuế (LEGAL.md R27, Phần B §9.2)"
PERSONAL_ID_CLAUSE = (
    "Thông tư 86/2024/TT-BTC: số định danh cá nhân dùng làm mã số thuế (LEGAL.md Phần B §9.2)"
)
UNIT_RULE = "LR-UNITCODE"
UNIT_CLAUSE = "Mã đơn vị BHXH: định dạng do quản trị viên cấu hình (LEGAL.md LR-UNITCODE, Phần B §9.2)"
DEFAULT_UNIT_CODE_PATTERN = r"^[A-Z0-9]{2,20}$"

EMPLOYER_KINDS = ("doanh_nghiep", "co_quan", "ho_kinh_doanh", "khac")
HOUSEHOLD_KINDS = ("ho_kinh_doanh", "household")
TAX_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


@dataclass(frozen=True)
class CheckResult:
    """The outcome of a check: valid or not, the normalised value, rule, clause, reason."""

    valid: bool
    value: str
    rule: str
    clause: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return asdict(self)


def tax_check_digit(first_nine: str) -> int | None:
    """The check digit for nine digits, or None when the remainder is 0 (no valid code)."""
    remainder = sum(int(d) * w for d, w in zip(first_nine, TAX_WEIGHTS, strict=True)) % 11
    return None if remainder == 0 else 10 - remainder


def _tax(valid: bool, value: str, reason: str, clause: str = TAX_CLAUSE) -> CheckResult:
    return CheckResult(valid, value, TAX_RULE, clause, reason)


def _check_ten(code: str, value: str) -> CheckResult:
    remainder = sum(int(d) * w for d, w in zip(code[:9], TAX_WEIGHTS, strict=True)) % 11
    if remainder == 0:
        return _tax(
            False,
            value,
            f"Mã số thuế {code} không hợp lệ: tổng có trọng số chia 11 dư 0, không có chữ số kiểm tra hợp lệ",
        )
    expected = 10 - remainder
    if int(code[9]) != expected:
        return _tax(
            False,
            value,
            f"Sai chữ số kiểm tra: chữ số thứ 10 của {code} là {code[9]}, "
            f"đúng ra phải là {expected} (số dư r = {remainder})",
        )
    return _tax(True, value, f"Mã số thuế hợp lệ: chữ số kiểm tra {expected} đúng (số dư r = {remainder})")


def _check_personal_id(value: str, kind: str | None) -> CheckResult:
    if kind in HOUSEHOLD_KINDS:
        return _tax(
            True,
            value,
            "Số định danh cá nhân 12 chữ số của hộ kinh doanh: chỉ kiểm tra chữ số, không có chữ số kiểm tra",
            PERSONAL_ID_CLAUSE,
        )
    return _tax(
        False,
        value,
        "Số định danh cá nhân 12 chữ số chỉ được dùng làm mã số thuế của hộ kinh "
        f"doanh (loại hình hiện tại: {kind or 'không rõ'})",
        PERSONAL_ID_CLAUSE,
    )


def _check_branch(value: str) -> CheckResult:
    head, suffix = value[:10], value[11:]
    if not head.isdigit() or not suffix.isdigit() or not head.isascii() or not suffix.isascii():
        return _tax(
            False, value, f"Mã số thuế chi nhánh {value} phải có dạng NNNNNNNNNN-NNN (chỉ gồm chữ số)"
        )
    result = _check_ten(head, value)
    if not result.valid:
        return result
    return _tax(
        True,
        value,
        f"Mã số thuế chi nhánh hợp lệ: 10 số đầu {head} đúng chữ số kiểm tra; "
        f"phần đuôi {suffix} không có chữ số kiểm tra",
    )


def check_tax_code(code: str, kind: str | None = None) -> CheckResult:
    """LR-TAXCODE: validate a tax code (mã số thuế).

    LEGAL.md R27: W = [31,29,23,19,17,13,7,5,3], r = Σ Nᵢ·Wᵢ mod 11, valid iff
    r ≠ 0 and N₁₀ = 10 − r; ``NNNNNNNNNN-NNN`` branch form (first ten checked);
    a 12-digit personal ID only when ``kind`` is ``"ho_kinh_doanh"``. Thirteen
    digits without the hyphen are read as the branch form and normalised.
    """
    if kind is not None and kind not in EMPLOYER_KINDS + HOUSEHOLD_KINDS:
        raise ValueError(
            f"Loại hình đơn vị không hợp lệ: {kind} (chọn một trong {', '.join(EMPLOYER_KINDS)})"
        )
    value = code.strip() if isinstance(code, str) else ""
    if not value:
        return _tax(False, value, "Mã số thuế trống")
    if len(value) == 13 and value.isdigit() and value.isascii():
        value = f"{value[:10]}-{value[10:]}"
    if len(value) == 14 and value[10] == "-":
        return _check_branch(value)
    if not (value.isdigit() and value.isascii()):
        return _tax(
            False, value, f"Mã số thuế {value} chỉ được gồm chữ số (hoặc dạng chi nhánh NNNNNNNNNN-NNN)"
        )
    if len(value) == 10:
        return _check_ten(value, value)
    if len(value) == 12:
        return _check_personal_id(value, kind)
    return _tax(
        False,
        value,
        f"Mã số thuế phải có 10 chữ số (hoặc dạng NNNNNNNNNN-NNN); {value} có {len(value)} chữ số",
    )


def check_unit_code(code: str, pattern: str = DEFAULT_UNIT_CODE_PATTERN) -> CheckResult:
    """LR-UNITCODE: trim and upper-case the BHXH unit code, then match the configured pattern.

    LEGAL.md LR-UNITCODE (Phần B §9.2): 1–20 characters, default pattern
    ``^[A-Z0-9]{2,20}$``; ``value`` is the normalised code.
    """
    try:
        compiled = re.compile(pattern)
    except re.error as error:
        raise ValueError(f"Mẫu mã đơn vị không hợp lệ: {pattern} ({error})") from error
    value = code.strip().upper() if isinstance(code, str) else ""
    if not value:
        return CheckResult(False, value, UNIT_RULE, UNIT_CLAUSE, "Mã đơn vị trống")
    if len(value) > 20:
        return CheckResult(
            False, value, UNIT_RULE, UNIT_CLAUSE, f"Mã đơn vị {value} dài {len(value)} ký tự (tối đa 20)"
        )
    if compiled.fullmatch(value) is None:
        return CheckResult(
            False,
            value,
            UNIT_RULE,
            UNIT_CLAUSE,
            f"Mã đơn vị {value} không đúng định dạng {pattern} "
            "(sau khi bỏ khoảng trắng đầu cuối và viết hoa)",
        )
    return CheckResult(True, value, UNIT_RULE, UNIT_CLAUSE, f"Mã đơn vị {value} đúng định dạng {pattern}")
