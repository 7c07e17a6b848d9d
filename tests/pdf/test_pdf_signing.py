"""PAdES signatures made with pyHanko after rendering (issue 6), checked with pyHanko against a test certificate."""

from __future__ import annotations

import pytest

from enforcement.pdf.signing import SigningNotConfigured, sign_pdf
from enforcement.workflow import DocKind
from tests.pdf.helpers import make_pkcs12, pdfa_identification, signature_count, text_of, validate_signature

PASSWORD = "mat-khau-chung-thu"  # a test certificate made here


@pytest.fixture
def signing(tmp_path, monkeypatch):
    path, certificate = make_pkcs12(tmp_path, PASSWORD)
    monkeypatch.setenv("TEST_P12_PASSWORD", PASSWORD)
    return {"pkcs12_path": str(path), "password_env": "TEST_P12_PASSWORD", "location": "Hà Nội"}, certificate


def test_a_signed_document_validates_and_keeps_its_content(rendered, signing):
    config, certificate = signing
    pdf = rendered.pdf[DocKind.PENALTY_DECISION]
    signed = sign_pdf(pdf, config)
    assert signed.startswith(pdf)  # an incremental update: the rendered bytes are kept
    assert validate_signature(signed, certificate) == (True, True)
    assert text_of(signed) == text_of(pdf)
    assert pdfa_identification(signed) == ("3", "B")


def test_a_flipped_byte_breaks_the_signature(rendered, signing):
    config, certificate = signing
    signed = bytearray(sign_pdf(rendered.pdf[DocKind.DEMAND_NOTICE], config))
    at = signed.index(b"Enforcement Case Manager")
    signed[at] ^= 0x01
    intact, _valid = validate_signature(bytes(signed), certificate)
    assert not intact


def test_the_password_comes_from_the_environment_only(rendered, signing, monkeypatch):
    config, _certificate = signing
    monkeypatch.delenv("TEST_P12_PASSWORD")
    with pytest.raises(SigningNotConfigured, match="TEST_P12_PASSWORD"):
        sign_pdf(rendered.pdf[DocKind.DEMAND_NOTICE], config)


def test_a_wrong_password_or_a_missing_file_is_a_clear_error(rendered, signing, monkeypatch):
    config, _certificate = signing
    monkeypatch.setenv("TEST_P12_PASSWORD", "sai")
    with pytest.raises(SigningNotConfigured):
        sign_pdf(rendered.pdf[DocKind.DEMAND_NOTICE], config)
    with pytest.raises(SigningNotConfigured):
        sign_pdf(rendered.pdf[DocKind.DEMAND_NOTICE], {**config, "pkcs12_path": "/nonexistent/office.p12"})


def test_unsigned_documents_have_no_signature(rendered):
    assert signature_count(rendered.pdf[DocKind.DEMAND_NOTICE]) == 0
