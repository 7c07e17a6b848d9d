"""Working conferences with employers (hội nghị làm việc với đơn vị, PRODUCT.md §10).

A conference is planned (date, time, place, chair, secretary); employers are
invited from the office's open leads and from its arrears cases not yet
inspected (all of a district, or picked by hand); the invitation letters are
issued in bulk — one numbered PDF per employer in the Decree 30 layout, from
the office's register, plus one merged PDF to print; each employer's
attendance and outcome is recorded in one table (registered / committed to
register or pay by a date / refused / absent); the minutes are issued.

Then: a commitment's date is a deadline; a refusal, an absence or a commitment
broken (its date passed and the lead still found) opens an enforcement case
with the lead as origin (state ``detected``, behaviour suggested: evasion),
which enters the workflow at the inspection (``workflow.demand_sent_or_lead``),
or continues the case already open for the employer. Every change is an event
on the lead's or the case's timeline. Each function is one transaction; a step
that lacks something needed is blocked before any number is taken, with a
message saying what to enter and where.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _

from enforcement import clock
from enforcement.db import utc_now
from enforcement.domain.money import format_money
from enforcement.domain.periods import date_line, format_date
from enforcement.domain.text import Text, say
from enforcement.errors import ValidationFailed
from enforcement.extensions import db
from enforcement.models import (
    Case,
    Conference,
    ConferenceDocument,
    ConferenceInvitee,
    ConferenceStatus,
    Employer,
    EmployerKind,
    EventAction,
    Lead,
    LeadStatus,
    Office,
    Outcome,
    Signer,
    User,
)
from enforcement.pdf.context import office_context, signer_context
from enforcement.pdf.render import render_pdf
from enforcement.pdf.signing import sign_pdf, signing_settings
from enforcement.search import fold
from enforcement.services import audit, unit_of_work
from enforcement.services.leads import KIND_LABELS, add_lead_event, show_month
from enforcement.services.numbering import next_number
from enforcement.workflow import OPEN_STATES, CaseState

INVITATION_REGISTER, INVITATION_SYMBOL = "invitation", "GM-BHXH"
MINUTES_REGISTER, MINUTES_SYMBOL = "conference_minutes", "BB-BHXH"
NOT_INSPECTED = (CaseState.DETECTED, CaseState.DEMAND_SENT)
SUGGESTED_BASIS = say(
    "Nghị định 283/2026/NĐ-CP Điều 44 khoản 1 (không đăng ký hoặc đăng ký không đủ số người lao động), "
    "Điều 44 khoản 2 điểm a (đăng ký tiền lương làm căn cứ đóng thấp hơn quy định), Điều 46 (trốn đóng BHTN)"
)
_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
OUTCOME_TEXT = {
    Outcome.REGISTERED: say("Đã đăng ký tham gia, đóng đủ"),
    Outcome.COMMITTED: say("Cam kết đăng ký, đóng đủ"),
    Outcome.REFUSED: say("Từ chối"),
    Outcome.ABSENT: say("Vắng mặt"),
}


def _fail(errors: dict[str, list[str]]) -> ValidationFailed:
    first = next(iter(errors.values()))[0]
    return ValidationFailed(first, errors=errors)


def _text(value: Any, limit: int) -> str:
    return " ".join(str(value or "").split())[:limit]


# --------------------------------------------------------------------------- planning


def plan(
    office: Office,
    actor: User,
    *,
    title: str,
    held_on: date | None,
    held_at: str,
    place: str,
    chair_name: str,
    chair_title: str,
    secretary_name: str,
) -> Conference:
    """Plan a conference; ValidationFailed names every missing or bad field."""
    values = {
        "title": _text(title, 300),
        "held_at": (held_at or "").strip(),
        "place": _text(place, 300),
        "chair_name": _text(chair_name, 200),
        "chair_title": _text(chair_title, 200),
        "secretary_name": _text(secretary_name, 200),
    }
    errors: dict[str, list[str]] = {}
    labels = {
        "title": _("Tên hội nghị"),
        "place": _("Địa điểm"),
        "chair_name": _("Người chủ trì"),
        "chair_title": _("Chức vụ người chủ trì"),
        "secretary_name": _("Thư ký hội nghị"),
    }
    for key, label in labels.items():
        if not values[key]:
            errors[key] = [_("%(f)s: phải nhập.", f=label)]
    if held_on is None:
        errors["held_on"] = [_("Ngày họp: phải nhập ngày dạng dd/mm/yyyy.")]
    if not _TIME.fullmatch(values["held_at"]):
        errors["held_at"] = [_("Giờ họp: phải nhập dạng HH:MM (ví dụ 08:30).")]
    if errors:
        raise _fail(errors)
    with unit_of_work():
        conference = Conference(office_id=office.id, held_on=held_on, created_by_id=actor.id, **values)
        db.session.add(conference)
        db.session.flush()
    return conference


@dataclass(frozen=True)
class Candidate:
    """An employer that may be invited: an open lead, or an arrears case not yet inspected."""

    source: str  # lead | case
    ident: int
    tax_code: str
    name: str
    district: str
    detail: str
    amount: int


def candidates(office_id: int, district: str | None = None) -> list[Candidate]:
    """Open leads (not yet invited) and arrears cases not yet inspected, largest amount first."""
    leads = db.session.scalars(
        sa.select(Lead).where(Lead.office_id == office_id, Lead.status == LeadStatus.OPEN)
    ).all()
    cases = db.session.execute(
        sa.select(Case, Employer)
        .join(Employer, Employer.id == Case.employer_id)
        .where(Case.office_id == office_id, Case.state.in_(NOT_INSPECTED))
    ).all()
    with force_locale("vi"):
        out = [
            Candidate("lead", lead.id, lead.tax_code, lead.name, lead.district,
                      ", ".join(str(KIND_LABELS.get(k, k)) for k in lead.kind_list), lead.estimated_contributions)
            for lead in leads
        ]
    out += [
        Candidate("case", case.id, employer.tax_code, employer.name, employer.district,
                  f"Nợ {case.months_in_arrears} tháng", case.principal)
        for case, employer in cases
    ]
    if district:
        out = [c for c in out if c.district == district]
    return sorted(out, key=lambda c: (-c.amount, c.tax_code))


def _editable(conference: Conference) -> None:
    if conference.status == ConferenceStatus.MINUTES_ISSUED:
        raise ValidationFailed(_("Biên bản hội nghị đã ban hành: không thay đổi được danh sách hay kết quả."))


def invite(
    conference: Conference,
    actor: User,
    *,
    lead_ids: list[int] | None = None,
    case_ids: list[int] | None = None,
    district: str | None = None,
) -> int:
    """Add employers to the conference (picked by id, or every candidate of ``district``); returns how many."""
    _editable(conference)
    picked = candidates(conference.office_id, district if not (lead_ids or case_ids) else None)
    if lead_ids or case_ids:
        wanted = {("lead", i) for i in lead_ids or []} | {("case", i) for i in case_ids or []}
        picked = [c for c in picked if (c.source, c.ident) in wanted]
        if len(picked) != len(wanted):
            raise ValidationFailed(
                _("Có đơn vị được chọn không còn mời được (đã được mời, đã mở hồ sơ hoặc đã kiểm tra)."),
                errors={"invitees": [_("Tải lại trang và chọn lại.")]},
            )
    elif not district:
        raise ValidationFailed(_("Chọn đơn vị cần mời hoặc một quận/huyện."), errors={"district": [_("Phải chọn.")]})
    added = 0
    with unit_of_work(), force_locale("vi"):
        present = {i.tax_code for i in conference.invitees}
        for candidate in picked:
            if candidate.tax_code in present:
                continue
            present.add(candidate.tax_code)
            invitee = _invitee_for(conference, candidate)
            db.session.add(invitee)
            db.session.flush()
            summary = say("Mời dự hội nghị “%(t)s” ngày %(d)s", t=conference.title, d=conference.held_on)
            details = {"conference_id": conference.id, "invitee_id": invitee.id}
            if invitee.lead_id:
                lead = db.session.get(Lead, invitee.lead_id)
                lead.status = LeadStatus.INVITED
                add_lead_event(lead, "invited", actor, summary, details)
            else:
                audit.append(db.session.get(Case, invitee.case_id), EventAction.COMMENT, actor, summary=summary,
                             details=details)
            added += 1
    return added


def _invitee_for(conference: Conference, candidate: Candidate) -> ConferenceInvitee:
    if candidate.source == "lead":
        lead = db.session.get(Lead, candidate.ident)
        employer = db.session.get(Employer, lead.employer_id) if lead.employer_id else None
        return ConferenceInvitee(
            conference_id=conference.id, lead_id=lead.id, tax_code=lead.tax_code, unit_code=lead.unit_code,
            name=lead.name, address=employer.address if employer else "", district=lead.district,
            representative=employer.legal_representative if employer else "",
        )
    case = db.session.get(Case, candidate.ident)
    employer = case.employer
    return ConferenceInvitee(
        conference_id=conference.id, case_id=case.id, tax_code=employer.tax_code, unit_code=employer.unit_code,
        name=employer.name, address=employer.address, district=employer.district,
        representative=employer.legal_representative,
    )


def set_addresses(conference: Conference, actor: User, addresses: dict[int, str]) -> None:
    """The invitees' addresses (an unregistered business's comes from the tax registry, typed here)."""
    _editable(conference)
    with unit_of_work():
        for invitee in conference.invitees:
            if invitee.id in addresses:
                invitee.address = _text(addresses[invitee.id], 500)


# --------------------------------------------------------------------------- documents


def _register_number(office: Office, register: str, symbol: str, issue_date: date) -> tuple[int, str]:
    number = next_number(office.id, register, issue_date.year)
    symbol = (office.settings or {}).get("symbols", {}).get(register) or symbol
    return number, f"{number:02d}/{symbol}"


def _store(conference: Conference, kind: str, title: str, pdf: bytes, *, issue_date: date, number: int | None,
           number_text: str | None, register: str | None, signer_name: str, signer_title: str,
           actor: User, invitee: ConferenceInvitee | None = None) -> ConferenceDocument:
    signing = signing_settings(conference_office(conference).settings or {})
    if signing and number is not None:
        pdf = sign_pdf(pdf, signing)
    document = ConferenceDocument(
        office_id=conference.office_id, conference_id=conference.id, invitee_id=invitee.id if invitee else None,
        kind=kind, title=title, register=register, year=issue_date.year, number=number, number_text=number_text,
        issue_date=issue_date, signer_name=signer_name, signer_title=signer_title, pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(), size=len(pdf), created_by_id=actor.id,
    )
    db.session.add(document)
    db.session.flush()
    return document


def conference_office(conference: Conference) -> Office:
    return db.session.get(Office, conference.office_id)


def _doc(office: Office, issue_date: date, number_text: str, type_title: str, subject: str,
         recipients: list[str], signer: dict[str, str]) -> dict[str, Any]:
    created = datetime.combine(issue_date, time(0, 0), tzinfo=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {
        "title": type_title.capitalize(),
        "type_title": type_title,
        "subject": subject,
        "number_text": number_text,
        "date_line": date_line(office.place_name, issue_date),
        "issue_date": format_date(issue_date),
        "created_iso": created,
        "bases": [],
        "recipients": recipients,
        "signer": signer,
        "draft": False,
        "watermark": False,
        "supersedes": None,
    }


def _conference_context(conference: Conference) -> dict[str, Any]:
    return {
        "title": conference.title,
        "held_on": format_date(conference.held_on),
        "held_at": conference.held_at.replace(":", " giờ ") + " phút",
        "place": conference.place,
        "chair_name": conference.chair_name,
        "chair_title": conference.chair_title,
        "secretary_name": conference.secretary_name,
    }


def _reason_text(invitee: ConferenceInvitee) -> str:
    """Why the employer is invited, in the neutral terms of a letter (a suspicion, not a finding)."""
    if invitee.lead_id:
        lead = db.session.get(Lead, invitee.lead_id)
        months = f"{show_month(lead.months[0])} – {show_month(lead.months[-1])}" if lead.months else show_month(
            lead.month)
        if "unregistered" in lead.kind_list:
            return (
                f"dữ liệu do cơ quan Thuế cung cấp (các tháng {months}) cho thấy đơn vị có trả tiền lương, tiền công "
                f"cho người lao động (cao nhất {lead.max_tax_employees} người) nhưng chưa đăng ký tham gia bảo hiểm "
                "xã hội bắt buộc, bảo hiểm y tế, bảo hiểm thất nghiệp cho người lao động"
            )
        parts = []
        if "headcount" in lead.kind_list:
            parts.append(f"số người lao động được trả lương theo dữ liệu thuế cao hơn số người tham gia bảo hiểm "
                         f"(chênh lệch cao nhất {lead.max_gap} người)")
        if "wages" in lead.kind_list:
            parts.append("tổng tiền lương, tiền công đã trả theo dữ liệu thuế cao hơn nhiều so với tiền lương "
                         "làm căn cứ đóng bảo hiểm")
        return f"đối chiếu dữ liệu do cơ quan Thuế cung cấp (các tháng {months}) cho thấy " + "; ".join(parts)
    case = db.session.get(Case, invitee.case_id)
    return (
        f"đơn vị đang chậm đóng bảo hiểm xã hội, bảo hiểm y tế, bảo hiểm thất nghiệp {case.months_in_arrears} "
        f"tháng, số tiền gốc còn nợ {format_money(case.principal)}"
    )


def issue_invitations(conference: Conference, actor: User, *, signer_id: int | None,
                      issue_date: date | None = None) -> list[ConferenceDocument]:
    """One numbered invitation per invitee without one, and one merged PDF of them; one transaction.

    Blocked before any number is taken when the signer, an invitee's address or the list is missing.
    """
    _editable(conference)
    office = conference_office(conference)
    issue_date = issue_date or clock.today()
    signer = db.session.get(Signer, signer_id) if signer_id else None
    pending = [i for i in conference.invitees if not _has_invitation(i)]
    errors: dict[str, list[str]] = {}
    if signer is None or signer.office_id != office.id or not signer.active:
        errors["signer_id"] = [_("Chọn người ký giấy mời (danh sách người ký do quản trị viên khai ở trang Cơ quan).")]
    if not pending:
        errors["invitees"] = [_("Không có đơn vị nào cần gửi giấy mời: thêm đơn vị vào danh sách mời trước.")]
    missing = [i.name for i in pending if not i.address.strip()]
    if missing:
        errors["address"] = [_("Chưa có địa chỉ của: %(n)s. Nhập địa chỉ ở bảng “Danh sách mời” rồi phát hành lại.",
                               n="; ".join(missing))]
    if issue_date > conference.held_on:
        errors["issue_date"] = [_("Ngày ký giấy mời phải trước hoặc bằng ngày họp %(d)s.",
                                  d=format_date(conference.held_on))]
    if errors:
        raise _fail(errors)
    documents: list[ConferenceDocument] = []
    with unit_of_work(), force_locale("vi"):
        for invitee in pending:
            number, shown = _register_number(office, INVITATION_REGISTER, INVITATION_SYMBOL, issue_date)
            context = {
                "office": office_context(office, issue_date),
                "conference": _conference_context(conference),
                "invitee": {"name": invitee.name, "tax_code": invitee.tax_code, "unit_code": invitee.unit_code,
                            "address": invitee.address, "reason": _reason_text(invitee)},
                "doc": _doc(office, issue_date, shown, "Giấy mời",
                            "Dự hội nghị làm việc về việc đăng ký, đóng bảo hiểm xã hội, bảo hiểm y tế, bảo hiểm "
                            "thất nghiệp cho người lao động",
                            ["Như trên", "Lưu: VT, QLT"], signer_context(signer)),
            }
            pdf = render_pdf("conference_invitation", context)
            document = _store(conference, "invitation", f"Giấy mời {shown}", pdf, issue_date=issue_date,
                              number=number, number_text=shown, register=INVITATION_REGISTER,
                              signer_name=signer.full_name, signer_title=signer.title, actor=actor, invitee=invitee)
            documents.append(document)
            summary = say("Phát hành giấy mời số %(n)s dự hội nghị ngày %(d)s", n=shown, d=conference.held_on)
            details = {"conference_id": conference.id, "document_id": document.id, "number": shown}
            _event(invitee, actor, "invitation", summary, details)
        merged = _merge([d.pdf for d in _invitations(conference)])
        count = len(_invitations(conference))
        _store(conference, "invitations_merged", f"Giấy mời – bản in gộp ({count} đơn vị)", merged,
               issue_date=issue_date,
               number=None, number_text=None, register=None, signer_name=signer.full_name,
               signer_title=signer.title, actor=actor)
        conference.status = ConferenceStatus.INVITED
    return documents


def _has_invitation(invitee: ConferenceInvitee) -> bool:
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(ConferenceDocument).where(
            ConferenceDocument.invitee_id == invitee.id, ConferenceDocument.kind == "invitation")
    ) > 0


def _invitations(conference: Conference) -> list[ConferenceDocument]:
    return list(db.session.scalars(
        sa.select(ConferenceDocument).where(ConferenceDocument.conference_id == conference.id,
                                            ConferenceDocument.kind == "invitation").order_by(ConferenceDocument.id)
    ))


def _merge(pdfs: list[bytes]) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for pdf in pdfs:
        writer.append(PdfReader(io.BytesIO(pdf)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def documents_of(conference: Conference) -> list[ConferenceDocument]:
    return list(db.session.scalars(
        sa.select(ConferenceDocument).where(ConferenceDocument.conference_id == conference.id)
        .order_by(ConferenceDocument.id)
    ))


def verified_pdf(document: ConferenceDocument) -> bytes:
    """The stored bytes after checking their SHA-256."""
    from enforcement.services.documents import DocumentTampered

    data = document.pdf
    if hashlib.sha256(data).hexdigest() != document.sha256:
        raise DocumentTampered(f"conference document {document.id} does not match its SHA-256")
    return data


# --------------------------------------------------------------------------- at the conference


@dataclass(frozen=True)
class OutcomeInput:
    outcome: str
    commitment_due: date | None
    representative: str
    note: str


def record_outcomes(conference: Conference, actor: User, rows: dict[int, OutcomeInput]) -> int:
    """Attendance and outcome of each invitee (one table); returns how many changed. Events for each change."""
    _editable(conference)
    errors: dict[str, list[str]] = {}
    by_id = {i.id: i for i in conference.invitees}
    for ident, row in rows.items():
        invitee = by_id.get(ident)
        if invitee is None:
            errors[f"invitee-{ident}"] = [_("Đơn vị không có trong danh sách mời.")]
            continue
        if row.outcome and row.outcome not in Outcome.__members__.values():
            errors[f"outcome-{ident}"] = [_("%(n)s: kết quả không hợp lệ.", n=invitee.name)]
        if row.outcome == Outcome.COMMITTED:
            if row.commitment_due is None:
                errors[f"commitment_due-{ident}"] = [_("%(n)s: cam kết phải có hạn (dd/mm/yyyy).", n=invitee.name)]
            elif row.commitment_due < conference.held_on:
                errors[f"commitment_due-{ident}"] = [
                    _("%(n)s: hạn cam kết phải từ ngày họp %(d)s trở đi.", n=invitee.name,
                      d=format_date(conference.held_on))]
    if errors:
        raise _fail(errors)
    changed = 0
    with unit_of_work(), force_locale("vi"):
        for ident, row in rows.items():
            invitee = by_id[ident]
            outcome = Outcome(row.outcome) if row.outcome else None
            due = row.commitment_due if outcome == Outcome.COMMITTED else None
            new = (outcome, due, _text(row.representative, 200), _text(row.note, 1000))
            old = (invitee.outcome, invitee.commitment_due, invitee.representative, invitee.note)
            if new == old:
                continue
            invitee.outcome, invitee.commitment_due, invitee.representative, invitee.note = new
            text = OUTCOME_TEXT[outcome] if outcome else "chưa ghi"
            if due:
                text += f" đến ngày {format_date(due)}"
            _event(invitee, actor, "outcome", _("Kết quả tại hội nghị ngày %(d)s: %(o)s",
                                                  d=format_date(conference.held_on), o=text),
                   {"conference_id": conference.id, "outcome": outcome.value if outcome else None,
                    "commitment_due": due.isoformat() if due else None})
            changed += 1
    return changed


def issue_minutes(conference: Conference, actor: User, *, issue_date: date | None = None,
                  today: date | None = None) -> ConferenceDocument:
    """Issue the minutes (numbered, signed by chair and secretary), then act on each outcome; one transaction."""
    _editable(conference)
    office = conference_office(conference)
    issue_date = issue_date or clock.today()
    errors: dict[str, list[str]] = {}
    if conference.status != ConferenceStatus.INVITED:
        errors["status"] = [_("Phát hành giấy mời trước khi lập biên bản hội nghị.")]
    missing = [i.name for i in conference.invitees if i.outcome is None]
    if missing:
        errors["outcome"] = [_("Chưa ghi kết quả của: %(n)s. Ghi ở bảng “Kết quả hội nghị”.", n="; ".join(missing))]
    if issue_date < conference.held_on:
        errors["issue_date"] = [
            _("Ngày lập biên bản phải từ ngày họp %(d)s trở đi.", d=format_date(conference.held_on))
        ]
    if errors:
        raise _fail(errors)
    with unit_of_work(), force_locale("vi"):
        number, shown = _register_number(office, MINUTES_REGISTER, MINUTES_SYMBOL, issue_date)
        rows = [
            {"name": i.name, "tax_code": i.tax_code, "representative": i.representative or "Không có",
             "present": i.outcome != Outcome.ABSENT, "outcome": OUTCOME_TEXT[i.outcome],
             "due": format_date(i.commitment_due) if i.commitment_due else "", "note": i.note}
            for i in conference.invitees
        ]
        counts = {o.value: sum(1 for i in conference.invitees if i.outcome == o) for o in Outcome}
        context = {
            "office": office_context(office, issue_date),
            "conference": _conference_context(conference),
            "rows": rows,
            "counts": counts,
            "doc": _doc(office, issue_date, shown, "Biên bản hội nghị",
                        "Làm việc với đơn vị sử dụng lao động về việc đăng ký, đóng bảo hiểm xã hội, bảo hiểm y tế, "
                        "bảo hiểm thất nghiệp", [], {"authority": "", "title": "CHỦ TRÌ",
                                                     "name": conference.chair_name, "competence": ""}),
        }
        pdf = render_pdf("conference_minutes", context)
        document = _store(conference, "minutes", f"Biên bản hội nghị {shown}", pdf, issue_date=issue_date,
                          number=number, number_text=shown, register=MINUTES_REGISTER,
                          signer_name=conference.chair_name, signer_title=conference.chair_title, actor=actor)
        conference.status = ConferenceStatus.MINUTES_ISSUED
        for invitee in conference.invitees:
            _after_minutes(conference, invitee, document, actor)
        _follow_up(conference.office_id, actor, today or clock.today())
    return document


def _after_minutes(conference: Conference, invitee: ConferenceInvitee, minutes: ConferenceDocument,
                   actor: User) -> None:
    details = {"conference_id": conference.id, "minutes_id": minutes.id, "minutes_number": minutes.number_text}
    summary: str = say("Biên bản hội nghị số %(n)s: %(o)s", n=minutes.number_text, o=OUTCOME_TEXT[invitee.outcome])
    lead = db.session.get(Lead, invitee.lead_id) if invitee.lead_id else None
    if invitee.outcome in (Outcome.REFUSED, Outcome.ABSENT):
        reason = say("từ chối tại hội nghị") if invitee.outcome == Outcome.REFUSED else say("vắng mặt tại hội nghị")
        _escalate(invitee, lead, reason, {**details, "outcome": invitee.outcome.value}, actor)
        return
    if lead is not None:
        if invitee.outcome == Outcome.COMMITTED:
            lead.status, lead.commitment_due = LeadStatus.COMMITTED, invitee.commitment_due
            summary += f" đến ngày {format_date(invitee.commitment_due)}"
        add_lead_event(lead, "minutes", actor, summary, details)
    else:
        audit.append(db.session.get(Case, invitee.case_id), EventAction.COMMENT, actor, summary=summary,
                     details=details)


def follow_up(office_id: int, actor: User | None, today: date | None = None) -> int:
    """Commitments whose date has passed while the lead is still open: open (or continue) a case. One transaction."""
    with unit_of_work(), force_locale("vi"):
        return _follow_up(office_id, actor, today or clock.today())


def _follow_up(office_id: int, actor: User | None, today: date) -> int:
    rows = db.session.scalars(
        sa.select(ConferenceInvitee).join(Conference, Conference.id == ConferenceInvitee.conference_id).where(
            Conference.office_id == office_id,
            Conference.status == ConferenceStatus.MINUTES_ISSUED,
            ConferenceInvitee.outcome == Outcome.COMMITTED,
            ConferenceInvitee.commitment_due < today,
            ConferenceInvitee.follow_up_done.is_(False),
        )
    ).all()
    opened = 0
    for invitee in rows:
        lead = db.session.get(Lead, invitee.lead_id) if invitee.lead_id else None
        invitee.follow_up_done = True
        if lead is not None and lead.status == LeadStatus.CLOSED:
            continue  # the ledger shows the workers registered: the commitment was kept
        reason = say("không thực hiện cam kết đến ngày %(d)s", d=invitee.commitment_due)
        _escalate(invitee, lead, reason, {"conference_id": invitee.conference_id,
                                          "commitment_due": invitee.commitment_due.isoformat()}, actor)
        opened += 1
    return opened


def _escalate(invitee: ConferenceInvitee, lead: Lead | None, reason: Text, details: dict[str, Any],
              actor: User | None) -> Case:
    """A refusal, absence or broken commitment: open a case from the lead, or continue the open case."""
    invitee.follow_up_done = True
    if lead is None:
        case = db.session.get(Case, invitee.case_id)
        summary = say("Đơn vị %(reason)s (hội nghị làm việc)", reason=reason)
        audit.append(case, EventAction.COMMENT, actor, summary=summary, details=details)
        invitee.result_case_id = case.id
        return case
    employer = _employer_for(lead, invitee)
    case = db.session.scalar(sa.select(Case).where(Case.employer_id == employer.id, Case.state.in_(OPEN_STATES)))
    origin = {"lead_id": lead.id, "tax_code": lead.tax_code, "kinds": lead.kind_list,
              "estimated_contributions": lead.estimated_contributions, "month": lead.month}
    if case is None:
        case = Case(office_id=lead.office_id, employer_id=employer.id, state=CaseState.DETECTED,
                    snapshot_as_of=utc_now())
        db.session.add(case)
        db.session.flush()
        audit.append(
            case, EventAction.OPENED, actor,
            summary=say("Mở hồ sơ từ đầu mối trốn đóng (mã số thuế %(tax)s): đơn vị %(reason)s; hành vi gợi ý: trốn "
                        "đóng (%(basis)s); vào quy trình từ bước quyết định kiểm tra", tax=lead.tax_code,
                        reason=reason, basis=SUGGESTED_BASIS),
            to_state=CaseState.DETECTED,
            details={**details, "origin": origin, "suggested_behaviour": "evasion", "legal_basis": SUGGESTED_BASIS},
        )
        lead.origin_of_case = True
    else:
        audit.append(case, EventAction.COMMENT, actor,
                     summary=say("Đầu mối trốn đóng (mã số thuế %(tax)s) nhập vào hồ sơ: đơn vị %(reason)s; hành vi "
                                 "gợi ý: trốn đóng (%(basis)s)", tax=lead.tax_code, reason=reason,
                                 basis=SUGGESTED_BASIS),
                     details={**details, "origin": origin, "suggested_behaviour": "evasion"})
    lead.case_id, lead.status = case.id, LeadStatus.CASE_OPENED
    invitee.result_case_id = case.id
    add_lead_event(lead, "case", actor, f"Đơn vị {reason}: chuyển thành hồ sơ xử lý #{case.id}",
                   {**details, "case_id": case.id})
    return case


def _employer_for(lead: Lead, invitee: ConferenceInvitee) -> Employer:
    """The lead's BHXH employer; for a business not registered, an employer record under a provisional code.

    The provisional unit code is ``MST`` followed by the tax code's digits (LR-UNITCODE pattern), until
    the office assigns the real code.
    """
    if lead.employer_id:
        return db.session.get(Employer, lead.employer_id)
    code = "MST" + lead.tax_code.replace("-", "")
    employer = db.session.scalar(sa.select(Employer).where(Employer.office_id == lead.office_id,
                                                           Employer.unit_code == code))
    if employer is None:
        employer = Employer(office_id=lead.office_id, unit_code=code, tax_code=lead.tax_code, name=lead.name,
                            name_search=fold(lead.name), address=invitee.address, district=invitee.district,
                            kind=EmployerKind.ENTERPRISE, legal_representative=invitee.representative)
        db.session.add(employer)
        db.session.flush()
    lead.employer_id = employer.id
    return employer


def _event(invitee: ConferenceInvitee, actor: User, action: str, summary: str, details: dict[str, Any]) -> None:
    if invitee.lead_id:
        add_lead_event(db.session.get(Lead, invitee.lead_id), action, actor, summary, details)
    else:
        audit.append(db.session.get(Case, invitee.case_id), EventAction.COMMENT, actor, summary=summary,
                     details=details)
