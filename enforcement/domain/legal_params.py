"""The legal parameters as dated data, in one place (LEGAL.md Part A, first principle).

Every number the rules use — thresholds, rates, fine bands, day counts — is a
``ParamRow(key, value, valid_from, valid_to, source, confidence)``; the row in
force on the date that matters is used. ``DEFAULT_PARAMS`` ships every number of
LEGAL.md Part A with its source text and confidence tag (V verified, S
secondary, U unverified). Admins add rows after the defaults; a later row with
the same start date supersedes an earlier one, and history is never edited.
A value of ``None`` means "known to change here, but the new value is not
known" (e.g. Decree 283/2026 fine bands): callers must say so, never guess.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from .periods import format_date
from .vocabulary import N_

CONFIDENCE_TAGS = ("V", "S", "U")
SINCE_ALWAYS = date(2000, 1, 1)
"""Start date for rows that hold for every date the program handles (no known start)."""


@dataclass(frozen=True)
class ParamRow:
    """One dated legal parameter with its source and confidence tag."""

    key: str
    value: Any = field(hash=False)
    valid_from: date
    valid_to: date | None
    source: str
    confidence: str

    def __post_init__(self) -> None:
        if self.confidence not in CONFIDENCE_TAGS:
            raise ValueError(f"Độ tin cậy phải là V, S hoặc U (tham số {self.key}: {self.confidence!r})")
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError(f"Tham số {self.key}: ngày hết hiệu lực trước ngày bắt đầu")

    def covers(self, on: date) -> bool:
        """Whether the row is in force on ``on``."""
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form (dates as ISO strings)."""
        return {
            "key": self.key,
            "value": _jsonable(self.value),
            "valid_from": self.valid_from.isoformat(),
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "source": self.source,
            "confidence": self.confidence,
        }


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else copy.deepcopy(value)


class MissingParam(LookupError):
    """No row of ``key`` is in force on ``on``."""

    def __init__(self, key: str, on: date) -> None:
        self.key = key
        self.on = on
        super().__init__(f"Chưa cấu hình tham số pháp lý {key} áp dụng cho ngày {format_date(on)}")


class ParamSet:
    """An ordered collection of dated rows; later rows win ties on ``valid_from``."""

    def __init__(self, rows: Iterable[ParamRow]) -> None:
        self.rows: tuple[ParamRow, ...] = tuple(rows)

    @classmethod
    def defaults(cls) -> ParamSet:
        """The parameters of LEGAL.md Part A as shipped."""
        return cls(DEFAULT_PARAMS)

    def find(self, key: str, on: date) -> ParamRow | None:
        """The row of ``key`` in force on ``on``: latest ``valid_from``, later row on a tie."""
        best: ParamRow | None = None
        for row in self.rows:
            if row.key == key and row.covers(on) and (best is None or row.valid_from >= best.valid_from):
                best = row
        return best

    def get(self, key: str, on: date) -> Any:
        """The value of ``key`` in force on ``on`` (may be None: known-unknown); raise MissingParam."""
        row = self.find(key, on)
        if row is None:
            raise MissingParam(key, on)
        return _jsonable(row.value) if isinstance(row.value, dict | list) else row.value

    def in_force(self, on: date) -> list[ParamRow]:
        """The winning row of every key on ``on``, sorted by key."""
        keys = sorted({row.key for row in self.rows})
        return [row for key in keys if (row := self.find(key, on)) is not None]

    def without(self, *keys: str) -> ParamSet:
        """A copy without the rows of ``keys`` (e.g. to test unconfigured rates)."""
        return ParamSet(row for row in self.rows if row.key not in keys)

    def with_rows(self, *rows: ParamRow) -> ParamSet:
        """A copy with ``rows`` appended (they supersede on equal start dates)."""
        return ParamSet(self.rows + rows)


def fraction_param(value: Any) -> Fraction:
    """A decimal-string (or int) parameter as an exact Fraction."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError(f"Giá trị tham số không phải số thập phân dạng chuỗi: {value!r}")
    return Fraction(value)


def _row(key: str, value: Any, since: date, until: date | None, source: str, conf: str) -> ParamRow:
    return ParamRow(key, value, since, until, source, conf)


# ---------------------------------------------------------------------------
# The defaults: every number of LEGAL.md Part A, with its source and tag.
# ---------------------------------------------------------------------------

_REGIME_CHANGE = date(2025, 7, 1)
_PENAL_CODE_FROM = date(2018, 1, 1)
_DECREE_12_FROM = date(2022, 1, 17)
_DECREE_12_TO = date(2026, 9, 9)
_DECREE_283_FROM = date(2026, 9, 10)

_SRC_THRESHOLD = (
    'Ngưỡng "chậm đóng từ 3 tháng trở lên" trong hướng dẫn của BHXH Việt Nam '
    "(CV 3511/BHXH-TST 2022-11-18); LEGAL.md LR-ARREARS, Phần B §9.1"
)
_SRC_NEW_INTEREST = (
    "Luật BHXH 2024 (41/2024/QH15) Điều 40, 41; Nghị định 274/2025/NĐ-CP: 0,03 %/ngày "
    "(LEGAL.md LR-INTEREST, R7, Phần B §3.2)"
)
_SRC_2020_RATES = (
    "Thông báo 63/TB-BHXH ngày 08/01/2020 theo trích dẫn của người làm nghề "
    "(GitHub hongquantq92/hddtvn): k_si = 2 × 5,80 %/12, k_hi = 2 × 5,86 %/12 "
    "(LEGAL.md LR-INTEREST, Phần B §3.3)"
)
_SRC_PAYMENT_DAY = (
    "Sổ theo dõi thu chỉ ghi tháng nộp tiền, không ghi ngày: tiền nộp trong tháng được tính từ ngày "
    "đầu tháng (first, cách không bao giờ tính thừa lãi) hoặc ngày cuối tháng (last); chưa có văn bản "
    "(LEGAL.md LR-INTEREST)"
)
_SRC_SHARES = (
    "Tỷ lệ đóng 2018 → : BHXH 17,5 % + 8 %, BHTN 1 % + 1 %, BHYT 3 % + 1,5 % trên tổng 32 % "
    "(LEGAL.md R24, Phần B §3.7)"
)
_SRC_ART216 = (
    "Bộ luật Hình sự 2015 (sửa đổi 2017) Điều 216 khoản 1–3; Nghị quyết 05/2019/NQ-HĐTP "
    "(LEGAL.md LR-ART216, R1–R2, Phần B §1–2)"
)
_SRC_ART216_ENTITY = "Bộ luật Hình sự 2015 Điều 216 khoản 5 (LEGAL.md R3, Phần B §1.1)"
_SRC_ART216_EXTRA = (
    'Bộ luật Hình sự 2015 Điều 216 khoản 4; chỉ "phạt bổ sung đến 100 triệu" được xác nhận '
    "(LEGAL.md R4, Phần B §1.1)"
)
_SRC_INTEREST_IN_AMOUNT = (
    "Chưa có văn bản: thực tiễn chỉ tính số tiền phải đóng, không gồm lãi "
    "(LEGAL.md LR-ART216 C3, Phần B §2 (a), §10.4)"
)
_SRC_D12_LATE = (
    "Nghị định 12/2022/NĐ-CP Điều 39 khoản 5 điểm a: 12–15 % tổng số tiền BHXH, BHTN "
    "phải đóng tại thời điểm lập biên bản, tối đa 75.000.000 đ (LEGAL.md R11, Phần B §4.2)"
)
_SRC_D12_EVASION = (
    "Nghị định 12/2022/NĐ-CP Điều 39 khoản 7 điểm a: 50.000.000–75.000.000 đ "
    "(LEGAL.md R11, Phần B §4.2; nguồn thứ cấp)"
)
_SRC_ORG_DOUBLE = (
    "Nghị định 12/2022/NĐ-CP Điều 6 khoản 1; Luật XLVPHC Điều 3 khoản 1 điểm e: "
    "tổ chức bị phạt gấp 2 lần cá nhân (LEGAL.md R12)"
)
_SRC_D283_TRANSITION = (
    "Nghị định 283/2026/NĐ-CP Điều 66 khoản 1 (hiệu lực 10/09/2026), Điều 67: vi phạm đã kết thúc trước ngày "
    "này áp dụng nghị định có hiệu lực khi thực hiện; vi phạm còn đang thực hiện áp dụng Nghị định 283/2026 "
    "(LEGAL.md LR-FINE, Phần B §4.4)"
)
_SRC_D283_ORG = (
    "Nghị định 283/2026/NĐ-CP Điều 7 khoản 1, 2: mức phạt tiền đối với tổ chức bằng 02 lần mức phạt đối với "
    "cá nhân; khoản 3: hộ kinh doanh, hộ gia đình bị xử phạt như cá nhân (LEGAL.md LR-FINE)"
)
_SRC_D283_COMPETENCE = (
    "Nghị định 283/2026/NĐ-CP Điều 57 (Giám đốc BHXH cấp tỉnh 37.500.000 đ; Trưởng đoàn kiểm tra chuyên ngành "
    "do BHXH Việt Nam thành lập 60.000.000 đ; Giám đốc BHXH Việt Nam 75.000.000 đ), Điều 63 khoản 1 "
    "(thẩm quyền đối với tổ chức gấp 02 lần) (LEGAL.md LR-COMPETENCE)"
)
_SRC_FACTORS_AGG = "Luật Xử lý vi phạm hành chính Điều 10 khoản 1: các tình tiết tăng nặng (LEGAL.md LR-FINE)"
_SRC_FACTORS_MIT = "Luật Xử lý vi phạm hành chính Điều 9: các tình tiết giảm nhẹ (LEGAL.md LR-FINE)"
_SRC_SHARES_SI = _SRC_SHARES + ": phần BHXH 25,5/32"
_SRC_SHARES_UI = _SRC_SHARES + ": phần BHTN 2/32"
_SRC_EVASION = (
    "Luật BHXH 2024 Điều 39 khoản 1 điểm đ; Nghị định 274/2025/NĐ-CP Điều 6 trường hợp 3 "
    "(LEGAL.md LR-EVASION, R6, Phần B §3.1–3.2)"
)


def _deadline_rows() -> tuple[ParamRow, ...]:
    return (
        _row(
            "deadline_record_working_days",
            2,
            SINCE_ALWAYS,
            None,
            "Nghị định 118/2021/NĐ-CP Điều 12 khoản 2: lập biên bản trong 2 ngày làm việc (LEGAL.md R15)",
            "S",
        ),
        _row(
            "deadline_explain_working_days",
            5,
            SINCE_ALWAYS,
            None,
            "Luật XLVPHC Điều 61: giải trình bằng văn bản trong 5 ngày làm việc (LEGAL.md R16)",
            "S",
        ),
        _row(
            "deadline_decision_working_days",
            7,
            SINCE_ALWAYS,
            None,
            "Luật XLVPHC Điều 66 khoản 1: ra quyết định trong 7 ngày làm việc (LEGAL.md R14)",
            "V",
        ),
        _row(
            "deadline_decision_explained_months",
            1,
            SINCE_ALWAYS,
            None,
            "Luật XLVPHC Điều 66: 01 tháng khi cá nhân, tổ chức giải trình (LEGAL.md R14)",
            "V",
        ),
        _row(
            "deadline_decision_transferred_working_days",
            10,
            SINCE_ALWAYS,
            None,
            "Luật XLVPHC Điều 66 khoản 1: vụ việc phải chuyển hồ sơ đến người có thẩm quyền xử phạt, "
            "ra quyết định trong 10 ngày làm việc kể từ ngày lập biên bản (LEGAL.md R14, LR-DEADLINES)",
            "V",
        ),
        _row(
            "deadline_decision_extension_months",
            1,
            SINCE_ALWAYS,
            None,
            "Luật XLVPHC Điều 66 khoản 1: vụ việc phức tạp được gia hạn không quá 01 tháng, có văn bản đề nghị "
            "và được thủ trưởng trực tiếp đồng ý (LEGAL.md R14, LR-DEADLINES)",
            "V",
        ),
        _row(
            "deadline_decision_complex_months",
            2,
            SINCE_ALWAYS,
            None,
            "Luật XLVPHC Điều 66: 02 tháng với vụ việc đặc biệt nghiêm trọng, phức tạp (LEGAL.md R14)",
            "V",
        ),
        _row(
            "deadline_serve_working_days",
            3,
            SINCE_ALWAYS,
            None,
            "Luật XLVPHC Điều 70 (sửa đổi bởi Luật 88/2025): giao quyết định trong 3 ngày làm việc "
            "(LEGAL.md R17)",
            "S",
        ),
        _row(
            "deadline_comply_days",
            10,
            SINCE_ALWAYS,
            None,
            "Luật XLVPHC Điều 73: chấp hành trong 10 ngày kể từ ngày nhận quyết định (LEGAL.md R18)",
            "V",
        ),
        _row(
            "deadline_enforce_years",
            1,
            SINCE_ALWAYS,
            None,
            "Luật XLVPHC Điều 74: thời hiệu thi hành quyết định xử phạt 01 năm (LEGAL.md R20)",
            "S",
        ),
        _row(
            "deadline_limit_years",
            1,
            SINCE_ALWAYS,
            None,
            "Luật XLVPHC Điều 6: thời hiệu xử phạt 01 năm, vi phạm đang thực hiện tính từ khi phát hiện "
            "(LEGAL.md R22)",
            "S",
        ),
        _row(
            "deadline_prosecute_days",
            20,
            _PENAL_CODE_FROM,
            None,
            "Bộ luật Tố tụng hình sự 2015 Điều 147: giải quyết kiến nghị khởi tố trong 20 ngày "
            "(LEGAL.md R23)",
            "V",
        ),
        _row(
            "deadline_clear_warning_months",
            6,
            SINCE_ALWAYS,
            None,
            "Luật XLVPHC Điều 7: sau 06 tháng kể từ ngày chấp hành xong quyết định xử phạt cảnh cáo "
            "thì coi như chưa bị xử phạt (LEGAL.md R21, LR-SANCTIONS)",
            "V",
        ),
        _row(
            "deadline_clear_years",
            1,
            SINCE_ALWAYS,
            None,
            "Luật XLVPHC Điều 7: sau 01 năm kể từ ngày chấp hành xong hoặc hết thời hiệu thi hành "
            "thì coi như chưa bị xử phạt (LEGAL.md R21)",
            "V",
        ),
    )


def _art216_penalties_person() -> dict[str, Any]:
    return {
        "1": {
            "fine": [50_000_000, 200_000_000],
            "non_custodial_reform_max_months": 12,
            "prison_months": [3, 12],
        },
        "2": {"fine": [200_000_000, 500_000_000], "prison_months": [6, 36]},
        "3": {"fine": [500_000_000, 1_000_000_000], "prison_months": [24, 84]},
    }


def _art216_rows() -> tuple[ParamRow, ...]:
    values: tuple[tuple[str, Any], ...] = (
        ("art216_min_months", 6),
        ("art216_min_amount", 50_000_000),
        ("art216_min_employees", 10),
        ("art216_amount_band2", 300_000_000),
        ("art216_amount_band3", 1_000_000_000),
        ("art216_employees_band2", 50),
        ("art216_employees_band3", 200),
        ("art216_conduct_from", _PENAL_CODE_FROM),
    )
    rows = tuple(_row(key, value, _PENAL_CODE_FROM, None, _SRC_ART216, "V") for key, value in values)
    extra = (
        _row(
            "criminal_amount_includes_interest", False, _PENAL_CODE_FROM, None, _SRC_INTEREST_IN_AMOUNT, "U"
        ),
        _row("art216_penalties_person", _art216_penalties_person(), _PENAL_CODE_FROM, None, _SRC_ART216, "V"),
        _row(
            "art216_penalties_legal_entity",
            {
                "1": {"fine": [200_000_000, 500_000_000]},
                "2": {"fine": [500_000_000, 1_000_000_000]},
                "3": {"fine": [1_000_000_000, 3_000_000_000]},
            },
            _PENAL_CODE_FROM,
            None,
            _SRC_ART216_ENTITY,
            "V",
        ),
        _row(
            "art216_additional_penalties_person",
            {"fine": [20_000_000, 100_000_000], "ban_years": [1, 5]},
            _PENAL_CODE_FROM,
            None,
            _SRC_ART216_EXTRA,
            "S",
        ),
    )
    return (*rows, *extra)


def _fine_rows() -> tuple[ParamRow, ...]:
    late = {
        "regime": "Nghị định 12/2022/NĐ-CP",
        "clause": "Nghị định 12/2022/NĐ-CP Điều 39 khoản 5 điểm a",
        "kind": "percent",
        "min": "0.12",
        "max": "0.15",
        "cap": 75_000_000,
    }
    evasion = {
        "regime": "Nghị định 12/2022/NĐ-CP",
        "clause": "Nghị định 12/2022/NĐ-CP Điều 39 khoản 7 điểm a",
        "kind": "fixed",
        "min": 50_000_000,
        "max": 75_000_000,
        "cap": None,
    }
    return (
        _row("fine_late_payment", late, _DECREE_12_FROM, _DECREE_12_TO, _SRC_D12_LATE, "V"),
        _row("fine_evasion", evasion, _DECREE_12_FROM, _DECREE_12_TO, _SRC_D12_EVASION, "S"),
        _row("fine_organisation_multiplier", 2, _DECREE_12_FROM, None, _SRC_ORG_DOUBLE, "S"),
        _row("fine_decree_283_from", _DECREE_283_FROM, SINCE_ALWAYS, None, _SRC_D283_TRANSITION, "V"),
        _row("fine_organisation_multiplier", 2, _DECREE_283_FROM, None, _SRC_D283_ORG, "V"),
        *_fine_283_rows(),
        *_factor_rows(),
        *_competence_rows(),
    )


def _percent_spec(article: str, clause: str, points: str, low: str, high: str,
                  warning_clause: str | None) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "regime": "Nghị định 283/2026/NĐ-CP", "article": article, "clause": clause, "points": points,
        "kind": "percent", "min": low, "max": high, "cap": 75_000_000,
    }
    if warning_clause:
        spec["warning_below"] = 400_000
        spec["warning_clause"] = warning_clause
    return spec


_HEADCOUNT_STEPS = (0, 10, 50, 100, 300, 500, 700, 1000)
_HEADCOUNT_POINTS = ("a", "b", "c", "d", "đ", "e", "g", "h")


def _headcount_spec(article: str, clause: str, amounts: tuple[tuple[int, int], ...]) -> dict[str, Any]:
    bands = [
        {"from": start, "point": point, "min": low, "max": high}
        for start, point, (low, high) in zip(_HEADCOUNT_STEPS, _HEADCOUNT_POINTS, amounts, strict=True)
    ]
    return {"regime": "Nghị định 283/2026/NĐ-CP", "article": article, "clause": clause, "kind": "headcount",
            "bands": bands}


_M = 1_000_000


def _fine_283_rows() -> tuple[ParamRow, ...]:
    specs: tuple[tuple[str, dict[str, Any], str], ...] = (
        ("fine_283_si_late", _percent_spec("43", "3", "a, b", "0.12", "0.15", "1"),
         "Nghị định 283/2026/NĐ-CP Điều 43 khoản 1 (cảnh cáo khi dưới 400.000 đ), khoản 3 (12–15 % tổng số tiền "
         "chậm đóng BHXH bắt buộc tại thời điểm lập biên bản, tối đa 75.000.000 đ)"),
        ("fine_283_si_evasion", _percent_spec("44", "2", "a, b", "0.18", "0.20", None),
         "Nghị định 283/2026/NĐ-CP Điều 44 khoản 2 (18–20 % tổng số tiền trốn đóng BHXH bắt buộc, "
         "tối đa 75.000.000 đ)"),
        ("fine_283_ui_late", _percent_spec("45", "3", "a, b", "0.12", "0.15", "1"),
         "Nghị định 283/2026/NĐ-CP Điều 45 khoản 1 (cảnh cáo khi dưới 400.000 đ), khoản 3 (12–15 % tổng số tiền "
         "chậm đóng BHTN, tối đa 75.000.000 đ)"),
        ("fine_283_ui_evasion", _percent_spec("46", "2", "a, b", "0.18", "0.20", None),
         "Nghị định 283/2026/NĐ-CP Điều 46 khoản 2 (18–20 % tổng số tiền trốn đóng BHTN, tối đa 75.000.000 đ)"),
        ("fine_283_si_unregistered_late", _headcount_spec("43", "2", (
            (5 * _M, 10 * _M), (10 * _M, 15 * _M), (15 * _M, 20 * _M), (20 * _M, 30 * _M),
            (30 * _M, 40 * _M), (40 * _M, 50 * _M), (50 * _M, 60 * _M), (60 * _M, 75 * _M))),
         "Nghị định 283/2026/NĐ-CP Điều 43 khoản 2 điểm a–h (không đăng ký đủ số người tham gia BHXH bắt buộc, "
         "theo số người lao động)"),
        ("fine_283_si_unregistered_evasion", _headcount_spec("44", "1", (
            (6 * _M, 12 * _M), (12 * _M, 20 * _M), (20 * _M, 30 * _M), (30 * _M, 40 * _M),
            (40 * _M, 50 * _M), (50 * _M, 60 * _M), (60 * _M, 70 * _M), (70 * _M, 75 * _M))),
         "Nghị định 283/2026/NĐ-CP Điều 44 khoản 1 điểm a–h (không đăng ký đủ số người tham gia BHXH bắt buộc "
         "sau 60 ngày, theo số người lao động)"),
        ("fine_283_ui_unregistered_late", _headcount_spec("45", "2", (
            (_M // 2, 5 * _M // 2), (5 * _M // 2, 5 * _M), (5 * _M, 10 * _M), (10 * _M, 15 * _M),
            (15 * _M, 20 * _M), (20 * _M, 25 * _M), (25 * _M, 30 * _M), (30 * _M, 35 * _M))),
         "Nghị định 283/2026/NĐ-CP Điều 45 khoản 2 điểm a–h (không đăng ký đủ số người tham gia BHTN, "
         "theo số người lao động)"),
        ("fine_283_ui_unregistered_evasion", _headcount_spec("46", "1", (
            (1 * _M, 5 * _M), (5 * _M, 10 * _M), (10 * _M, 15 * _M), (15 * _M, 20 * _M),
            (20 * _M, 25 * _M), (25 * _M, 30 * _M), (30 * _M, 35 * _M), (35 * _M, 40 * _M))),
         "Nghị định 283/2026/NĐ-CP Điều 46 khoản 1 điểm a–h (không đăng ký đủ số người tham gia BHTN "
         "sau 60 ngày, theo số người lao động)"),
    )
    return tuple(_row(key, spec, _DECREE_283_FROM, None, source, "V") for key, spec, source in specs)


AGGRAVATING_FACTORS: tuple[tuple[str, str, str], ...] = (
    ("co_to_chuc", "a", N_("Vi phạm hành chính có tổ chức")),
    ("vi_pham_nhieu_lan", "b", N_("Vi phạm hành chính nhiều lần")),
    ("tai_pham", "b", N_("Tái phạm")),
    ("xui_giuc_nguoi_chua_thanh_nien", "c",
     N_("Xúi giục, lôi kéo, sử dụng người chưa thành niên vi phạm; ép buộc người bị lệ thuộc vào mình về vật chất, "
     "tinh thần thực hiện hành vi vi phạm hành chính")),
    ("su_dung_nguoi_mat_nhan_thuc", "d",
     N_("Sử dụng người biết rõ là đang bị tâm thần hoặc bệnh khác làm mất khả năng nhận thức hoặc khả năng điều "
     "khiển hành vi để vi phạm hành chính")),
    ("lang_ma_nguoi_thi_hanh_cong_vu", "đ",
     N_("Lăng mạ, phỉ báng người đang thi hành công vụ; vi phạm hành chính có tính chất côn đồ")),
    ("loi_dung_chuc_vu", "e", N_("Lợi dụng chức vụ, quyền hạn để vi phạm hành chính")),
    ("loi_dung_hoan_canh_dac_biet", "g",
     N_("Lợi dụng hoàn cảnh chiến tranh, hoàn cảnh thiên tai, thảm họa, dịch bệnh hoặc những khó khăn đặc biệt "
     "khác của xã hội để vi phạm hành chính")),
    ("dang_chap_hanh_hinh_phat", "h",
     N_("Vi phạm hành chính trong thời gian đang chấp hành hình phạt của bản án hình sự hoặc đang chấp hành quyết "
     "định áp dụng biện pháp xử lý vi phạm hành chính")),
    ("tiep_tuc_vi_pham_khi_da_yeu_cau_cham_dut", "i",
     N_("Tiếp tục thực hiện hành vi vi phạm hành chính mặc dù người có thẩm quyền đã yêu cầu chấm dứt hành vi đó")),
    ("tron_tranh_che_giau", "k", N_("Sau khi vi phạm đã có hành vi trốn tránh, che giấu vi phạm hành chính")),
    ("quy_mo_lon", "l", N_("Vi phạm hành chính có quy mô lớn, số lượng hoặc trị giá hàng hóa lớn")),
    ("doi_voi_nhieu_nguoi", "m",
     N_("Vi phạm hành chính đối với nhiều người, trẻ em, người già, người khuyết tật, phụ nữ mang thai")),
)
"""XLVPHC Art. 10(1): (id, point, wording) of each aggravating factor."""

MITIGATING_FACTORS: tuple[tuple[str, str, str], ...] = (
    ("tu_nguyen_khac_phuc", "1",
     N_("Người vi phạm hành chính đã có hành vi ngăn chặn, làm giảm bớt hậu quả của vi phạm hoặc tự nguyện khắc "
     "phục hậu quả, bồi thường thiệt hại")),
    ("tu_nguyen_khai_bao", "2",
     N_("Người vi phạm hành chính đã tự nguyện khai báo, thành thật hối lỗi; tích cực giúp đỡ cơ quan chức năng "
     "phát hiện vi phạm hành chính, xử lý vi phạm hành chính")),
    ("bi_kich_dong", "3",
     N_("Vi phạm hành chính trong tình trạng bị kích động về tinh thần do hành vi trái pháp luật của người khác gây "
     "ra; vượt quá giới hạn phòng vệ chính đáng; vượt quá yêu cầu của tình thế cấp thiết")),
    ("bi_ep_buoc", "4", N_("Vi phạm hành chính do bị ép buộc hoặc bị lệ thuộc về vật chất hoặc tinh thần")),
    ("nguoi_yeu_the", "5",
     N_("Người vi phạm hành chính là phụ nữ mang thai, người già yếu, người có bệnh hoặc khuyết tật làm hạn chế khả "
     "năng nhận thức hoặc khả năng điều khiển hành vi của mình")),
    ("hoan_canh_kho_khan", "6", N_("Vi phạm hành chính vì hoàn cảnh đặc biệt khó khăn mà không do mình gây ra")),
    ("trinh_do_lac_hau", "7", N_("Vi phạm hành chính do trình độ lạc hậu")),
)
"""XLVPHC Art. 9: (id, clause, wording) of each mitigating factor."""


def _factor_rows() -> tuple[ParamRow, ...]:
    aggravating = [{"id": i, "citation": f"điểm {p} khoản 1 Điều 10 Luật Xử lý vi phạm hành chính", "name": n}
                   for i, p, n in AGGRAVATING_FACTORS]
    mitigating = [{"id": i, "citation": f"khoản {c} Điều 9 Luật Xử lý vi phạm hành chính", "name": n}
                  for i, c, n in MITIGATING_FACTORS]
    return (
        _row("fine_factors_aggravating", aggravating, SINCE_ALWAYS, None, _SRC_FACTORS_AGG, "S"),
        _row("fine_factors_mitigating", mitigating, SINCE_ALWAYS, None, _SRC_FACTORS_MIT, "S"),
    )


def _competence_rows() -> tuple[ParamRow, ...]:
    decree = "Nghị định số 283/2026/NĐ-CP"
    titles = [
        {"id": "bhxh_province_director", "title": "Giám đốc Bảo hiểm xã hội cấp tỉnh", "cap_person": 37_500_000,
         "article": f"khoản 1 Điều 57 và khoản 1, khoản 4 Điều 63 {decree}"},
        {"id": "vss_inspection_team_head",
         "title": "Trưởng đoàn kiểm tra chuyên ngành do Bảo hiểm xã hội Việt Nam thành lập",
         "cap_person": 60_000_000, "article": f"khoản 3 Điều 57 và khoản 1, khoản 4 Điều 63 {decree}"},
        {"id": "vss_director_general", "title": "Giám đốc Bảo hiểm xã hội Việt Nam", "cap_person": 75_000_000,
         "article": f"khoản 2 Điều 57 và khoản 1, khoản 4 Điều 63 {decree}"},
    ]
    return (
        _row("competence_titles", titles, _DECREE_283_FROM, None, _SRC_D283_COMPETENCE, "V"),
        _row("competence_organisation_multiplier", 2, _DECREE_283_FROM, None, _SRC_D283_COMPETENCE, "V"),
    )


def _interest_rows() -> tuple[ParamRow, ...]:
    year_2020 = (date(2020, 1, 1), date(2020, 12, 31))
    return (
        _row("interest_regime_change", _REGIME_CHANGE, SINCE_ALWAYS, None, _SRC_NEW_INTEREST, "V"),
        _row("interest_daily_rate", "0.0003", _REGIME_CHANGE, None, _SRC_NEW_INTEREST, "V"),
        _row("interest_payment_day", "first", SINCE_ALWAYS, None, _SRC_PAYMENT_DAY, "U"),
        _row("interest_monthly_rate_si", "0.009666", *year_2020, _SRC_2020_RATES, "S"),
        _row("interest_monthly_rate_hi", "0.009766", *year_2020, _SRC_2020_RATES, "S"),
        _row("fund_share_si_bhtn", "0.859375", date(2018, 1, 1), None, _SRC_SHARES + ": 27,5/32", "V"),
        _row("fund_share_hi", "0.140625", date(2018, 1, 1), None, _SRC_SHARES + ": 4,5/32", "V"),
        _row("fund_share_si", "0.796875", date(2018, 1, 1), None, _SRC_SHARES_SI, "V"),
        _row("fund_share_ui", "0.0625", date(2018, 1, 1), None, _SRC_SHARES_UI, "V"),
    )


_SRC_LEADS = (
    "Ngưỡng xếp hạng đầu mối trốn đóng từ dữ liệu thuế (PRODUCT.md §10; công văn BHXH Việt Nam "
    "3165/BHXH-TST, 3615/BHXH-TST về phối hợp với cơ quan Thuế): chỉ để xếp hạng nghi vấn, "
    "không phải căn cứ kết luận vi phạm"
)
_SRC_RATE_TOTAL = (
    "Tổng tỷ lệ đóng BHXH, BHYT, BHTN của người sử dụng lao động và người lao động: 21,5 % + 10,5 % "
    "= 32 % (LEGAL.md R24, Phần B §3.7)"
)


def _lead_rows() -> tuple[ParamRow, ...]:
    return (
        _row("lead_window_months", 3, SINCE_ALWAYS, None, _SRC_LEADS, "U"),
        _row("lead_headcount_gap_min", 5, SINCE_ALWAYS, None, _SRC_LEADS, "U"),
        _row("lead_headcount_gap_ratio", "0.1", SINCE_ALWAYS, None, _SRC_LEADS, "U"),
        _row("lead_wage_ratio_min", "0.6", SINCE_ALWAYS, None, _SRC_LEADS, "U"),
        _row("contribution_rate_total", "0.32", date(2018, 1, 1), None, _SRC_RATE_TOTAL, "V"),
    )


def _evasion_rows() -> tuple[ParamRow, ...]:
    return (
        _row("evasion_regime_from", _REGIME_CHANGE, SINCE_ALWAYS, None, _SRC_EVASION, "V"),
        _row("evasion_days_after_deadline", 60, _REGIME_CHANGE, None, _SRC_EVASION, "V"),
        _row("evasion_reminder_max_days", 45, _REGIME_CHANGE, None, _SRC_EVASION, "V"),
    )


DEFAULT_PARAMS: tuple[ParamRow, ...] = (
    _row("arrears_threshold_months", 3, SINCE_ALWAYS, None, _SRC_THRESHOLD, "V"),
    *_interest_rows(),
    *_art216_rows(),
    *_fine_rows(),
    *_deadline_rows(),
    *_evasion_rows(),
    *_lead_rows(),
    _row(
        "unit_code_pattern",
        r"^[A-Z0-9]{2,20}$",
        SINCE_ALWAYS,
        None,
        "Không tìm thấy định dạng công bố; mẫu mặc định do quản trị viên cấu hình "
        "(LEGAL.md LR-UNITCODE, Phần B §9.2)",
        "U",
    ),
)
"""Every number of LEGAL.md Part A as a dated row (see the module docstring)."""

PARAM_KINDS: dict[str, str] = {
    "arrears_threshold_months": "int",
    "interest_regime_change": "date",
    "interest_daily_rate": "decimal",
    "interest_monthly_rate_si": "decimal",
    "interest_monthly_rate_hi": "decimal",
    "interest_payment_day": "payment_day",
    "fund_share_si_bhtn": "decimal",
    "fund_share_hi": "decimal",
    "art216_min_months": "int",
    "art216_min_amount": "int",
    "art216_min_employees": "int",
    "art216_amount_band2": "int",
    "art216_amount_band3": "int",
    "art216_employees_band2": "int",
    "art216_employees_band3": "int",
    "art216_conduct_from": "date",
    "criminal_amount_includes_interest": "bool",
    "art216_penalties_person": "json",
    "art216_penalties_legal_entity": "json",
    "art216_additional_penalties_person": "json",
    "fine_late_payment": "json",
    "fine_evasion": "json",
    "fine_organisation_multiplier": "int",
    "fine_decree_283_from": "date",
    "fine_283_si_late": "json",
    "fine_283_si_evasion": "json",
    "fine_283_ui_late": "json",
    "fine_283_ui_evasion": "json",
    "fine_283_si_unregistered_late": "json",
    "fine_283_si_unregistered_evasion": "json",
    "fine_283_ui_unregistered_late": "json",
    "fine_283_ui_unregistered_evasion": "json",
    "fine_factors_aggravating": "json_list",
    "fine_factors_mitigating": "json_list",
    "competence_titles": "json_list",
    "competence_organisation_multiplier": "int",
    "fund_share_si": "decimal",
    "fund_share_ui": "decimal",
    "deadline_record_working_days": "int",
    "deadline_explain_working_days": "int",
    "deadline_decision_working_days": "int",
    "deadline_decision_explained_months": "int",
    "deadline_decision_complex_months": "int",
    "deadline_decision_transferred_working_days": "int",
    "deadline_decision_extension_months": "int",
    "deadline_serve_working_days": "int",
    "deadline_comply_days": "int",
    "deadline_enforce_years": "int",
    "deadline_limit_years": "int",
    "deadline_prosecute_days": "int",
    "deadline_clear_years": "int",
    "deadline_clear_warning_months": "int",
    "evasion_regime_from": "date",
    "evasion_days_after_deadline": "int",
    "evasion_reminder_max_days": "int",
    "unit_code_pattern": "pattern",
    "lead_window_months": "int",
    "lead_headcount_gap_min": "int",
    "lead_headcount_gap_ratio": "decimal",
    "lead_wage_ratio_min": "decimal",
    "contribution_rate_total": "decimal",
}
"""The value type of every known key, used by ``parse_param_value``."""

_DATE_DMY = re.compile(r"(\d{2})/(\d{2})/(\d{4})")


def parse_param_value(key: str, text: str) -> Any:
    """Turn admin/CLI text into the typed value of a known key; ValueError in Vietnamese."""
    kind = PARAM_KINDS.get(key)
    if kind is None:
        raise ValueError(f"Tham số không xác định: {key}")
    cleaned = text.strip()
    try:
        return _PARSERS[kind](cleaned)
    except (ValueError, InvalidOperation, json.JSONDecodeError) as error:
        raise ValueError(
            f"Giá trị không hợp lệ cho tham số {key} (kiểu {kind}): {cleaned!r} — {error}"
        ) from error


def _parse_int(text: str) -> int:
    if not re.fullmatch(r"\d+", text):
        raise ValueError("phải là số nguyên không âm")
    return int(text)


def _parse_decimal(text: str) -> str:
    if not re.fullmatch(r"\d+(\.\d+)?", text):
        raise ValueError("phải là số thập phân dùng dấu chấm, ví dụ 0.0003")
    return str(Decimal(text))


def _parse_date(text: str) -> date:
    if match := _DATE_DMY.fullmatch(text):
        return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError("phải là ngày dạng YYYY-MM-DD hoặc dd/mm/yyyy")
    return date.fromisoformat(text)


def _parse_bool(text: str) -> bool:
    lowered = text.lower()
    if lowered not in ("true", "false"):
        raise ValueError("phải là true hoặc false")
    return lowered == "true"


def _parse_json(text: str) -> Any:
    value = json.loads(text)
    if value is not None and not isinstance(value, dict):
        raise ValueError("phải là một đối tượng JSON hoặc null")
    return value


def _parse_json_list(text: str) -> Any:
    value = json.loads(text)
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise ValueError("phải là một danh sách JSON các đối tượng")
    return value


def _parse_pattern(text: str) -> str:
    try:
        re.compile(text)
    except re.error as error:
        raise ValueError(f"biểu thức chính quy sai: {error}") from error
    return text


PAYMENT_DAYS = ("first", "last")
"""Values of ``interest_payment_day``: a month's payments count from its first or its last day."""


def _parse_payment_day(text: str) -> str:
    if text.lower() not in PAYMENT_DAYS:
        raise ValueError("phải là first (ngày đầu tháng) hoặc last (ngày cuối tháng)")
    return text.lower()


_PARSERS = {
    "int": _parse_int,
    "decimal": _parse_decimal,
    "date": _parse_date,
    "bool": _parse_bool,
    "json": _parse_json,
    "json_list": _parse_json_list,
    "pattern": _parse_pattern,
    "payment_day": _parse_payment_day,
}
