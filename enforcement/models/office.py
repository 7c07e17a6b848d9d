"""Offices (provincial BHXH offices) and the signers who sign their documents."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from enforcement.db import Base, CreatedAt


class Office(Base):
    """A provincial Social Security office; every user, employer and case belongs to one."""

    __tablename__ = "offices"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(20), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    province: Mapped[str] = mapped_column(sa.String(100))
    address: Mapped[str] = mapped_column(sa.String(300), default="")
    place_name: Mapped[str] = mapped_column(sa.String(100))
    parent_name: Mapped[str] = mapped_column(sa.String(200), default="BẢO HIỂM XÃ HỘI VIỆT NAM")
    phone: Mapped[str] = mapped_column(sa.String(50), default="")
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    is_demo: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[CreatedAt]

    signers: Mapped[list[Signer]] = relationship(back_populates="office", order_by="Signer.id")

    def __repr__(self) -> str:
        return f"<Office {self.code}>"


class Signer(Base):
    """A person who signs the office's documents, with the fine they may impose."""

    __tablename__ = "signers"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(sa.ForeignKey("offices.id"), index=True)
    full_name: Mapped[str] = mapped_column(sa.String(200))
    title: Mapped[str] = mapped_column(sa.String(100))
    is_deputy: Mapped[bool] = mapped_column(default=False)
    fine_cap_person: Mapped[int | None] = mapped_column(sa.BigInteger)
    fine_cap_organisation: Mapped[int | None] = mapped_column(sa.BigInteger)
    competence_basis: Mapped[str] = mapped_column(sa.Text, default="")
    # LR-COMPETENCE: the title of the competence table whose power the signer exercises (its dated cap is
    # the default when no cap is entered), and the delegation decision (giao quyền) when a deputy signs.
    competence_title: Mapped[str] = mapped_column(sa.String(40), default="", server_default="")
    delegation_number: Mapped[str] = mapped_column(sa.String(100), default="", server_default="")
    delegation_date: Mapped[date | None] = mapped_column(sa.Date)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[CreatedAt]

    office: Mapped[Office] = relationship(back_populates="signers")
