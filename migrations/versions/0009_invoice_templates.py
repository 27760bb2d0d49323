"""invoice templates: how an organisation's invoices look, as data, and the template each client's invoices use

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-28

A template is its settings as JSON (app/domain/template_json.py) plus its logo; names are unique among an
organisation's live templates, one of them may be the default. A client may name the template its invoices
print in (none: the default).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.storage.types

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LIVE = sa.text("deleted_at IS NULL")


def upgrade() -> None:
    op.create_table(
        "invoice_templates",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("is_default", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("spec", sa.JSON(), nullable=False),
        sa.Column("logo", sa.LargeBinary(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", app.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", app.storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoice_templates")),
    )
    with op.batch_alter_table("invoice_templates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_invoice_templates_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_invoice_templates_org_id_name"),
            ["org_id", "name"],
            unique=True,
            sqlite_where=LIVE,
            postgresql_where=LIVE,
        )
    # Added in place with its foreign key, never by rebuilding the clients table (see 0006 for the same on the
    # task log: SQLite's ALTER TABLE takes a named column constraint; Alembic would rebuild the table).
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE clients ADD COLUMN template_id CHAR(32) "
            "CONSTRAINT fk_clients_template_id_invoice_templates REFERENCES invoice_templates (id)"
        )
    else:
        op.add_column(
            "clients",
            sa.Column(
                "template_id",
                sa.Uuid(),
                sa.ForeignKey("invoice_templates.id", name=op.f("fk_clients_template_id_invoice_templates")),
                nullable=True,
            ),
        )


def downgrade() -> None:
    with op.batch_alter_table("clients", schema=None) as batch_op:
        if op.get_bind().dialect.name != "sqlite":  # SQLite keeps the constraint unnamed; the rebuild drops it
            batch_op.drop_constraint(batch_op.f("fk_clients_template_id_invoice_templates"), type_="foreignkey")
        batch_op.drop_column("template_id")
    with op.batch_alter_table("invoice_templates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invoice_templates_org_id_name"), sqlite_where=LIVE, postgresql_where=LIVE)
        batch_op.drop_index(batch_op.f("ix_invoice_templates_org_id"))
    op.drop_table("invoice_templates")
