"""Diacritics-insensitive search keys: "Công ty An Phú" and "cong ty an phu" fold alike."""

from __future__ import annotations

import unicodedata

_D = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})


def fold(text: str) -> str:
    """Lower-case ASCII with Vietnamese diacritics removed (đ → d), spaces collapsed."""
    # "Đ" and its look-alike "Ð" (U+00D0, typed by some keyboards) have no decomposition: mapped by hand.
    decomposed = unicodedata.normalize("NFD", text.translate(_D))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.lower().split())


def nfc(text: str) -> str:
    """Text in Unicode NFC, the form stored everywhere."""
    return unicodedata.normalize("NFC", text)
