"""submission deadline: when a week's timesheet is due, set per organisation (default the Monday after, 10:00)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("submit_deadline_weekday", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(
            sa.Column("submit_deadline_time", sa.String(length=5), server_default="10:00", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_column("submit_deadline_time")
        batch_op.drop_column("submit_deadline_weekday")
