"""The one PDF renderer: a document template and plain data → PDF/A-3b bytes.

Jinja (autoescaped, ``StrictUndefined``) renders ``templates/documents/<kind>.html``; WeasyPrint
lays it out with the Decree 30/2020 stylesheet (``assets/decree30.css``,
parsed once per process and given to every render) and the fonts fontconfig
finds (Liberation Serif, falling back to DejaVu Serif), embedded as subsets.

Reproducible: the metadata dates come from the document's ``dcterms.created``
meta (the issue date, see ``pdf.context``) and the PDF identifier is a hash of
the HTML, so the same context always gives the same bytes.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import Any

from flask import current_app
from flask_babel import force_locale
from jinja2 import Environment, StrictUndefined
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from enforcement.pdf.fetcher import ASSETS, SCHEME, AssetOnlyFetcher

PDF_VARIANT = "pdf/a-3b"
STYLESHEET = "decree30.css"


@lru_cache(maxsize=1)
def font_config() -> FontConfiguration:
    """One fontconfig setup per process: building it is slow."""
    return FontConfiguration()


@lru_cache(maxsize=1)
def stylesheet() -> CSS:
    """The Decree 30 stylesheet, parsed once (every template relies on it; none links it)."""
    path = ASSETS / STYLESHEET
    return CSS(
        string=path.read_text(encoding="utf-8"),
        base_url=SCHEME,
        url_fetcher=AssetOnlyFetcher(),
        font_config=font_config(),
    )


def document_environment() -> Environment:
    """The app's Jinja environment (loader, filters, autoescape) with ``StrictUndefined``, one per app.

    An official document is a legal act: a key the template reads and the context lacks (a renamed
    field, a missing fact) is an error, never a blank printed on the page.
    """
    env = current_app.extensions.get("document_jinja")
    if env is None:
        env = current_app.extensions["document_jinja"] = current_app.jinja_env.overlay(undefined=StrictUndefined)
    return env


def render_html(template: str, context: dict[str, Any]) -> str:
    """The document's HTML (for tests and previews); needs an application context.

    Official documents are Vietnamese whatever language the user reads the interface in.

    :raises jinja2.UndefinedError: the template reads something the context does not have.
    """
    with force_locale("vi"):
        return document_environment().get_template(f"documents/{template}.html").render(**context)


def pdf_identifier(html: str) -> bytes:
    """A fixed identifier for the same HTML (the PDF's ``/ID``)."""
    return hashlib.sha256(html.encode()).hexdigest()[:32].encode()


def html_to_pdf(html: str, *, variant: str | None = PDF_VARIANT) -> bytes:
    """Lay out HTML as an A4 PDF with the locked-down fetcher; the same HTML gives the same bytes.

    :param variant: WeasyPrint's ``pdf_variant`` (PDF/A-3b for issued documents; ``None``
        for the parts of a dossier, which pypdf assembles into one file).
    """
    document = HTML(string=html, base_url=SCHEME, url_fetcher=AssetOnlyFetcher())
    return document.write_pdf(
        stylesheets=[stylesheet()],
        font_config=font_config(),
        pdf_variant=variant,
        pdf_identifier=pdf_identifier(html),
    )


def count_pages(html: str) -> int:
    """How many pages the HTML lays out to, without writing a PDF (a dossier's first pass)."""
    document = HTML(string=html, base_url=SCHEME, url_fetcher=AssetOnlyFetcher())
    return len(document.render(stylesheets=[stylesheet()], font_config=font_config()).pages)


def render_pdf(template: str, context: dict[str, Any], *, variant: str | None = PDF_VARIANT) -> bytes:
    """Render one document kind (or a dossier part) to PDF bytes."""
    return html_to_pdf(render_html(template, context), variant=variant)
