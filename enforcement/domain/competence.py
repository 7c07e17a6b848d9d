"""Who may decide the penalty (LEGAL.md LR-COMPETENCE).

Competence is dated data (``competence_titles`` in ``legal_params``): each
title with the largest fine it may impose on a **person** for one violation
and the article that gives it (Decree 283/2026/NĐ-CP Art. 57); for an
organisation the cap is twice that (Art. 63(1), ``competence_organisation_multiplier``).

A signer may decide only when, for **every** violation of the decision, the
**top of that violation's band for this case** is within the signer's cap
(XLVPHC Art. 52: competence follows the maximum of the band, never the figure
chosen). A case with one violation beyond the cap goes up whole: the office
transfers it to the lowest title whose cap covers the top. No Flask here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from .legal_params import MissingParam, ParamSet
from .periods import format_date
from .text import Money, say

RULE = "LR-COMPETENCE"
CLAUSE = "Luật XLVPHC Điều 52; Nghị định 283/2026/NĐ-CP Điều 57, Điều 63 khoản 1"

PROVINCE_DIRECTOR = "bhxh_province_director"
INSPECTION_TEAM_HEAD = "vss_inspection_team_head"
DIRECTOR_GENERAL = "vss_director_general"


@dataclass(frozen=True)
class CompetenceTitle:
    """One row of the competence table in force: a title, its cap for a person, the article."""

    id: str
    title: str
    cap_person: int
    article: str  # e.g. "khoản 1 Điều 57 Nghị định số 283/2026/NĐ-CP"

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "cap_person": self.cap_person, "article": self.article}


@dataclass(frozen=True)
class SignerAuthority:
    """What competence needs to know about a signer.

    ``title_id`` names a row of the competence table (the title whose power the signer exercises,
    in person or by delegation); ``cap_person``/``cap_organisation`` are the signer's own caps when
    an admin entered them (they win over the table's default).
    """

    title: str
    cap_person: int | None = None
    cap_organisation: int | None = None
    title_id: str | None = None
    delegation_number: str = ""
    delegation_date: date | None = None
    signer_id: int | None = None
    name: str = ""

    @property
    def delegated(self) -> bool:
        return bool(self.delegation_number.strip())


@dataclass(frozen=True)
class CompetenceCheck:
    """Whether a signer may decide these violations, and if not to whom the case goes."""

    ok: bool
    top: int
    cap: int | None
    transfer_to: str | None
    transfer_title: str | None
    reasons: tuple[str, ...]
    rule: str = RULE
    clause: str = CLAUSE

    def to_dict(self) -> dict[str, Any]:
        """The ``competence`` object of the fine calculator (LR-FINE): ok, top, cap, transfer_to (+ reasons)."""
        return {
            "ok": self.ok,
            "top": self.top,
            "cap": self.cap,
            "transfer_to": self.transfer_to,
            "transfer_title": self.transfer_title,
            "reasons": list(self.reasons),
        }


def competence_table(on: date, params: ParamSet) -> list[CompetenceTitle]:
    """The competence titles in force on ``on``, lowest cap first (empty when none is configured)."""
    try:
        rows = params.get("competence_titles", on)
    except MissingParam:
        return []
    if not rows:
        return []
    table = [
        CompetenceTitle(str(r["id"]), str(r["title"]), int(r["cap_person"]), str(r.get("article", "")))
        for r in rows
    ]
    return sorted(table, key=lambda t: (t.cap_person, t.id))


def find_title(title_id: str | None, on: date, params: ParamSet) -> CompetenceTitle | None:
    """The row ``title_id`` of the table in force on ``on``."""
    if not title_id:
        return None
    return next((t for t in competence_table(on, params) if t.id == title_id), None)


def organisation_multiplier(on: date, params: ParamSet) -> int:
    """Art. 63(1): an organisation's competence is twice a person's (1 when not configured)."""
    try:
        return int(params.get("competence_organisation_multiplier", on))
    except MissingParam:
        return 1


def _is_organisation(offender: str) -> bool:
    return offender == "organisation"


def cap_for(signer: SignerAuthority, offender: str, on: date, params: ParamSet) -> int | None:
    """The signer's cap for this offender on ``on``: their own cap, else their title's default; None = none."""
    organisation = _is_organisation(offender)
    if organisation and signer.cap_organisation is not None:
        return signer.cap_organisation
    person = signer.cap_person
    if person is None:
        row = find_title(signer.title_id, on, params)
        person = row.cap_person if row else None
    if person is None:
        return None
    return person * organisation_multiplier(on, params) if organisation else person


def lowest_competent(top: int, offender: str, on: date, params: ParamSet) -> CompetenceTitle | None:
    """The lowest title of the table whose cap (doubled for an organisation) covers ``top``."""
    factor = organisation_multiplier(on, params) if _is_organisation(offender) else 1
    return next((t for t in competence_table(on, params) if t.cap_person * factor >= top), None)


def check_competence(
    tops: Sequence[int], offender: str, signer: SignerAuthority | None, on: date, params: ParamSet
) -> CompetenceCheck:
    """LR-COMPETENCE: ``signer`` may decide when every violation's band top is within the signer's cap.

    ``tops`` are the ``band_max`` of every violation of the decision for this case (a warning's
    top is 0: every title may warn). ``on`` is the date of the decision.
    """
    if offender not in ("person", "organisation", "household"):
        raise ValueError(f"Đối tượng không hợp lệ: {offender} (chọn person, organisation hoặc household)")
    top = max(tops, default=0)
    target = lowest_competent(top, offender, on, params)
    transfer_to, transfer_title = (target.id, target.title) if target else (None, None)
    whom = say("tổ chức") if _is_organisation(offender) else say("cá nhân")
    if signer is None:
        return CompetenceCheck(False, top, None, transfer_to, transfer_title,
                               (say("Chưa chọn người ký quyết định xử phạt"),))
    cap = cap_for(signer, offender, on, params)
    if cap is None:
        return CompetenceCheck(
            False, top, None, transfer_to, transfer_title,
            (say("Người ký (%(title)s) chưa có thẩm quyền xử phạt áp dụng ngày %(day)s: quản trị viên chọn chức "
                 "danh có thẩm quyền hoặc nhập mức phạt tối đa tại Quản trị → Cơ quan → Người ký",
                 title=signer.title, day=on),),
        )
    top_text = say("Mức tối đa của khung phạt của vụ việc %(top)s (thẩm quyền xác định theo mức tối đa của khung, "
                   "không theo mức phạt được chọn — Luật XLVPHC Điều 52)", top=Money(top))
    if top <= cap:
        return CompetenceCheck(
            True, top, cap, None, None,
            (top_text, say("Trong thẩm quyền của %(title)s: đến %(cap)s đối với %(whom)s",
                           title=signer.title, cap=Money(cap), whom=whom)),
        )
    where = (say("chuyển hồ sơ vụ vi phạm đến %(target)s (đến %(cap)s đối với %(whom)s)", target=transfer_title,
                 cap=Money(_cap_of(target, offender, on, params)), whom=whom) if target else
             say("không có chức danh nào trong bảng thẩm quyền đang áp dụng đủ thẩm quyền: chuyển hồ sơ đến người "
                 "có thẩm quyền"))
    return CompetenceCheck(
        False, top, cap, transfer_to, transfer_title,
        (top_text, say("Vượt thẩm quyền của %(title)s (đến %(cap)s đối với %(whom)s): %(where)s",
                       title=signer.title, cap=Money(cap), whom=whom, where=where)),
    )


def _cap_of(title: CompetenceTitle, offender: str, on: date, params: ParamSet) -> int:
    return title.cap_person * (organisation_multiplier(on, params) if _is_organisation(offender) else 1)


def beyond_competence(
    tops: Sequence[int], offender: str, signers: Iterable[SignerAuthority], on: date, params: ParamSet
) -> bool:
    """True when no signer of the office may decide these violations (the case must be transferred)."""
    return not any(check_competence(tops, offender, s, on, params).ok for s in signers)


def competence_citation(signer: SignerAuthority, on: date, params: ParamSet) -> str:
    """The competence article a decision prints for ``signer`` ("" when the table has no row for the title)."""
    row = find_title(signer.title_id, on, params)
    return row.article if row else ""


def delegation_citation(signer: SignerAuthority) -> str:
    """ "Quyết định giao quyền xử phạt số 12/QĐ-BHXH ngày 05/09/2026" ("" without a delegation)."""
    if not signer.delegated:
        return ""
    day = f" ngày {format_date(signer.delegation_date)}" if signer.delegation_date else ""
    return f"Quyết định giao quyền xử phạt vi phạm hành chính số {signer.delegation_number.strip()}{day}"
