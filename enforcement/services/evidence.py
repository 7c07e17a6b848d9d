"""Evidence files of a case: uploaded PDFs, images, spreadsheets and letters, kept in the database.

A file is accepted only when it fully decodes as a PDF, PNG, JPEG, XLSX or
DOCX (``evidence_check``: by its content, never by its name or the browser's
content type, in a limited child process) and is not larger than
``MAX_EVIDENCE_BYTES``.  The original file name is kept for display only,
cleaned of any path; it is never used to build a path.  The evidence row and
its ``evidence`` event commit together.

Evidence is append-only: an item is never changed or deleted, but its uploader
or a supervisor of the office may **withdraw** it with a reason: one
``EvidenceWithdrawal`` row and one ``evidence`` event on the timeline; the row
and its bytes stay, and the referral dossier and its checklist leave it out.
"""

from __future__ import annotations

import hashlib
import unicodedata

from flask import current_app
from flask_babel import gettext as _

from enforcement.db import utc_now
from enforcement.domain.text import say
from enforcement.errors import Forbidden, NotFound, ValidationFailed
from enforcement.extensions import db
from enforcement.models import CopyForm, EventAction, Evidence, EvidenceCategory, EvidenceWithdrawal, Role, User
from enforcement.services import audit, unit_of_work
from enforcement.services.evidence_check import EXTENSIONS, ContentRefused
from enforcement.services.evidence_check import check as check_content
from enforcement.services.evidence_check import sniff as sniff_kind
from enforcement.services.queries import load_case

# Who may withdraw any item of their office; anyone else only what they uploaded themselves.
WITHDRAW_ANY_ROLES = frozenset({Role.SUPERVISOR})
MAX_REASON = 500


def sniff(data: bytes) -> str | None:
    """The kind ``data`` claims by its first bytes (PDF, PNG, JPEG; ``zip`` for Office files), or None.

    Only a first look: ``evidence_check.check`` decodes the file before anything is stored.
    """
    return sniff_kind(data)


def display_name(file_name: str | None, mime: str) -> str:
    """The uploaded name without any directory part or control characters, for display only."""
    name = (file_name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in unicodedata.normalize("NFC", name) if unicodedata.category(c)[0] != "C").strip()
    name = name.lstrip(".") or f"tai-lieu.{EXTENSIONS.get(mime, 'bin')}"
    return name[:255]


def _check(data: bytes, category: str, description: str, copy_form: str | None) -> tuple[str, EvidenceCategory]:
    errors: dict[str, list[str]] = {}
    limit = current_app.config["MAX_EVIDENCE_BYTES"]
    mime = None
    if not data:
        errors["file"] = [_("Chưa chọn tệp hoặc tệp rỗng.")]
    elif len(data) > limit:
        errors["file"] = [_("Tệp quá lớn (tối đa %(n)d MB).", n=limit // (1024 * 1024))]
    else:
        try:
            mime = check_content(data).mime
        except ContentRefused as refused:
            errors["file"] = [refused.message]
    try:
        kind = EvidenceCategory(category)
    except ValueError:
        errors["category"] = [_("Loại tài liệu không hợp lệ.")]
        kind = EvidenceCategory.OTHER
    if copy_form not in {c.value for c in CopyForm}:
        errors["copy_form"] = [
            _("Ghi rõ tài liệu là bản chính, bản sao y hay bản chuyển đổi điện tử (Văn bản 5659/BCA-CSKT).")
        ]
    if len(description) > 500:
        errors["description"] = [_("Mô tả tối đa 500 ký tự.")]
    if errors:
        raise ValidationFailed(_("Không tải lên được tài liệu."), errors=errors)
    return mime or "", kind


def upload(case_id: int, data: bytes, file_name: str | None, category: str, description: str,
           actor: User, *, copy_form: str | None = None) -> Evidence:
    """Store one evidence file on a case of the actor's office and record it on the timeline.

    :raises NotFound: no such case in the actor's office.
    :param copy_form: ``original``, ``certified_copy`` or ``electronic_conversion`` (required: the referral
        dossier takes only originals, lawful copies or valid electronic conversions, BCA letter 5659).
    :raises ValidationFailed: empty, too large, not a PDF/PNG/JPEG/XLSX/DOCX that decodes (the reason under
        ``file``), a bad category, or no copy form (per field).
    """
    description = unicodedata.normalize("NFC", description or "").strip()
    load_case(case_id, actor)  # another office's case is not found before its file is decoded
    mime, kind = _check(data, category, description, copy_form)
    name = display_name(file_name, mime)
    digest = hashlib.sha256(data).hexdigest()
    with unit_of_work():
        case = load_case(case_id, actor, lock=True)
        evidence = Evidence(
            case_id=case.id,
            office_id=case.office_id,
            category=kind,
            description=description,
            copy_form=CopyForm(copy_form),
            file_name=name,
            mime=mime,
            size=len(data),
            sha256=digest,
            data=data,
            uploaded_by_id=actor.id,
        )
        db.session.add(evidence)
        db.session.flush()
        case.updated_at = utc_now()
        audit.append(
            case,
            EventAction.EVIDENCE,
            actor,
            summary=say("Tải lên tài liệu: %(name)s", name=name),
            details={
                "evidence_id": evidence.id,
                "category": kind.value,
                "file_name": name,
                "mime": mime,
                "size": len(data),
                "sha256": digest,
                "description": description,
                "copy_form": copy_form,
            },
        )
    return evidence


def of_case(case_id: int) -> list[Evidence]:
    """The evidence of a case, oldest first (without the bytes), withdrawn items included."""
    return list(db.session.scalars(db.select(Evidence).where(Evidence.case_id == case_id).order_by(Evidence.id)))


def withdrawals_of(case_id: int) -> dict[int, EvidenceWithdrawal]:
    """The case's withdrawals, by evidence id."""
    rows = db.session.scalars(db.select(EvidenceWithdrawal).where(EvidenceWithdrawal.case_id == case_id))
    return {row.evidence_id: row for row in rows}


def may_withdraw(item: Evidence, actor: User) -> bool:
    """The uploader of ``item``, or a supervisor of its office."""
    if actor.office_id != item.office_id:
        return False
    return actor.role in WITHDRAW_ANY_ROLES or (item.uploaded_by_id is not None and item.uploaded_by_id == actor.id)


def withdraw(case_id: int, evidence_id: int, reason: str, actor: User) -> EvidenceWithdrawal:
    """Withdraw one evidence item of a case: a withdrawal row and an ``evidence`` event, in one transaction.

    The item's row and bytes are kept (it stays listed, marked withdrawn); the referral dossier leaves it out.

    :raises NotFound: no such case or item in the actor's office (or the item is of another case).
    :raises Forbidden: neither the uploader nor a supervisor/admin.
    :raises ValidationFailed: no reason, or one over 500 characters (under ``reason``); already withdrawn
        (under ``evidence``).
    """
    reason = unicodedata.normalize("NFC", reason or "").strip()
    with unit_of_work():
        case = load_case(case_id, actor, lock=True)
        item = db.session.get(Evidence, evidence_id)
        if item is None or item.case_id != case.id:
            raise NotFound(_("Không tìm thấy tài liệu này trong hồ sơ."))
        if not may_withdraw(item, actor):
            raise Forbidden(_("Chỉ người đã tải tài liệu lên hoặc lãnh đạo phòng được rút tài liệu."))
        if not reason or len(reason) > MAX_REASON:
            raise ValidationFailed(_("Chưa rút được tài liệu."), errors={
                "reason": [_("Ghi lý do rút tài liệu (1 đến %(n)d ký tự).", n=MAX_REASON)]})
        if db.session.scalar(db.select(EvidenceWithdrawal.id).where(EvidenceWithdrawal.evidence_id == item.id)):
            raise ValidationFailed(_("Chưa rút được tài liệu."), errors={
                "evidence": [_("Tài liệu “%(name)s” đã được rút trước đó.", name=item.file_name)]})
        row = EvidenceWithdrawal(evidence_id=item.id, case_id=case.id, office_id=case.office_id, reason=reason,
                                 withdrawn_by_id=actor.id)
        db.session.add(row)
        db.session.flush()
        case.updated_at = utc_now()
        audit.append(
            case,
            EventAction.EVIDENCE,
            actor,
            summary=say("Rút tài liệu: %(name)s (lý do: %(reason)s)", name=item.file_name, reason=reason),
            details={"evidence_id": item.id, "withdrawn": True, "file_name": item.file_name,
                     "sha256": item.sha256, "reason": reason},
        )
    return row


def verified_bytes(evidence: Evidence) -> bytes:
    """The stored bytes, after checking they still match their SHA-256.

    :raises ValidationFailed: when the stored bytes were altered.
    """
    data = evidence.data
    if hashlib.sha256(data).hexdigest() != evidence.sha256:
        raise ValidationFailed(_("Tệp đã bị thay đổi sau khi tải lên."), errors={})
    return data
