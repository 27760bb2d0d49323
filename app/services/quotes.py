"""Quotes: drafting what a project will cost, sending it under a number, and the client signing or declining it.

Sending a quote moves a project still at the enquiry stage to quoted. Signing marks the project's quote
signed and starts it: at once when the client pays no deposit; otherwise it drafts the deposit invoice
(P % of the quote's net, P from the client's deposit terms) and leaves the project waiting for it, and
paying that invoice in full activates the project (payments._follow_deposit). A sent quote past its
validity expires (expire_quotes: at start-up, daily, and by the CLI's quote commands).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Unpack

from app.domain.client import Client
from app.domain.document_lines import DocumentLine, LineKind, new_line
from app.domain.document_totals import Discount
from app.domain.errors import Checks, NotFound, Problem, refuse
from app.domain.invoice import Invoice, InvoiceKind
from app.domain.money import format_money, from_minor, round_half_up
from app.domain.payment_terms import DEPOSIT, PaymentTerms
from app.domain.priced_document import clean_notes
from app.domain.project import Project, ProjectStatus
from app.domain.quote import DEFAULT_VALID_DAYS, Quote, QuoteStatus
from app.domain.tax import Vat
from app.domain.text import collect
from app.services import document_editing, invoice_drafts
from app.services.document_editing import Documents, LineChange, NewLine
from app.services.identity import Actor, require_manager
from app.services.numbering import next_number
from app.services.ports import UnitOfWork

QUOTE_SERIES = "quote"
# Signing starts the project; these stages move to waiting-for-deposit when a deposit is due.
NOT_STARTED = frozenset({ProjectStatus.ENQUIRY, ProjectStatus.QUOTED})


def _check_editable(_uow: UnitOfWork, actor: Actor, quote: Quote) -> None:
    require_manager(actor, "change quotes")
    quote.check_draft()


QUOTES = Documents[Quote]("quote", lambda uow: uow.quotes, lambda uow: uow.quote_lines, _check_editable)


@dataclass(frozen=True)
class SignedQuote:
    quote: Quote
    project: Project
    deposit_invoice: Invoice | None  # the draft deposit invoice, when the client's terms ask for a deposit


def new_quote(
    uow: UnitOfWork, actor: Actor, project: Project, *, valid_until: date | None = None, notes: str = ""
) -> Quote:
    """An empty draft quote for the project, in its client's currency. Without `valid_until` the quote is
    valid for DEFAULT_VALID_DAYS from the day it is sent."""
    require_manager(actor, "create quotes")
    client = _client_of(uow, project)
    checks = Checks()
    _check_not_archived(checks, project)
    _check_validity(checks, valid_until, actor.today(uow.clock))
    text = collect(checks, clean_notes, notes)
    checks.raise_if_any()
    zero = from_minor(0, client.currency)
    quote = Quote(
        org_id=actor.org.id,
        client_id=client.id,
        project_id=project.id,
        currency=client.currency,
        valid_until=valid_until,
        notes=text or "",
        net=zero,
        tax=zero,
        total=zero,
    )
    return uow.quotes.add(quote)


def add_quote_line(uow: UnitOfWork, actor: Actor, quote: Quote, **line: Unpack[NewLine]) -> DocumentLine:
    """A line on a draft quote (at the organisation's default VAT unless given); every problem at once."""
    return document_editing.add_line(uow, actor, QUOTES, quote, project_id=quote.project_id, **line)


def edit_quote_line(uow: UnitOfWork, actor: Actor, line_id: uuid.UUID, **change: Unpack[LineChange]) -> DocumentLine:
    """Change a draft quote's line; what is left out stays. Checked like a new line, every problem at once."""
    line, quote = document_editing.line_and_draft(uow, actor, QUOTES, line_id)
    return document_editing.change_line(uow, QUOTES, line, quote, **change)


def remove_quote_line(uow: UnitOfWork, actor: Actor, line_id: uuid.UUID) -> Quote:
    line, quote = document_editing.line_and_draft(uow, actor, QUOTES, line_id)
    return document_editing.remove_line(uow, QUOTES, line, quote)


def set_quote_discount(uow: UnitOfWork, actor: Actor, quote: Quote, discount: Discount) -> Quote:
    """Set (or, with Discount(), clear) the discount; an amount above the lines' net is refused."""
    return document_editing.set_discount(uow, actor, QUOTES, quote, discount)


def retotal(uow: UnitOfWork, quote: Quote) -> Quote:
    """Recompute the quote's totals from its lines (EN 16931 rounding, as on invoices)."""
    return document_editing.retotal(uow, QUOTES, quote)


def send_quote(uow: UnitOfWork, actor: Actor, quote: Quote) -> Quote:
    """Issue a draft quote: the next number of the quote series, today's date, and its validity (given when
    it was drafted, else DEFAULT_VALID_DAYS from today). An enquiry project becomes quoted."""
    require_manager(actor, "send quotes")
    quote.check_draft()
    retotal(uow, quote)
    today = actor.today(uow.clock)
    project = _project_of(uow, quote)
    checks = Checks()
    _check_not_archived(checks, project)
    has_lines = checks.require(
        bool(uow.quote_lines.of_document(quote.id)),
        "empty_quote",
        "A quote needs at least one line before it can be sent.",
    )
    if has_lines:
        checks.require(
            quote.total.amount > 0,
            "not_positive_total",
            f"The quote comes to {format_money(quote.total)}; only a quote above zero can be sent.",
        )
    _check_validity(checks, quote.valid_until, today)
    checks.raise_if_any()
    quote.number = next_number(
        uow, actor.org, QUOTE_SERIES, actor.org.quote_pattern, today, uow.quotes.by_number, "quote"
    )
    quote.issue_date = today
    quote.valid_until = quote.valid_until or today + timedelta(days=DEFAULT_VALID_DAYS)
    quote.move_to(QuoteStatus.SENT, today)
    uow.quotes.save(quote)
    if project.status is ProjectStatus.ENQUIRY:
        project.move_to(ProjectStatus.QUOTED)
        uow.projects.save(project)
    return quote


def sign_quote(uow: UnitOfWork, actor: Actor, quote: Quote) -> SignedQuote:
    """The client signed a sent quote: the project's quote is signed and the project starts.

    Client terms without a deposit: the project becomes active (if it is not already). Deposit terms
    (deposit:P): a draft deposit invoice for P % of the quote's net is made (due on receipt, at the
    organisation's default VAT); a project not yet started now requires the deposit and waits for it,
    and becomes active when that invoice is paid in full. A project already active or completed keeps
    its status and deposit flags (work is under way); the deposit invoice is still drafted.
    Refused, writing nothing: a draft, a quote already decided or past its validity, an archived project,
    or a project that requires a deposit its client's terms do not ask for.
    """
    require_manager(actor, "sign quotes")
    today = actor.today(uow.clock)
    _check_decidable(quote, "signed")
    if quote.valid_until is not None and quote.valid_until < today:
        raise refuse(
            "quote_expired",
            f"Quote {quote.number} was valid until {quote.valid_until} and can no longer be signed; "
            "send the client a new quote.",
        )
    project = _project_of(uow, quote)
    client = _client_of(uow, project)
    checks = Checks()
    _check_not_archived(checks, project)
    terms = client.payment_terms
    deposit_due = terms.kind == DEPOSIT
    checks.require(
        deposit_due or not project.requires_deposit or project.deposit_paid,
        "deposit_without_terms",
        f"Project {project.code} requires a deposit, but {client.name}'s payment terms ({terms}) ask for none, "
        f"so no deposit invoice can be made; set {client.name}'s terms to deposit:P, or clear the project's "
        "deposit requirement.",
        "project",
    )
    checks.raise_if_any()
    quote.move_to(QuoteStatus.SIGNED, today)
    uow.quotes.save(quote)
    project.quote_signed = True
    invoice = None
    if deposit_due:
        invoice = _draft_deposit(uow, actor, client, project, quote, terms.percent or Decimal(0))
        if project.status in NOT_STARTED:
            project.requires_deposit, project.deposit_paid = True, False
            project.move_to(ProjectStatus.WAITING_DEPOSIT)
    elif project.status is not ProjectStatus.ACTIVE:
        project.move_to(ProjectStatus.ACTIVE)
    uow.projects.save(project)
    return SignedQuote(quote, project, invoice)


def decline_quote(uow: UnitOfWork, actor: Actor, quote: Quote) -> Quote:
    """The client declined a sent quote (the project keeps its status)."""
    require_manager(actor, "decline quotes")
    _check_decidable(quote, "declined")
    quote.move_to(QuoteStatus.DECLINED, actor.today(uow.clock))
    return uow.quotes.save(quote)


def expire_quotes(uow: UnitOfWork, actor: Actor) -> list[Quote]:
    """Sent quotes past their validity become expired (run at start-up, daily and by the CLI); returns them.
    Housekeeping, so any user's start-up runs it."""
    today = actor.today(uow.clock)
    expired = []
    for quote in uow.quotes.listing(actor.org.id, (QuoteStatus.SENT,)):
        if quote.expire(today):
            uow.quotes.save(quote)
            expired.append(quote)
    return expired


def _draft_deposit(
    uow: UnitOfWork, actor: Actor, client: Client, project: Project, quote: Quote, percent: Decimal
) -> Invoice:
    invoice = invoice_drafts.empty_invoice(
        actor, client, kind=InvoiceKind.DEPOSIT, project_id=project.id, notes=f"Deposit on quote {quote.number}."
    )
    invoice.payment_terms = PaymentTerms.net(0)
    uow.invoices.add(invoice)
    # Reading its (no) lines first writes the new invoice before its line: the rows have no relationship
    # that tells storage which of the two to insert first, and the line's foreign key needs the invoice.
    position = len(uow.invoice_lines.of_document(invoice.id))
    line = new_line(
        org_id=actor.org.id,
        document_id=invoice.id,
        position=position,
        currency=invoice.currency,
        description=f"Deposit of {percent:f} % on quote {quote.number}",
        quantity=Decimal(1),
        unit_price=round_half_up(quote.net.amount * percent / 100, quote.currency),
        vat=Vat.at(actor.org.default_tax_rate),
        kind=LineKind.DEPOSIT,
        project_id=project.id,
    )
    uow.invoice_lines.add(line)
    return invoice_drafts.retotal(uow, invoice)


def _check_decidable(quote: Quote, doing: str) -> None:
    if quote.status is QuoteStatus.DRAFT:
        raise refuse("quote_not_sent", f"The quote is still a draft; send it before it can be {doing}.")
    if quote.status is not QuoteStatus.SENT:
        raise refuse(
            "quote_decided",
            f"Quote {quote.number} was already {quote.status.value} on {quote.decided_on}; it cannot be {doing}.",
        )


def _check_not_archived(checks: Checks, project: Project) -> None:
    checks.require(
        project.status is not ProjectStatus.ARCHIVED,
        "project_archived",
        f"Project {project.code} is archived; restore it before quoting for it.",
        "project",
    )


def _check_validity(checks: Checks, valid_until: date | None, today: date) -> None:
    checks.require(
        valid_until is None or valid_until >= today,
        "valid_until_past",
        f"A quote cannot be valid only until {valid_until}, which is before today ({today}).",
        "valid_until",
    )


def _client_of(uow: UnitOfWork, project: Project) -> Client:
    client = uow.clients.get(project.client_id)
    if client is None:
        raise NotFound(Problem("unknown_client", f"The client of project {project.code} no longer exists.", "client"))
    return client


def _project_of(uow: UnitOfWork, quote: Quote) -> Project:
    project = uow.projects.get(quote.project_id)
    if project is None:
        raise NotFound(Problem("unknown_project", "The quote's project no longer exists.", "project"))
    return project
