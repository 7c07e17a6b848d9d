"""Issue 17: the arrears table of a document adds up every column it shows in its "Cộng" row."""

from __future__ import annotations

from enforcement.domain.money import format_money
from enforcement.workflow import DocKind
from tests.pdf.helpers import text_of


def test_the_document_table_totals_each_column(rendered):
    arrears = rendered.contexts[DocKind.ARREARS_STATEMENT]["arrears"]
    months = arrears["months"]
    totals = arrears["totals"]
    assert totals["due"] == sum(m["due"] for m in months)
    assert totals["allocated"] == sum(m["allocated"] for m in months)
    assert totals["outstanding"] == sum(m["outstanding"] for m in months) == arrears["principal"]
    assert totals["interest"] == sum(m["interest"] for m in months) == arrears["interest_accrued"]
    text = text_of(rendered.pdf[DocKind.ARREARS_STATEMENT])
    row = (f"Cộng ({len(months)} tháng) {format_money(totals['due'])} "
           f"{format_money(totals['allocated'])} {format_money(totals['outstanding'])}")
    assert row in text, text[text.index("Cộng ("):][:200]
