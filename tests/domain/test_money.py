"""Money display, amounts in words (LR-WORDS), ledger amount parsing and rounding."""

from __future__ import annotations

import unicodedata
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from enforcement.domain.money import amount_in_words, format_money, parse_amount, round_half_up

LR_WORDS_TABLE = [
    (0, "Không đồng"),
    (15, "Mười lăm đồng"),
    (21, "Hai mươi mốt đồng"),
    (105, "Một trăm linh năm đồng"),
    (1_050_000, "Một triệu không trăm năm mươi nghìn đồng"),
    (18_000_000, "Mười tám triệu đồng"),
    (1_234_567, "Một triệu hai trăm ba mươi bốn nghìn năm trăm sáu mươi bảy đồng"),
    (2_000_000_000, "Hai tỷ đồng"),
]


@pytest.mark.parametrize(("amount", "words"), LR_WORDS_TABLE)
def test_lr_words_every_example_of_the_legal_table(amount: int, words: str) -> None:
    """LR-WORDS (LEGAL.md Part B §8): the table of examples, exactly."""
    assert amount_in_words(amount) == words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (10, "Mười đồng"),
        (11, "Mười một đồng"),
        (14, "Mười bốn đồng"),
        (24, "Hai mươi bốn đồng"),
        (25, "Hai mươi lăm đồng"),
        (41, "Bốn mươi mốt đồng"),
        (101, "Một trăm linh một đồng"),
        (110, "Một trăm mười đồng"),
        (1_005, "Một nghìn không trăm linh năm đồng"),
        (100_000, "Một trăm nghìn đồng"),
        (1_001_000, "Một triệu không trăm linh một nghìn đồng"),
        (1_000_000_050, "Một tỷ không trăm năm mươi đồng"),
        (1_000_000_000_000, "Một nghìn tỷ đồng"),
        (1_050_000_000_000, "Một nghìn không trăm năm mươi tỷ đồng"),
        (10**15, "Một triệu tỷ đồng"),
    ],
)
def test_lr_words_conventions_linh_mot_lam_bon_muoi_and_empty_hundreds(amount: int, words: str) -> None:
    """LR-WORDS: nghìn, tỷ, linh, mốt (≥ 21), lăm, bốn (not tư), mười, "không trăm" inside a number."""
    assert amount_in_words(amount) == words


def test_lr_words_output_is_nfc_and_never_uses_ngan_or_tu() -> None:
    text = amount_in_words(4_444_444_444)
    assert unicodedata.is_normalized("NFC", text)
    assert "ngàn" not in text
    assert " tư" not in text


def test_amount_in_words_refuses_negative_amounts_and_floats() -> None:
    with pytest.raises(ValueError, match="âm"):
        amount_in_words(-5)
    with pytest.raises(TypeError, match="số nguyên"):
        amount_in_words(1.5)  # type: ignore[arg-type]


_UNITS = {
    "không": 0,
    "một": 1,
    "mốt": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "năm": 5,
    "lăm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
}


def _words_to_number(text: str) -> int:
    """An independent reader of Vietnamese amounts, for the round trip."""
    assert text.endswith(" đồng")
    total = section = group = 0
    pending = 0
    for word in text[: -len(" đồng")].lower().split():
        if word in _UNITS:
            pending = _UNITS[word]
        elif word == "mười":
            group += 10
        elif word == "mươi":
            group += pending * 10
            pending = 0
        elif word == "trăm":
            group += pending * 100
            pending = 0
        elif word == "linh":
            continue
        elif word in ("nghìn", "triệu"):
            section += (group + pending) * (1000 if word == "nghìn" else 1_000_000)
            group = pending = 0
        elif word == "tỷ":
            total = (total + section + group + pending) * 1_000_000_000
            section = group = pending = 0
        else:
            raise AssertionError(f"unexpected word {word!r}")
    return total + section + group + pending


@settings(max_examples=300)
@given(st.integers(min_value=0, max_value=10**12))
def test_lr_words_round_trip_through_an_independent_reader(amount: int) -> None:
    assert _words_to_number(amount_in_words(amount)) == amount


def test_the_words_reader_of_this_test_really_reads() -> None:
    assert _words_to_number("Một triệu không trăm năm mươi nghìn đồng") == 1_050_000
    assert _words_to_number("Hai mươi mốt đồng") == 21


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (1_234_567, "1.234.567 đ"),
        (0, "0 đ"),
        (999, "999 đ"),
        (1_000, "1.000 đ"),
        (-1_234_567, "-1.234.567 đ"),
    ],
)
def test_format_money_groups_thousands_with_dots(amount: int, text: str) -> None:
    assert format_money(amount) == text


def test_format_money_refuses_floats() -> None:
    with pytest.raises(TypeError):
        format_money(12.5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1234567", 1_234_567),
        ("1.234.567", 1_234_567),
        ("1 234 567", 1_234_567),
        ("1\u00a0234\u00a0567", 1_234_567),
        ("12.500", 12_500),
        (" 0 ", 0),
        ("123456789012345", 123_456_789_012_345),
        ("106901760", 106_901_760),
    ],
)
def test_parse_amount_accepts_the_ledger_formats(text: str, amount: int) -> None:
    """LEDGER_FORMAT.md: plain digits, dots or spaces as thousands separators."""
    assert parse_amount(text) == amount


@pytest.mark.parametrize(
    ("text", "fault"),
    [
        ("12,5", "thập phân"),
        ("12.5", "thập phân"),
        ("1.2345", "thập phân"),
        ("1.234,56", "thập phân"),
        ("-2500000", "âm"),
        ("", "trống"),
        ("   ", "trống"),
        ("mười hai triệu", "không phải chữ"),
        ("12a", "không phải chữ"),
        ("1234567890123456", "15 chữ số"),
        ("1 234.567", "lẫn dấu chấm và khoảng trắng"),
    ],
)
def test_parse_amount_refuses_with_a_message_naming_the_fault(text: str, fault: str) -> None:
    """LEDGER_FORMAT.md: decimals, negatives, empty, text and more than 15 digits are refused."""
    with pytest.raises(ValueError, match=fault):
        parse_amount(text)


@pytest.mark.parametrize(
    ("value", "rounded"),
    [
        (Fraction(1, 2), 1),
        (Fraction(3, 2), 2),
        (Fraction(5, 2), 3),
        (Fraction(2499, 1000), 2),
        (Fraction(-1, 2), -1),
        (7, 7),
    ],
)
def test_round_half_up_rounds_halves_away_from_zero(value: Fraction, rounded: int) -> None:
    assert round_half_up(value) == rounded
