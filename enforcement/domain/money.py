"""Money as whole đồng: display, amounts in Vietnamese words, parsing and rounding.

Every amount in the program is an ``int`` of đồng; exact intermediate values are
``fractions.Fraction`` and are rounded once, half up (``round_half_up``). Amounts
are shown ``1.234.567 đ`` and written in words for the "Bằng chữ: …" line of
documents following LEGAL.md LR-WORDS (nghìn, tỷ, linh, mốt, lăm, bốn, mười,
"không trăm" inside a number). ``parse_amount`` accepts the ledger formats of
``LEDGER_FORMAT.md`` and refuses anything else with a Vietnamese message.
"""

from __future__ import annotations

import re
from fractions import Fraction

WORDS_RULE = "LR-WORDS"
WORDS_CLAUSE = "Nghị định 30/2020/NĐ-CP (ghi số tiền bằng chữ; LEGAL.md Phần B §8)"

MAX_AMOUNT_DIGITS = 15

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_GROUP_NAMES = ("", "nghìn", "triệu")
_BILLION = 10**9
_SPACES = " \u00a0\u202f"
_PLAIN = re.compile(r"\d+")
_DOT_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+")
_SPACE_GROUPED = re.compile(rf"\d{{1,3}}(?:[{_SPACES}]\d{{3}})+")


def _require_int(amount: int) -> None:
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError(f"Số tiền phải là số nguyên đồng, không phải {type(amount).__name__}")


def round_half_up(value: Fraction | int) -> int:
    """Round an exact value to whole đồng, halves away from zero (half up for amounts ≥ 0)."""
    exact = Fraction(value)
    return round_ratio_half_up(exact.numerator, exact.denominator)


def round_ratio_half_up(numerator: int, denominator: int) -> int:
    """``round_half_up(Fraction(numerator, denominator))`` in integers (``denominator`` > 0)."""
    magnitude = (2 * abs(numerator) + denominator) // (2 * denominator)
    return magnitude if numerator >= 0 else -magnitude


def format_money(n: int) -> str:
    """``1234567`` → ``"1.234.567 đ"``; negative amounts get a leading ``-``."""
    _require_int(n)
    grouped = f"{abs(n):,}".replace(",", ".")
    return f"-{grouped} đ" if n < 0 else f"{grouped} đ"


def _tens_and_units(tens: int, units: int, after_hundred: bool) -> list[str]:
    if tens == 0:
        if units == 0:
            return []
        return ["linh", _DIGITS[units]] if after_hundred else [_DIGITS[units]]
    words = ["mười"] if tens == 1 else [_DIGITS[tens], "mươi"]
    if units == 5:
        words.append("lăm")
    elif units == 1 and tens >= 2:
        words.append("mốt")
    elif units:
        words.append(_DIGITS[units])
    return words


def _group_words(group: int, full: bool) -> list[str]:
    """Words of a three-digit group; ``full`` when a higher group precedes it."""
    hundreds, rest = divmod(group, 100)
    words: list[str] = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    return words + _tens_and_units(rest // 10, rest % 10, after_hundred=bool(hundreds) or full)


def _below_billion(number: int, full: bool) -> list[str]:
    groups = [(number // 10**6) % 1000, (number // 1000) % 1000, number % 1000]
    words: list[str] = []
    for group, name in zip(groups, reversed(_GROUP_NAMES), strict=True):
        if group:
            words += _group_words(group, full)
            words += [name] if name else []
            full = True
    return words


def _number_words(number: int, full: bool = False) -> list[str]:
    if number >= _BILLION:
        billions, rest = divmod(number, _BILLION)
        return [*_number_words(billions, full), "tỷ", *_below_billion(rest, True)]
    return _below_billion(number, full)


def amount_in_words(n: int) -> str:
    """LR-WORDS: the amount ``n`` in Vietnamese words, capitalised, ending "đồng".

    LEGAL.md LR-WORDS (Part B §8): 0 → "Không đồng", 105 → "Một trăm linh năm
    đồng", 1 050 000 → "Một triệu không trăm năm mươi nghìn đồng".
    """
    _require_int(n)
    if n < 0:
        raise ValueError(f"Không viết được số tiền âm bằng chữ: {format_money(n)}")
    words = _number_words(n) or ["không"]
    text = " ".join([*words, "đồng"])
    return text[0].upper() + text[1:]


def parse_amount(text: str) -> int:
    """Read a ledger amount (LEDGER_FORMAT.md): ``1234567``, ``1.234.567``, ``1 234 567``.

    Refused, with a Vietnamese ValueError naming the fault: empty, negative,
    decimals (``12,5``, ``12.5``), text and more than 15 digits.
    """
    if not isinstance(text, str):
        raise ValueError(f"Số tiền phải được nhập dạng chữ số, không phải {type(text).__name__}")
    cleaned = text.strip(_SPACES + "\t\r\n")
    if not cleaned:
        raise ValueError("Số tiền trống: phải nhập một số nguyên đồng (ví dụ 1.234.567)")
    digits = _grouped_digits(cleaned)
    if len(digits) > MAX_AMOUNT_DIGITS:
        raise ValueError(f"Số tiền quá lớn: {cleaned} có hơn {MAX_AMOUNT_DIGITS} chữ số")
    return int(digits)


def _grouped_digits(cleaned: str) -> str:
    if _PLAIN.fullmatch(cleaned):
        return cleaned
    if _DOT_GROUPED.fullmatch(cleaned) or _SPACE_GROUPED.fullmatch(cleaned):
        return re.sub(rf"[.{_SPACES}]", "", cleaned)
    raise ValueError(_refusal(cleaned))


def _refusal(cleaned: str) -> str:
    if re.fullmatch(r"[-−–]\s*[\d., \u00a0\u202f]+", cleaned):
        return f"Số tiền âm không được chấp nhận: {cleaned}"
    if re.fullmatch(r"[\d., \u00a0\u202f]+", cleaned):
        if "." in cleaned and any(space in cleaned for space in _SPACES):
            return (
                f"Số tiền dùng lẫn dấu chấm và khoảng trắng: {cleaned} "
                "(chỉ dùng một kiểu phân cách hàng nghìn)"
            )
        if "," in cleaned:
            return f"Số tiền không được có phần thập phân hoặc dấu phẩy: {cleaned}"
        return (
            f"Số tiền không được có phần thập phân: {cleaned} "
            "(dấu chấm chỉ dùng phân cách hàng nghìn, mỗi nhóm sau đúng 3 chữ số)"
        )
    return f"Số tiền phải là số nguyên đồng viết bằng chữ số, không phải chữ: {cleaned}"
