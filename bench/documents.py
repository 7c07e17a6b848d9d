"""Benchmark of the documents (PRODUCT §9: one document p50 < 250 ms; a dossier of 30 pages < 3 s).

Usage: ``PYTHONPATH=. .venv/bin/python bench/documents.py [--n N]``

Renders every template kind N times from the in-memory sample case (the contexts
``flask render-samples`` uses: no database), prints p50/p95 per kind, the time of
assembling a referral dossier of about 30 pages, and — as its LAST line — the
ratio of one document's p50 against WeasyPrint rendering a one-line page in the
same run (``ratio=…``), so runs on different machines compare.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from weasyprint import HTML

from enforcement import create_app
from enforcement.pdf.render import font_config, render_pdf
from enforcement.pdf.samples import TEMPLATE_KINDS, SampleCase, render_sample, sample_dossier
from enforcement.services.dossier import Part
from enforcement.workflow import DocKind

REFERENCE_KIND = DocKind.PENALTY_DECISION
DOSSIER_PAGES = 30


def timings(fn: Callable[[], object], n: int) -> list[float]:
    out = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20, help="renders per kind (default 20)")
    args = parser.parse_args()
    app = create_app("testing")
    sample = SampleCase()
    with app.test_request_context():
        font_config()
        for kind in TEMPLATE_KINDS:  # warm up: fonts, templates, the stylesheet
            render_sample(kind, sample)
        one_line = timings(lambda: HTML(string="<p>Một dòng.</p>").write_pdf(font_config=font_config()), args.n)
        print(f"{'kind':<24} {'pages':>5} {'p50 ms':>8} {'p95 ms':>8}")
        p50s = {}
        for kind in TEMPLATE_KINDS:
            context = sample.context(kind)
            pdf = render_pdf(kind.value, context)
            t = timings(lambda kind=kind, context=context: render_pdf(kind.value, context), args.n)
            p50s[kind] = statistics.median(t)
            print(f"{kind.value:<24} {Part('', pdf).pages:>5} {p50s[kind] * 1000:>8.1f} {p(t, 0.95) * 1000:>8.1f}")
        documents = {kind: render_sample(kind, sample) for kind in TEMPLATE_KINDS}
        extra = 0
        while Part("", sample_dossier(draft=True, sample=sample, documents=documents,
                                      extra_demands=extra)).pages < DOSSIER_PAGES:
            extra += 1
        start = time.perf_counter()
        dossier = sample_dossier(draft=True, sample=sample, documents=documents, extra_demands=extra)
        assembled = time.perf_counter() - start
        start = time.perf_counter()
        sample_dossier(draft=True, sample=sample, extra_demands=extra)
        from_scratch = time.perf_counter() - start
    pages = Part("", dossier).pages
    print(f"dossier {pages} pages: {assembled:.2f} s assembled from issued PDFs "
          f"(as build_dossier does), {from_scratch:.2f} s rendering its documents too")
    print(f"one-line page p50 {statistics.median(one_line) * 1000:.1f} ms")
    print(f"ratio={p50s[REFERENCE_KIND] / statistics.median(one_line):.1f} "
          f"({REFERENCE_KIND.value} p50 / one-line page p50)")


if __name__ == "__main__":
    main()
