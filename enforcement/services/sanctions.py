"""The employer's sanction history (LEGAL.md LR-SANCTIONS): write, update, read with its computed status.

Who writes it:

- ``record_decision`` — one row per penalty decision. ``services.cases`` calls it
  when a case issues its penalty decision (from the case's facts); other
  services (a decision received after a transfer) call it the same way. It only
  flushes: it joins the caller's transaction.
- ``update_decision`` — what happens to a decision afterwards: received
  (service), compliance deadline, complied, fine paid (amount, date, receipt),
  evading enforcement and when that ended (XLVPHC Art. 74(2)). Only flushes.
- ``add_enforcement`` — an enforcement decision against it. Only flushes.
- ``enter_manual`` — legal staff enter a decision issued before the system, with
  its signed PDF; its own transaction.

Every change after the first write is kept in the row's ``changes`` (who, when,
which fields, old and new). Reads: ``history`` gives each row with its domain
``SanctionStatus`` (live / cleared and the day it clears).
"""

from __future__ import annotations

import hashlib
import logging
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import gettext as _

from enforcement import clock
from enforcement.db import utc_now
from enforcement.domain.legal_params import ParamSet
from enforcement.domain.money import format_money
from enforcement.domain.periods import Period, format_date
from enforcement.domain.sanctions import (
    BEHAVIOUR_LABELS,
    Decision,
    RepeatOffence,
    SanctionStatus,
    compliance_deadline,
    repeat_offence,
    statuses,
)
from enforcement.errors import Forbidden, NotFound, ValidationFailed
from enforcement.extensions import db
from enforcement.models import Employer, Role, SanctionDecision, SanctionSource, User
from enforcement.services import unit_of_work
from enforcement.services.legal_params import current_params, work_calendar

log = logging.getLogger("enforcement.sanctions")

UPDATABLE = (
    "received_on",
    "compliance_days",
    "compliance_deadline",
    "complied_on",
    "fine_paid_on",
    "fine_paid_amount",
    "payment_receipt",
    "evading_enforcement",
    "enforcement_evaded_until",
    "note",
)
_DATES = ("received_on", "compliance_deadline", "complied_on", "fine_paid_on", "enforcement_evaded_until")
MAX_MONEY = 10**15
ENTRY_ROLES = (Role.LEGAL,)


def to_domain(row: SanctionDecision) -> Decision:
    """The row as the pure rules see it."""
    return Decision(
        key=f"sanction:{row.id}",
        decision_date=row.decision_date,
        behaviours=tuple(row.behaviours),
        conduct_months=tuple(sorted(Period.parse(p) for p in row.conduct_months)),
        number=row.number,
        form=row.form,
        fine_total=row.fine_total,
        received_on=row.received_on,
        compliance_days=row.compliance_days,
        compliance_deadline=row.compliance_deadline,
        complied_on=row.complied_on,
        fine_paid_on=row.fine_paid_on,
        evading_enforcement=row.evading_enforcement,
        enforcement_evaded_until=row.enforcement_evaded_until,
        source=row.source.value,
        case_id=row.case_id,
        signer=row.signer,
    )


def decisions_of(employer_id: int) -> list[SanctionDecision]:
    """Every decision of the employer, oldest first."""
    return list(
        db.session.scalars(
            db.select(SanctionDecision)
            .where(SanctionDecision.employer_id == employer_id)
            .order_by(SanctionDecision.decision_date, SanctionDecision.id)
        )
    )


@dataclass(frozen=True)
class Entry:
    """A row of the history with its computed status and D-COMPLY."""

    row: SanctionDecision
    status: SanctionStatus
    comply_due: date
    comply_assumed: bool

    @property
    def enforcement_items(self) -> list[dict[str, Any]]:
        """The enforcement decisions with their dates as dates (for display)."""
        return [{**item, "date": date.fromisoformat(item["date"])} for item in self.row.enforcement]

    def to_dict(self) -> dict[str, Any]:
        """The API's form of one decision."""
        row = self.row
        return {
            "id": row.id,
            "source": row.source.value,
            "case_id": row.case_id,
            "document_id": row.document_id,
            "number": row.number,
            "decision_date": row.decision_date.isoformat(),
            "signer": row.signer,
            "form": row.form,
            "behaviours": [{"code": b, "label": BEHAVIOUR_LABELS[b]} for b in row.behaviours],
            "articles": list(row.articles),
            "conduct_months": list(row.conduct_months),
            "fines": list(row.fines),
            "fine_total": row.fine_total,
            "received_on": _iso(row.received_on),
            "compliance_days": row.compliance_days,
            "compliance_deadline": self.comply_due.isoformat(),
            "compliance_deadline_assumed": self.comply_assumed,
            "complied_on": _iso(row.complied_on),
            "fine_paid_on": _iso(row.fine_paid_on),
            "fine_paid_amount": row.fine_paid_amount,
            "payment_receipt": row.payment_receipt,
            "enforcement": list(row.enforcement),
            "evading_enforcement": row.evading_enforcement,
            "enforcement_evaded_until": _iso(row.enforcement_evaded_until),
            "has_document": row.document_sha256 is not None,
            "status": "live" if self.status.live else "cleared",
            "live_until": _iso(self.status.live_until),
            "cleared_on": _iso(self.status.cleared_on),
            "extended_by": [int(k.split(":")[1]) for k in self.status.extended_by],
            "reason": self.status.reason,
        }


def _iso(d: date | None) -> str | None:
    return None if d is None else d.isoformat()


def history(employer_id: int, on: date | None = None, params: ParamSet | None = None) -> list[Entry]:
    """The employer's decisions with their status on ``on`` (LR-SANCTIONS), oldest first."""
    on = on or clock.today()
    params = params or current_params()
    rows = decisions_of(employer_id)
    by_key = {f"sanction:{r.id}": r for r in rows}
    calendar = work_calendar()
    out = []
    for status in statuses([to_domain(r) for r in rows], on, params):
        row = by_key[status.decision.key]
        due = compliance_deadline(status.decision, params, calendar)
        out.append(Entry(row, status, due.due, due.assumed_receipt and not due.stated))
    return out


def decisions_for_art216(employer_id: int) -> list[dict[str, Any]]:
    """The history in the Article 216 calculator's contract (LR-ART216 C5/C6), compliance deadlines computed
    with the office calendar from each decision's receipt."""
    params = current_params()
    calendar = work_calendar()
    out = []
    for row in decisions_of(employer_id):
        decision = to_domain(row)
        due = compliance_deadline(decision, params, calendar)
        out.append(
            {
                "decision_date": row.decision_date.isoformat(),
                "behaviour": decision.kind,
                "number": row.number,
                "conduct_months": sorted(row.conduct_months),
                "form": row.form,
                "received_on": _iso(row.received_on),
                "compliance_deadline": due.due.isoformat(),
                "complied_on": _iso(row.complied_on),
                "evading_enforcement": row.evading_enforcement,
                "enforcement_evaded_until": _iso(row.enforcement_evaded_until),
                "source": row.source.value,
                "case_id": row.case_id,
            }
        )
    return out


def repeat_offence_of(employer_id: int, found_on: date, evasion_months: Sequence[str]) -> RepeatOffence:
    """Decree 283/2026 Art. 4(2)(l) for evasion concluded on ``found_on`` (LR-SANCTIONS)."""
    rows = decisions_of(employer_id)
    return repeat_offence(
        [to_domain(r) for r in rows], found_on, [Period.parse(p) for p in evasion_months], current_params()
    )


def repeat_offence_for_case(
    employer_id: int, case_id: int, concluded_on: date | None, evasion_months: Sequence[str]
) -> RepeatOffence | None:
    """LR-SANCTIONS for a case's inspection conclusion: is the evasion it concluded a repeat offence?

    The case's own decisions are left out (a repeat offence is judged against earlier decisions);
    None when the conclusion found no evasion.
    """
    if concluded_on is None or not evasion_months:
        return None
    rows = [r for r in decisions_of(employer_id) if r.case_id != case_id]
    return repeat_offence(
        [to_domain(r) for r in rows], concluded_on, [Period.parse(p) for p in evasion_months], current_params()
    )


def decision_of_case(case_id: int) -> SanctionDecision | None:
    """The (latest) decision a case issued or received."""
    return db.session.scalar(
        db.select(SanctionDecision)
        .where(SanctionDecision.case_id == case_id)
        .order_by(SanctionDecision.id.desc())
        .limit(1)
    )


# --------------------------------------------------------------------------- validation


def _clean_text(value: Any, limit: int) -> str:
    return unicodedata.normalize("NFC", str(value or "")).strip()[:limit]


def _check_facts(
    decision_date: Any,
    behaviours: Iterable[str],
    conduct_months: Iterable[str],
    number: str,
    form: str,
    fine_total: Any,
) -> tuple[dict[str, list[str]], list[str], list[str]]:
    errors: dict[str, list[str]] = {}
    codes = list(dict.fromkeys(behaviours))
    if not codes:
        errors["behaviours"] = [_("Chọn ít nhất một hành vi bị xử phạt.")]
    elif unknown := [b for b in codes if b not in BEHAVIOUR_LABELS]:
        errors["behaviours"] = [_("Hành vi không hợp lệ: %(b)s.", b=", ".join(unknown))]
    months: list[str] = []
    for raw in conduct_months:
        try:
            months.append(str(Period.parse(str(raw))))
        except ValueError as exc:
            errors.setdefault("conduct_months", []).append(str(exc))
    if not months and "conduct_months" not in errors:
        errors["conduct_months"] = [
            _("Ghi các tháng vi phạm mà quyết định xử phạt (cần để xét Điều 216, hành vi từ 01/01/2018).")
        ]
    if not isinstance(decision_date, date):
        errors["decision_date"] = [_("Ngày quyết định không hợp lệ.")]
    elif decision_date > clock.today():
        errors["decision_date"] = [_("Ngày quyết định không được sau hôm nay.")]
    if not number:
        errors["number"] = [_("Ghi số quyết định (ví dụ 15/QĐ-XPHC).")]
    if form not in ("fine", "warning"):
        errors["form"] = [_("Hình thức xử phạt phải là phạt tiền hoặc cảnh cáo.")]
    if isinstance(fine_total, bool) or not isinstance(fine_total, int) or not 0 <= fine_total <= MAX_MONEY:
        errors["fine_total"] = [_("Tổng tiền phạt phải là số đồng không âm.")]
    return errors, codes, sorted(set(months))


def record_decision(
    *,
    employer_id: int,
    office_id: int,
    decision_date: date,
    behaviours: Iterable[str],
    conduct_months: Iterable[str],
    number: str,
    signer: str = "",
    form: str = "fine",
    fines: Sequence[dict[str, Any]] = (),
    fine_total: int = 0,
    articles: Sequence[str] = (),
    received_on: date | None = None,
    compliance_days: int | None = None,
    compliance_deadline: date | None = None,
    case_id: int | None = None,
    document_id: int | None = None,
    source: SanctionSource = SanctionSource.CASE,
    actor: User | None = None,
    note: str = "",
    document: tuple[str, str, bytes] | None = None,
) -> SanctionDecision:
    """Write one decision into the employer's history, inside the caller's transaction (flush only).

    :param document: ``(file name, mime, bytes)`` of the signed decision (required for a manual entry).
    :raises ValidationFailed: a missing or impossible fact, named by field, in Vietnamese.
    """
    number = _clean_text(number, 100)
    errors, codes, months = _check_facts(decision_date, behaviours, conduct_months, number, form, fine_total)
    if source == SanctionSource.MANUAL and document is None:
        errors["document"] = [_("Đính kèm bản quyết định (PDF) làm căn cứ.")]
    if compliance_days is not None and compliance_days < 10:
        errors["compliance_days"] = [_("Thời hạn chấp hành ít nhất 10 ngày (Luật XLVPHC Điều 73).")]
    for name, value in (("received_on", received_on), ("compliance_deadline", compliance_deadline)):
        if value is not None and isinstance(decision_date, date) and value < decision_date:
            errors[name] = [_("Ngày này không được trước ngày quyết định.")]
    if errors:
        raise ValidationFailed(_("Chưa ghi được quyết định xử phạt vào lịch sử xử phạt."), errors=errors)
    row = SanctionDecision(
        employer_id=employer_id,
        office_id=office_id,
        case_id=case_id,
        document_id=document_id,
        source=source,
        number=number,
        decision_date=decision_date,
        signer=_clean_text(signer, 300),
        form=form,
        behaviours=codes,
        articles=[_clean_text(a, 300) for a in articles if _clean_text(a, 300)],
        conduct_months=months,
        fines=[dict(f) for f in fines],
        fine_total=fine_total,
        received_on=received_on,
        compliance_days=compliance_days,
        compliance_deadline=compliance_deadline,
        note=_clean_text(note, 2000),
        enforcement=[],
        changes=[],
        created_by_id=actor.id if actor else None,
    )
    if document is not None:
        name, mime, data = document
        row.document_name, row.document_mime = name, mime
        row.document_sha256, row.document_data = hashlib.sha256(data).hexdigest(), data
    db.session.add(row)
    db.session.flush()
    log.info("sanction decision %s recorded for employer %s (%s)", row.id, employer_id, source.value)
    return row


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


CHANGE_LABELS = {
    "received_on": "Ngày đơn vị nhận quyết định",
    "compliance_days": "Thời hạn chấp hành (ngày)",
    "compliance_deadline": "Hạn chấp hành",
    "complied_on": "Ngày chấp hành xong",
    "fine_paid_on": "Ngày nộp tiền phạt",
    "fine_paid_amount": "Số tiền phạt đã nộp",
    "payment_receipt": "Chứng từ nộp tiền phạt",
    "evading_enforcement": "Trốn tránh, trì hoãn thi hành",
    "enforcement_evaded_until": "Ngày chấm dứt trốn tránh",
    "note": "Ghi chú",
}
"""How the audit log names each field of a decision's later changes (as the sanctions page labels them)."""


def _change_value(name: str, value: Any) -> str:
    """A changed field's value as the audit log shows it: dates dd/mm/yyyy, money in đồng, yes/no."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "có" if value else "không"
    if name == "fine_paid_amount" and isinstance(value, int):
        return format_money(value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return format_date(date.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


def update_decision(row: SanctionDecision, *, actor: User | None, **changes: Any) -> SanctionDecision:
    """Record what happened to a decision after it was issued (flush only; the caller commits).

    Fields: ``received_on``, ``compliance_days``, ``compliance_deadline``,
    ``complied_on`` (fine paid and remedial measures done), ``fine_paid_on``,
    ``fine_paid_amount``, ``payment_receipt``, ``evading_enforcement``,
    ``enforcement_evaded_until``, ``note``. Dates may not be before the decision
    nor after today.

    :raises ValidationFailed: an unknown field or an impossible value, named by field.
    """
    errors: dict[str, list[str]] = {}
    today = clock.today()
    for name, value in changes.items():
        if name not in UPDATABLE:
            errors[name] = [_("Trường không được sửa: %(f)s.", f=name)]
        elif name in _DATES and value is not None:
            if not isinstance(value, date):
                errors[name] = [_("Ngày không hợp lệ.")]
            elif value < row.decision_date:
                errors[name] = [
                    _("Ngày này không được trước ngày quyết định (%(d)s).", d=format_date(row.decision_date))
                ]
            elif value > today:
                errors[name] = [_("Ngày này không được sau hôm nay.")]
        elif name == "compliance_days" and value is not None and (not isinstance(value, int) or value < 10):
            errors[name] = [_("Thời hạn chấp hành ít nhất 10 ngày (Luật XLVPHC Điều 73).")]
        elif (
            name == "fine_paid_amount"
            and value is not None
            and (isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_MONEY)
        ):
            errors[name] = [_("Số tiền phải là số đồng không âm.")]
    if changes.get("enforcement_evaded_until") and not changes.get("evading_enforcement", row.evading_enforcement):
        errors["enforcement_evaded_until"] = [
            _("Chỉ ghi ngày chấm dứt trốn tránh khi đơn vị có trốn tránh, trì hoãn thi hành.")
        ]
    if errors:
        raise ValidationFailed(_("Chưa cập nhật được quyết định xử phạt."), errors=errors)
    diff = {}
    for name, value in changes.items():
        if name in ("payment_receipt", "note"):
            value = _clean_text(value, 200 if name == "payment_receipt" else 2000)
        old = getattr(row, name)
        if old != value:
            diff[name] = {"old": _plain(old), "new": _plain(value)}
            setattr(row, name, value)
    if diff:
        row.changes = [
            *row.changes,
            {"at": utc_now().isoformat(), "by": actor.id if actor else None, "fields": diff},
        ]
        db.session.flush()
        log.info("sanction decision %s updated by %s: %s", row.id, actor.id if actor else "system", sorted(diff))
    return row


CORRECTABLE = ("number", "decision_date", "signer", "form", "behaviours", "articles", "conduct_months", "fines",
               "fine_total", "received_on", "compliance_days", "document_id")


def correct_decision(row: SanctionDecision, *, actor: User | None, corrected_document: str,
                     **facts: Any) -> SanctionDecision:
    """A penalty decision of a case was corrected (đính chính): the row takes the corrected decision's
    facts and keeps what they were in ``changes`` (flush only; the caller commits).

    :raises ValidationFailed: a fact the corrected decision cannot have, named by field.
    """
    unknown = sorted(set(facts) - set(CORRECTABLE))
    if unknown:
        raise ValidationFailed(_("Chưa cập nhật được quyết định xử phạt."),
                               errors={name: [_("Trường không được sửa: %(f)s.", f=name)] for name in unknown})
    if "behaviours" in facts or "decision_date" in facts or "fine_total" in facts:
        errors, codes, months = _check_facts(
            facts.get("decision_date", row.decision_date), facts.get("behaviours", row.behaviours),
            facts.get("conduct_months", row.conduct_months), facts.get("number", row.number),
            facts.get("form", row.form), facts.get("fine_total", row.fine_total))
        if errors:
            raise ValidationFailed(_("Chưa cập nhật được quyết định xử phạt."), errors=errors)
        facts = {**facts, "behaviours": codes, "conduct_months": months}
    diff = {}
    for name, value in facts.items():
        if name == "fines":
            value = [dict(f) for f in value]
        if getattr(row, name) != value:
            diff[name] = {"old": _plain(getattr(row, name)), "new": _plain(value)}
            setattr(row, name, value)
    if diff:
        row.changes = [*row.changes, {"at": utc_now().isoformat(), "by": actor.id if actor else None,
                                      "corrects": corrected_document, "fields": diff}]
        db.session.flush()
        log.info("sanction decision %s follows the correction of %s: %s", row.id, corrected_document, sorted(diff))
    return row


def add_enforcement(
    row: SanctionDecision, *, number: str, decision_date: date, measure: str, actor: User | None
) -> SanctionDecision:
    """Add an enforcement decision (XLVPHC Art. 86) to a decision of the history (flush only)."""
    if not isinstance(decision_date, date) or decision_date < row.decision_date:
        raise ValidationFailed(
            _("Chưa ghi được quyết định cưỡng chế."),
            errors={"decision_date": [_("Ngày quyết định cưỡng chế không được trước ngày quyết định xử phạt.")]},
        )
    item = {"number": _clean_text(number, 100), "date": decision_date.isoformat(), "measure": _clean_text(measure, 200)}
    row.enforcement = [*row.enforcement, item]
    row.changes = [
        *row.changes,
        {
            "at": utc_now().isoformat(),
            "by": actor.id if actor else None,
            "fields": {"enforcement": {"old": None, "new": item}},
        },
    ]
    db.session.flush()
    return row


# --------------------------------------------------------------------------- manual entry (its own transaction)


def _employer_in_office(employer_id: int, actor: User) -> Employer:
    employer = db.session.get(Employer, employer_id)
    if employer is None or employer.office_id != actor.office_id:
        raise NotFound(_("Không tìm thấy đơn vị."))
    return employer


def employer_of(employer_id: int, actor: User) -> Employer:
    """The employer of the actor's office (NotFound otherwise)."""
    return _employer_in_office(employer_id, actor)


def enter_manual(
    employer_id: int, actor: User, *, document: tuple[str | None, bytes], **facts: Any
) -> SanctionDecision:
    """Legal staff enter a decision issued before the system, with its signed PDF (one transaction).

    :raises Forbidden: not legal staff. :raises NotFound: another office's employer.
    :raises ValidationFailed: a missing or impossible fact, or the file is not a PDF.
    """
    from enforcement.services.evidence import display_name

    if actor.role not in ENTRY_ROLES:
        raise Forbidden(_("Chỉ cán bộ pháp chế được nhập quyết định xử phạt từ trước khi có hệ thống."))
    file_name, data = document
    later = {
        k: facts.pop(k) for k in ("complied_on", "fine_paid_on", "fine_paid_amount", "payment_receipt") if k in facts
    }
    later = {k: v for k, v in later.items() if v not in (None, "")}
    with unit_of_work():
        employer = _employer_in_office(employer_id, actor)
        from flask import current_app

        _check_decision_pdf(data, current_app.config["MAX_EVIDENCE_BYTES"])
        row = record_decision(
            employer_id=employer.id,
            office_id=employer.office_id,
            source=SanctionSource.MANUAL,
            actor=actor,
            document=(display_name(file_name, "application/pdf"), "application/pdf", data),
            **facts,
        )
        if later:
            update_decision(row, actor=actor, **later)
    return row


def _check_decision_pdf(data: bytes, limit: int) -> None:
    """The signed decision must be a PDF that decodes (``evidence_check``), within the evidence size limit."""
    from enforcement.services.evidence_check import PDF, ContentRefused, check, sniff

    problem = None
    if not data or sniff(data) != PDF:
        problem = _("Đính kèm bản quyết định dạng PDF (theo nội dung tệp).")
    elif len(data) > limit:
        problem = _("Tệp quá lớn (tối đa %(n)d MB).", n=limit // (1024 * 1024))
    else:
        try:
            check(data)
        except ContentRefused as refused:
            problem = refused.message
    if problem:
        raise ValidationFailed(_("Chưa ghi được quyết định xử phạt vào lịch sử xử phạt."),
                               errors={"document": [problem]})


def update_from_form(decision_id: int, actor: User, **changes: Any) -> SanctionDecision:
    """Legal staff record receipt, compliance, payment or evasion of enforcement (one transaction)."""
    if actor.role not in ENTRY_ROLES:
        raise Forbidden(_("Chỉ cán bộ pháp chế được cập nhật lịch sử xử phạt."))
    with unit_of_work():
        row = db.session.get(SanctionDecision, decision_id)
        if row is None or row.office_id != actor.office_id:
            raise NotFound(_("Không tìm thấy quyết định xử phạt."))
        update_decision(row, actor=actor, **changes)
    return row


@dataclass(frozen=True)
class AuditRow:
    """One write to the sanction history, for the audit log's CSV export."""

    ref: str
    case_id: int | None
    at: Any  # datetime (UTC)
    actor_id: int | None
    kind: str  # "record" | "update"
    summary: str
    sha256: str


def _summary(row: SanctionDecision, entry: Entry | None) -> str:
    behaviours = "; ".join(BEHAVIOUR_LABELS[b] for b in row.behaviours)
    months = ", ".join(f"{p[5:]}/{p[:4]}" for p in row.conduct_months)
    origin = f"hồ sơ #{row.case_id}" if row.case_id else "nhập từ trước khi có hệ thống"
    text = (
        f"Quyết định số {row.number} ngày {format_date(row.decision_date)} ({origin}): {behaviours}; "
        f"tháng vi phạm {months}; tiền phạt {format_money(row.fine_total)}"
    )
    if entry is not None:
        text += f"; {'còn hiệu lực' if entry.status.live else 'coi như chưa bị xử phạt'}"
        if entry.status.cleared_on:
            text += f" (hết từ {format_date(entry.status.cleared_on)})"
    return text


def audit_rows(
    office_id: int,
    *,
    actor_id: int | None = None,
    case_id: int | None = None,
    since: Any = None,
    until: Any = None,
) -> list[AuditRow]:
    """Every write to the office's sanction history (entries and later changes) within the filters, newest first."""
    from datetime import datetime

    rows = db.session.scalars(
        db.select(SanctionDecision).where(SanctionDecision.office_id == office_id).order_by(SanctionDecision.id)
    ).all()
    statuses_by_id: dict[int, Entry] = {}
    for employer_id in {r.employer_id for r in rows}:
        statuses_by_id.update({e.row.id: e for e in history(employer_id)})
    out: list[AuditRow] = []
    for row in rows:
        if case_id and row.case_id != case_id:
            continue
        sha = row.document_sha256 or ""
        out.append(AuditRow(f"XP-{row.id}", row.case_id, row.created_at, row.created_by_id, "record",
                            _summary(row, statuses_by_id.get(row.id)), sha))
        for number, change in enumerate(row.changes, start=1):
            fields = ", ".join(
                f"{CHANGE_LABELS.get(name, name)}: {_change_value(name, item['old'])} → "
                f"{_change_value(name, item['new'])}"
                for name, item in change["fields"].items()
            )
            out.append(AuditRow(f"XP-{row.id}.{number}", row.case_id, datetime.fromisoformat(change["at"]),
                                change.get("by"), "update", f"Quyết định số {row.number}: {fields}", sha))
    out = [
        r for r in out
        if (actor_id is None or r.actor_id == actor_id)
        and (since is None or r.at >= since)
        and (until is None or r.at < until)
    ]
    return sorted(out, key=lambda r: r.at, reverse=True)


def document_bytes(row: SanctionDecision) -> bytes:
    """The attached PDF after checking it still matches its SHA-256."""
    data = row.document_data or b""
    if row.document_sha256 is None or hashlib.sha256(data).hexdigest() != row.document_sha256:
        raise ValidationFailed(_("Tệp đã bị thay đổi sau khi tải lên."), errors={})
    return data
