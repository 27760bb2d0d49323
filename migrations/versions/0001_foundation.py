"""foundation: organisations, people, clients, projects, time

Revision ID: 0001
Revises:
Create Date: 2026-11-21

The audit log is append-only: triggers refuse to update or delete its rows.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.storage.types

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


AUDIT_GUARDS = {
    "audit_log_no_update": "UPDATE",
    "audit_log_no_delete": "DELETE",
}


def _create_audit_guards() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name, event in AUDIT_GUARDS.items():
            op.execute(
                f"CREATE TRIGGER {name} BEFORE {event} ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
            )
    else:
        op.execute(
            "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$"
        )
        for name, event in AUDIT_GUARDS.items():
            op.execute(
                f"CREATE TRIGGER {name} BEFORE {event} ON audit_log "
                "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
            )


def _drop_audit_guards() -> None:
    for name in AUDIT_GUARDS:
        op.execute(
            f"DROP TRIGGER IF EXISTS {name}" + ("" if op.get_bind().dialect.name == "sqlite" else " ON audit_log")
        )
    if op.get_bind().dialect.name != "sqlite":
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=True),
        sa.Column("at", app.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("entity", sa.String(length=64), nullable=False),
        sa.Column("entity_id", sa.String(length=36), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_entity_entity_id"), ["entity", "entity_id"], unique=False)

    op.create_table(
        "clients",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("billing_address", sa.Text(), nullable=False),
        sa.Column("tax_id", sa.String(length=64), nullable=False),
        sa.Column("payment_terms", sa.String(length=16), nullable=False),
        sa.Column("contacts", sa.JSON(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", app.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", app.storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clients")),
        sa.UniqueConstraint("org_id", "email", name=op.f("uq_clients_org_id_email")),
    )
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_clients_org_id"), ["org_id"], unique=False)

    op.create_table(
        "local_settings",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_local_settings")),
    )
    op.create_table(
        "organisations",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("base_currency", sa.String(length=3), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column("week_start", sa.Integer(), nullable=False),
        sa.Column("productive_day_seconds", sa.Integer(), nullable=False),
        sa.Column("billing_increment_seconds", sa.Integer(), nullable=False),
        sa.Column("rounding", sa.String(length=16), nullable=False),
        sa.Column("minimum_entry_seconds", sa.Integer(), nullable=False),
        sa.Column("approval_required", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", app.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", app.storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
    )
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_organisations_org_id"), ["org_id"], unique=False)

    op.create_table(
        "rates",
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("amount_currency", sa.String(length=3), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", app.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", app.storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rates")),
    )
    with op.batch_alter_table("rates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rates_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_rates_subject_id_level"), ["subject_id", "level"], unique=False)

    op.create_table(
        "users",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("team", sa.String(length=200), nullable=True),
        sa.Column("cost_rate_minor", sa.BigInteger(), nullable=True),
        sa.Column("cost_rate_currency", sa.String(length=3), nullable=True),
        sa.Column("weekly_hours_seconds", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", app.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", app.storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("org_id", "email", name=op.f("uq_users_org_id_email")),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_users_org_id"), ["org_id"], unique=False)

    op.create_table(
        "attendance_sessions",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("clock_in", app.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("clock_out", app.storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", app.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", app.storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_attendance_sessions_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance_sessions")),
    )
    with op.batch_alter_table("attendance_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attendance_sessions_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_attendance_sessions_user_id_clock_in"), ["user_id", "clock_in"], unique=False
        )
        batch_op.create_index(
            "uq_attendance_sessions_open",
            ["user_id"],
            unique=True,
            sqlite_where=sa.text("clock_out IS NULL AND deleted_at IS NULL"),
            postgresql_where=sa.text("clock_out IS NULL AND deleted_at IS NULL"),
        )

    op.create_table(
        "projects",
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("billing", sa.String(length=16), nullable=False),
        sa.Column("budget_hours_seconds", sa.BigInteger(), nullable=True),
        sa.Column("budget_amount_minor", sa.BigInteger(), nullable=True),
        sa.Column("budget_amount_currency", sa.String(length=3), nullable=True),
        sa.Column("fixed_price_minor", sa.BigInteger(), nullable=True),
        sa.Column("fixed_price_currency", sa.String(length=3), nullable=True),
        sa.Column("requires_quote", sa.Boolean(), nullable=False),
        sa.Column("quote_signed", sa.Boolean(), nullable=False),
        sa.Column("requires_deposit", sa.Boolean(), nullable=False),
        sa.Column("deposit_paid", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", app.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", app.storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["client_id"], ["clients.id"], name=op.f("fk_projects_client_id_clients")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_projects")),
        sa.UniqueConstraint("org_id", "code", name=op.f("uq_projects_org_id_code")),
    )
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_projects_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_projects_org_id"), ["org_id"], unique=False)

    op.create_table(
        "assignments",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("role", sa.String(length=64), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", app.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", app.storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], name=op.f("fk_assignments_project_id_projects")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_assignments_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignments")),
    )
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assignments_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assignments_project_id"), ["project_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assignments_user_id_project_id"), ["user_id", "project_id"], unique=False)

    op.create_table(
        "attendance_breaks",
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("started_at", app.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("ended_at", app.storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", app.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", app.storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["attendance_sessions.id"],
            name=op.f("fk_attendance_breaks_session_id_attendance_sessions"),
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_attendance_breaks_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance_breaks")),
    )
    with op.batch_alter_table("attendance_breaks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attendance_breaks_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attendance_breaks_session_id"), ["session_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_attendance_breaks_user_id_started_at"), ["user_id", "started_at"], unique=False
        )

    op.create_table(
        "milestones",
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("amount_currency", sa.String(length=3), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", app.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", app.storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], name=op.f("fk_milestones_project_id_projects")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_milestones")),
    )
    with op.batch_alter_table("milestones", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_milestones_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_milestones_project_id"), ["project_id"], unique=False)

    op.create_table(
        "tasks",
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("billable", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", app.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", app.storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], name=op.f("fk_tasks_project_id_projects")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tasks")),
    )
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tasks_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_tasks_project_id"), ["project_id"], unique=False)

    op.create_table(
        "running_timers",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("task_id", sa.Uuid(), nullable=False),
        sa.Column("started_at", app.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("billable", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", app.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", app.storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], name=op.f("fk_running_timers_project_id_projects")),
        sa.ForeignKeyConstraint(["task_id"], ["tasks.id"], name=op.f("fk_running_timers_task_id_tasks")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_running_timers_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_running_timers")),
    )
    with op.batch_alter_table("running_timers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_running_timers_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_running_timers_user_id"),
            ["user_id"],
            unique=True,
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )

    op.create_table(
        "task_log_entries",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("task_id", sa.Uuid(), nullable=False),
        sa.Column("work_date", sa.Date(), nullable=False),
        sa.Column("started_at", app.storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("ended_at", app.storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("duration_seconds", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("billable", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("rate_minor", sa.BigInteger(), nullable=True),
        sa.Column("rate_currency", sa.String(length=3), nullable=True),
        sa.Column("rate_source", sa.String(length=16), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", app.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", app.storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.CheckConstraint("duration_seconds > 0", name=op.f("ck_task_log_entries_positive_duration")),
        sa.CheckConstraint(
            "ended_at IS NULL OR ended_at > started_at", name=op.f("ck_task_log_entries_ends_after_start")
        ),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], name=op.f("fk_task_log_entries_project_id_projects")),
        sa.ForeignKeyConstraint(["task_id"], ["tasks.id"], name=op.f("fk_task_log_entries_task_id_tasks")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_task_log_entries_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_log_entries")),
    )
    with op.batch_alter_table("task_log_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_task_log_entries_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_task_log_entries_project_id_work_date"), ["project_id", "work_date"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_task_log_entries_task_id"), ["task_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_task_log_entries_user_id_work_date"), ["user_id", "work_date"], unique=False
        )

    _create_audit_guards()


def downgrade() -> None:
    _drop_audit_guards()
    with op.batch_alter_table("task_log_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_task_log_entries_user_id_work_date"))
        batch_op.drop_index(batch_op.f("ix_task_log_entries_task_id"))
        batch_op.drop_index(batch_op.f("ix_task_log_entries_project_id_work_date"))
        batch_op.drop_index(batch_op.f("ix_task_log_entries_org_id"))

    op.drop_table("task_log_entries")
    with op.batch_alter_table("running_timers", schema=None) as batch_op:
        batch_op.drop_index(
            batch_op.f("ix_running_timers_user_id"),
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_running_timers_org_id"))

    op.drop_table("running_timers")
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tasks_project_id"))
        batch_op.drop_index(batch_op.f("ix_tasks_org_id"))

    op.drop_table("tasks")
    with op.batch_alter_table("milestones", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_milestones_project_id"))
        batch_op.drop_index(batch_op.f("ix_milestones_org_id"))

    op.drop_table("milestones")
    with op.batch_alter_table("attendance_breaks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attendance_breaks_user_id_started_at"))
        batch_op.drop_index(batch_op.f("ix_attendance_breaks_session_id"))
        batch_op.drop_index(batch_op.f("ix_attendance_breaks_org_id"))

    op.drop_table("attendance_breaks")
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assignments_user_id_project_id"))
        batch_op.drop_index(batch_op.f("ix_assignments_project_id"))
        batch_op.drop_index(batch_op.f("ix_assignments_org_id"))

    op.drop_table("assignments")
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_projects_org_id"))
        batch_op.drop_index(batch_op.f("ix_projects_client_id"))

    op.drop_table("projects")
    with op.batch_alter_table("attendance_sessions", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_attendance_sessions_open",
            sqlite_where=sa.text("clock_out IS NULL AND deleted_at IS NULL"),
            postgresql_where=sa.text("clock_out IS NULL AND deleted_at IS NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_attendance_sessions_user_id_clock_in"))
        batch_op.drop_index(batch_op.f("ix_attendance_sessions_org_id"))

    op.drop_table("attendance_sessions")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_org_id"))

    op.drop_table("users")
    with op.batch_alter_table("rates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rates_subject_id_level"))
        batch_op.drop_index(batch_op.f("ix_rates_org_id"))

    op.drop_table("rates")
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organisations_org_id"))

    op.drop_table("organisations")
    op.drop_table("local_settings")
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_clients_org_id"))

    op.drop_table("clients")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_entity_entity_id"))

    op.drop_table("audit_log")
