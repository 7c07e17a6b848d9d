"""Diacritics-insensitive search keys: "Công ty An Phú" and "cong ty an phu" fold alike."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower-case ASCII with Vietnamese diacritics removed (đ → d), spaces collapsed."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.lower().split())


def nfc(text: str) -> str:
    """Text in Unicode NFC, the form stored everywhere."""
    return unicodedata.normalize("NFC", text)
