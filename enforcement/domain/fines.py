"""Administrative fine proposals for late payment and evasion (LEGAL.md LR-FINE).

The band depends on the date of the violation: from 2022-01-17 to 2026-09-09
Decree 12/2022/NĐ-CP Art. 39 (late payment cl. 5(a): 12–15 % of the SI + BHTN
part of the outstanding amount, capped at 75 000 000 đ; evasion cl. 7(a):
50 000 000–75 000 000 đ), an organisation paying double (Art. 6(1)). From
2026-09-10 Decree 283/2026 applies, whose bands are not known: the proposal
says so and legal staff enter the fine by hand, unless an admin has added the
bands as parameters. The figure inside the band follows XLVPHC Art. 23(4).
Chosen fines outside the band and fines above the signer's competence are refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from .legal_params import MissingParam, ParamRow, ParamSet, fraction_param
from .money import format_money, round_half_up
from .periods import format_date
from .vocabulary import VIOLATIONS, Behaviour, Offender

RULE = "LR-FINE"
FACTORS_CLAUSE = "Luật XLVPHC Điều 23 khoản 4"
ORGANISATION_CLAUSE = "Nghị định 12/2022/NĐ-CP Điều 6 khoản 1; Luật XLVPHC Điều 3 khoản 1 điểm e"
COMPETENCE_CLAUSE = "Thẩm quyền xử phạt của người ký (LEGAL.md Phần B §4.3)"
DECREE_12_FROM = date(2022, 1, 17)
BEHAVIOURS = VIOLATIONS
OFFENDERS = tuple(Offender)


@dataclass(frozen=True)
class FineProposal:
    """A proposed fine with its band, or ``known=False`` and the reason it cannot be computed."""

    known: bool
    regime: str | None
    clause: str | None
    base: int | None
    band_min: int | None
    band_max: int | None
    proposal: int | None
    rule: str
    reasons: tuple[str, ...]
    inputs: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {
            "known": self.known,
            "regime": self.regime,
            "clause": self.clause,
            "base": self.base,
            "band_min": self.band_min,
            "band_max": self.band_max,
            "proposal": self.proposal,
            "rule": self.rule,
            "reasons": list(self.reasons),
            "inputs": dict(self.inputs),
        }


@dataclass(frozen=True)
class ChosenFineCheck:
    """Whether legal staff's chosen fine is acceptable, and why."""

    ok: bool
    chosen: int
    reasons: tuple[str, ...]
    rule: str
    clause: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {
            "ok": self.ok,
            "chosen": self.chosen,
            "reasons": list(self.reasons),
            "rule": self.rule,
            "clause": self.clause,
        }


def _unknown(inputs: dict[str, Any], reason: str, regime: str | None = None) -> FineProposal:
    manual = "cán bộ pháp chế nhập mức phạt thủ công và ghi rõ điều, khoản áp dụng"
    return FineProposal(False, regime, None, None, None, None, None, RULE, (f"{reason}; {manual}",), inputs)


def _missing_row_reason(violation_date: date, behaviour: str) -> str:
    if violation_date < DECREE_12_FROM:
        return (
            f"Vi phạm ngày {format_date(violation_date)} trước 17/01/2022: áp dụng Nghị định 95/2013/NĐ-CP "
            "(sửa đổi bởi Nghị định 88/2015/NĐ-CP) hoặc Nghị định 28/2020/NĐ-CP (LEGAL.md Phần B §4.1), "
            "nhưng các khung phạt này không thuộc phạm vi tính tự động và chưa được cấu hình"
        )
    return (
        f"Chưa cấu hình khung tiền phạt hành vi {Behaviour(behaviour).words} áp dụng cho ngày "
        f"{format_date(violation_date)}"
    )


def _validate_inputs(behaviour: str, offender: str, outstanding: int) -> None:
    if behaviour not in BEHAVIOURS:
        raise ValueError(f"Hành vi không hợp lệ: {behaviour} (chọn late_payment hoặc evasion)")
    if offender not in OFFENDERS:
        raise ValueError(f"Đối tượng không hợp lệ: {offender} (chọn person hoặc organisation)")
    if isinstance(outstanding, bool) or not isinstance(outstanding, int) or outstanding < 0:
        raise ValueError(f"Số tiền còn nợ phải là số nguyên đồng không âm (nhận {outstanding!r})")


def _pick(
    low: Fraction, mid: Fraction, high: Fraction, mitigating: bool, aggravating: bool
) -> tuple[Fraction, str]:
    if mitigating and not aggravating:
        return low, "chỉ có tình tiết giảm nhẹ: mức tối thiểu của khung"
    if aggravating and not mitigating:
        return high, "chỉ có tình tiết tăng nặng: mức tối đa của khung"
    if mitigating:
        return mid, "có cả tình tiết giảm nhẹ và tăng nặng: mức trung bình của khung"
    return mid, "không có tình tiết giảm nhẹ, tăng nặng: mức trung bình của khung"


def _percent_band(
    spec: dict[str, Any], base: Fraction, factor: int
) -> tuple[Fraction, Fraction, Fraction, str]:
    low, high = fraction_param(spec["min"]), fraction_param(spec["max"])
    cap = None if spec.get("cap") is None else Fraction(spec["cap"]) * factor

    def amount(rate: Fraction) -> Fraction:
        value = rate * base * factor
        return value if cap is None else min(value, cap)

    cap_text = "" if cap is None else f", tối đa {format_money(round_half_up(cap))}"
    text = f"{_percent(low * factor)}–{_percent(high * factor)} của số tiền làm căn cứ{cap_text}"
    return amount(low), amount((low + high) / 2), amount(high), text


def _fixed_band(spec: dict[str, Any], factor: int) -> tuple[Fraction, Fraction, Fraction, str]:
    low, high = Fraction(spec["min"]) * factor, Fraction(spec["max"]) * factor
    text = f"{format_money(round_half_up(low))} – {format_money(round_half_up(high))}"
    return low, (low + high) / 2, high, text


def _percent(rate: Fraction) -> str:
    value = Decimal(rate.numerator * 100) / Decimal(rate.denominator)
    return f"{value.normalize():f}".replace(".", ",") + " %"


def _organisation_factor(offender: str, on: date, params: ParamSet) -> int:
    return 1 if offender == "person" else int(params.get("fine_organisation_multiplier", on))


def _regime_name(row: ParamRow) -> str:
    return row.source.split(" (")[0].split(":")[0]


def propose_fine(
    violation_date: date,
    behaviour: str,
    offender: str,
    outstanding: int,
    mitigating: bool,
    aggravating: bool,
    params: ParamSet,
) -> FineProposal:
    """LR-FINE: the fine band and proposal for one violation, by the date of the violation.

    Nghị định 12/2022/NĐ-CP Điều 39 khoản 5 điểm a (chậm đóng: 12–15 % của phần
    BHXH + BHTN, tối đa 75.000.000 đ) và khoản 7 điểm a (trốn đóng: 50–75 triệu
    đồng); Điều 6 khoản 1 (tổ chức gấp đôi); Luật XLVPHC Điều 23 khoản 4 (mức
    trung bình, tối thiểu hoặc tối đa). Nghị định 283/2026/NĐ-CP (từ 10/09/2026):
    ``known=False`` until its bands are configured.
    """
    _validate_inputs(behaviour, offender, outstanding)
    inputs = {
        "violation_date": violation_date.isoformat(),
        "behaviour": behaviour,
        "offender": offender,
        "outstanding": outstanding,
        "mitigating": mitigating,
        "aggravating": aggravating,
    }
    row = params.find(f"fine_{behaviour}", violation_date)
    if row is None:
        return _unknown(inputs, _missing_row_reason(violation_date, behaviour))
    if row.value is None:
        return _unknown(
            inputs,
            f"Khung tiền phạt theo {_regime_name(row)} (áp dụng từ {format_date(row.valid_from)}) chưa được "
            f"cấu hình. Nguồn: {row.source}",
            _regime_name(row),
        )
    try:
        factor = _organisation_factor(offender, violation_date, params)
        share = fraction_param(params.get("fund_share_si_bhtn", violation_date))
    except MissingParam as error:
        return _unknown(inputs, str(error), row.value.get("regime"))
    return _known_proposal(row.value, inputs, outstanding * share, factor, mitigating, aggravating)


def _known_proposal(
    spec: dict[str, Any],
    inputs: dict[str, Any],
    base: Fraction,
    factor: int,
    mitigating: bool,
    aggravating: bool,
) -> FineProposal:
    if spec.get("kind") == "percent":
        low, mid, high, band_text = _percent_band(spec, base, factor)
    elif spec.get("kind") == "fixed":
        low, mid, high, band_text = _fixed_band(spec, factor)
    else:
        raise ValueError(
            f"Tham số khung phạt không hợp lệ (kind = {spec.get('kind')!r}): phải là percent hoặc fixed"
        )
    chosen, why = _pick(low, mid, high, mitigating, aggravating)
    clause = spec["clause"] + (f"; {ORGANISATION_CLAUSE}" if factor != 1 else "")
    reasons = (
        f"Số tiền làm căn cứ: phần BHXH, BHTN của số còn nợ {format_money(inputs['outstanding'])} "
        f"= {format_money(round_half_up(base))}",
        f"Khung phạt {Offender(inputs['offender']).label.lower()} ({spec['clause']}): {band_text}",
        *((f"Tổ chức bị phạt gấp {factor} lần cá nhân ({ORGANISATION_CLAUSE})",) if factor != 1 else ()),
        f"Mức đề xuất {format_money(round_half_up(chosen))}: {why} ({FACTORS_CLAUSE})",
    )
    return FineProposal(
        True,
        spec.get("regime"),
        clause,
        round_half_up(base),
        round_half_up(low),
        round_half_up(high),
        round_half_up(chosen),
        RULE,
        reasons,
        inputs,
    )


def check_chosen_fine(proposal: FineProposal, chosen: int, reason: str) -> ChosenFineCheck:
    """LR-FINE: accept a fine chosen by legal staff only inside the band, with a reason when it differs.

    Luật XLVPHC Điều 23 khoản 4: another figure inside the band needs a reason on
    the timeline; outside the band it is refused. Without a known band (e.g.
    Nghị định 283/2026) the figure is accepted only with a reason citing the clause.
    """
    if isinstance(chosen, bool) or not isinstance(chosen, int) or chosen < 0:
        raise ValueError(f"Mức phạt phải là số nguyên đồng không âm (nhận {chosen!r})")
    has_reason = bool(reason and reason.strip())
    clause = proposal.clause or FACTORS_CLAUSE
    if not proposal.known:
        note = (
            "Chưa có khung phạt để đối chiếu: mức phạt nhập thủ công, phải ghi lý do và điều khoản áp dụng"
            if not has_reason
            else "Chưa có khung phạt để đối chiếu: chấp nhận mức nhập thủ công có lý do"
        )
        return ChosenFineCheck(has_reason, chosen, (note,), RULE, clause)
    low, high = proposal.band_min or 0, proposal.band_max or 0
    if not low <= chosen <= high:
        outside = (
            f"Mức phạt {format_money(chosen)} nằm ngoài khung {format_money(low)} – {format_money(high)}"
        )
        return ChosenFineCheck(False, chosen, (outside,), RULE, clause)
    if chosen != proposal.proposal and not has_reason:
        return ChosenFineCheck(
            False,
            chosen,
            (
                f"Mức phạt {format_money(chosen)} khác mức đề xuất "
                f"{format_money(proposal.proposal or 0)}: phải ghi lý do",
            ),
            RULE,
            clause,
        )
    return ChosenFineCheck(True, chosen, (f"Mức phạt {format_money(chosen)} nằm trong khung",), RULE, clause)


def check_signer_competence(
    fine: int, cap_person: int | None, cap_org: int | None, offender: str
) -> tuple[bool, str]:
    """LR-FINE: block a decision whose fine exceeds the signer's configured competence cap.

    LEGAL.md Phần B §4.3: competence is data per signer; with no cap configured
    the decision is blocked, and above the cap the file must be transferred.
    """
    if offender not in OFFENDERS:
        raise ValueError(f"Đối tượng không hợp lệ: {offender} (chọn person hoặc organisation)")
    cap = cap_person if offender == "person" else cap_org
    whom = Offender(offender).label.lower()
    if cap is None:
        return False, f"Người ký chưa cấu hình thẩm quyền xử phạt đối với {whom}: không ký được quyết định"
    if fine > cap:
        return False, (
            f"Mức phạt {format_money(fine)} vượt thẩm quyền của người ký ({format_money(cap)} đối với "
            f"{whom}): chuyển hồ sơ cho người có thẩm quyền"
        )
    return (
        True,
        f"Mức phạt {format_money(fine)} trong thẩm quyền của người ký ({format_money(cap)} đối với {whom})",
    )
