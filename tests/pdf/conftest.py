"""Every template kind rendered once per session from the in-memory sample case, with WeasyPrint's log."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from flask import Flask

from enforcement.pdf.render import render_html, render_pdf
from enforcement.pdf.samples import TEMPLATE_KINDS, SampleCase
from enforcement.workflow import DocKind
from tests.pdf.helpers import weasyprint_log


@dataclass
class Rendered:
    """The sample case, each kind's context, HTML and PDF, and what WeasyPrint logged while rendering."""

    sample: SampleCase
    contexts: dict[DocKind, dict] = field(default_factory=dict)
    html: dict[DocKind, str] = field(default_factory=dict)
    pdf: dict[DocKind, bytes] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def rendered(app: Flask) -> Rendered:
    sample = SampleCase()
    out = Rendered(sample)
    with app.test_request_context(), weasyprint_log() as log:
        for kind in TEMPLATE_KINDS:
            out.contexts[kind] = sample.context(kind)
            out.html[kind] = render_html(kind.value, out.contexts[kind])
            out.pdf[kind] = render_pdf(kind.value, out.contexts[kind])
    out.log = log.messages
    return out
