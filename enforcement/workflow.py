"""The case workflow (PRODUCT §5): states of a case.

This module is the single source of truth for the workflow.  The states below
are the contract of PRODUCT.md §5; the triggers, guards and roles are added
with the workflow issue.
"""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l


class CaseState(enum.StrEnum):
    """Where a case stands (PRODUCT §5 state table)."""

    DETECTED = "detected"
    DEMAND_SENT = "demand_sent"
    INSPECTION_DECIDED = "inspection_decided"
    INSPECTING = "inspecting"
    INSPECTION_CONCLUDED = "inspection_concluded"
    VIOLATION_RECORDED = "violation_recorded"
    PENALIZED = "penalized"
    ENFORCING = "enforcing"
    REFERRAL_DRAFTED = "referral_drafted"
    REFERRAL_APPROVED = "referral_approved"
    REFERRED = "referred"
    SETTLED = "settled"
    CLOSED = "closed"


FINAL_STATES = frozenset({CaseState.SETTLED, CaseState.CLOSED})
OPEN_STATES = tuple(s for s in CaseState if s not in FINAL_STATES)

STATE_LABELS = {
    CaseState.DETECTED: _l("Mới phát hiện"),
    CaseState.DEMAND_SENT: _l("Đã gửi văn bản đôn đốc"),
    CaseState.INSPECTION_DECIDED: _l("Đã quyết định kiểm tra"),
    CaseState.INSPECTING: _l("Đang kiểm tra tại đơn vị"),
    CaseState.INSPECTION_CONCLUDED: _l("Đã kết luận kiểm tra"),
    CaseState.VIOLATION_RECORDED: _l("Đã lập biên bản vi phạm"),
    CaseState.PENALIZED: _l("Đã ra quyết định xử phạt"),
    CaseState.ENFORCING: _l("Đang cưỡng chế"),
    CaseState.REFERRAL_DRAFTED: _l("Đã dự thảo hồ sơ kiến nghị khởi tố"),
    CaseState.REFERRAL_APPROVED: _l("Đã duyệt kiến nghị khởi tố"),
    CaseState.REFERRED: _l("Đã chuyển cơ quan điều tra"),
    CaseState.SETTLED: _l("Đã nộp đủ"),
    CaseState.CLOSED: _l("Đã kết thúc"),
}
