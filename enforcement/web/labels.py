"""Vietnamese labels of the codes the pages show (actions, evidence, jobs…), as Jinja filters.

Registered app-wide by the ``ui`` blueprint of ``enforcement.web.ui``.
"""

from __future__ import annotations

from typing import Any

from flask_babel import get_locale, gettext, lazy_pgettext, pgettext
from flask_babel import lazy_gettext as _l

from enforcement.domain.text import DOCUMENT_KIND, Text
from enforcement.domain.vocabulary import Behaviour
from enforcement.i18n import ui_text
from enforcement.legal_bases import KINDS
from enforcement.models import BatchStatus, CopyForm, DayKind, EventAction, EvidenceCategory, JobStatus
from enforcement.workflow import DocKind

ACTION_LABELS = {
    EventAction.OPENED: _l("Mở hồ sơ"),
    EventAction.TRANSITION: _l("Chuyển bước"),
    EventAction.REMINDER: _l("Đôn đốc"),
    EventAction.SNAPSHOT: _l("Cập nhật số nợ"),
    EventAction.ASSIGNMENT: _l("Phân công"),
    EventAction.EDIT: _l("Ghi nhận"),
    EventAction.COMMENT: _l("Ghi chú"),
    EventAction.EVIDENCE: _l("Tài liệu, chứng cứ"),
    EventAction.DOCUMENT: _l("Văn bản"),
    EventAction.PAYMENT: _l("Thanh toán"),
    EventAction.IMPORT: _l("Nhập sổ"),
    EventAction.EXPLANATION: _l("Giải trình"),
}

EVIDENCE_LABELS = {
    EvidenceCategory.ENROLLED_WORKERS: _l("Danh sách người lao động đang tham gia BHXH"),
    EvidenceCategory.REQUIRED_WORKERS: _l("Danh sách người lao động thuộc diện phải tham gia"),
    EvidenceCategory.PAYROLL: _l("Bảng lương"),
    EvidenceCategory.CORRESPONDENCE: _l("Thư từ, công văn"),
    EvidenceCategory.PAYMENT_PROOF: _l("Chứng từ nộp tiền"),
    EvidenceCategory.SERVICE_PROOF: _l("Biên bản giao, phiếu báo phát quyết định xử phạt"),
    EvidenceCategory.SIGNED_COPY: _l("Bản ký, đóng dấu của văn bản đã ban hành"),
    EvidenceCategory.OTHER: _l("Tài liệu khác"),
}

COPY_FORM_LABELS = {
    CopyForm.ORIGINAL: _l("Bản chính"),
    CopyForm.CERTIFIED_COPY: _l("Bản sao y, sao lục"),
    CopyForm.ELECTRONIC_CONVERSION: _l("Bản chuyển đổi điện tử có giá trị pháp lý"),
}

JOB_LABELS = {
    "import_ledger": _l("Nhập sổ theo dõi thu"),
    "detect": _l("Quét nợ, mở hồ sơ"),
}

JOB_STATUS_LABELS = {
    JobStatus.QUEUED: _l("Đang chờ"),
    JobStatus.RUNNING: _l("Đang chạy"),
    JobStatus.DONE: _l("Hoàn thành"),
    JobStatus.FAILED: _l("Thất bại"),
}

BATCH_LABELS = {
    BatchStatus.ACCEPTED: _l("Đã nhập"),
    BatchStatus.REJECTED: _l("Bị từ chối"),
    BatchStatus.DUPLICATE: _l("Trùng tệp đã nhập"),
}

DAY_LABELS = {
    DayKind.DAY_OFF: _l("Ngày nghỉ bù"),
    DayKind.WORKING_DAY: _l("Ngày làm việc bù"),
}

CONFIDENCE_LABELS = {
    "V": _l("Đã đối chiếu văn bản"),
    "S": _l("Theo nguồn thứ cấp"),
    "U": _l("Chưa xác minh"),
}


# The deadlines of a case (LR-DEADLINES and those the case tracks), named in lists beside their date.
DEADLINE_NAMES = {
    "D-PAY": _l("Đơn vị nộp tiền theo văn bản đôn đốc"),
    "D-INSPECT": _l("Làm việc tại đơn vị theo quyết định kiểm tra"),
    "D-EVASION": _l("Mốc 60 ngày chưa đóng (trốn đóng)"),
    "D-RECORD": _l("Lập biên bản vi phạm hành chính"),
    "D-EXPLAIN": _l("Đơn vị giải trình"),
    "D-DECISION": _l("Ra quyết định xử phạt"),
    "D-SERVE": _l("Giao quyết định xử phạt"),
    "D-COMPLY": _l("Đơn vị chấp hành quyết định xử phạt"),
    "D-ENFORCE": _l("Thời hiệu thi hành quyết định xử phạt"),
    "D-LIMIT": _l("Thời hiệu xử phạt"),
    "D-PROSECUTE": _l("Cơ quan điều tra giải quyết kiến nghị khởi tố"),
    "D-CLEAR": _l("Hết thời hạn coi như chưa bị xử phạt"),
}


# Vietnamese texts the domain keeps as data, because official documents print them (document kinds,
# deadline names, the behaviours of a penalty decision).  Listed here so that `make messages` puts them
# in the catalogue; pages show them through ``ui_text`` (translated when read), the PDFs stay Vietnamese.
# tests/web/test_english_pages.py checks that every such text of the domain is listed.
DOC_KIND = DOCUMENT_KIND
DOMAIN_TEXTS = (
    # document kinds (legal_bases.KINDS titles; a context of their own: "Kết luận kiểm tra" is also a step)
    lazy_pgettext("document kind", "Bảng kê số tiền chậm đóng"),
    lazy_pgettext("document kind", "Văn bản đôn đốc"),
    lazy_pgettext("document kind", "Quyết định kiểm tra"),
    lazy_pgettext("document kind", "Biên bản làm việc"),
    lazy_pgettext("document kind", "Kết luận kiểm tra"),
    lazy_pgettext("document kind", "Biên bản vi phạm hành chính"),
    lazy_pgettext("document kind", "Quyết định xử phạt vi phạm hành chính"),
    lazy_pgettext("document kind", "Quyết định cưỡng chế"),
    lazy_pgettext("document kind", "Hồ sơ kiến nghị khởi tố (dự thảo)"),
    lazy_pgettext("document kind", "Văn bản kiến nghị khởi tố"),
    lazy_pgettext("document kind", "Hồ sơ kiến nghị khởi tố"),
    lazy_pgettext("document kind", "Biên bản giao nhận hồ sơ"),
    lazy_pgettext("document kind", "Thông báo kết thúc hồ sơ"),
    lazy_pgettext("document kind", "Công văn chuyển hồ sơ vụ vi phạm hành chính"),
    lazy_pgettext("document kind", "Quyết định áp dụng biện pháp khắc phục hậu quả"),
    # deadlines (domain.deadlines) and their legal sources
    _l("Lập biên bản vi phạm hành chính"),
    _l("Đơn vị giải trình bằng văn bản"),
    _l("Ra quyết định xử phạt"),
    _l("Giao quyết định xử phạt"),
    _l("Đơn vị chấp hành quyết định xử phạt"),
    _l("Thời hiệu thi hành quyết định xử phạt"),
    _l("Thời hiệu xử phạt vi phạm hành chính"),
    _l("Cơ quan điều tra giải quyết kiến nghị khởi tố"),
    _l("Hết thời hạn coi như chưa bị xử phạt"),
    _l("Nghị định 118/2021/NĐ-CP Điều 12 (2 ngày làm việc)"),
    _l("Luật XLVPHC Điều 61 (5 ngày làm việc)"),
    _l("Luật XLVPHC Điều 66"),
    _l("Luật XLVPHC Điều 70 (3 ngày làm việc)"),
    _l("Luật XLVPHC Điều 73 (10 ngày kể từ ngày nhận)"),
    _l("Luật XLVPHC Điều 73"),
    _l("Luật XLVPHC Điều 74 (01 năm)"),
    _l("Luật XLVPHC Điều 6 (01 năm kể từ khi phát hiện)"),
    _l("Bộ luật Tố tụng hình sự 2015 Điều 147 (20 ngày)"),
    _l("Luật XLVPHC Điều 7 (01 năm kể từ khi chấp hành xong)"),
    # deadlines the case tracks besides the statutory ones (domain.deadlines D-PAY, D-INSPECT, D-EVASION)
    _l("Đơn vị nộp đủ số tiền nợ theo văn bản đôn đốc"),
    _l("Văn bản đôn đốc (hạn nộp ghi trong văn bản)"),
    _l("Làm việc tại đơn vị theo quyết định kiểm tra"),
    _l("Quyết định kiểm tra (ngày dự kiến làm việc tại đơn vị)"),
    _l("Luật BHXH 2024 Điều 39 khoản 1 điểm đ; Nghị định 274/2025/NĐ-CP Điều 6"),
    # why a deadline stopped applying (domain.deadlines, services.case_view)
    _l("hồ sơ đã kết thúc"),
    _l("đã ra quyết định xử phạt"),
    _l("hồ sơ chuyển kiến nghị khởi tố, không xử phạt hành chính"),
    _l("quyết định xử phạt đã định thời hạn chấp hành mới"),
    _l("đơn vị đã nộp đủ"),
    _l("hồ sơ đã bị đình chỉ"),
    _l("đã ghi nhận kết quả giải quyết của cơ quan điều tra"),
    # (the criteria of Article 216 and their sentences are marked in domain.article216 itself: domain.text.say)
    # behaviours of a penalty decision (domain.sanctions.BEHAVIOUR_LABELS)
    _l("Chậm đóng BHXH bắt buộc"),
    _l("Trốn đóng BHXH bắt buộc"),
    _l("Chậm đóng BHTN"),
    _l("Trốn đóng BHTN"),
    _l("Không đăng ký đóng BHXH cho người lao động (chậm đóng)"),
    _l("Không đăng ký đóng BHXH cho người lao động (trốn đóng)"),
    _l("Không đăng ký đóng BHTN cho người lao động (chậm đóng)"),
    _l("Không đăng ký đóng BHTN cho người lao động (trốn đóng)"),
    _l("Trốn đóng BHXH, BHTN"),
    _l("Chậm đóng BHXH, BHTN"),
)


def event_summary(event: Any) -> str:
    """A timeline event's summary in the reader's language: from the template and parameters it was recorded
    with (``services.audit.new_event``); an older event, or one recorded from plain words, by its stored text."""
    from enforcement.services.audit import SUMMARY_TEXT

    data = (event.details or {}).get(SUMMARY_TEXT)
    if isinstance(data, dict):
        try:
            return ui_text(Text.from_json(data))
        except (KeyError, TypeError, ValueError):
            pass  # not a form this version reads: the stored words
    return ui_text(event.summary)


def doc_title(value: Any) -> str:
    """A document's title (``KINDS`` title, stored on the document) in the reader's language."""
    return pgettext(DOC_KIND, str(value)) if value else ""


def art216_verdict(art: Any) -> str:
    """The Article 216 verdict in the reader's language, from the result's band and unmet criteria.

    The same words as the domain's first reason (``domain.article216``) in Vietnamese.
    """
    get = art.get if isinstance(art, dict) else (lambda key: getattr(art, key))
    band = get("band")
    if band:
        return gettext("Đủ dấu hiệu tội trốn đóng theo BLHS 2015 Điều 216 khoản %(band)s", band=band)
    from enforcement.domain.article216 import CRITERION_NAMES

    unmet = [c["id"] if isinstance(c, dict) else c.id for c in get("criteria")
             if not (c["met"] if isinstance(c, dict) else c.met)]
    named = [f"{cid} ({ui_text(CRITERION_NAMES[cid])})" if cid in CRITERION_NAMES else cid for cid in unmet]
    return gettext("Chưa đủ dấu hiệu tội phạm theo Điều 216: %(ids)s chưa đạt", ids=", ".join(named))


def deadline_label(deadline: Any) -> str:
    """A deadline's name in the reader's language: the domain's own words in Vietnamese (the 60-day threshold
    names its month there), the catalogue's otherwise."""
    if str(get_locale() or "vi").startswith("vi"):
        return deadline.label_vi
    if deadline.id == "D-EVASION":
        return str(DEADLINE_NAMES["D-EVASION"])
    return ui_text(deadline.label_vi)


def job_message(kind: Any, result: dict[str, Any] | None) -> str:
    """A finished job's message in the reader's language (the worker stored it in Vietnamese)."""
    result = result or {}
    if str(kind) == "import_ledger" and result.get("batch_id") and result.get("status"):
        from enforcement.services.ledger_import import ImportResult

        try:
            return ImportResult.from_dict(result).message
        except (TypeError, ValueError):
            pass  # a result stored by an older version: its own words
    return str(result.get("message", ""))


def _lookup(table: dict[Any, Any], value: Any) -> str:
    for key, label in table.items():
        if str(key) == str(value):
            return str(label)
    return str(value or "")


def trigger_label(value: Any) -> str:
    """A workflow step's name as users read it ("Ban hành quyết định xử phạt"), never its code."""
    from enforcement.workflow import STEP_BY_TRIGGER, Trigger

    try:
        return str(STEP_BY_TRIGGER[Trigger(str(value))].label)
    except (KeyError, ValueError):
        return str(value or "")


def _label_of(table: dict[Any, Any]) -> Any:
    """A filter reading ``table`` (codes the table does not know are shown as they are)."""

    def label(value: Any) -> str:
        return _lookup(table, value)

    return label


action_label = _label_of(ACTION_LABELS)
evidence_label = _label_of(EVIDENCE_LABELS)
job_label = _label_of(JOB_LABELS)
job_status_label = _label_of(JOB_STATUS_LABELS)
batch_label = _label_of(BATCH_LABELS)
day_label = _label_of(DAY_LABELS)
confidence_label = _label_of(CONFIDENCE_LABELS)
deadline_name = _label_of(DEADLINE_NAMES)


def copy_form_label(value: Any) -> str:
    return _lookup(COPY_FORM_LABELS, value) if value else str(_l("Chưa ghi bản chính hay bản sao"))


def behaviour_label(value: Any) -> str:
    """The behaviour's label in the reader's language (the domain's labels are Vietnamese, marked ``N_``)."""
    try:
        return gettext(Behaviour(str(value)).label)
    except ValueError:
        return str(value or "")


def doc_kind_label(value: Any) -> str:
    """A document kind's short title in the reader's language (the PDFs print ``KINDS`` in Vietnamese)."""
    try:
        return doc_title(KINDS[DocKind(str(value))].title)
    except (KeyError, ValueError):
        return str(value)


def percent(value: float | None, digits: int = 2) -> str:
    """``0.0337`` as ``3,37 %`` (Vietnamese decimal comma)."""
    if value is None:
        return "—"
    return f"{value * 100:.{digits}f}".replace(".", ",") + " %"


def file_size(value: int | None) -> str:
    if value is None:
        return ""
    if value < 1024:
        return f"{value} B"
    if value < 1024 * 1024:
        return f"{value / 1024:.0f} KB"
    return f"{value / 1024 / 1024:.1f} MB".replace(".", ",")


FILTERS = {
    "action_label": action_label,
    "evidence_label": evidence_label,
    "copy_form_label": copy_form_label,
    "trigger_label": trigger_label,
    "job_label": job_label,
    "job_status_label": job_status_label,
    "batch_label": batch_label,
    "day_label": day_label,
    "confidence_label": confidence_label,
    "deadline_name": deadline_name,
    "deadline_label": deadline_label,
    "behaviour_label": behaviour_label,
    "doc_kind_label": doc_kind_label,
    "ui_text": ui_text,
    "event_summary": event_summary,
    "job_message": job_message,
    "doc_title": doc_title,
    "art216_verdict": art216_verdict,
    "percent": percent,
    "file_size": file_size,
}
