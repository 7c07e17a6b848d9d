"""Official documents render with ``StrictUndefined``, from contexts the real steps build."""

from __future__ import annotations

import pytest
from jinja2 import UndefinedError

from enforcement.pdf.render import render_html
from enforcement.pdf.samples import TEMPLATE_KINDS, SampleCase
from enforcement.workflow import DocKind


@pytest.mark.parametrize("kind", TEMPLATE_KINDS)
def test_a_document_missing_a_key_it_prints_is_an_error_not_a_blank(app, kind):
    context = SampleCase().context(kind)
    context.pop("employer")
    with app.app_context(), pytest.raises(UndefinedError):
        render_html(kind.value, context)


def test_the_ui_templates_keep_the_lenient_environment(app):
    with app.app_context():
        assert app.jinja_env.undefined is not __import__("jinja2").StrictUndefined


def test_the_inspection_decision_prints_the_months_as_vietnamese_write_them(app):
    """The sample goes through the real step: the period is stored ``2024-10`` and printed ``10/2024``."""
    with app.app_context():
        html = render_html(DocKind.INSPECTION_DECISION.value, SampleCase().context(DocKind.INSPECTION_DECISION))
    assert "từ tháng 10/2024 đến tháng 09/2026" in html and "2024-10" not in html


def test_a_sample_document_carries_the_data_its_step_computes(app):
    """The violation record cites the inspection decision and its own time, as entered."""
    step, data = SampleCase().step_data(DocKind.VIOLATION_RECORD)
    assert data.decision_number == "01/QĐ-BHXH" and data.record_number is None
    assert step["record_time"] == "09 giờ 30 phút" and step["principal"] > 0
