"""Employers (đơn vị sử dụng lao động) that owe contributions to an office."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from enforcement.db import Base, CreatedAt, enum_column, utc_now
from enforcement.models.office import Office
from enforcement.search import fold


class EmployerKind(enum.StrEnum):
    """Kind of employer, as the ledger file spells it (LEDGER_FORMAT.md)."""

    ENTERPRISE = "doanh_nghiep"
    STATE_BODY = "co_quan"
    HOUSEHOLD = "ho_kinh_doanh"
    OTHER = "khac"


class Employer(Base):
    """An employer known by its BHXH unit code, unique within its office."""

    __tablename__ = "employers"
    __table_args__ = (
        sa.UniqueConstraint("office_id", "unit_code"),
        # Target of the ledger rows' (employer_id, office_id) foreign key.
        sa.UniqueConstraint("id", "office_id"),
        sa.Index("ix_employers_office_district", "office_id", "district"),
        # Diacritics-insensitive search "%…%": a trigram GIN index on PostgreSQL, a plain index elsewhere.
        sa.Index(
            "ix_employers_name_search",
            "name_search",
            postgresql_using="gin",
            postgresql_ops={"name_search": "gin_trgm_ops"},
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(sa.ForeignKey("offices.id"), index=True)
    unit_code: Mapped[str] = mapped_column(sa.String(20))
    tax_code: Mapped[str] = mapped_column(sa.String(14), index=True)
    name: Mapped[str] = mapped_column(sa.String(300))
    # The name folded to lower-case ASCII, for diacritics-insensitive search.
    name_search: Mapped[str] = mapped_column(sa.String(300))
    address: Mapped[str] = mapped_column(sa.Text, default="")
    district: Mapped[str] = mapped_column(sa.String(200), default="")
    kind: Mapped[EmployerKind] = mapped_column(
        enum_column(EmployerKind, "employer_kind"), default=EmployerKind.ENTERPRISE
    )
    legal_representative: Mapped[str] = mapped_column(sa.String(200), default="")
    representative_title: Mapped[str] = mapped_column(sa.String(100), default="")
    contact: Mapped[str] = mapped_column(sa.String(200), default="")
    created_at: Mapped[CreatedAt]
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)

    office: Mapped[Office] = relationship()

    @validates("name")
    def _fold_name(self, _key: str, name: str) -> str:
        """Keep ``name_search`` in step with the name whoever sets it through the ORM (bulk imports set both)."""
        self.name_search = fold(name or "")
        return name

    def __repr__(self) -> str:
        return f"<Employer {self.unit_code}>"
