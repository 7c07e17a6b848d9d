"""Objects of the leads and conferences area for the security tests' estate (one per URL argument)."""

from __future__ import annotations

from typing import Any

from enforcement.extensions import db
from enforcement.models import BatchStatus, Lead, LeadStatus, Role, TaxBatch


def add_lead_objects(estate: Any) -> None:
    """A rejected tax import and an open lead of the estate's office, named with its marker."""
    office, marker = estate.office, estate.marker
    tax_batch = TaxBatch(office_id=office.id, user_id=estate.users[Role.INSPECTOR].id, file_name=f"{marker}-thue.csv",
                         sha256="1" * 64, size=10, status=BatchStatus.REJECTED, rows_rejected=1,
                         errors=[{"row": 2, "column": "ky", "value": "x", "message": marker}])
    lead = Lead(office_id=office.id, tax_code="0100109106", name=f"Công ty TNHH {marker} Chưa đăng ký",
                kinds="unregistered", month="2026-09", months=["2026-09"], max_tax_employees=8, max_gap=8,
                estimated_contributions=12_000_000, district="Quận Đống Đa", status=LeadStatus.OPEN)
    db.session.add_all([tax_batch, lead])
    db.session.commit()
    estate.extras.update(tax_batch=tax_batch, lead=lead)
