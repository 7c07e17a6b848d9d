"""Every document kind in the layout of Decree 30/2020 and of its form (LEGAL.md LR-FORMAT, LR-WORDS, Part B §5.1, §8).

The documents are rendered once from the in-memory sample case (``enforcement.pdf.samples``);
pypdf's extracted text must contain the NFC Vietnamese strings exactly.
"""

from __future__ import annotations

import re
import unicodedata

import pytest

from enforcement.domain.money import amount_in_words, format_money
from enforcement.domain.periods import date_line
from enforcement.legal_bases import KINDS, bases_for
from enforcement.pdf.render import render_pdf
from enforcement.pdf.samples import DATES, TEMPLATE_KINDS, SampleCase
from enforcement.workflow import DocKind
from tests.pdf.helpers import ALLOWED_FONTS, embedded_fonts, flat, page_texts, text_of

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
SIGNED_BY_THE_DIRECTOR = tuple(
    k for k in TEMPLATE_KINDS if k not in (DocKind.WORKING_MINUTES, DocKind.VIOLATION_RECORD, DocKind.HANDOVER_RECORD)
)


def _nfc(text: str) -> str:
    assert unicodedata.is_normalized("NFC", text)
    return text


def test_no_weasyprint_log_record_while_rendering_any_kind(rendered):
    """A missing glyph, a refused URL or an unknown CSS property would be logged (STYLE §1.6)."""
    assert rendered.log == []


@pytest.mark.parametrize("kind", TEMPLATE_KINDS, ids=str)
def test_only_liberation_serif_or_dejavu_serif_embedded(rendered, kind):
    fonts = embedded_fonts(rendered.pdf[kind])
    assert fonts, "no font in the document"
    for name, embedded in fonts:
        assert name.startswith(ALLOWED_FONTS), name
        assert embedded, f"{name} is not embedded"


@pytest.mark.parametrize("kind", TEMPLATE_KINDS, ids=str)
def test_mandatory_parts_of_decree_30(rendered, kind):
    text = text_of(rendered.pdf[kind])
    day = DATES[kind]
    sample = rendered.sample
    assert _nfc(NATIONAL_TITLE) in text
    assert _nfc(MOTTO) in text
    assert "BẢO HIỂM XÃ HỘI VIỆT NAM" in text
    assert sample.office.name.upper() in text
    assert _nfc(date_line("Hà Nội", day)) in text
    if KINDS[kind].register:
        assert f"Số: 01/{KINDS[kind].symbol}" in text
    if KINDS[kind].type_title:
        assert KINDS[kind].type_title.upper() in text
    for basis in bases_for(kind, day):
        assert flat(basis) in text
    assert sample.employer.name in text


@pytest.mark.parametrize("kind", [k for k in TEMPLATE_KINDS if KINDS[k].recipients], ids=str)
def test_recipients_block_ends_with_the_archive_line(rendered, kind):
    text = text_of(rendered.pdf[kind])
    recipients = KINDS[kind].recipients
    assert "Nơi nhận:" in text
    for line in recipients[:-1]:
        assert f"- {line};" in text
    assert recipients[-1].startswith("Lưu: VT")
    assert f"- {recipients[-1]}." in text


@pytest.mark.parametrize("kind", SIGNED_BY_THE_DIRECTOR, ids=str)
def test_signature_block_of_the_director(rendered, kind):
    text = text_of(rendered.pdf[kind])
    assert re.search(r"(?<!\w)GIÁM ĐỐC Nguyễn Văn Thành", text)
    assert not re.search(r"(?<!\w)KT\. GIÁM ĐỐC", text)


def test_a_deputy_signs_for_the_director(app):
    sample = SampleCase(deputy=True)
    with app.test_request_context():
        pdf = render_pdf(DocKind.PENALTY_DECISION.value, sample.context(DocKind.PENALTY_DECISION))
    text = text_of(pdf)
    assert "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC" in text
    assert "Trần Thị Minh Hằng" in text


def _figure(amount: int) -> str:
    return f"{format_money(amount)} (Bằng chữ: {amount_in_words(amount)})"


def _fine_total(sample: SampleCase) -> int:
    """LR-FINE: the sample decision's total, violation by violation (Decree 283/2026)."""
    _step, data = sample.step_data(DocKind.PENALTY_DECISION)
    assert data.fines and data.fine_total > 0
    return data.fine_total


def _amounts(sample: SampleCase, kind: DocKind) -> list[int]:
    figures = sample.figures(DATES[kind])
    principal, interest = figures.principal, figures.interest
    months = sample.evasion_months()
    evaded = sum(m["amount"] for m in months if m["behaviour"] == "evasion")
    late = sum(m["amount"] for m in months if m["behaviour"] == "late_payment")
    return {
        DocKind.ARREARS_STATEMENT: [principal, interest, principal + interest],
        DocKind.DEMAND_NOTICE: [principal, interest],
        DocKind.INSPECTION_DECISION: [principal],
        DocKind.WORKING_MINUTES: [principal, interest],
        DocKind.INSPECTION_CONCLUSION: [a for a in (evaded, late) if a],
        # issue 17: each violation by its own months and amount, as the conclusion classified them
        DocKind.VIOLATION_RECORD: [a for a in (evaded, late) if a],
        DocKind.PENALTY_DECISION: [_fine_total(sample), *(a for a in (evaded, late) if a), principal, interest],
        DocKind.ENFORCEMENT_DECISION: [_fine_total(sample), principal, interest],
        DocKind.RECOMMENDATION: [sum(m["amount"] for m in months if m["behaviour"] == "evasion"), principal],
        DocKind.SETTLEMENT_NOTICE: [interest],
    }.get(kind, [])


@pytest.mark.parametrize("kind", TEMPLATE_KINDS, ids=str)
def test_amounts_owed_or_fined_in_figures_and_in_words_lr_words(rendered, kind):
    text = text_of(rendered.pdf[kind])
    for amount in _amounts(rendered.sample, kind):
        assert amount > 0
        assert _nfc(_figure(amount)) in text


def test_violation_record_carries_the_fields_of_mbb01(rendered):
    text = text_of(rendered.pdf[DocKind.VIOLATION_RECORD])
    for field in (
        "Số: 01/BB-VPHC", "Hôm nay, hồi", "tại Trụ sở đơn vị",
        "1. Người có thẩm quyền lập biên bản: Hoàng Minh Châu – Chuyên viên",
        "2. Với sự chứng kiến của:", "Tên tổ chức vi phạm: Công ty TNHH May mặc Hồng Hà",
        "Địa chỉ trụ sở chính: Số 83, Quận Hoàng Mai", "Mã số doanh nghiệp / mã số thuế: 0100109106",
        "Người đại diện theo pháp luật: Nguyễn Văn Hùng; chức danh: Giám đốc",
        "4. Đã có hành vi vi phạm hành chính:", "Trốn đóng bảo hiểm xã hội bắt buộc nhưng chưa đến mức truy cứu",
        "Trốn đóng",
        "Mô tả hành vi (theo Kết luận kiểm tra số 01/KL-BHXH):", "- Trốn đóng 8 tháng (12/2025, 01/2026,",
        "5. Quy định tại: điểm b khoản 2 Điều 44 Nghị định số 283/2026/NĐ-CP; "
        "điểm b khoản 2 Điều 46 Nghị định số 283/2026/NĐ-CP",
        "7. Ý kiến trình bày của đại diện tổ chức vi phạm: Đơn vị thừa nhận", "Hôm nay, hồi 09 giờ 30 phút",
        "mức phạt tiền đối với tổ chức theo", "6. Cá nhân, tổ chức bị thiệt hại:",
        "9. Biện pháp ngăn chặn và bảo đảm xử lý vi phạm hành chính", "Tang vật, phương tiện",
        "10. Quyền và thời hạn giải trình: trong thời hạn 02 ngày làm việc", "05 ngày làm việc",
        "11. Người có thẩm quyền xử phạt: Giám đốc",
        "có mặt tại Bảo hiểm xã hội Thành phố Hà Nội (DEMO), Số 15 Phố Trần Bình Trọng",
        "Biên bản lập xong hồi 11 giờ 00 phút",
        "ĐẠI DIỆN TỔ CHỨC VI PHẠM", "NGƯỜI LẬP BIÊN BẢN", "NGƯỜI CHỨNG KIẾN", "NGƯỜI NHẬN BIÊN BẢN",
    ):
        assert field in text, field


def test_penalty_decision_carries_the_fields_of_mqd02(rendered):
    text = text_of(rendered.pdf[DocKind.PENALTY_DECISION])
    for field in (
        "Số: 01/QĐ-XPHC", "Căn cứ Điều 57, Điều 68, Điều 70, Điều 78, Điều 85 Luật Xử lý vi phạm hành chính",
        "Căn cứ Nghị định số 283/2026/NĐ-CP", "Căn cứ Nghị định số 118/2021/NĐ-CP",
        "Nghị định số 68/2025/NĐ-CP và Nghị định số 190/2025/NĐ-CP",
        "Căn cứ Quyết định kiểm tra số 01/QĐ-BHXH ngày 12/10/2026",
        "Căn cứ Biên bản vi phạm hành chính số 01/BB-VPHC lập hồi", "ngày 23/10/2026 tại Trụ sở đơn vị",
        "Căn cứ thẩm quyền xử phạt", "Điều 1. Xử phạt vi phạm hành chính đối với:",
        "1. Tên tổ chức vi phạm: Công ty TNHH May mặc Hồng Hà", "Địa chỉ trụ sở chính:", "Mã số doanh nghiệp",
        "Người đại diện theo pháp luật: Nguyễn Văn Hùng", "Chức danh của người đại diện theo pháp luật: Giám đốc",
        "2. Đã thực hiện hành vi vi phạm hành chính:", "3. Quy định tại:", "4. Các tình tiết tăng nặng:",
        "5. Các tình tiết giảm nhẹ:", "a) Hình thức xử phạt chính:", "Tổng số tiền phạt:",
        "b) Hình thức xử phạt bổ sung:", "c) Biện pháp khắc phục hậu quả:",
        "Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký.", "Điều 3.", "trong thời hạn 10 ngày",
        "Kho bạc Nhà nước", "0,05%", "khiếu nại hoặc khởi kiện hành chính",
        "Nơi nhận:",
        "Căn cứ thẩm quyền xử phạt vi phạm hành chính quy định tại khoản 1 Điều 57 và khoản 1, khoản 4 Điều 63",
        "1) Trốn đóng bảo hiểm xã hội bắt buộc", "2) Trốn đóng bảo hiểm thất nghiệp", "điểm b khoản 2 Điều 44",
        "điểm b khoản 2 Điều 46", "điểm b khoản 3 Điều 44", "điểm b khoản 4 Điều 46",
        "Vi phạm hành chính nhiều lần", "khoản 1 và khoản 2 Điều 7",
    ):
        assert field in text, field


def test_page_numbers_are_printed_from_page_two(rendered):
    pages = page_texts(rendered.pdf[DocKind.PENALTY_DECISION])
    assert len(pages) >= 2
    lines = [[line.strip() for line in page.splitlines() if line.strip()] for page in pages]
    assert "1" not in (lines[0][0], lines[0][-1])
    for number, page in enumerate(lines[1:], start=2):
        assert str(number) in (page[0], page[-1])


def test_user_text_is_escaped_and_printed_never_fetched(app, monkeypatch):
    """An employer name with markup is text on the page: no script element, no image fetched."""
    from enforcement.pdf.fetcher import AssetOnlyFetcher

    hostile = 'Công ty TNHH <script>alert(1)</script> <img src="file:///etc/passwd">'
    fetched: list[str] = []
    original = AssetOnlyFetcher.fetch

    def spy(self, url, headers=None):
        fetched.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(AssetOnlyFetcher, "fetch", spy)
    sample = SampleCase(employer_name=hostile)
    with app.test_request_context():
        from enforcement.pdf.render import render_html

        html = render_html(DocKind.DEMAND_NOTICE.value, sample.context(DocKind.DEMAND_NOTICE))
        pdf = render_pdf(DocKind.DEMAND_NOTICE.value, sample.context(DocKind.DEMAND_NOTICE))
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<img src="file:' not in html
    assert fetched == []
    assert "Kính gửi: Công ty TNHH <script>alert(1)</script> <img src=\"file:///etc/passwd\">" in text_of(pdf)
