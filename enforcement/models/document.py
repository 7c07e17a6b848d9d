"""Issued documents (immutable PDFs) and the number registers they draw from."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, deferred, mapped_column

from enforcement.db import Base, CreatedAt
from enforcement.models.event import refuse_change


class NumberRegister(Base):
    """The last number given in one register of an office in one year.

    Numbers restart at 1 each 1 January (LEGAL.md LR-FORMAT); the row is locked
    while a number is taken, so numbers stay unique and gapless.
    """

    __tablename__ = "number_registers"
    __table_args__ = (sa.UniqueConstraint("office_id", "register", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(sa.ForeignKey("offices.id"))
    register: Mapped[str] = mapped_column(sa.String(40))
    year: Mapped[int]
    last_number: Mapped[int] = mapped_column(default=0)


class Document(Base):
    """An issued document of a case: its number, signer and PDF bytes.

    Immutable once issued; a correction is a new document whose
    ``supersedes_id`` names the old one.
    """

    __tablename__ = "documents"
    __table_args__ = (
        sa.UniqueConstraint("office_id", "register", "year", "number"),
        sa.Index("ix_documents_case", "case_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"))
    office_id: Mapped[int] = mapped_column(sa.ForeignKey("offices.id"))
    kind: Mapped[str] = mapped_column(sa.String(40))
    title: Mapped[str] = mapped_column(sa.String(300))
    register: Mapped[str | None] = mapped_column(sa.String(40))
    year: Mapped[int]
    number: Mapped[int | None]
    number_text: Mapped[str | None] = mapped_column(sa.String(60))
    issue_date: Mapped[date]
    signer_name: Mapped[str] = mapped_column(sa.String(200), default="")
    signer_title: Mapped[str] = mapped_column(sa.String(200), default="")
    pdf: Mapped[bytes] = deferred(mapped_column(sa.LargeBinary))
    sha256: Mapped[str] = mapped_column(sa.String(64))
    size: Mapped[int]
    supersedes_id: Mapped[int | None] = mapped_column(sa.ForeignKey("documents.id"))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[CreatedAt]


event.listen(Document, "before_update", refuse_change)
event.listen(Document, "before_delete", refuse_change)
