"""case states decision_transferred (LR-COMPETENCE) and remedies_ordered (XLVPHC Art. 65)

Revision ID: b5e2f7c41a09
Revises: c4f1e2a9b830
Create Date: 2026-12-06 20:15:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b5e2f7c41a09'
down_revision = 'c4f1e2a9b830'
branch_labels = None
depends_on = None

OLD_STATES = ('detected', 'demand_sent', 'inspection_decided', 'inspecting', 'inspection_concluded',
              'violation_recorded', 'penalized', 'enforcing', 'referral_drafted', 'referral_approved', 'referred',
              'settled', 'closed')
NEW_STATES = ('detected', 'demand_sent', 'inspection_decided', 'inspecting', 'inspection_concluded',
              'violation_recorded', 'decision_transferred', 'remedies_ordered', 'penalized', 'enforcing',
              'referral_drafted', 'referral_approved', 'referred', 'settled', 'closed')
OLD_OPEN = tuple(s for s in OLD_STATES if s not in ('settled', 'closed'))
NEW_OPEN = tuple(s for s in NEW_STATES if s not in ('settled', 'closed'))
LATER = ('penalized', 'enforcing', 'referral_drafted', 'referral_approved', 'referred')
OLD_CONCLUDED = ('inspection_concluded', 'violation_recorded', *LATER)
NEW_CONCLUDED = ('inspection_concluded', 'violation_recorded', 'decision_transferred', 'remedies_ordered', *LATER)
OLD_DECIDED = ('penalized', 'enforcing')
NEW_DECIDED = ('penalized', 'enforcing', 'remedies_ordered')


def _in(values):
    return ", ".join(f"'{v}'" for v in values)


def _switch(states, open_states, concluded, decided):
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('uq_cases_open_employer')
        batch_op.drop_constraint(op.f('ck_cases_case_state'), type_='check')
        batch_op.drop_constraint('penalized_has_decision', type_='check')
        batch_op.drop_constraint('concluded_has_behaviour', type_='check')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_check_constraint(op.f('ck_cases_case_state'), sa.text(f"state IN ({_in(states)})"))
        batch_op.create_check_constraint(
            'penalized_has_decision', sa.text(f"state NOT IN ({_in(decided)}) OR penalty_decided_on IS NOT NULL")
        )
        batch_op.create_check_constraint(
            'concluded_has_behaviour', sa.text(f"state NOT IN ({_in(concluded)}) OR concluded_behaviour IS NOT NULL")
        )
        batch_op.create_index(
            'uq_cases_open_employer', ['employer_id'], unique=True,
            sqlite_where=sa.text(f"state IN ({_in(open_states)})"),
            postgresql_where=sa.text(f"state IN ({_in(open_states)})"),
        )


def upgrade():
    _switch(NEW_STATES, NEW_OPEN, NEW_CONCLUDED, NEW_DECIDED)


def downgrade():
    # A case in a new state goes back to where it came from (the violation record), so the old CHECK holds.
    op.execute("UPDATE cases SET state = 'violation_recorded' "
               "WHERE state IN ('decision_transferred', 'remedies_ordered')")
    _switch(OLD_STATES, OLD_OPEN, OLD_CONCLUDED, OLD_DECIDED)
