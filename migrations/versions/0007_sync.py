"""sync: the desktop's outbox of operations for the team server and the problems sync could not settle

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.storage.types

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sync_outbox",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("op_id", sa.Uuid(), nullable=False),
        sa.Column("op", sa.String(length=32), nullable=False),
        sa.Column("entity", sa.String(length=64), nullable=True),
        sa.Column("entity_id", sa.Uuid(), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_at", app.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(length=16), server_default="pending", nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_sync_outbox")),
        sa.UniqueConstraint("op_id", name=op.f("uq_sync_outbox_op_id")),
    )
    op.create_index(op.f("ix_sync_outbox_state_seq"), "sync_outbox", ["state", "seq"])
    op.create_index(op.f("ix_sync_outbox_entity_id"), "sync_outbox", ["entity_id"])
    op.create_table(
        "sync_problems",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("op_id", sa.Uuid(), nullable=False),
        sa.Column("op", sa.String(length=32), nullable=False),
        sa.Column("entity", sa.String(length=64), nullable=True),
        sa.Column("entity_id", sa.Uuid(), nullable=True),
        sa.Column("field", sa.String(length=64), nullable=True),
        sa.Column("mine", sa.JSON(), nullable=True),
        sa.Column("server", sa.JSON(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", app.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", app.storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_problems")),
    )
    op.create_index(op.f("ix_sync_problems_resolved_at"), "sync_problems", ["resolved_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_sync_problems_resolved_at"), table_name="sync_problems")
    op.drop_table("sync_problems")
    op.drop_index(op.f("ix_sync_outbox_entity_id"), table_name="sync_outbox")
    op.drop_index(op.f("ix_sync_outbox_state_seq"), table_name="sync_outbox")
    op.drop_table("sync_outbox")
