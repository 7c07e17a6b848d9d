"""The bytes of an issued document: PDF/A-3b, reproducible, well drawn (pdftoppm), no missing glyph."""

from __future__ import annotations

import pytest

from enforcement.pdf.render import html_to_pdf, render_pdf
from enforcement.pdf.samples import DATES, TEMPLATE_KINDS
from enforcement.workflow import DocKind
from tests.pdf.helpers import ink, pdfa_identification, reader, render_pngs, text_of, weasyprint_log


@pytest.mark.parametrize("kind", TEMPLATE_KINDS, ids=str)
def test_issued_documents_are_pdf_a_3b(rendered, kind):
    pdf = rendered.pdf[kind]
    assert pdf.startswith(b"%PDF-")
    assert pdfa_identification(pdf) == ("3", "B")
    assert "/OutputIntents" in reader(pdf).trailer["/Root"]


def test_the_same_context_gives_the_same_bytes(app, rendered):
    kind = DocKind.PENALTY_DECISION
    with app.test_request_context():
        again = render_pdf(kind.value, rendered.contexts[kind])
    assert again == rendered.pdf[kind]


def test_metadata_dates_are_the_issue_date_not_the_time_of_rendering(rendered):
    kind = DocKind.PENALTY_DECISION
    day = DATES[kind].strftime("%Y%m%d")
    info = reader(rendered.pdf[kind]).metadata
    assert info["/CreationDate"].startswith(f"D:{day}000000")
    assert info["/ModDate"] == info["/CreationDate"]
    assert f"{DATES[kind].isoformat()}T00:00:00Z" in reader(rendered.pdf[kind]).trailer["/Root"]["/Metadata"] \
        .get_object().get_data().decode()


def test_a_page_drawn_by_pdftoppm_is_not_blank_and_every_page_is_there(rendered, tmp_path):
    pdf = rendered.pdf[DocKind.PENALTY_DECISION]
    pngs = render_pngs(pdf, tmp_path, dpi=30)
    assert len(pngs) == len(reader(pdf).pages) >= 2
    assert ink(pngs[0]) > 0.01
    assert all(ink(png) > 0.001 for png in pngs)


def test_a_blank_page_is_told_apart(tmp_path):
    """The ink measure itself: an empty page has none."""
    pdf = html_to_pdf('<!doctype html><meta charset="utf-8"><p></p>', variant=None)
    assert ink(render_pngs(pdf, tmp_path, dpi=30)[0]) == 0


def test_a_missing_glyph_is_a_weasyprint_warning_and_garbles_the_text():
    """What the no-log-record test guards against: a character no embedded font has."""
    with weasyprint_log() as log:
        pdf = html_to_pdf('<!doctype html><meta charset="utf-8"><p>Hà Nội \U0001d11e</p>', variant=None)
    assert any(".notdef" in m for m in log.messages)
    assert "\U0001d11e" not in text_of(pdf)


def test_every_vietnamese_letter_is_in_the_fonts():
    """All 134 precomposed Vietnamese letters (both cases) render with no warning and extract as NFC."""
    vowels = "aăâeêioôơuưy"
    marks = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
    import unicodedata

    letters = "".join(unicodedata.normalize("NFC", v + m) for v in vowels for m in marks) + "đ"
    text = f"{letters} {letters.upper()}"
    with weasyprint_log() as log:
        pdf = html_to_pdf(f'<!doctype html><meta charset="utf-8"><p>{text}</p><p><b><i>{text}</i></b></p>')
    assert log.messages == []
    assert text in text_of(pdf)
