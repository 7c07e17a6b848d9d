"""Rule of the house 3 / issue 17: an official document is a legal act.

Every document kind the sample case issues (each rendered through its real step,
``pdf/samples.py``) and the assembled referral dossier are read back as text
(pypdf) and scanned for what must never be signed: a rule id, a reference to
LEGAL.md or to configuration, "do pháp chế xác định", dotted blanks ("……"),
an ISO date or month, Python's ``None``/``True``/``False``, "DEMO" outside the
demo office's own name, and an empty "Căn cứ".  What a document needs and the
case lacks blocks the step before a number is taken (tests/services/test_document_blocks.py).
"""

from __future__ import annotations

import re

import pytest

from enforcement.pdf.samples import TEMPLATE_KINDS, sample_dossier
from tests.pdf.helpers import text_of

FORBIDDEN = {
    "rule id": re.compile(r"\bLR-[A-Z]"),
    "LEGAL.md": re.compile(r"LEGAL|Phần B|§"),
    "configuration": re.compile(r"cấu hình|quản trị"),
    "left to legal staff": re.compile(r"do pháp chế xác định|cần được pháp chế"),
    "dotted blank": re.compile(r"…|\.\.\.\.|__"),
    "ISO date": re.compile(r"(?<![\w-])\d{4}-\d{2}-\d{2}(?![\w-])"),
    "ISO month": re.compile(r"(?<![\w.-])\d{4}-\d{2}(?![\w.-])"),
    "Python value": re.compile(r"\b(None|True|False)\b"),
    "DEMO": re.compile(r"DEMO"),
    "empty basis": re.compile(r"Căn cứ\s*[;,.]"),
}
OFFICE_NAMES = ("Bảo hiểm xã hội Thành phố Hà Nội (DEMO)", "BẢO HIỂM XÃ HỘI THÀNH PHỐ HÀ NỘI (DEMO)")


def _problems(text: str) -> list[str]:
    for name in OFFICE_NAMES:
        text = text.replace(name, "")
    text = re.sub(r"DEMO-HN-\d+", "", text)  # the demo case's number
    return [f"{what}: …{text[max(0, m.start() - 60): m.end() + 40]}…"
            for what, pattern in FORBIDDEN.items() for m in pattern.finditer(text)]


@pytest.mark.parametrize("kind", TEMPLATE_KINDS, ids=str)
def test_no_issued_document_carries_a_placeholder_or_an_internal_note(rendered, kind):
    assert _problems(text_of(rendered.pdf[kind])) == []


def test_the_referral_dossier_copies_none_either(app):
    with app.test_request_context():
        pdf = sample_dossier(draft=False)
    assert _problems(text_of(pdf)) == []


def test_the_scan_finds_what_it_looks_for():
    """The scan itself can fail: each forbidden thing is caught in a sentence."""
    for sample in ("theo LR-FINE", "LEGAL.md Phần B §6", "do quản trị cấu hình", "do pháp chế xác định",
                   "hồi ….. giờ", "ngày 2026-05-01", "tháng 2026-05", "None", "Căn cứ ;", "thẩm quyền (DEMO)"):
        assert _problems(sample), sample
    assert _problems("tệp so-thu-2026-11.csv của Bảo hiểm xã hội Thành phố Hà Nội (DEMO), hồ sơ DEMO-HN-000001") == []


def test_issue_15_documents_are_scanned_and_say_what_they_decide(rendered):
    """The transfer letter (LR-COMPETENCE) and the remedies-only decision (XLVPHC Art. 65) are samples of
    ``flask render-samples`` and pass the scan above (parametrised over every template kind)."""
    from enforcement.workflow import DocKind
    from tests.pdf.helpers import flat

    assert {DocKind.TRANSFER_LETTER, DocKind.REMEDIES_DECISION} <= set(TEMPLATE_KINDS)
    letter = flat(text_of(rendered.pdf[DocKind.TRANSFER_LETTER]))
    assert "Số: 01/BHXH-TTKT" in letter
    assert "Kính gửi: Tổng Giám đốc Bảo hiểm xã hội Việt Nam" in letter
    assert "Biên bản vi phạm hành chính số 01/BB-VPHC" in letter
    assert "Điều 57 và khoản 1 Điều 63 Nghị định số 283/2026/NĐ-CP" in letter
    remedies = flat(text_of(rendered.pdf[DocKind.REMEDIES_DECISION]))
    assert "Số: 01/QĐ-KPHQ" in remedies
    assert "đã hết thời hạn ra quyết định xử phạt ngày 03/11/2026" in remedies
    assert "Không ra quyết định xử phạt vi phạm hành chính" in remedies
    assert "phần bảo hiểm y tế được thu theo quy định của pháp luật về bảo hiểm y tế" in remedies
    assert "phạt tiền" not in remedies.split("QUYẾT ĐỊNH:")[-1]  # no fine is imposed


def test_lr_competence_a_deputy_signs_under_the_delegation_cited_by_number_and_date(app):
    """LR-COMPETENCE: the decision names the signer's competence article and the delegation (giao quyền)."""
    from enforcement.pdf.samples import SampleCase, render_sample
    from enforcement.workflow import DocKind

    with app.test_request_context():
        text = text_of(render_sample(DocKind.PENALTY_DECISION, SampleCase(deputy=True)))
    assert _problems(text) == []
    assert "khoản 1 Điều 57 và khoản 1, khoản 4 Điều 63 Nghị định số 283/2026/NĐ-CP" in text
    assert "Căn cứ Quyết định giao quyền xử phạt vi phạm hành chính số 15/QĐ-BHXH ngày 15/09/2026" in text


def test_lr_fine_the_organisation_article_is_cited_only_for_an_organisation(app, rendered):
    """Decree 283/2026 Art. 7(1)-(2) is printed for an organisation; a household business is fined as a person."""
    from enforcement.pdf.samples import SampleCase, render_sample
    from enforcement.workflow import DocKind

    organisation = text_of(rendered.pdf[DocKind.PENALTY_DECISION])
    assert "khoản 1 và khoản 2 Điều 7 Nghị định số 283/2026/NĐ-CP" in organisation
    with app.test_request_context():
        household = SampleCase(offender="household")
        for kind in (DocKind.VIOLATION_RECORD, DocKind.PENALTY_DECISION):
            text = text_of(render_sample(kind, household))
            assert _problems(text) == []
            assert "Điều 7 Nghị định số 283/2026/NĐ-CP" not in text
            assert "điểm b khoản 2 Điều 44 Nghị định số 283/2026/NĐ-CP" in text


def test_lr_fine_no_bhyt_remedy_under_decree_283(rendered):
    """Decree 283/2026 covers no BHYT violation: the remedies name SI and BHTN only."""
    from enforcement.workflow import DocKind

    text = text_of(rendered.pdf[DocKind.PENALTY_DECISION])
    remedies = text[text.index("c) Biện pháp khắc phục hậu quả"):text.index("Mọi chi phí")]
    assert "bảo hiểm xã hội bắt buộc trốn đóng" in remedies and "bảo hiểm thất nghiệp trốn đóng" in remedies
    assert "Buộc" in remedies and "y tế trốn đóng" not in remedies
