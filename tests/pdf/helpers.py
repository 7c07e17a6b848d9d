"""What the PDF tests look at: extracted text (pypdf), embedded fonts, XMP, WeasyPrint's log, pixels (pdftoppm)."""

from __future__ import annotations

import io
import logging
import re
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PIL import Image
from pypdf import PdfReader

PDFTOPPM = "/usr/bin/pdftoppm"
ALLOWED_FONTS = ("LiberationSerif", "Liberation-Serif", "DejaVuSerif", "DejaVu-Serif")


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text as pypdf extracts it (not normalised: the strings must already be NFC)."""
    return [page.extract_text() or "" for page in reader(pdf).pages]


def flat(text: str) -> str:
    """Whitespace and line breaks collapsed to single spaces (lines wrap anywhere; a hyphen may end a line)."""
    return " ".join(re.sub(r"(?<=\S-)\n", "", text).split())


def text_of(pdf: bytes) -> str:
    return flat(" ".join(page_texts(pdf)))


def embedded_fonts(pdf: bytes) -> set[tuple[str, bool]]:
    """``(base font name without the subset tag, embedded?)`` of every font used on any page."""
    found = set()
    for page in reader(pdf).pages:
        fonts = page.get("/Resources", {}).get_object().get("/Font", {})
        for font in fonts.get_object().values():
            font = font.get_object()
            base = str(font["/BaseFont"]).lstrip("/").split("+", 1)[-1]
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            found.add((base, embedded))
    return found


def xmp(pdf: bytes) -> str:
    return reader(pdf).trailer["/Root"]["/Metadata"].get_object().get_data().decode()


def pdfa_identification(pdf: bytes) -> tuple[str | None, str | None]:
    """``(pdfaid:part, pdfaid:conformance)`` of the XMP metadata."""
    data = xmp(pdf)
    part = re.search(r'pdfaid:part(?:="|>)(\d)', data)
    conformance = re.search(r'pdfaid:conformance(?:="|>)([A-Za-z])', data)
    return (part.group(1) if part else None, conformance.group(1) if conformance else None)


class WeasyLog(logging.Handler):
    """Every record of the ``weasyprint`` logger (its ``weasyprint.progress`` child only reports progress)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name != "weasyprint.progress":
            self.records.append(record)

    @property
    def messages(self) -> list[str]:
        return [f"{r.levelname}: {r.getMessage()}" for r in self.records]


@contextmanager
def weasyprint_log() -> Iterator[WeasyLog]:
    """Collect what WeasyPrint logs meanwhile (a missing glyph, a refused URL, an unknown CSS property…)."""
    logger = logging.getLogger("weasyprint")
    handler, level = WeasyLog(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def render_pngs(pdf: bytes, tmp: Path, dpi: int = 40, first: int | None = None, last: int | None = None) -> list[Path]:
    """The pages as PNG files, drawn by poppler's pdftoppm."""
    source = tmp / "doc.pdf"
    source.write_bytes(pdf)
    args = [PDFTOPPM, "-r", str(dpi), "-png"]
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    subprocess.run([*args, str(source), str(tmp / "page")], check=True, timeout=60)
    return sorted(tmp.glob("page-*.png"))


def ink(png: Path) -> float:
    """The share of pixels that are not near-white (0 for a blank page)."""
    with Image.open(png) as image:
        grey = image.convert("L")
        histogram = grey.histogram()
    return sum(histogram[:200]) / (grey.width * grey.height)


def make_pkcs12(directory: Path, password: str, name: str = "BHXH Thành phố Hà Nội (TEST)") -> tuple[Path, bytes]:
    """A self-signed certificate and its key in a PKCS#12 file: ``(path, certificate in DER)``."""
    from datetime import UTC, datetime, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name), x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                          data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=False,
                          encipher_only=False, decipher_only=False),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    path = directory / "office.p12"
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        b"office", key, certificate, None, serialization.BestAvailableEncryption(password.encode())
    ))
    return path, certificate.public_bytes(serialization.Encoding.DER)


def validate_signature(pdf: bytes, certificate_der: bytes) -> tuple[bool, bool]:
    """``(intact, valid)`` of the document's only signature, with the certificate as the trust root."""
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    signatures = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
    assert len(signatures) == 1
    context = ValidationContext(trust_roots=[asn1_x509.Certificate.load(certificate_der)])
    status = validate_pdf_signature(signatures[0], context)
    return status.intact, status.valid and status.trusted


def signature_count(pdf: bytes) -> int:
    from pyhanko.pdf_utils.reader import PdfFileReader

    return len(PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures)
