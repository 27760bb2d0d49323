"""einvoicing: what e-invoices (Factur-X, XRechnung) and sending invoices by email need

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28

The organisation gains its structured address, legal name and form, VAT id's companion tax number, a
contact person (name, phone, email: XRechnung requires them), electronic address, bank account (IBAN/BIC)
and payment means, and its SMTP server and mail template; clients gain a structured address, an electronic
address and the buyer reference (Leitweg-ID); invoices record when and to whom they were sent and the
buyer's purchase order. The VAT id of both stays in the existing tax_id column (documents already print it
as "VAT ID"). Every column has a server default, so existing rows stay valid and the columns are added in
place, never by rebuilding a table.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.storage.types

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The mail template as it stood when this revision was written (app/domain/organisation.py keeps the current one).
MAIL_SUBJECT = "{invoice.title} {invoice.number} from {org.name}"
MAIL_BODY = (
    "Hello {client.name},\n\n"
    "please find attached {invoice.title} {invoice.number} of {invoice.issue_date} for {invoice.total}.\n\n"
    "Kind regards,\n{org.name}"
)


def _text(name: str, length: int | None = None, default: str = "") -> sa.Column:
    kind = sa.String(length=length) if length else sa.Text()
    return sa.Column(name, kind, server_default=default, nullable=False)


def organisation_columns() -> tuple[sa.Column, ...]:
    return (
        _text("legal_name", 200),
        _text("street", 200),
        _text("city", 100),
        _text("postcode", 20),
        _text("country", 2),
        _text("tax_number", 64),
        _text("legal_form", 200),
        _text("contact_name", 200),
        _text("contact_phone", 40),
        _text("contact_email", 254),
        _text("electronic_address", 254),
        _text("electronic_address_scheme", 8, "EM"),
        _text("iban", 34),
        _text("bic", 11),
        _text("payment_means_code", 4, "58"),
        _text("smtp_host", 253),
        sa.Column("smtp_port", sa.Integer(), server_default="587", nullable=False),
        _text("smtp_security", 8, "starttls"),
        _text("smtp_user", 254),
        _text("smtp_sender", 254),
        _text("mail_subject", None, MAIL_SUBJECT),
        _text("mail_body", None, MAIL_BODY),
    )


def client_columns() -> tuple[sa.Column, ...]:
    return (
        _text("street", 200),
        _text("city", 100),
        _text("postcode", 20),
        _text("country", 2),
        _text("electronic_address", 254),
        _text("electronic_address_scheme", 8, "EM"),
        _text("buyer_reference", 200),
    )


def invoice_columns() -> tuple[sa.Column, ...]:
    return (
        sa.Column("sent_at", app.storage.types.UtcDateTime(timezone=True), nullable=True),
        _text("sent_to"),
        _text("purchase_order", 200),
    )


# New columns each time: a Column belongs to one table once added.
TABLES = {"organisations": organisation_columns, "clients": client_columns, "invoices": invoice_columns}


def upgrade() -> None:
    for table, columns in TABLES.items():
        # Only added columns: Alembic's batch mode adds them in place on SQLite too.
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns():
                batch_op.add_column(column)


def downgrade() -> None:
    for table, columns in reversed(TABLES.items()):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in reversed(columns()):
                batch_op.drop_column(column.name)
