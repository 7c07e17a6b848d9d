"""``flask render-samples OUTDIR``: one PDF of every document kind and the dossier, from a case in memory."""

from __future__ import annotations

from enforcement.workflow import DocKind
from tests.pdf.helpers import page_texts, pdfa_identification, reader, weasyprint_log


def test_render_samples_writes_every_kind_and_the_dossier(app, tmp_path):
    with weasyprint_log() as log:
        result = app.test_cli_runner().invoke(args=["render-samples", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert log.messages == []  # the dossier's own parts (front, facts, timeline, stamps) too
    files = sorted(tmp_path.glob("*.pdf"))
    assert [f.name.split("-", 1)[1].removesuffix(".pdf") for f in files] == [k.value for k in (
        *(k for k in DocKind if k not in (DocKind.REFERRAL_DRAFT, DocKind.REFERRAL_DOSSIER)),
        DocKind.REFERRAL_DRAFT, DocKind.REFERRAL_DOSSIER,
    )]
    for path in files[:-2]:
        assert pdfa_identification(path.read_bytes()) == ("3", "B")
    draft, final = (f.read_bytes() for f in files[-2:])
    assert len(reader(final).pages) >= 20
    first, last = page_texts(draft)[0], page_texts(final)[-1]
    assert "DỰ THẢO" in first and "DỰ THẢO" not in last
