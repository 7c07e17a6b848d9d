"""server-side sessions and the users' session epoch

Revision ID: a7c3e5d91b20
Revises: 751ad507577d
Create Date: 2026-12-06 16:40:00.000000

"""
from alembic import op
import sqlalchemy as sa

import enforcement.db


# revision identifiers, used by Alembic.
revision = 'a7c3e5d91b20'
down_revision = '751ad507577d'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'sessions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('session_id', sa.String(length=255), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.Column('expiry', enforcement.db.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_sessions')),
        sa.UniqueConstraint('session_id', name=op.f('uq_sessions_session_id')),
    )
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sessions_expiry'), ['expiry'], unique=False)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_epoch', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_epoch')
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sessions_expiry'))
    op.drop_table('sessions')
