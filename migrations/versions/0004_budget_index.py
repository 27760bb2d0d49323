"""budget index: the revenue-protection budget check sums a project's time from one covering index

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ["project_id", "billable", "rate_currency", "duration_seconds", "rate_minor"]
LIVE = sa.text("deleted_at IS NULL")


def upgrade() -> None:
    with op.batch_alter_table("task_log_entries", schema=None) as batch_op:
        batch_op.create_index(
            "ix_task_log_entries_budget", COLUMNS, unique=False, sqlite_where=LIVE, postgresql_where=LIVE
        )


def downgrade() -> None:
    with op.batch_alter_table("task_log_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_task_log_entries_budget", sqlite_where=LIVE, postgresql_where=LIVE)
