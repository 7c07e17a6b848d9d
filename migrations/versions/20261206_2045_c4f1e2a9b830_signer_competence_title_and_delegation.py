"""signers: competence title (LR-COMPETENCE) and delegation (giao quyền) number and date

Revision ID: c4f1e2a9b830
Revises: b3e8f0c2d417
Create Date: 2026-12-06 20:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4f1e2a9b830'
down_revision = 'b3e8f0c2d417'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('signers') as batch_op:
        batch_op.add_column(sa.Column('competence_title', sa.String(length=40), server_default='', nullable=False))
        batch_op.add_column(sa.Column('delegation_number', sa.String(length=100), server_default='', nullable=False))
        batch_op.add_column(sa.Column('delegation_date', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('signers') as batch_op:
        batch_op.drop_column('delegation_date')
        batch_op.drop_column('delegation_number')
        batch_op.drop_column('competence_title')
