"""The one PDF renderer: a document template and plain data → PDF/A-3b bytes.

Jinja (autoescaped) renders ``templates/documents/<kind>.html``; WeasyPrint
lays it out with the Decree 30/2020 stylesheet and the fonts fontconfig finds
(Liberation Serif, falling back to DejaVu Serif), embedded.  Metadata dates
come from the document's issue date, so the same input gives the same bytes.
"""

from __future__ import annotations

import hashlib
from typing import Any

from flask import render_template
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

from enforcement.pdf.fetcher import SCHEME, AssetOnlyFetcher

PDF_VARIANT = "pdf/a-3b"
_FONTS: FontConfiguration | None = None


def _font_config() -> FontConfiguration:
    global _FONTS  # one fontconfig setup per process: building it is slow
    if _FONTS is None:
        _FONTS = FontConfiguration()
    return _FONTS


def render_html(template: str, context: dict[str, Any]) -> str:
    """The document's HTML (for tests and previews)."""
    return render_template(f"documents/{template}.html", **context)


def html_to_pdf(html: str, *, variant: str | None = PDF_VARIANT) -> bytes:
    """Lay out HTML as a PDF with the locked-down fetcher; reproducible for the same HTML."""
    document = HTML(string=html, base_url=SCHEME, url_fetcher=AssetOnlyFetcher())
    identifier = hashlib.md5(html.encode(), usedforsecurity=False).hexdigest().encode()
    return document.write_pdf(font_config=_font_config(), pdf_variant=variant, pdf_identifier=identifier)


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    """Render one document kind to PDF bytes."""
    return html_to_pdf(render_html(template, context))
