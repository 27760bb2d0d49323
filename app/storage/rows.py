"""The database tables, as SQLAlchemy 2 typed rows (kept apart from the domain entities)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    false,
    text,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from app.domain.organisation import DEFAULT_MAIL_BODY, DEFAULT_MAIL_SUBJECT
from app.storage.types import UtcDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

LIVE = text("deleted_at IS NULL")
ON_INVOICE = text("invoice_id IS NOT NULL")
UNINVOICED = text("status = 'approved' AND invoice_id IS NULL AND deleted_at IS NULL")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class SyncedRow(Base):
    """Columns every synced business table has, so sync needs no schema rewrite."""

    __abstract__ = True

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    org_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)


def _money(nullable: bool = True) -> tuple[Mapped[int | None], Mapped[str | None]]:
    return (
        mapped_column(BigInteger, nullable=nullable),
        mapped_column(String(3), nullable=nullable),
    )


class OrganisationRow(SyncedRow):
    __tablename__ = "organisations"

    name: Mapped[str] = mapped_column(String(200))
    base_currency: Mapped[str] = mapped_column(String(3))
    time_zone: Mapped[str] = mapped_column(String(64))
    week_start: Mapped[int] = mapped_column(Integer)
    productive_day_seconds: Mapped[int] = mapped_column(Integer)
    billing_increment_seconds: Mapped[int] = mapped_column(Integer)
    rounding: Mapped[str] = mapped_column(String(16))
    minimum_entry_seconds: Mapped[int] = mapped_column(Integer)
    approval_required: Mapped[bool] = mapped_column(Boolean)
    lock_date: Mapped[date | None] = mapped_column(Date)
    budget_warning_percent: Mapped[int] = mapped_column(Integer, server_default="80")
    notes_required: Mapped[bool] = mapped_column(Boolean, server_default=false())
    submit_deadline_weekday: Mapped[int] = mapped_column(Integer, server_default="0")
    submit_deadline_time: Mapped[str] = mapped_column(String(5), server_default="10:00")  # "HH:MM", local
    address: Mapped[str] = mapped_column(Text, server_default="")
    tax_id: Mapped[str] = mapped_column(String(64), server_default="")
    bank_details: Mapped[str] = mapped_column(Text, server_default="")
    default_tax_rate: Mapped[str] = mapped_column(String(8), server_default="0")
    invoice_pattern: Mapped[str] = mapped_column(String(40), server_default="{YYYY}-{SEQ:4}")
    credit_note_pattern: Mapped[str] = mapped_column(String(40), server_default="CN-{YYYY}-{SEQ:4}")
    quote_pattern: Mapped[str] = mapped_column(String(40), server_default="Q-{YYYY}-{SEQ:4}")
    numbering_yearly: Mapped[bool] = mapped_column(Boolean, server_default=true())
    logo: Mapped[bytes | None] = mapped_column(LargeBinary)
    # What e-invoices need (tax_id above is the VAT id), and how invoices are sent by email.
    legal_name: Mapped[str] = mapped_column(String(200), server_default="")
    street: Mapped[str] = mapped_column(String(200), server_default="")
    city: Mapped[str] = mapped_column(String(100), server_default="")
    postcode: Mapped[str] = mapped_column(String(20), server_default="")
    country: Mapped[str] = mapped_column(String(2), server_default="")  # ISO 3166-1 alpha-2
    tax_number: Mapped[str] = mapped_column(String(64), server_default="")
    legal_form: Mapped[str] = mapped_column(String(200), server_default="")
    contact_name: Mapped[str] = mapped_column(String(200), server_default="")
    contact_phone: Mapped[str] = mapped_column(String(40), server_default="")
    contact_email: Mapped[str] = mapped_column(String(254), server_default="")
    electronic_address: Mapped[str] = mapped_column(String(254), server_default="")
    electronic_address_scheme: Mapped[str] = mapped_column(String(8), server_default="EM")  # EAS code
    iban: Mapped[str] = mapped_column(String(34), server_default="")
    bic: Mapped[str] = mapped_column(String(11), server_default="")
    payment_means_code: Mapped[str] = mapped_column(String(4), server_default="58")  # UNTDID 4461
    smtp_host: Mapped[str] = mapped_column(String(253), server_default="")
    smtp_port: Mapped[int] = mapped_column(Integer, server_default="587")
    smtp_security: Mapped[str] = mapped_column(String(8), server_default="starttls")  # starttls | ssl | none
    smtp_user: Mapped[str] = mapped_column(String(254), server_default="")
    smtp_sender: Mapped[str] = mapped_column(String(254), server_default="")
    mail_subject: Mapped[str] = mapped_column(Text, server_default=DEFAULT_MAIL_SUBJECT)
    mail_body: Mapped[str] = mapped_column(Text, server_default=DEFAULT_MAIL_BODY)


class UserRow(SyncedRow):
    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("org_id", "email"),)

    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[str] = mapped_column(String(16))
    team: Mapped[str | None] = mapped_column(String(200))
    cost_rate_minor, cost_rate_currency = _money()
    weekly_hours_seconds: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean)


class ClientRow(SyncedRow):
    __tablename__ = "clients"
    __table_args__ = (UniqueConstraint("org_id", "email"),)

    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    currency: Mapped[str] = mapped_column(String(3))
    billing_address: Mapped[str] = mapped_column(Text)
    tax_id: Mapped[str] = mapped_column(String(64))
    payment_terms_kind: Mapped[str] = mapped_column(String(16))
    payment_terms_params: Mapped[dict] = mapped_column(JSON)
    contacts: Mapped[list] = mapped_column(JSON)
    notes: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    # What e-invoices need (tax_id above is the VAT id).
    street: Mapped[str] = mapped_column(String(200), server_default="")
    city: Mapped[str] = mapped_column(String(100), server_default="")
    postcode: Mapped[str] = mapped_column(String(20), server_default="")
    country: Mapped[str] = mapped_column(String(2), server_default="")  # ISO 3166-1 alpha-2
    electronic_address: Mapped[str] = mapped_column(String(254), server_default="")
    electronic_address_scheme: Mapped[str] = mapped_column(String(8), server_default="EM")  # EAS code
    buyer_reference: Mapped[str] = mapped_column(String(200), server_default="")  # BT-10, e.g. a Leitweg-ID
    # The invoice template its invoices print in; none: the organisation's default (see invoice_templates).
    template_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("invoice_templates.id"), default=None)


class ProjectRow(SyncedRow):
    __tablename__ = "projects"
    __table_args__ = (UniqueConstraint("org_id", "code"),)

    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clients.id"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16))
    billing: Mapped[str] = mapped_column(String(16))
    budget_hours_seconds: Mapped[int | None] = mapped_column(BigInteger)
    budget_amount_minor, budget_amount_currency = _money()
    fixed_price_minor, fixed_price_currency = _money()
    requires_quote: Mapped[bool] = mapped_column(Boolean)
    quote_signed: Mapped[bool] = mapped_column(Boolean)
    requires_deposit: Mapped[bool] = mapped_column(Boolean)
    deposit_paid: Mapped[bool] = mapped_column(Boolean)


class TaskRow(SyncedRow):
    __tablename__ = "tasks"

    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    billable: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(16))


class MilestoneRow(SyncedRow):
    __tablename__ = "milestones"

    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    amount_minor, amount_currency = _money(nullable=False)
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))


class AssignmentRow(SyncedRow):
    __tablename__ = "assignments"
    __table_args__ = (Index(None, "user_id", "project_id"),)

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id"), index=True)
    role: Mapped[str] = mapped_column(String(64))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)


class RateRow(SyncedRow):
    """A rate at one level of the resolution chain, effective from a date (null: always)."""

    __tablename__ = "rates"
    __table_args__ = (Index(None, "subject_id", "level"),)

    level: Mapped[str] = mapped_column(String(16))
    subject_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    amount_minor, amount_currency = _money(nullable=False)
    effective_from: Mapped[date | None] = mapped_column(Date)


class RunningTimerRow(SyncedRow):
    __tablename__ = "running_timers"
    # At most one running timer per user, enforced by the database itself.
    __table_args__ = (Index(None, "user_id", unique=True, sqlite_where=LIVE, postgresql_where=LIVE),)

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id"))
    task_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tasks.id"))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    note: Mapped[str] = mapped_column(Text)
    billable: Mapped[bool] = mapped_column(Boolean)


class TaskLogEntryRow(SyncedRow):
    __tablename__ = "task_log_entries"
    __table_args__ = (
        Index(None, "user_id", "work_date"),
        Index(None, "project_id", "work_date"),
        # The organisation's task log, newest first, paged by (date, start, id): see storage/entry_pages.py.
        Index(None, "org_id", "work_date", "started_at", "id"),
        # Covers the budget check's sum per project, so logging stays fast with a million entries.
        Index(
            "ix_task_log_entries_budget",
            "project_id",
            "billable",
            "rate_currency",
            "duration_seconds",
            "rate_minor",
            sqlite_where=LIVE,
            postgresql_where=LIVE,
        ),
        # Approved time not yet on an invoice, by project and day: what drafting an invoice reads and ties.
        # Partial, so it holds only the small working set, however many entries were ever invoiced.
        Index(
            "ix_task_log_entries_uninvoiced",
            "project_id",
            "work_date",
            sqlite_where=UNINVOICED,
            postgresql_where=UNINVOICED,
        ),
        # An invoice's entries; most entries are on none, and a full index on a mostly-NULL column lures
        # SQLite into it for "invoice_id IS NULL".
        Index(None, "invoice_id", sqlite_where=ON_INVOICE, postgresql_where=ON_INVOICE),
        CheckConstraint("duration_seconds > 0", name="positive_duration"),
        CheckConstraint("ended_at IS NULL OR ended_at > started_at", name="ends_after_start"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id"))
    task_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tasks.id"), index=True)
    work_date: Mapped[date] = mapped_column(Date)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    duration_seconds: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text)
    billable: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(16))
    rate_minor, rate_currency = _money()
    rate_source: Mapped[str | None] = mapped_column(String(16))
    cap_override_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    cap_override_reason: Mapped[str] = mapped_column(Text, server_default="")
    # The invoice (draft or issued) that bills this entry; set, the entry cannot be reopened.
    invoice_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("invoices.id"))


class AttendanceSessionRow(SyncedRow):
    __tablename__ = "attendance_sessions"
    __table_args__ = (
        Index(None, "user_id", "clock_in"),
        # One open session per user, enforced by the database.
        Index(
            "uq_attendance_sessions_open",
            "user_id",
            unique=True,
            sqlite_where=text("clock_out IS NULL AND deleted_at IS NULL"),
            postgresql_where=text("clock_out IS NULL AND deleted_at IS NULL"),
        ),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    clock_in: Mapped[datetime] = mapped_column(UtcDateTime)
    clock_out: Mapped[datetime | None] = mapped_column(UtcDateTime)


class AttendanceBreakRow(SyncedRow):
    __tablename__ = "attendance_breaks"
    __table_args__ = (Index(None, "user_id", "started_at"),)

    session_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("attendance_sessions.id"), index=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class TimesheetRow(SyncedRow):
    __tablename__ = "timesheets"
    # One timesheet per user and week, enforced by the database.
    __table_args__ = (
        Index(None, "user_id", "week_start", unique=True, sqlite_where=LIVE, postgresql_where=LIVE),
        Index(None, "org_id", "status", "week_start"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    week_start: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
    submitted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    decided_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    reason: Mapped[str] = mapped_column(Text)


class BlockedAttemptRow(SyncedRow):
    """A refused attempt to log billable time, with the checks that failed."""

    __tablename__ = "blocked_attempts"
    __table_args__ = (Index(None, "org_id", "at"),)

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id"), index=True)
    task_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("tasks.id"))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    codes: Mapped[list] = mapped_column(JSON)
    messages: Mapped[list] = mapped_column(JSON)


class _PricedDocumentColumns:
    """Columns invoices and quotes share (see domain/priced_document.py)."""

    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clients.id"), index=True)
    currency: Mapped[str] = mapped_column(String(3))
    number: Mapped[str | None] = mapped_column(String(60))
    issue_date: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text)
    discount_percent: Mapped[str | None] = mapped_column(String(8))
    discount_amount_minor, discount_amount_currency = _money()
    net_minor, net_currency = _money(nullable=False)
    tax_minor, tax_currency = _money(nullable=False)
    total_minor, total_currency = _money(nullable=False)


class InvoiceRow(_PricedDocumentColumns, SyncedRow):
    __tablename__ = "invoices"
    __table_args__ = (
        # A number is given once per organisation, whatever the series.
        UniqueConstraint("org_id", "number"),
        Index(None, "org_id", "status", "due_date"),
    )

    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    payment_terms_kind: Mapped[str] = mapped_column(String(16))
    payment_terms_params: Mapped[dict] = mapped_column(JSON)
    due_date: Mapped[date | None] = mapped_column(Date)
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    project_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("projects.id"))
    credited_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("invoices.id"))
    paid_minor, paid_currency = _money(nullable=False)
    early_discount_minor, early_discount_currency = _money()
    paid_on: Mapped[date | None] = mapped_column(Date)
    finalised_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    bill_to: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # last sent by email
    sent_to: Mapped[str] = mapped_column(Text, server_default="")  # its recipients, comma-separated
    purchase_order: Mapped[str] = mapped_column(String(200), server_default="")  # the buyer's order (BT-13)


class QuoteRow(_PricedDocumentColumns, SyncedRow):
    __tablename__ = "quotes"
    __table_args__ = (UniqueConstraint("org_id", "number"),)

    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    valid_until: Mapped[date | None] = mapped_column(Date)
    decided_on: Mapped[date | None] = mapped_column(Date)


class _LineColumns:
    """Columns of a document line (see domain/document_lines.py); each document kind has its own table."""

    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    description: Mapped[str] = mapped_column(Text)
    quantity: Mapped[str] = mapped_column(String(24))  # exact decimal text
    unit: Mapped[str] = mapped_column(String(8))
    unit_price_minor, unit_price_currency = _money(nullable=False)
    vat_category: Mapped[str] = mapped_column(String(4))
    vat_rate: Mapped[str] = mapped_column(String(8))
    vat_reason: Mapped[str] = mapped_column(Text)
    net_minor, net_currency = _money(nullable=False)
    project_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("projects.id"))
    milestone_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("milestones.id"))


class InvoiceLineRow(_LineColumns, SyncedRow):
    __tablename__ = "invoice_lines"

    document_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("invoices.id"), index=True)


class QuoteLineRow(_LineColumns, SyncedRow):
    __tablename__ = "quote_lines"

    document_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("quotes.id"), index=True)


class PaymentRow(SyncedRow):
    __tablename__ = "payments"

    invoice_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("invoices.id"), index=True)
    received_on: Mapped[date] = mapped_column(Date)
    amount_minor, amount_currency = _money(nullable=False)
    method: Mapped[str] = mapped_column(String(50))
    reference: Mapped[str] = mapped_column(String(200))
    reversed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    reversal_reason: Mapped[str] = mapped_column(Text)


class NumberCounterRow(Base):
    """The last number given in each run of a series ("invoice" in 2026): numbers are gapless because the
    counter moves in the same transaction that issues the document."""

    __tablename__ = "number_counters"

    org_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    series: Mapped[str] = mapped_column(String(16), primary_key=True)
    period: Mapped[str] = mapped_column(String(8), primary_key=True)
    last: Mapped[int] = mapped_column(BigInteger)


class InvoiceTemplateRow(SyncedRow):
    """An invoice template of the organisation: its settings as JSON (app/domain/template_json.py) and its logo."""

    __tablename__ = "invoice_templates"
    __table_args__ = (
        # Names are unique among the live templates of an organisation; a deleted one frees its name.
        Index(None, "org_id", "name", unique=True, sqlite_where=LIVE, postgresql_where=LIVE),
    )

    name: Mapped[str] = mapped_column(String(100))
    is_default: Mapped[bool] = mapped_column(Boolean, server_default=false())
    spec: Mapped[dict] = mapped_column(JSON)
    logo: Mapped[bytes | None] = mapped_column(LargeBinary)


# The desktop's own tables (audit trail, local settings, the sync outbox) live in desktop_rows.py; importing it
# here puts them in the same metadata whichever module is imported first.
from app.storage import desktop_rows  # noqa: E402, F401
