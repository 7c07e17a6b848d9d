"""Vietnamese labels of the codes the pages show (actions, evidence, jobs…), as Jinja filters.

Registered app-wide by the ``ui`` blueprint of ``enforcement.web.ui``.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from enforcement.domain.vocabulary import Behaviour
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
    try:
        return KINDS[DocKind(str(value))].title
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
    "behaviour_label": behaviour_label,
    "doc_kind_label": doc_kind_label,
    "percent": percent,
    "file_size": file_size,
}
