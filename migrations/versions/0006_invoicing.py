"""invoicing: invoices, credit notes, quotes, their lines, payments and number counters

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-21

Clients' payment terms become a kind plus parameters; the organisation gains what documents print
(address, tax id, bank details, logo) and its numbering patterns; entries point at the invoice that
bills them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.storage.types

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CLIENTS = sa.table(
    "clients",
    sa.column("id", sa.Uuid()),
    sa.column("payment_terms", sa.String()),
    sa.column("payment_terms_kind", sa.String()),
    sa.column("payment_terms_params", sa.JSON()),
)


def upgrade() -> None:
    op.create_table(
        "number_counters",
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("series", sa.String(length=16), nullable=False),
        sa.Column("period", sa.String(length=8), nullable=False),
        sa.Column("last", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("org_id", "series", "period", name=op.f("pk_number_counters")),
    )
    op.create_table(
        "invoices",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("payment_terms_kind", sa.String(length=16), nullable=False),
        sa.Column("payment_terms_params", sa.JSON(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("period_start", sa.Date(), nullable=True),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.Column("project_id", sa.Uuid(), nullable=True),
        sa.Column("credited_id", sa.Uuid(), nullable=True),
        sa.Column("paid_minor", sa.BigInteger(), nullable=False),
        sa.Column("paid_currency", sa.String(length=3), nullable=False),
        sa.Column("early_discount_minor", sa.BigInteger(), nullable=True),
        sa.Column("early_discount_currency", sa.String(length=3), nullable=True),
        sa.Column("paid_on", sa.Date(), nullable=True),
        sa.Column("finalised_at", app.storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("bill_to", sa.Text(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("number", sa.String(length=60), nullable=True),
        sa.Column("issue_date", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("discount_percent", sa.String(length=8), nullable=True),
        sa.Column("discount_amount_minor", sa.BigInteger(), nullable=True),
        sa.Column("discount_amount_currency", sa.String(length=3), nullable=True),
        sa.Column("net_minor", sa.BigInteger(), nullable=False),
        sa.Column("net_currency", sa.String(length=3), nullable=False),
        sa.Column("tax_minor", sa.BigInteger(), nullable=False),
        sa.Column("tax_currency", sa.String(length=3), nullable=False),
        sa.Column("total_minor", sa.BigInteger(), nullable=False),
        sa.Column("total_currency", sa.String(length=3), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", app.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", app.storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["client_id"], ["clients.id"], name=op.f("fk_invoices_client_id_clients")),
        sa.ForeignKeyConstraint(["credited_id"], ["invoices.id"], name=op.f("fk_invoices_credited_id_invoices")),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], name=op.f("fk_invoices_project_id_projects")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoices")),
        sa.UniqueConstraint("org_id", "number", name=op.f("uq_invoices_org_id_number")),
    )
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_invoices_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_invoices_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_invoices_org_id_status_due_date"), ["org_id", "status", "due_date"], unique=False
        )

    op.create_table(
        "quotes",
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("number", sa.String(length=60), nullable=True),
        sa.Column("issue_date", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("discount_percent", sa.String(length=8), nullable=True),
        sa.Column("discount_amount_minor", sa.BigInteger(), nullable=True),
        sa.Column("discount_amount_currency", sa.String(length=3), nullable=True),
        sa.Column("net_minor", sa.BigInteger(), nullable=False),
        sa.Column("net_currency", sa.String(length=3), nullable=False),
        sa.Column("tax_minor", sa.BigInteger(), nullable=False),
        sa.Column("tax_currency", sa.String(length=3), nullable=False),
        sa.Column("total_minor", sa.BigInteger(), nullable=False),
        sa.Column("total_currency", sa.String(length=3), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", app.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", app.storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["client_id"], ["clients.id"], name=op.f("fk_quotes_client_id_clients")),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], name=op.f("fk_quotes_project_id_projects")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quotes")),
        sa.UniqueConstraint("org_id", "number", name=op.f("uq_quotes_org_id_number")),
    )
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quotes_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_quotes_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_quotes_project_id"), ["project_id"], unique=False)

    op.create_table(
        "invoice_lines",
        sa.Column("document_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("quantity", sa.String(length=24), nullable=False),
        sa.Column("unit", sa.String(length=8), nullable=False),
        sa.Column("unit_price_minor", sa.BigInteger(), nullable=False),
        sa.Column("unit_price_currency", sa.String(length=3), nullable=False),
        sa.Column("vat_category", sa.String(length=4), nullable=False),
        sa.Column("vat_rate", sa.String(length=8), nullable=False),
        sa.Column("vat_reason", sa.Text(), nullable=False),
        sa.Column("net_minor", sa.BigInteger(), nullable=False),
        sa.Column("net_currency", sa.String(length=3), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=True),
        sa.Column("milestone_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", app.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", app.storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["invoices.id"], name=op.f("fk_invoice_lines_document_id_invoices")),
        sa.ForeignKeyConstraint(
            ["milestone_id"], ["milestones.id"], name=op.f("fk_invoice_lines_milestone_id_milestones")
        ),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], name=op.f("fk_invoice_lines_project_id_projects")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoice_lines")),
    )
    with op.batch_alter_table("invoice_lines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_invoice_lines_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_invoice_lines_org_id"), ["org_id"], unique=False)

    op.create_table(
        "payments",
        sa.Column("invoice_id", sa.Uuid(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("amount_currency", sa.String(length=3), nullable=False),
        sa.Column("method", sa.String(length=50), nullable=False),
        sa.Column("reference", sa.String(length=200), nullable=False),
        sa.Column("reversed_at", app.storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("reversal_reason", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", app.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", app.storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["invoice_id"], ["invoices.id"], name=op.f("fk_payments_invoice_id_invoices")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments")),
    )
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payments_invoice_id"), ["invoice_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_payments_org_id"), ["org_id"], unique=False)

    op.create_table(
        "quote_lines",
        sa.Column("document_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("quantity", sa.String(length=24), nullable=False),
        sa.Column("unit", sa.String(length=8), nullable=False),
        sa.Column("unit_price_minor", sa.BigInteger(), nullable=False),
        sa.Column("unit_price_currency", sa.String(length=3), nullable=False),
        sa.Column("vat_category", sa.String(length=4), nullable=False),
        sa.Column("vat_rate", sa.String(length=8), nullable=False),
        sa.Column("vat_reason", sa.Text(), nullable=False),
        sa.Column("net_minor", sa.BigInteger(), nullable=False),
        sa.Column("net_currency", sa.String(length=3), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=True),
        sa.Column("milestone_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", app.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", app.storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["quotes.id"], name=op.f("fk_quote_lines_document_id_quotes")),
        sa.ForeignKeyConstraint(
            ["milestone_id"], ["milestones.id"], name=op.f("fk_quote_lines_milestone_id_milestones")
        ),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], name=op.f("fk_quote_lines_project_id_projects")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quote_lines")),
    )
    with op.batch_alter_table("quote_lines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quote_lines_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_quote_lines_org_id"), ["org_id"], unique=False)

    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.add_column(sa.Column("payment_terms_kind", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("payment_terms_params", sa.JSON(), nullable=True))
    for client_id, written in op.get_bind().execute(sa.select(CLIENTS.c.id, CLIENTS.c.payment_terms)).all():
        kind, _, days = written.partition(":")
        kind, days = ("net", "0") if kind == "receipt" else (kind, days or "0")
        op.execute(
            CLIENTS.update()
            .where(CLIENTS.c.id == client_id)
            .values(payment_terms_kind=kind, payment_terms_params={"days": int(days)})
        )
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.alter_column("payment_terms_kind", existing_type=sa.String(length=16), nullable=False)
        batch_op.alter_column("payment_terms_params", existing_type=sa.JSON(), nullable=False)
        batch_op.drop_column("payment_terms")

    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("address", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("tax_id", sa.String(length=64), server_default="", nullable=False))
        batch_op.add_column(sa.Column("bank_details", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("default_tax_rate", sa.String(length=8), server_default="0", nullable=False))
        batch_op.add_column(
            sa.Column("invoice_pattern", sa.String(length=40), server_default="{YYYY}-{SEQ:4}", nullable=False)
        )
        batch_op.add_column(
            sa.Column("credit_note_pattern", sa.String(length=40), server_default="CN-{YYYY}-{SEQ:4}", nullable=False)
        )
        batch_op.add_column(
            sa.Column("quote_pattern", sa.String(length=40), server_default="Q-{YYYY}-{SEQ:4}", nullable=False)
        )
        batch_op.add_column(sa.Column("numbering_yearly", sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column("logo", sa.LargeBinary(), nullable=True))

    # Added in place with its foreign key, never by rebuilding the task log, by far the biggest table
    # (SQLite's ALTER TABLE takes a named column constraint; Alembic would rebuild the table).
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE task_log_entries ADD COLUMN invoice_id CHAR(32) "
            "CONSTRAINT fk_task_log_entries_invoice_id_invoices REFERENCES invoices (id)"
        )
    else:
        op.add_column(
            "task_log_entries",
            sa.Column(
                "invoice_id",
                sa.Uuid(),
                sa.ForeignKey("invoices.id", name=op.f("fk_task_log_entries_invoice_id_invoices")),
                nullable=True,
            ),
        )
    on_invoice = sa.text("invoice_id IS NOT NULL")
    op.create_index(
        op.f("ix_task_log_entries_invoice_id"),
        "task_log_entries",
        ["invoice_id"],
        unique=False,
        sqlite_where=on_invoice,
        postgresql_where=on_invoice,
    )
    uninvoiced = sa.text("status = 'approved' AND invoice_id IS NULL AND deleted_at IS NULL")
    op.create_index(
        "ix_task_log_entries_uninvoiced",
        "task_log_entries",
        ["project_id", "work_date"],
        unique=False,
        sqlite_where=uninvoiced,
        postgresql_where=uninvoiced,
    )


def downgrade() -> None:
    with op.batch_alter_table("task_log_entries", schema=None) as batch_op:
        if op.get_bind().dialect.name != "sqlite":  # SQLite keeps the constraint unnamed; the rebuild drops it
            batch_op.drop_constraint(batch_op.f("fk_task_log_entries_invoice_id_invoices"), type_="foreignkey")
        batch_op.drop_index("ix_task_log_entries_uninvoiced")
        batch_op.drop_index(batch_op.f("ix_task_log_entries_invoice_id"))
        batch_op.drop_column("invoice_id")

    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_column("logo")
        batch_op.drop_column("numbering_yearly")
        batch_op.drop_column("quote_pattern")
        batch_op.drop_column("credit_note_pattern")
        batch_op.drop_column("invoice_pattern")
        batch_op.drop_column("default_tax_rate")
        batch_op.drop_column("bank_details")
        batch_op.drop_column("tax_id")
        batch_op.drop_column("address")

    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.add_column(sa.Column("payment_terms", sa.String(length=16), nullable=True))
    terms = sa.select(CLIENTS.c.id, CLIENTS.c.payment_terms_kind, CLIENTS.c.payment_terms_params)
    for client_id, kind, params in op.get_bind().execute(terms).all():
        # The older schema knows only net and end-of-month terms; other kinds keep their days as net.
        written = f"eom:{params['days']}" if kind == "eom" else f"net:{params['days']}"
        op.execute(CLIENTS.update().where(CLIENTS.c.id == client_id).values(payment_terms=written))
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.alter_column("payment_terms", existing_type=sa.String(length=16), nullable=False)
        batch_op.drop_column("payment_terms_params")
        batch_op.drop_column("payment_terms_kind")

    with op.batch_alter_table("quote_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quote_lines_org_id"))
        batch_op.drop_index(batch_op.f("ix_quote_lines_document_id"))

    op.drop_table("quote_lines")
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payments_org_id"))
        batch_op.drop_index(batch_op.f("ix_payments_invoice_id"))

    op.drop_table("payments")
    with op.batch_alter_table("invoice_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invoice_lines_org_id"))
        batch_op.drop_index(batch_op.f("ix_invoice_lines_document_id"))

    op.drop_table("invoice_lines")
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quotes_project_id"))
        batch_op.drop_index(batch_op.f("ix_quotes_org_id"))
        batch_op.drop_index(batch_op.f("ix_quotes_client_id"))

    op.drop_table("quotes")
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invoices_org_id_status_due_date"))
        batch_op.drop_index(batch_op.f("ix_invoices_org_id"))
        batch_op.drop_index(batch_op.f("ix_invoices_client_id"))

    op.drop_table("invoices")
    op.drop_table("number_counters")
