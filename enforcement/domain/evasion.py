"""Late payment (chậm đóng) or evasion (trốn đóng), suggested month by month.

Implements LEGAL.md LR-EVASION. Months whose payment deadline falls before the
evasion regime (2025-07-01) are never classified automatically: before the SI
Law 2024 no text defined evasion clearly (Part B §3.6), so the inspector
decides. From then on a month still outstanding more than 60 days after its
deadline is evasion when a reminder (văn bản đôn đốc) was issued after the
deadline and within 45 days of it; reminded only later, it needs a person
(Part B §10.7); never reminded, it is late payment; a force-majeure exemption
makes it late payment. The result is a suggestion the inspection conclusion
confirms or overrides.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .legal_params import ParamSet
from .periods import Period, format_date, payment_deadline
from .vocabulary import Behaviour

RULE = "LR-EVASION"
CLAUSE = "Luật BHXH 2024 Điều 38, Điều 39 khoản 1 điểm đ và khoản 2; Nghị định 274/2025/NĐ-CP Điều 6"
MANUAL_CLAUSE = "LEGAL.md Phần B §3.6: trước 01/07/2025 chưa có văn bản định nghĩa rõ hành vi trốn đóng"
SUGGESTIONS = tuple(Behaviour)


@dataclass(frozen=True)
class MonthClassification:
    """The suggested classification of one month, with its reason."""

    period: Period
    suggestion: str
    reason: str
    rule: str
    clause: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {
            "period": str(self.period),
            "suggestion": self.suggestion,
            "reason": self.reason,
            "rule": self.rule,
            "clause": self.clause,
        }


def _result(period: Period, suggestion: str, reason: str, clause: str = CLAUSE) -> MonthClassification:
    return MonthClassification(period, suggestion, reason, RULE, clause)


def _in_force_majeure(period: Period, ranges: Sequence[tuple[date, date]]) -> tuple[date, date] | None:
    """The first exemption range that overlaps the calendar month of ``period``."""
    for start, end in ranges:
        if start <= period.last_day and end >= period.first_day:
            return start, end
    return None


def _reminder_outcome(
    period: Period, deadline: date, as_of: date, reminders: Sequence[date], window: int
) -> MonthClassification:
    days_late = (as_of - deadline).days
    after = sorted(d for d in reminders if deadline < d <= as_of)
    timely = [d for d in after if d <= deadline + timedelta(days=window)]
    if timely:
        return _result(
            period,
            Behaviour.EVASION,
            f"Trốn đóng: quá hạn đóng {format_date(deadline)} {days_late} ngày "
            f"và đã có văn bản đôn đốc ngày {format_date(timely[0])}, trong {window} ngày sau hạn",
        )
    if after:
        return _result(
            period,
            Behaviour.MANUAL,
            f"Cần phân loại thủ công: văn bản đôn đốc ngày {format_date(after[0])} "
            f"gửi sau ngày thứ {window} kể từ hạn đóng; Nghị định số 274/2025/NĐ-CP chưa quy định rõ thời "
            "điểm bắt đầu trốn đóng trong trường hợp này",
        )
    return _result(
        period,
        Behaviour.LATE_PAYMENT,
        f"Chậm đóng: quá hạn đóng {format_date(deadline)} {days_late} ngày nhưng chưa có văn bản đôn đốc "
        "sau hạn đóng",
    )


def classify_month(
    period: Period,
    outstanding: int,
    as_of: date,
    reminder_dates: Sequence[date],
    force_majeure: Sequence[tuple[date, date]],
    params: ParamSet,
) -> MonthClassification:
    """LR-EVASION: suggest "evasion", "late_payment", "manual" or "none" for one month as of ``as_of``.

    Luật BHXH 2024 Điều 39 khoản 1 điểm đ (chưa đóng sau 60 ngày kể từ hạn
    đóng và đã bị đôn đốc), Nghị định 274/2025/NĐ-CP Điều 6 trường hợp 3 (đôn
    đốc trong 45 ngày), Điều 39 khoản 2 (bất khả kháng); LEGAL.md Phần B §3.6.
    """
    for start, end in force_majeure:
        if end < start:
            raise ValueError(
                f"Khoảng bất khả kháng không hợp lệ: {format_date(start)} sau {format_date(end)}"
            )
    deadline = payment_deadline(period)
    if outstanding <= 0:
        return _result(period, Behaviour.NONE, f"Kỳ {period} không còn nợ")
    if deadline < params.get("evasion_regime_from", as_of):
        return _result(
            period,
            Behaviour.MANUAL,
            f"Kỳ {period} có hạn đóng {format_date(deadline)} trước 01/07/2025: "
            "cán bộ kiểm tra phân loại trong kết luận kiểm tra, nêu căn cứ",
            MANUAL_CLAUSE,
        )
    if deadline >= as_of:
        return _result(period, Behaviour.NONE, f"Kỳ {period} chưa quá hạn đóng {format_date(deadline)}")
    exemption = _in_force_majeure(period, force_majeure)
    if exemption is not None:
        return _result(
            period,
            Behaviour.LATE_PAYMENT,
            "Không coi là trốn đóng do bất khả kháng từ "
            f"{format_date(exemption[0])} đến {format_date(exemption[1])} (Luật BHXH 2024 Điều 39 "
            "khoản 2): chậm đóng",
        )
    days_late = (as_of - deadline).days
    limit = params.get("evasion_days_after_deadline", deadline)
    if days_late <= limit:
        return _result(period, Behaviour.LATE_PAYMENT, f"Chậm đóng: quá hạn {days_late} ngày, chưa quá {limit} ngày")
    window = params.get("evasion_reminder_max_days", deadline)
    return _reminder_outcome(period, deadline, as_of, reminder_dates, window)


def classify_months(
    outstanding_by_period: Mapping[Period, int],
    as_of: date,
    reminder_dates: Sequence[date],
    force_majeure: Sequence[tuple[date, date]],
    params: ParamSet,
) -> list[MonthClassification]:
    """LR-EVASION for several months, in period order (see ``classify_month``)."""
    return [
        classify_month(period, outstanding_by_period[period], as_of, reminder_dates, force_majeure, params)
        for period in sorted(outstanding_by_period)
    ]
