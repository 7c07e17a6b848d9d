"""Evidence files of a case: uploaded PDFs and images, kept in the database, recorded on the timeline.

A file is accepted only when its content is a PDF, PNG or JPEG (judged by
its first bytes, never by its name or the browser's content type) and not
larger than ``MAX_EVIDENCE_BYTES``.  The original file name is kept for
display only, cleaned of any path; it is never used to build a path.  The
evidence row and its ``evidence`` event commit together.
"""

from __future__ import annotations

import hashlib
import unicodedata

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from enforcement.db import utc_now
from enforcement.errors import ValidationFailed
from enforcement.extensions import db
from enforcement.models import CopyForm, EventAction, Evidence, EvidenceCategory, User
from enforcement.services import audit, unit_of_work
from enforcement.services.queries import load_case

MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
EXTENSIONS = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}


def sniff(data: bytes) -> str | None:
    """The MIME type of ``data`` by its magic bytes (PDF, PNG, JPEG), or None."""
    for magic, mime in MAGIC:
        if data.startswith(magic):
            return mime
    return None


def display_name(file_name: str | None, mime: str) -> str:
    """The uploaded name without any directory part or control characters, for display only."""
    name = (file_name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in unicodedata.normalize("NFC", name) if unicodedata.category(c)[0] != "C").strip()
    name = name.lstrip(".") or f"tai-lieu.{EXTENSIONS[mime]}"
    return name[:255]


def _check(data: bytes, category: str, description: str, copy_form: str | None) -> tuple[str, EvidenceCategory]:
    errors: dict[str, list[str]] = {}
    limit = current_app.config["MAX_EVIDENCE_BYTES"]
    mime = sniff(data)
    if not data:
        errors["file"] = [_("Chưa chọn tệp hoặc tệp rỗng.")]
    elif len(data) > limit:
        errors["file"] = [_("Tệp quá lớn (tối đa %(n)d MB).", n=limit // (1024 * 1024))]
    elif mime is None:
        errors["file"] = [_("Chỉ nhận tệp PDF, PNG hoặc JPEG (theo nội dung tệp).")]
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
    :raises ValidationFailed: empty, too large, not PDF/PNG/JPEG, a bad category, or no copy form (per field).
    """
    description = unicodedata.normalize("NFC", description or "").strip()
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
            summary=_l("Tải lên tài liệu: %(name)s", name=name),
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
    """The evidence of a case, oldest first (without the bytes)."""
    return list(db.session.scalars(db.select(Evidence).where(Evidence.case_id == case_id).order_by(Evidence.id)))


def verified_bytes(evidence: Evidence) -> bytes:
    """The stored bytes, after checking they still match their SHA-256.

    :raises ValidationFailed: when the stored bytes were altered.
    """
    data = evidence.data
    if hashlib.sha256(data).hexdigest() != evidence.sha256:
        raise ValidationFailed(_("Tệp đã bị thay đổi sau khi tải lên."), errors={})
    return data
