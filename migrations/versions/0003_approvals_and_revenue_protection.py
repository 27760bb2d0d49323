"""timesheets, blocked billable work, revenue settings

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21

Timesheets (one per user and week), refused billable attempts, and the organisation's lock date,
budget warning level and note rule; entries may carry a manager's daily-cap override.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.storage.types

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "timesheets",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("submitted_at", app.storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("decided_at", app.storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.Uuid(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", app.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", app.storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_timesheets_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_timesheets")),
    )
    with op.batch_alter_table("timesheets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_timesheets_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_timesheets_org_id_status_week_start"), ["org_id", "status", "week_start"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_timesheets_user_id_week_start"),
            ["user_id", "week_start"],
            unique=True,
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )

    op.create_table(
        "blocked_attempts",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("task_id", sa.Uuid(), nullable=True),
        sa.Column("at", app.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("codes", sa.JSON(), nullable=False),
        sa.Column("messages", sa.JSON(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", app.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", app.storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], name=op.f("fk_blocked_attempts_project_id_projects")),
        sa.ForeignKeyConstraint(["task_id"], ["tasks.id"], name=op.f("fk_blocked_attempts_task_id_tasks")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_blocked_attempts_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_blocked_attempts")),
    )
    with op.batch_alter_table("blocked_attempts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_blocked_attempts_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_blocked_attempts_org_id_at"), ["org_id", "at"], unique=False)
        batch_op.create_index(batch_op.f("ix_blocked_attempts_project_id"), ["project_id"], unique=False)

    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lock_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("budget_warning_percent", sa.Integer(), server_default="80", nullable=False))
        batch_op.add_column(sa.Column("notes_required", sa.Boolean(), server_default=sa.false(), nullable=False))

    with op.batch_alter_table("task_log_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cap_override_by", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("cap_override_reason", sa.Text(), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("task_log_entries", schema=None) as batch_op:
        batch_op.drop_column("cap_override_reason")
        batch_op.drop_column("cap_override_by")

    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_column("notes_required")
        batch_op.drop_column("budget_warning_percent")
        batch_op.drop_column("lock_date")

    with op.batch_alter_table("blocked_attempts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_blocked_attempts_project_id"))
        batch_op.drop_index(batch_op.f("ix_blocked_attempts_org_id_at"))
        batch_op.drop_index(batch_op.f("ix_blocked_attempts_org_id"))

    op.drop_table("blocked_attempts")
    with op.batch_alter_table("timesheets", schema=None) as batch_op:
        batch_op.drop_index(
            batch_op.f("ix_timesheets_user_id_week_start"),
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_timesheets_org_id_status_week_start"))
        batch_op.drop_index(batch_op.f("ix_timesheets_org_id"))

    op.drop_table("timesheets")
