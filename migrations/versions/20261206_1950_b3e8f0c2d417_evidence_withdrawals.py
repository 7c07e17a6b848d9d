"""evidence withdrawals (append-only: the withdrawn item's row is kept)

Revision ID: b3e8f0c2d417
Revises: a7c3e5d91b20
Create Date: 2026-12-06 19:50:00.000000

"""
from alembic import op
import sqlalchemy as sa

import enforcement.db


# revision identifiers, used by Alembic.
revision = 'b3e8f0c2d417'
down_revision = 'a7c3e5d91b20'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'evidence_withdrawals',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('evidence_id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('office_id', sa.Integer(), nullable=False),
        sa.Column('reason', sa.String(length=500), nullable=False),
        sa.Column('withdrawn_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', enforcement.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_evidence_withdrawals_case_id_cases')),
        sa.ForeignKeyConstraint(['evidence_id'], ['evidence.id'],
                                name=op.f('fk_evidence_withdrawals_evidence_id_evidence')),
        sa.ForeignKeyConstraint(['office_id'], ['offices.id'],
                                name=op.f('fk_evidence_withdrawals_office_id_offices')),
        sa.ForeignKeyConstraint(['withdrawn_by_id'], ['users.id'],
                                name=op.f('fk_evidence_withdrawals_withdrawn_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence_withdrawals')),
        sa.UniqueConstraint('evidence_id', name=op.f('uq_evidence_withdrawals_evidence_id')),
    )
    with op.batch_alter_table('evidence_withdrawals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_withdrawals_case_id'), ['case_id'], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE TRIGGER evidence_withdrawals_append_only BEFORE UPDATE OR DELETE ON evidence_withdrawals "
            "FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change()"
        )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS evidence_withdrawals_append_only ON evidence_withdrawals")
    with op.batch_alter_table('evidence_withdrawals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_withdrawals_case_id'))
    op.drop_table('evidence_withdrawals')
