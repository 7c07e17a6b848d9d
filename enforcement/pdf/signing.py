"""Digital signatures on issued documents (PAdES baseline B, pyHanko).

An office that has a signing certificate configures it in its settings::

    office.settings["signing"] = {
        "pkcs12_path": "/etc/enforcement/hn-office.p12",   # PKCS#12 (.p12/.pfx): key + certificate (+ chain)
        "password_env": "ENFORCEMENT_HN_P12_PASSWORD",     # NAME of the environment variable holding the password
        "reason": "…",                                      # optional, printed in the signature dictionary
        "location": "Hà Nội",                               # optional
    }

The password itself is never stored in the database: only the name of the
environment variable that holds it.  The signature is invisible (a signature
field without appearance), made after rendering, so a signed document's
SHA-256 is that of the signed bytes.  Offices without ``signing`` settings
issue unsigned documents.  ``check_signing`` tells the admin page whether the
settings can sign now (file present, variable set, password right).
"""

from __future__ import annotations

import io
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from enforcement.errors import DomainError

FIELD_NAME = "ChuKySo"  # the signature field ("chữ ký số")


class SigningNotConfigured(DomainError):
    """The office's signing settings are incomplete or unusable; nothing is issued."""

    status = 500


def signing_settings(settings: Mapping[str, Any]) -> dict[str, Any] | None:
    """The office's ``signing`` settings, or None when documents are not signed."""
    signing = settings.get("signing")
    return dict(signing) if signing else None


def _password(config: Mapping[str, Any]) -> bytes | None:
    name = config.get("password_env")
    if not name:
        return None
    value = os.environ.get(str(name))
    if value is None:
        raise SigningNotConfigured(
            f"Chưa đặt biến môi trường {name} chứa mật khẩu chứng thư số của cơ quan: không thể ký văn bản."
        )
    return value.encode()


def load_signer(config: Mapping[str, Any]) -> Any:
    """A pyHanko signer from the PKCS#12 file the settings name.

    :raises SigningNotConfigured: missing path, file, password variable, or a file that does not open.
    """
    from pyhanko.sign import signers

    path = config.get("pkcs12_path")
    if not path or not Path(str(path)).is_file():
        raise SigningNotConfigured(f"Không tìm thấy tệp chứng thư số (PKCS#12) {str(path)[:200]!r}.")
    try:
        signer = signers.SimpleSigner.load_pkcs12_data(Path(str(path)).read_bytes(), (), passphrase=_password(config))
    except ValueError as exc:
        raise SigningNotConfigured(f"Không mở được tệp chứng thư số: {exc}") from exc
    if signer is None:
        raise SigningNotConfigured("Không mở được tệp chứng thư số (sai mật khẩu hoặc tệp hỏng).")
    return signer


MAX_PKCS12_BYTES = 1_048_576  # a key and its chain are a few kB; a larger "certificate" is not one


@dataclass(frozen=True)
class SigningCheck:
    """Whether the office's signing settings can sign now (what the admin page shows).

    Says whether the variable is set, never its value; ``problem`` is why an existing
    file did not open (or that it is too large to be a certificate).
    """

    file_exists: bool
    variable_set: bool
    opens: bool
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.file_exists and self.variable_set and self.opens


def check_signing(config: Mapping[str, Any]) -> SigningCheck:
    """Look at the PKCS#12 file and the password variable the settings name; when both are there, open the file."""
    path = Path(str(config.get("pkcs12_path") or ""))
    file_exists = bool(config.get("pkcs12_path")) and path.is_file()
    name = str(config.get("password_env") or "")
    variable_set = bool(name) and os.environ.get(name) is not None
    if not (file_exists and variable_set):
        return SigningCheck(file_exists, variable_set, False)
    if path.stat().st_size > MAX_PKCS12_BYTES:
        return SigningCheck(True, True, False, "Tệp quá lớn để là một chứng thư số (PKCS#12).")
    try:
        load_signer(config)
    except SigningNotConfigured as exc:
        return SigningCheck(True, True, False, exc.message)
    return SigningCheck(True, True, True)


def sign_pdf(pdf: bytes, config: Mapping[str, Any]) -> bytes:
    """``pdf`` with an invisible PAdES baseline B signature (an incremental update)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = load_signer(config)
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=config.get("reason") or None,
        location=config.get("location") or None,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    out = signers.PdfSigner(meta, signer=signer).sign_pdf(writer, output=io.BytesIO())
    return out.getvalue()
