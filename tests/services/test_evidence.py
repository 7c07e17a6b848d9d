"""Evidence uploads: content sniffing and decoding, size limit, display name never a path, one timeline event each."""

from __future__ import annotations

import pytest

from enforcement.errors import NotFound, ValidationFailed
from enforcement.extensions import db
from enforcement.models import CaseEvent, EventAction, Evidence
from enforcement.services import evidence
from tests import evidence_files
from tests.factories import CaseFactory, UserFactory

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
PDF = evidence_files.pdf()


@pytest.mark.parametrize(("data", "mime"), [(PDF, "application/pdf"), (PNG, "image/png"), (JPEG, "image/jpeg"),
                                            (b"PK\x03\x04", "zip"), (b"GIF89a", None), (b"<html>", None),
                                            (b"", None)])
def test_sniffing_by_magic_bytes(data, mime):
    assert evidence.sniff(data) == mime


@pytest.mark.parametrize(
    ("name", "shown"),
    [("../../etc/passwd.pdf", "passwd.pdf"), ("C:\\Users\\a\\scan.png", "scan.png"), ("..", "tai-lieu.pdf"),
     ("bảng\x00kê.pdf", "bảngkê.pdf")],
)
def test_display_names_are_never_paths(name, shown):
    assert evidence.display_name(name, "application/pdf") == shown


def test_upload_stores_bytes_and_appends_an_event(ctx):
    case = CaseFactory()
    user = UserFactory(office=case.office)
    item = evidence.upload(case.id, PDF, "../danh-sach.pdf", "enrolled_workers", " Danh sách ", user,
                           copy_form="certified_copy")
    assert item.copy_form == "certified_copy"
    assert item.file_name == "danh-sach.pdf" and item.mime == "application/pdf" and item.size == len(PDF)
    assert evidence.verified_bytes(db.session.get(Evidence, item.id)) == PDF
    event = db.session.scalar(db.select(CaseEvent).where(CaseEvent.case_id == case.id))
    assert event.action == EventAction.EVIDENCE and event.details["evidence_id"] == item.id
    assert event.details["category"] == "enrolled_workers" and event.details["description"] == "Danh sách"
    assert event.details["copy_form"] == "certified_copy"


@pytest.mark.parametrize("copy_form", [None, "", "photocopy"])
def test_part_b_7_an_upload_must_say_original_certified_copy_or_electronic_conversion(ctx, copy_form):
    case = CaseFactory()
    user = UserFactory(office=case.office)
    with pytest.raises(ValidationFailed) as refused:
        evidence.upload(case.id, PDF, "x.pdf", "payroll", "", user, copy_form=copy_form)
    assert "copy_form" in refused.value.details["errors"]
    assert db.session.scalar(db.select(db.func.count(Evidence.id))) == 0


def test_disguised_oversized_and_empty_files_are_refused(ctx, app):
    case = CaseFactory()
    user = UserFactory(office=case.office)
    for data in (b"MZ\x90\x00", b""):
        with pytest.raises(ValidationFailed) as refused:
            evidence.upload(case.id, data, "x.pdf", "other", "", user)
        assert "file" in refused.value.details["errors"]
    big = PDF + b"\n%" + b"0" * app.config["MAX_EVIDENCE_BYTES"]
    with pytest.raises(ValidationFailed, match="Không tải lên"):
        evidence.upload(case.id, big, "big.pdf", "other", "", user)
    with pytest.raises(ValidationFailed):
        evidence.upload(case.id, PDF, "x.pdf", "not-a-category", "", user)
    assert db.session.scalar(db.select(db.func.count(Evidence.id))) == 0


def test_a_case_of_another_office_is_not_found(ctx):
    case = CaseFactory()
    with pytest.raises(NotFound):
        evidence.upload(case.id, PDF, "x.pdf", "other", "", UserFactory(), copy_form="original")
