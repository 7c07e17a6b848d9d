"""interest paid on ledger rows, interest accrued and paid on cases, index of irregular months (issue 14)

Revision ID: c14a1e2d0f31
Revises: 830ae6ffed9e
Create Date: 2026-12-06 07:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c14a1e2d0f31'
down_revision = '830ae6ffed9e'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('ledger_rows', schema=None) as batch_op:
        batch_op.add_column(sa.Column('interest_paid', sa.BigInteger(), server_default='0', nullable=False))
        batch_op.create_check_constraint(op.f('ck_ledger_rows_interest_paid_not_negative'), 'interest_paid >= 0')

    # Detection reads only the employers with a month not paid exactly as due (services.arrears).
    irregular = sa.text("amount_paid <> amount_due OR interest_paid > 0")
    op.create_index(
        'ix_ledger_rows_irregular', 'ledger_rows', ['office_id', 'employer_id', 'period'],
        sqlite_where=irregular, postgresql_where=irregular,
    )

    # Existing cases: what they owed was all accrued, nothing recorded as paid.
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('interest_accrued', sa.BigInteger(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('interest_paid', sa.BigInteger(), server_default='0', nullable=False))
    op.execute("UPDATE cases SET interest_accrued = interest")


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('interest_paid')
        batch_op.drop_column('interest_accrued')

    op.drop_index('ix_ledger_rows_irregular', table_name='ledger_rows')
    with op.batch_alter_table('ledger_rows', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_ledger_rows_interest_paid_not_negative'), type_='check')
        batch_op.drop_column('interest_paid')
