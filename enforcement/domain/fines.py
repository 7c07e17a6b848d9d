"""Administrative fines, violation by violation (LEGAL.md LR-FINE, revised).

**Which decree** (Decree 283/2026/NĐ-CP Art. 67): a violation that ended before
2026-09-10 → the decree in force when it ended (Decree 12/2022/NĐ-CP Art. 39
from 2022-01-17); a violation still ongoing on 2026-09-10 → Decree 283/2026.

**Under Decree 283/2026** each behaviour is its own violation: SI late payment
(Art. 43), SI evasion (Art. 44), BHTN late payment (Art. 45), BHTN evasion
(Art. 46), and not registering workers (Arts. 43(2), 44(1), 45(2), 46(1), by
headcount). Percentage bands are ``[min(p_min × base, cap), min(p_max × base, cap)]``;
a late payment under 400 000 đ is a warning (clause 1); an organisation pays
double (Art. 7(1)–(2)); a household business is fined as a person (Art. 7(3));
two months or more are one violation with the aggravating factor "vi phạm hành
chính nhiều lần" (Art. 7(4); XLVPHC Art. 10(1)(b)).

**The figure** (XLVPHC Art. 23(4); Decree 118/2021 Art. 9): factors are named
from the statutory lists (XLVPHC Arts. 9, 10: dated parameters), netted one for
one; net 0 → the midpoint; −1 → the middle of [min, mid]; ≤ −2 → min; +1 → the
middle of [mid, max]; ≥ +2 → max. Band ends and proposal are rounded once, half up.

The calculator's JSON (``parse_request`` / ``FineResult.to_json``) is exactly
that of LR-FINE "The fine calculator". Bands, caps, percentages and headcount
tables are rows of ``legal_params``, each citing its article. No Flask here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from .competence import CompetenceCheck, SignerAuthority, check_competence, find_title
from .legal_params import MissingParam, ParamSet, fraction_param
from .money import round_half_up
from .periods import format_date
from .text import Money, Text, say, say_n
from .vocabulary import N_, Vocabulary

RULE = "LR-FINE"
FACTORS_CLAUSE = say("Luật XLVPHC Điều 23 khoản 4; Nghị định 118/2021/NĐ-CP Điều 9")
DECREE_283 = "283/2026"
DECREE_12 = "12/2022"
DECREE_283_NAME = "Nghị định số 283/2026/NĐ-CP"
DECREE_12_NAME = "Nghị định số 12/2022/NĐ-CP"
REPEATED = "vi_pham_nhieu_lan"
OFFENDERS = ("person", "organisation", "household")
DECREE_TEXT = {DECREE_283: say("Nghị định số 283/2026/NĐ-CP"), DECREE_12: say("Nghị định số 12/2022/NĐ-CP")}
"""The decrees' names in the reasons (a page shows them in the reader's language; the same words as ``*_NAME``)."""


class FineBehaviour(Vocabulary):
    """The behaviours of LR-FINE "The fine calculator" (Decree 283/2026 Arts. 43–46)."""

    SI_LATE = "si_late", N_("Chậm đóng bảo hiểm xã hội bắt buộc")
    SI_EVASION = "si_evasion", N_("Trốn đóng bảo hiểm xã hội bắt buộc")
    UI_LATE = "ui_late", N_("Chậm đóng bảo hiểm thất nghiệp")
    UI_EVASION = "ui_evasion", N_("Trốn đóng bảo hiểm thất nghiệp")
    SI_UNREGISTERED_LATE = "si_unregistered_late", N_(
        "Không đăng ký hoặc đăng ký không đầy đủ số người phải tham gia bảo hiểm xã hội bắt buộc")
    SI_UNREGISTERED_EVASION = "si_unregistered_evasion", N_(
        "Không đăng ký hoặc đăng ký không đầy đủ số người phải tham gia bảo hiểm xã hội bắt buộc sau thời hạn "
        "60 ngày")
    UI_UNREGISTERED_LATE = "ui_unregistered_late", N_(
        "Không đăng ký hoặc đăng ký không đầy đủ số người phải tham gia bảo hiểm thất nghiệp")
    UI_UNREGISTERED_EVASION = "ui_unregistered_evasion", N_(
        "Không đăng ký hoặc đăng ký không đầy đủ số người phải tham gia bảo hiểm thất nghiệp sau thời hạn 60 ngày")

    @property
    def by_headcount(self) -> bool:
        return "unregistered" in self.value

    @property
    def is_late(self) -> bool:
        return self.value.endswith("_late")

    @property
    def fund(self) -> str:
        return "si" if self.value.startswith("si_") else "ui"


WORDING: dict[str, str] = {
    FineBehaviour.SI_LATE: "Chậm đóng bảo hiểm xã hội bắt buộc",
    FineBehaviour.SI_EVASION: (
        "Trốn đóng bảo hiểm xã hội bắt buộc nhưng chưa đến mức truy cứu trách nhiệm hình sự"),
    FineBehaviour.UI_LATE: "Chậm đóng bảo hiểm thất nghiệp",
    FineBehaviour.UI_EVASION: "Trốn đóng bảo hiểm thất nghiệp nhưng chưa đến mức truy cứu trách nhiệm hình sự",
}
"""How a decision words each amount behaviour (the headcount ones use their label)."""

DEFAULT_POINT = {FineBehaviour.SI_LATE: "a", FineBehaviour.SI_EVASION: "b",
                 FineBehaviour.UI_LATE: "a", FineBehaviour.UI_EVASION: "b"}
"""The point of the percentage clause a case's behaviour falls under by default: unpaid after the deadline
(43(3)(a), 45(3)(a)); unpaid 60 days after the deadline and reminded (44(2)(b), 46(2)(b))."""


class FineInputError(ValueError):
    """Malformed fine input; ``errors`` lists ``(field, message)``."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{f}: {m}" for f, m in errors))


@dataclass(frozen=True)
class ViolationInput:
    """One violation to fine: its behaviour, its base (đồng) or workers, its months and named factors."""

    behaviour: str
    base: int | None = None
    workers: int | None = None
    months: int = 1
    aggravating: tuple[str, ...] = ()
    mitigating: tuple[str, ...] = ()
    point: str | None = None  # the point of the clause (documents); None: the default of the behaviour
    base_reason: str = ""  # how the base was found (a case: the share of the ledger amount)


@dataclass(frozen=True)
class FineRequest:
    violation_date: date
    ended_on: date | None
    offender: str
    violations: tuple[ViolationInput, ...]
    signer: SignerAuthority | None = None
    decided_on: date | None = None  # competence is read on the decision's date (default: violation_date)


@dataclass(frozen=True)
class Factor:
    id: str
    name: str
    citation: str

    def text(self) -> Text:
        """``name (citation)``: the name is the statutory wording (in the catalogue), the citation as cited."""
        return Text("%(name)s (%(citation)s)", {"name": Text(self.name), "citation": _cited(self.citation)},
                    literal=True)


_CITATION = re.compile(r"(?:điểm (?P<point>\w+) )?khoản (?P<clause>\d+) Điều (?P<article>\d+) "
                       r"Luật Xử lý vi phạm hành chính")


def _cited(citation: str) -> Text:
    """A factor's citation (``legal_params``: "điểm b khoản 1 Điều 10 Luật Xử lý vi phạm hành chính") as a
    sentence; another wording is kept as it is."""
    match = _CITATION.fullmatch(citation)
    if match is None:
        return Text("%(c)s", {"c": citation}, literal=True)
    if match["point"]:
        return say("điểm %(point)s khoản %(clause)s Điều %(article)s Luật Xử lý vi phạm hành chính",
                   point=match["point"], clause=match["clause"], article=match["article"])
    return say("khoản %(clause)s Điều %(article)s Luật Xử lý vi phạm hành chính", clause=match["clause"],
               article=match["article"])


@dataclass(frozen=True)
class ViolationFine:
    """One violation's fine with its band, proposal and reasons (LR-FINE)."""

    behaviour: str
    article: str  # "43(3)"; a warning "43(1)"
    citation: str  # "điểm a khoản 3 Điều 43 Nghị định số 283/2026/NĐ-CP"
    form: str  # fine | warning
    band_min: int
    band_max: int
    proposal: int
    net_factors: int
    reasons: tuple[str, ...]
    base: int | None = None
    workers: int | None = None
    months: int = 1
    aggravating: tuple[Factor, ...] = ()
    mitigating: tuple[Factor, ...] = ()
    wording: str = ""
    band_text: str = ""
    remedy: str = ""

    def to_json(self) -> dict[str, Any]:
        """The calculator's output object of one violation (exactly LR-FINE's keys)."""
        return {
            "behaviour": self.behaviour,
            "article": self.article,
            "form": self.form,
            "band_min": self.band_min,
            "band_max": self.band_max,
            "proposal": self.proposal,
            "net_factors": self.net_factors,
            "reasons": list(self.reasons),
        }

    def to_dict(self) -> dict[str, Any]:
        """Everything (kept on the penalty step's event; read by documents and screens)."""
        return {
            **self.to_json(),
            "citation": self.citation,
            "base": self.base,
            "workers": self.workers,
            "months": self.months,
            "aggravating": [f.__dict__ for f in self.aggravating],
            "mitigating": [f.__dict__ for f in self.mitigating],
            "wording": self.wording,
            "band_text": self.band_text,
            "remedy": self.remedy,
        }


@dataclass(frozen=True)
class FineResult:
    decree: str
    violations: tuple[ViolationFine, ...]
    total: int
    competence: CompetenceCheck | None
    decree_reason: str = ""

    @property
    def top(self) -> int:
        return max((v.band_max for v in self.violations), default=0)

    def to_json(self) -> dict[str, Any]:
        """The calculator's output (exactly LR-FINE's keys)."""
        competence = self.competence
        return {
            "decree": self.decree,
            "violations": [v.to_json() for v in self.violations],
            "total": self.total,
            "competence": {
                "ok": competence.ok if competence else None,
                "top": self.top,
                "cap": competence.cap if competence else None,
                "transfer_to": competence.transfer_to if competence else None,
            },
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "decree": self.decree,
            "decree_reason": self.decree_reason,
            "violations": [v.to_dict() for v in self.violations],
            "total": self.total,
            "top": self.top,
            "competence": self.competence.to_dict() if self.competence else None,
        }


# --------------------------------------------------------------------------- which decree


def decree_for(violation_date: date, ended_on: date | None, params: ParamSet) -> tuple[str, Text]:
    """Decree 283/2026 Art. 67: (``"283/2026"`` | ``"12/2022"``, the reason in Vietnamese).

    :raises FineInputError: the violation falls before Decree 12/2022 (not computed), naming the date's field.
    """
    try:
        start = params.get("fine_decree_283_from", violation_date)
    except MissingParam as error:
        raise FineInputError([("violation_date", str(error))]) from None
    if ended_on is None and violation_date >= start:
        return DECREE_283, say("Vi phạm còn đang thực hiện vào ngày %(start)s: áp dụng %(decree)s (Điều 67)",
                               start=start, decree=DECREE_TEXT[DECREE_283])
    if ended_on is not None and ended_on >= start:
        return DECREE_283, say("Vi phạm chấm dứt ngày %(ended)s, còn đang thực hiện vào ngày %(start)s: áp dụng "
                               "%(decree)s (Điều 67)", ended=ended_on, start=start, decree=DECREE_TEXT[DECREE_283])
    day, name = (ended_on, "ended_on") if ended_on is not None else (violation_date, "violation_date")
    if params.find("fine_late_payment", day) is None:
        raise FineInputError([(name, (
            f"Vi phạm ngày {format_date(day)}, trước ngày 17/01/2022: áp dụng Nghị định 95/2013/NĐ-CP (sửa đổi bởi "
            "Nghị định 88/2015/NĐ-CP) hoặc Nghị định 28/2020/NĐ-CP, không thuộc phạm vi tính tự động"))])
    if ended_on is None:
        return DECREE_12, say("Biên bản lập ngày %(recorded)s, trước ngày %(new)s có hiệu lực (%(start)s): áp dụng "
                              "%(decree)s", recorded=violation_date, new=DECREE_TEXT[DECREE_283], start=start,
                              decree=DECREE_TEXT[DECREE_12])
    return DECREE_12, say("Vi phạm đã chấm dứt ngày %(ended)s, trước ngày %(start)s: áp dụng %(decree)s, nghị định "
                          "có hiệu lực khi thực hiện vi phạm (%(new)s Điều 67)", ended=ended_on, start=start,
                          decree=DECREE_TEXT[DECREE_12], new=DECREE_TEXT[DECREE_283])


# --------------------------------------------------------------------------- factors


def factor_list(kind: str, on: date, params: ParamSet) -> list[Factor]:
    """The statutory list of ``aggravating`` (XLVPHC Art. 10(1)) or ``mitigating`` (Art. 9) factors."""
    try:
        rows = params.get(f"fine_factors_{kind}", on) or []
    except MissingParam:
        return []
    return [Factor(str(r["id"]), str(r["name"]), str(r["citation"])) for r in rows]


def _factors(kind: str, names: Sequence[str], on: date, params: ParamSet, where: str,
             errors: list[tuple[str, str]]) -> tuple[Factor, ...]:
    known = {f.id: f for f in factor_list(kind, on, params)}
    out: list[Factor] = []
    for name in names:
        if name not in known:
            article = "Điều 10 khoản 1" if kind == "aggravating" else "Điều 9"
            errors.append((where, f"Tình tiết không có trong danh sách của Luật XLVPHC {article}: {name!r} "
                                  f"(chọn một trong: {', '.join(known)})"))
        elif known[name] not in out:
            out.append(known[name])
    return tuple(out)


def _pick(low: Fraction, high: Fraction, net: int) -> tuple[Fraction, Text]:
    mid = (low + high) / 2
    if net == 0:
        return mid, say("không có tình tiết hoặc các tình tiết bù trừ hết: mức trung bình của khung")
    if net == -1:
        return (low + mid) / 2, say("một tình tiết giảm nhẹ (sau bù trừ): giữa mức tối thiểu và mức trung bình")
    if net <= -2:
        return low, say("từ hai tình tiết giảm nhẹ trở lên (sau bù trừ): mức tối thiểu của khung")
    if net == 1:
        return (mid + high) / 2, say("một tình tiết tăng nặng (sau bù trừ): giữa mức trung bình và mức tối đa")
    return high, say("từ hai tình tiết tăng nặng trở lên (sau bù trừ): mức tối đa của khung")


def _percent(rate: Fraction) -> str:
    value = Decimal(rate.numerator * 100) / Decimal(rate.denominator)
    return f"{value.normalize():f}".replace(".", ",") + " %"


def _count(n: int) -> str:
    """A headcount as the reasons write it: ``1.000``."""
    return f"{n:,}".replace(",", ".")


def _percent_band(low_rate: Fraction, high_rate: Fraction, cap: Fraction) -> Text:
    """A percentage band: ``10 %–15 % số tiền làm căn cứ, tối đa 75.000.000 đ``."""
    return say("%(low)s–%(high)s số tiền làm căn cứ, tối đa %(cap)s", low=_percent(low_rate),
               high=_percent(high_rate), cap=Money(round_half_up(cap)))


def _money_band(low: Fraction, high: Fraction) -> Text:
    """A band in đồng: ``5.000.000 đ – 10.000.000 đ``."""
    return Text("%(low)s – %(high)s", {"low": Money(round_half_up(low)), "high": Money(round_half_up(high))},
                literal=True)


_BASE_TEXT = {
    ("si", True): N_("Số tiền làm căn cứ (tiền BHXH chậm đóng tại thời điểm lập biên bản): %(amount)s"),
    ("si", False): N_("Số tiền làm căn cứ (tiền BHXH trốn đóng tại thời điểm lập biên bản): %(amount)s"),
    ("ui", True): N_("Số tiền làm căn cứ (tiền BHTN chậm đóng tại thời điểm lập biên bản): %(amount)s"),
    ("ui", False): N_("Số tiền làm căn cứ (tiền BHTN trốn đóng tại thời điểm lập biên bản): %(amount)s"),
}
"""The base of a percentage band, by fund and behaviour (late payment or evasion)."""


# --------------------------------------------------------------------------- one violation


def _multiplier(offender: str, on: date, params: ParamSet) -> int:
    return int(params.get("fine_organisation_multiplier", on)) if offender == "organisation" else 1


def _offender_reason(offender: str, factor: int, decree: str) -> Text | None:
    if decree == DECREE_283:
        if offender == "organisation":
            return say("Tổ chức: mức phạt tiền bằng %(factor)02d lần mức phạt đối với cá nhân (khoản 1, 2 Điều 7 "
                       "%(decree)s)", factor=factor, decree=DECREE_TEXT[DECREE_283])
        if offender == "household":
            return say("Hộ kinh doanh, hộ gia đình bị xử phạt như cá nhân (khoản 3 Điều 7 %(decree)s)",
                       decree=DECREE_TEXT[DECREE_283])
        return None
    if offender == "organisation":
        return say("Tổ chức: mức phạt gấp %(factor)d lần cá nhân (khoản 1 Điều 6 %(decree)s)", factor=factor,
                   decree=DECREE_TEXT[DECREE_12])
    return None


def _citation(point: str | None, clause: str, article: str, decree_name: str) -> str:
    head = f"điểm {point} " if point else ""
    return f"{head}khoản {clause} Điều {article} {decree_name}"


def _remedy(behaviour: FineBehaviour, spec: Mapping[str, Any], decree: str) -> str:
    if decree != DECREE_283:
        return ("Buộc đóng đủ số tiền bảo hiểm xã hội bắt buộc, bảo hiểm thất nghiệp chậm đóng, trốn đóng và nộp số "
                "tiền lãi tính trên số tiền, số ngày chậm đóng, trốn đóng (Nghị định số 12/2022/NĐ-CP Điều 39)")
    fund = "bảo hiểm xã hội bắt buộc" if behaviour.fund == "si" else "bảo hiểm thất nghiệp"
    pot = "quỹ bảo hiểm xã hội" if behaviour.fund == "si" else "quỹ bảo hiểm thất nghiệp"
    kind = "chậm đóng" if behaviour.is_late else "trốn đóng"
    article = spec["article"]
    remedy_clause = {"43": "4", "44": "3", "45": "4", "46": "4"}[article]
    point = "a" if behaviour.by_headcount else "b"
    register = ("lập hồ sơ đăng ký tham gia " + fund + " cho người lao động; ") if behaviour.by_headcount else ""
    return (f"Buộc người sử dụng lao động {register}đóng đủ số tiền {fund} {kind}; nộp số tiền bằng 0,03%/ngày tính "
            f"trên số tiền {fund} {kind} và số ngày {kind} vào {pot} (điểm {point} khoản {remedy_clause} Điều "
            f"{article} {DECREE_283_NAME})")


def _violation(v: ViolationInput, index: int, request: FineRequest, decree: str, decree_reason: Text,
               params: ParamSet, errors: list[tuple[str, str]]) -> ViolationFine | None:
    where = f"violations[{index}]"
    on = request.violation_date if decree == DECREE_283 else (request.ended_on or request.violation_date)
    try:
        behaviour = FineBehaviour(v.behaviour)
    except ValueError:
        errors.append((f"{where}.behaviour", f"Hành vi không hợp lệ: {v.behaviour!r} (chọn một trong: "
                                              f"{', '.join(b.value for b in FineBehaviour)})"))
        return None
    if decree == DECREE_12 and behaviour not in (FineBehaviour.SI_LATE, FineBehaviour.SI_EVASION):
        errors.append((f"{where}.behaviour", (
            f"Theo {DECREE_12_NAME} (Điều 39) bảo hiểm thất nghiệp bị xử phạt cùng bảo hiểm xã hội: dùng si_late "
            "hoặc si_evasion với số tiền BHXH + BHTN làm căn cứ; hành vi theo số người không tính tự động")))
        return None
    aggravating = _factors("aggravating", v.aggravating, on, params, f"{where}.aggravating", errors)
    mitigating = _factors("mitigating", v.mitigating, on, params, f"{where}.mitigating", errors)
    if isinstance(v.months, bool) or not isinstance(v.months, int) or v.months < 1:
        errors.append((f"{where}.months", f"Số tháng vi phạm phải là số nguyên ≥ 1: {v.months!r}"))
        return None
    if behaviour.by_headcount:
        if isinstance(v.workers, bool) or not isinstance(v.workers, int) or v.workers < 1:
            errors.append((f"{where}.workers", f"Số người lao động phải là số nguyên ≥ 1: {v.workers!r}"))
            return None
    elif isinstance(v.base, bool) or not isinstance(v.base, int) or v.base < 0:
        errors.append((f"{where}.base", f"Số tiền làm căn cứ phải là số nguyên đồng không âm: {v.base!r}"))
        return None
    if v.months >= 2 and not any(f.id == REPEATED for f in aggravating):
        repeated = next((f for f in factor_list("aggravating", on, params) if f.id == REPEATED), None)
        if repeated is not None:
            aggravating = (*aggravating, repeated)
    key = f"fine_283_{behaviour.value}" if decree == DECREE_283 else (
        "fine_late_payment" if behaviour is FineBehaviour.SI_LATE else "fine_evasion")
    spec = params.get(key, on)
    if spec is None:
        errors.append((f"{where}.behaviour", f"Chưa cấu hình khung phạt {key} áp dụng ngày {format_date(on)}"))
        return None
    factor = _multiplier(request.offender, on, params)
    net = len(aggravating) - len(mitigating)
    decree_name = DECREE_283_NAME if decree == DECREE_283 else DECREE_12_NAME
    reasons: list[str] = [decree_reason]
    if v.base_reason:
        reasons.append(v.base_reason)
    offender_reason = _offender_reason(request.offender, factor, decree)
    if decree == DECREE_12:
        result = _decree_12(behaviour, spec, v, factor, net, reasons, offender_reason)
    elif behaviour.by_headcount:
        result = _headcount(behaviour, spec, v, factor, net, reasons, offender_reason)
    else:
        result = _percentage(behaviour, spec, v, factor, net, reasons, offender_reason)
    article, clause, point, form, low, high, chosen, band_text = result
    if form == "warning":
        point = None
    for f in aggravating:
        if f.id == REPEATED and decree == DECREE_283:
            reasons.append(say_n(
                "Tình tiết tăng nặng: %(factor)s — %(num)d tháng vi phạm là một hành vi (khoản 4 Điều 7 %(decree)s)",
                "Tình tiết tăng nặng: %(factor)s — %(num)d tháng vi phạm là một hành vi (khoản 4 Điều 7 %(decree)s)",
                v.months, factor=f.text(), decree=DECREE_TEXT[DECREE_283]))
        else:
            reasons.append(say("Tình tiết tăng nặng: %(factor)s", factor=f.text()))
    for f in mitigating:
        reasons.append(say("Tình tiết giảm nhẹ: %(factor)s", factor=f.text()))
    if form == "fine":
        _, why = _pick(Fraction(low), Fraction(high), net)
        signed = f"{net:+d}" if net else "0"
        reasons.append(say("Bù trừ: %(aggravating)s tăng nặng − %(mitigating)s giảm nhẹ = %(net)s",
                           aggravating=len(aggravating), mitigating=len(mitigating), net=signed))
        reasons.append(say("Mức đề xuất %(amount)s: %(why)s (%(clause)s)", amount=Money(chosen), why=why,
                           clause=FACTORS_CLAUSE))
    wording = WORDING.get(behaviour, behaviour.label)
    if decree == DECREE_12:
        wording = ("Chậm đóng bảo hiểm xã hội bắt buộc, bảo hiểm thất nghiệp" if behaviour is FineBehaviour.SI_LATE
                   else "Trốn đóng bảo hiểm xã hội bắt buộc, bảo hiểm thất nghiệp nhưng chưa đến mức truy cứu "
                        "trách nhiệm hình sự")
    return ViolationFine(
        behaviour=behaviour.value,
        article=f"{article}({clause})",
        citation=_citation(point, clause, article, decree_name),
        form=form,
        band_min=low,
        band_max=high,
        proposal=chosen,
        net_factors=net,
        reasons=tuple(reasons),
        base=v.base,
        workers=v.workers,
        months=v.months,
        aggravating=aggravating,
        mitigating=mitigating,
        wording=wording,
        band_text=band_text,
        remedy=_remedy(behaviour, spec, decree),
    )


_Result = tuple[str, str, str | None, str, int, int, int, str]


def _percentage(behaviour: FineBehaviour, spec: Mapping[str, Any], v: ViolationInput, factor: int, net: int,
                reasons: list[str], offender_reason: str | None) -> _Result:
    base = v.base or 0
    article = str(spec["article"])
    reasons.append(Text(_BASE_TEXT[behaviour.fund, behaviour.is_late], {"amount": Money(base)}))
    threshold = spec.get("warning_below")
    if threshold is not None and base < int(threshold):
        warning_clause = str(spec["warning_clause"])
        reasons.append(say("Dưới %(threshold)s: phạt cảnh cáo (khoản %(clause)s Điều %(article)s; ngưỡng không nhân "
                           "đôi đối với tổ chức)", threshold=Money(int(threshold)), clause=warning_clause,
                           article=article))
        return article, warning_clause, None, "warning", 0, 0, 0, say("Cảnh cáo")
    low_rate, high_rate = fraction_param(spec["min"]) * factor, fraction_param(spec["max"]) * factor
    cap = Fraction(int(spec["cap"]) * factor)
    low, high = min(low_rate * base, cap), min(high_rate * base, cap)
    if offender_reason:
        reasons.append(offender_reason)
    band_text = _percent_band(low_rate, high_rate, cap)
    reasons.append(say("Khung phạt (khoản %(clause)s Điều %(article)s): %(band)s → %(low)s – %(high)s",
                       clause=spec["clause"], article=article, band=band_text, low=Money(round_half_up(low)),
                       high=Money(round_half_up(high))))
    chosen, _ = _pick(low, high, net)
    point = v.point or DEFAULT_POINT.get(behaviour)
    return (article, str(spec["clause"]), point, "fine", round_half_up(low), round_half_up(high),
            round_half_up(chosen), band_text)


def _headcount(behaviour: FineBehaviour, spec: Mapping[str, Any], v: ViolationInput, factor: int, net: int,
               reasons: list[str], offender_reason: str | None) -> _Result:
    workers = v.workers or 0
    bands = sorted(spec["bands"], key=lambda b: int(b["from"]))
    band = [b for b in bands if int(b["from"]) <= workers][-1]
    following = next((int(b["from"]) for b in bands if int(b["from"]) > workers), None)
    start = int(band["from"])
    if following is None:
        span = say_n("từ %(start)s người lao động trở lên", "từ %(start)s người lao động trở lên", start,
                     start=_count(start))
    elif start == 0:
        span = say_n("dưới %(following)s người lao động", "dưới %(following)s người lao động", following,
                     following=_count(following))
    else:
        span = say_n("từ %(start)s người đến dưới %(following)s người lao động",
                     "từ %(start)s người đến dưới %(following)s người lao động", following, start=_count(start),
                     following=_count(following))
    low, high = Fraction(int(band["min"]) * factor), Fraction(int(band["max"]) * factor)
    reasons.append(say("Số người lao động vi phạm: %(count)s (%(span)s, điểm %(point)s khoản %(clause)s Điều "
                       "%(article)s)", count=_count(workers), span=span, point=band["point"], clause=spec["clause"],
                       article=spec["article"]))
    if offender_reason:
        reasons.append(offender_reason)
    band_text = _money_band(low, high)
    reasons.append(say("Khung phạt: %(band)s", band=band_text))
    chosen, _ = _pick(low, high, net)
    return (str(spec["article"]), str(spec["clause"]), str(band["point"]), "fine", round_half_up(low),
            round_half_up(high), round_half_up(chosen), band_text)


def _decree_12(behaviour: FineBehaviour, spec: Mapping[str, Any], v: ViolationInput, factor: int, net: int,
               reasons: list[str], offender_reason: str | None) -> _Result:
    base = v.base or 0
    article, clause, point = "39", ("5" if behaviour is FineBehaviour.SI_LATE else "7"), "a"
    if spec.get("kind") == "percent":
        low_rate, high_rate = fraction_param(spec["min"]) * factor, fraction_param(spec["max"]) * factor
        cap = Fraction(int(spec["cap"]) * factor)
        low, high = min(low_rate * base, cap), min(high_rate * base, cap)
        reasons.append(say("Số tiền làm căn cứ (tiền BHXH, BHTN phải đóng tại thời điểm lập biên bản): %(amount)s",
                           amount=Money(base)))
        band_text = _percent_band(low_rate, high_rate, cap)
    else:
        low, high = Fraction(int(spec["min"]) * factor), Fraction(int(spec["max"]) * factor)
        band_text = _money_band(low, high)
    if offender_reason:
        reasons.append(offender_reason)
    reasons.append(say("Khung phạt (điểm a khoản %(clause)s Điều 39 %(decree)s): %(band)s → %(low)s – %(high)s",
                       clause=clause, decree=DECREE_TEXT[DECREE_12], band=band_text, low=Money(round_half_up(low)),
                       high=Money(round_half_up(high))))
    chosen, _ = _pick(low, high, net)
    return (article, clause, point, "fine", round_half_up(low), round_half_up(high), round_half_up(chosen),
            band_text)


# --------------------------------------------------------------------------- the decision


def compute_fines(request: FineRequest, params: ParamSet) -> FineResult:
    """LR-FINE: every violation's band, proposal and reasons, the total, and the signer's competence.

    :raises FineInputError: every problem of the request, each naming its field.
    """
    errors: list[tuple[str, str]] = []
    if request.offender not in OFFENDERS:
        raise FineInputError([("offender", f"Đối tượng không hợp lệ: {request.offender!r} (chọn person, "
                                           "organisation hoặc household)")])
    if not request.violations:
        raise FineInputError([("violations", "Phải có ít nhất một hành vi vi phạm")])
    decree, decree_reason = decree_for(request.violation_date, request.ended_on, params)
    fines = [_violation(v, i, request, decree, decree_reason, params, errors)
             for i, v in enumerate(request.violations)]
    seen: set[str] = set()
    for index, v in enumerate(request.violations):
        if v.behaviour in seen:
            errors.append((f"violations[{index}].behaviour", (
                "Cùng một hành vi chỉ là một vi phạm (khoản 4 Điều 7 Nghị định 283/2026/NĐ-CP): gộp các tháng "
                "vào months")))
        seen.add(v.behaviour)
    if errors:
        raise FineInputError(errors)
    done = tuple(f for f in fines if f is not None)
    tops = [f.band_max for f in done]
    competence = None
    if request.signer is not None:
        competence = check_competence(tops, request.offender, request.signer,
                                      request.decided_on or request.violation_date, params)
    return FineResult(decree, done, sum(f.proposal for f in done), competence, decree_reason)


# --------------------------------------------------------------------------- JSON (the calculator)


def _date(obj: Mapping[str, Any], name: str, errors: list[tuple[str, str]], required: bool) -> date | None:
    value = obj.get(name)
    if value is None:
        if required:
            errors.append((name, "Thiếu trường bắt buộc"))
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        errors.append((name, f"Ngày không hợp lệ: {value!r} (dạng YYYY-MM-DD)"))
        return None


def _names(item: Mapping[str, Any], name: str, where: str, errors: list[tuple[str, str]]) -> tuple[str, ...]:
    value = item.get(name, [])
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(n, str) for n in value):
        errors.append((f"{where}.{name}", "Phải là danh sách tên tình tiết (chuỗi)"))
        return ()
    return tuple(value)


def _int_or_none(item: Mapping[str, Any], name: str, where: str, errors: list[tuple[str, str]]) -> int | None:
    value = item.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        errors.append((f"{where}.{name}", f"Phải là số nguyên không âm: {value!r}"))
        return None
    return value


def parse_request(obj: Any, params: ParamSet) -> FineRequest:
    """The calculator's JSON input (LR-FINE "The fine calculator") as a ``FineRequest``.

    :raises FineInputError: every problem, each naming its field.
    """
    if not isinstance(obj, dict):
        raise FineInputError([("$", "Đầu vào phải là một đối tượng JSON")])
    errors: list[tuple[str, str]] = []
    violation_date = _date(obj, "violation_date", errors, True)
    ended_on = _date(obj, "ended_on", errors, False)
    offender = obj.get("offender")
    if not isinstance(offender, str) or offender not in OFFENDERS:
        errors.append(("offender", f"Phải là một trong person, organisation, household: {offender!r}"))
    raw = obj.get("violations")
    violations: list[ViolationInput] = []
    if not isinstance(raw, list) or not raw:
        errors.append(("violations", "Phải là danh sách có ít nhất một hành vi vi phạm"))
        raw = []
    for index, item in enumerate(raw):
        where = f"violations[{index}]"
        if not isinstance(item, dict):
            errors.append((where, "Phải là một đối tượng"))
            continue
        behaviour = item.get("behaviour")
        if not isinstance(behaviour, str) or behaviour not in {b.value for b in FineBehaviour}:
            errors.append((f"{where}.behaviour", f"Phải là một trong {', '.join(b.value for b in FineBehaviour)}: "
                                                  f"{behaviour!r}"))
            continue
        by_headcount = FineBehaviour(behaviour).by_headcount
        needed = "workers" if by_headcount else "base"
        if item.get(needed) is None:
            errors.append((f"{where}.{needed}", "Thiếu trường bắt buộc"))
        months = item.get("months", 1)
        if isinstance(months, bool) or not isinstance(months, int) or months < 1:
            errors.append((f"{where}.months", f"Phải là số nguyên ≥ 1: {months!r}"))
            months = 1
        violations.append(ViolationInput(
            behaviour=behaviour,
            base=_int_or_none(item, "base", where, errors),
            workers=_int_or_none(item, "workers", where, errors),
            months=months,
            aggravating=_names(item, "aggravating", where, errors),
            mitigating=_names(item, "mitigating", where, errors),
        ))
    signer = _signer(obj.get("signer"), violation_date, params, errors)
    if errors:
        raise FineInputError(errors)
    assert violation_date is not None
    return FineRequest(violation_date, ended_on, str(offender), tuple(violations), signer)


def _signer(raw: Any, on: date | None, params: ParamSet, errors: list[tuple[str, str]]) -> SignerAuthority | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or not isinstance(raw.get("title"), str) or not raw["title"].strip():
        errors.append(("signer.title", "Người ký phải có title (chức danh hoặc mã chức danh của bảng thẩm quyền)"))
        return None
    cap = raw.get("cap_person")
    if cap is not None and (isinstance(cap, bool) or not isinstance(cap, int) or cap < 0):
        errors.append(("signer.cap_person", f"Phải là số nguyên không âm (đồng): {cap!r}"))
        return None
    title = raw["title"].strip()
    row = find_title(title, on, params) if on else None
    if cap is None and row is None:
        errors.append(("signer.cap_person", (
            "Thiếu cap_person: title không phải mã chức danh của bảng thẩm quyền đang áp dụng "
            "(bhxh_province_director, vss_inspection_team_head, vss_director_general)")))
        return None
    return SignerAuthority(row.title if row else title, cap_person=cap, title_id=row.id if row else None)


def calculate(obj: Any, params: ParamSet) -> dict[str, Any]:
    """JSON in, JSON out: the fine calculator of LR-FINE."""
    return compute_fines(parse_request(obj, params), params).to_json()


def with_signer(request: FineRequest, signer: SignerAuthority | None, decided_on: date | None) -> FineRequest:
    return replace(request, signer=signer, decided_on=decided_on)


__all__ = [
    "DECREE_12",
    "DECREE_283",
    "Factor",
    "FineBehaviour",
    "FineInputError",
    "FineRequest",
    "FineResult",
    "ViolationFine",
    "ViolationInput",
    "calculate",
    "compute_fines",
    "decree_for",
    "factor_list",
    "parse_request",
]
