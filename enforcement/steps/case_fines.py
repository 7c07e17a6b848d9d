"""A case's violations for LR-FINE: each concluded behaviour split into its SI and BHTN violations.

The ledger holds SI + BHYT + BHTN together; under Decree 283/2026 the SI part
(``fund_share_si``: 25,5/32) and the BHTN part (``fund_share_ui``: 2/32) of the
amount the conclusion classified are the bases of separate violations (Arts.
43–46); BHYT is not fined under that decree. Under Decree 12/2022 (a violation
that ended before 2026-09-10) the base is the SI + BHTN part (27,5/32) of one
violation per behaviour. Workers found unregistered at the inspection (entered
on the violation record) are the headcount violations. No database here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from enforcement.domain.competence import SignerAuthority, beyond_competence
from enforcement.domain.fines import (
    DECREE_283,
    FineInputError,
    FineRequest,
    FineResult,
    ViolationInput,
    compute_fines,
    decree_for,
)
from enforcement.domain.legal_params import ParamSet, fraction_param
from enforcement.domain.money import round_half_up
from enforcement.domain.periods import Period
from enforcement.domain.text import Money, Months, Text, say, say_n
from enforcement.domain.vocabulary import Behaviour
from enforcement.workflow import Trigger

if TYPE_CHECKING:
    from enforcement.services.case_view import CaseView

_SHARE_TEXT = {"fund_share_si": "25,5/32", "fund_share_ui": "2/32", "fund_share_si_bhtn": "27,5/32"}
_FUND_TEXT = {"fund_share_si": say("Phần BHXH"), "fund_share_ui": say("Phần BHTN"),
              "fund_share_si_bhtn": say("Phần BHXH, BHTN")}


def concluded_months(view: CaseView) -> dict[str, list[Any]]:
    """The months the conclusion classified as each violating behaviour."""
    concluded = view.history.input(Trigger.CONCLUDE_INSPECTION)
    months = list(concluded.behaviours) if concluded else []
    return {b.value: sorted((m for m in months if m.behaviour == b), key=lambda m: m.period)
            for b in (Behaviour.EVASION, Behaviour.LATE_PAYMENT)}


def _share(amount: int, key: str, on: date, params: ParamSet, months: Sequence[Any], late: bool) -> tuple[int, Text]:
    share = fraction_param(params.get(key, on))
    base = round_half_up(Fraction(amount) * share)
    values = {"part": _FUND_TEXT[key], "share": _SHARE_TEXT.get(key, str(share)),
              "months": Months(Period.parse(m.period) if isinstance(m.period, str) else m.period for m in months),
              "amount": Money(amount), "base": Money(base)}
    if late:
        why = say_n("%(part)s (%(share)s) của số tiền chậm đóng %(num)d tháng (%(months)s) %(amount)s = %(base)s",
                    "%(part)s (%(share)s) của số tiền chậm đóng %(num)d tháng (%(months)s) %(amount)s = %(base)s",
                    len(months), **values)
    else:
        why = say_n("%(part)s (%(share)s) của số tiền trốn đóng %(num)d tháng (%(months)s) %(amount)s = %(base)s",
                    "%(part)s (%(share)s) của số tiền trốn đóng %(num)d tháng (%(months)s) %(amount)s = %(base)s",
                    len(months), **values)
    return base, why


def case_violations(view: CaseView, decree: str, on: date, aggravating: Sequence[str] = (),
                    mitigating: Sequence[str] = (), recorded: Any = None) -> list[ViolationInput]:
    """The violations of the case's conclusion (and record) under ``decree``, with the named factors."""
    recorded = recorded or view.history.input(Trigger.RECORD_VIOLATION)
    factors = {"aggravating": tuple(aggravating), "mitigating": tuple(mitigating)}
    out: list[ViolationInput] = []
    for behaviour, months in concluded_months(view).items():
        if not months:
            continue
        amount = sum(m.amount for m in months)
        suffix = "late" if behaviour == Behaviour.LATE_PAYMENT else "evasion"
        late = suffix == "late"
        if decree == DECREE_283:
            for fund, key in (("si", "fund_share_si"), ("ui", "fund_share_ui")):
                base, why = _share(amount, key, on, view.params, months, late)
                out.append(ViolationInput(f"{fund}_{suffix}", base=base, months=len(months), base_reason=why,
                                          **factors))
        else:
            base, why = _share(amount, "fund_share_si_bhtn", on, view.params, months, late)
            out.append(ViolationInput(f"si_{suffix}", base=base, months=len(months), base_reason=why, **factors))
    workers = getattr(recorded, "unregistered_workers", None) if recorded else None
    if workers and decree == DECREE_283:
        suffix = "evasion" if getattr(recorded, "unregistered_after_60_days", False) else "late"
        for fund in ("si", "ui"):
            out.append(ViolationInput(f"{fund}_unregistered_{suffix}", workers=workers, **factors))
    return out


def record_dates(view: CaseView, recorded: Any = None) -> tuple[date, date | None]:
    """The violation record's date (the base is the amount at that date) and when the conduct ended."""
    recorded = recorded or view.history.input(Trigger.RECORD_VIOLATION)
    record_date = (recorded.record_date if recorded else None) or view.today
    return record_date, (getattr(recorded, "ended_on", None) if recorded else None)


def record_offender(view: CaseView) -> str:
    """Who is fined, as the violation record named them (an organisation by default)."""
    recorded = view.history.input(Trigger.RECORD_VIOLATION)
    return (getattr(recorded, "offender", None) if recorded else None) or "organisation"


def case_fines(view: CaseView, offender: str, aggravating: Sequence[str] = (), mitigating: Sequence[str] = (),
               signer: SignerAuthority | None = None, decided_on: date | None = None,
               recorded: Any = None) -> FineResult | None:
    """LR-FINE for the case (None when the conclusion found no violation).

    :raises FineInputError: the factors or the dates cannot be computed (each problem names its field).
    """
    record_date, ended_on = record_dates(view, recorded)
    decree, _reason = decree_for(record_date, ended_on, view.params)
    violations = case_violations(view, decree, record_date, aggravating, mitigating, recorded)
    if not violations:
        return None
    request = FineRequest(record_date, ended_on, offender, tuple(violations), signer, decided_on)
    return compute_fines(request, view.params)


def penalty_beyond_competence(view: CaseView, signers: Sequence[SignerAuthority], offender: str = "organisation",
                              on: date | None = None) -> bool:
    """LR-COMPETENCE: no signer of the office may decide this case's violations (the tops of their bands)."""
    try:
        result = case_fines(view, offender)
    except (FineInputError, LookupError, ValueError):
        return False
    if result is None:
        return False
    tops = [v.band_max for v in result.violations]
    return beyond_competence(tops, offender, signers, on or view.today, view.params)
