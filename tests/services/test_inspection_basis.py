"""Issue 17: the inspection decision cites the office's examination competence, an office setting.

After the Inspection Law 2025 the provision giving a BHXH office its examination power is not settled
(LEGAL.md Part B §6, §10.3): the office names its own instrument (Quản trị → Cơ quan).  Without it,
``decide_inspection`` is blocked before a number is taken, with a message saying what to enter and where.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from enforcement.errors import GuardRejected, ValidationFailed
from enforcement.extensions import db
from enforcement.models import Document, Role
from enforcement.services import admin
from enforcement.workflow import DocKind
from tests.builders import evading_world, to_concluded
from tests.factories import OfficeFactory, UserFactory
from tests.pdf.helpers import text_of

BASIS = ("Quyết định số 595/QĐ-BHXH ngày 14/4/2017 của Tổng Giám đốc Bảo hiểm xã hội Việt Nam ban hành "
         "quy trình thu bảo hiểm xã hội")


def test_the_setting_is_one_instrument_with_its_number_without_the_words_can_cu(ctx):
    office, actor = OfficeFactory(settings={}), UserFactory(role=Role.ADMIN)
    admin.set_inspection_basis(office.id, f"Căn cứ {BASIS};\n", actor)
    assert office.settings["inspection_basis"] == BASIS
    assert office.settings["changed"]["inspection_basis"]["by"] == actor.id
    for bad in ("Quyết định của Tổng Giám đốc", "Quyết định số 1 " + "x" * 500):
        with pytest.raises(ValidationFailed) as refused:
            admin.set_inspection_basis(office.id, bad, actor)
        assert set(refused.value.details["errors"]) == {"inspection_basis"}
    admin.set_inspection_basis(office.id, " ", actor)
    assert "inspection_basis" not in office.settings


@pytest.fixture
def world(app, db_session):
    with app.test_request_context():
        yield evading_world()


def _decisions(world) -> list[Document]:
    return list(db.session.scalars(sa.select(Document).where(
        Document.case_id == world.case.id, Document.kind == DocKind.INSPECTION_DECISION.value)))


def test_without_the_basis_the_inspection_decision_is_blocked_before_a_number_is_taken(app, world):
    world.office.settings = {k: v for k, v in world.office.settings.items() if k != "inspection_basis"}
    db.session.commit()
    with app.test_request_context(), pytest.raises(GuardRejected) as blocked:
        to_concluded(world)
    (reason,) = blocked.value.details["reasons"]
    assert "căn cứ thẩm quyền kiểm tra" in reason and "Quản trị → Cơ quan → Căn cứ thẩm quyền kiểm tra" in reason
    assert _decisions(world) == []


def test_the_decision_prints_the_office_basis_among_its_grounds(app, world):
    world.office.settings = {**world.office.settings, "inspection_basis": BASIS}
    db.session.commit()
    with app.test_request_context():
        to_concluded(world)
    (decision,) = _decisions(world)
    text = text_of(decision.pdf)
    assert f"Căn cứ {BASIS};" in text
    # before "Xét đề nghị …", after the law's own grounds
    assert text.index("Căn cứ Luật Bảo hiểm xã hội") < text.index(BASIS) < text.index("Xét đề nghị")
    assert decision.issue_date == world.today - timedelta(days=40)
