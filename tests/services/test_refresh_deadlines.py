"""``flask refresh-deadlines``: rows whose nearest deadline was computed before deadlines closed when they no
longer apply (the explanation window after the penalty decision, issue 17) are recomputed."""

from __future__ import annotations

from datetime import timedelta

from enforcement import clock
from enforcement.extensions import db
from enforcement.models import Case
from tests.builders import evading_world, to_concluded, to_penalized


def test_a_stale_explanation_deadline_on_the_row_is_replaced_by_the_nearest_running_one(ctx, runner):
    world = evading_world(clock.today())
    to_concluded(world)
    to_penalized(world)
    version = world.case.version
    expected = (world.case.next_deadline, world.case.next_deadline_id)
    assert expected[1] not in (None, "D-EXPLAIN")  # what firing the decision kept (D-EXPLAIN is finished)
    db.session.execute(db.update(Case).where(Case.id == world.case.id).values(
        next_deadline=clock.today() - timedelta(days=23), next_deadline_id="D-EXPLAIN"))
    db.session.commit()
    result = runner.invoke(args=["refresh-deadlines"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "1 hồ sơ được cập nhật thời hạn gần nhất."
    db.session.expire_all()
    case = db.session.get(Case, world.case.id)
    assert (case.next_deadline, case.next_deadline_id) == expected
    assert case.version == version  # a derived sort key: no new version of the case
    assert runner.invoke(args=["refresh-deadlines"]).output.strip() == "0 hồ sơ được cập nhật thời hạn gần nhất."
