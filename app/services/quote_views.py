"""Reading quotes: finding one by number or id, the list, one quote in full, and it as printed."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from app.domain.client import Client
from app.domain.document_lines import DocumentLine
from app.domain.document_totals import Totals, compute_totals
from app.domain.errors import NotFound, Problem
from app.domain.printable import PrintableDocument, party
from app.domain.project import Project
from app.domain.quote import DEFAULT_VALID_DAYS, Quote, QuoteStatus
from app.services.document_references import find_document, reference
from app.services.identity import Actor, require_manager
from app.services.ports import UnitOfWork

MARKS = {
    QuoteStatus.DRAFT: "DRAFT",
    QuoteStatus.SIGNED: "SIGNED",
    QuoteStatus.DECLINED: "DECLINED",
    QuoteStatus.EXPIRED: "EXPIRED",
}


def find_quote(uow: UnitOfWork, actor: Actor, ref: str) -> Quote:
    """A quote by number ("Q-2026-0001"), by id, or by the end of a draft's id as lists show it ("3f9c27ab")."""
    require_manager(actor, "see quotes")
    drafts = functools.partial(uow.quotes.listing, actor.org.id, (QuoteStatus.DRAFT,))
    return find_document(uow.quotes, drafts, actor.org.id, ref, "quote")


@dataclass(frozen=True)
class QuoteSummary:
    """One row of the quote list."""

    quote: Quote
    client_name: str
    project_code: str

    @property
    def reference(self) -> str:
        return reference(self.quote)


def list_quotes(uow: UnitOfWork, actor: Actor, statuses: Sequence[QuoteStatus] = ()) -> list[QuoteSummary]:
    """Quotes newest first (drafts on top), optionally only those in `statuses`."""
    require_manager(actor, "see quotes")
    names = {c.id: c.name for c in uow.clients.all(actor.org.id)}
    codes = {p.id: p.code for p in uow.projects.all(actor.org.id)}
    return [
        QuoteSummary(quote, names.get(quote.client_id, ""), codes.get(quote.project_id, ""))
        for quote in uow.quotes.listing(actor.org.id, statuses)
    ]


@dataclass(frozen=True)
class QuoteDetail:
    quote: Quote
    client: Client
    project: Project
    lines: tuple[DocumentLine, ...]
    totals: Totals

    @property
    def reference(self) -> str:
        return reference(self.quote)


def quote_detail(uow: UnitOfWork, actor: Actor, quote: Quote) -> QuoteDetail:
    require_manager(actor, "see quotes")
    client = uow.clients.get(quote.client_id)
    project = uow.projects.get(quote.project_id)
    if client is None or project is None:
        raise NotFound(Problem("unknown_client", "The quote's client or project no longer exists.", "quote"))
    lines = tuple(uow.quote_lines.of_document(quote.id))
    return QuoteDetail(quote, client, project, lines, compute_totals(lines, quote.currency, quote.discount))


def printable_quote(uow: UnitOfWork, actor: Actor, quote: Quote) -> PrintableDocument:
    """The quote as the PDF shows it. A draft shows the validity it would get if it were sent today."""
    detail = quote_detail(uow, actor, quote)
    org, client, project = actor.org, detail.client, detail.project
    valid_until = quote.valid_until
    if valid_until is None and quote.status is QuoteStatus.DRAFT:
        valid_until = actor.today(uow.clock) + timedelta(days=DEFAULT_VALID_DAYS)
    return PrintableDocument(
        title="Quote",
        number=quote.number,
        mark=MARKS.get(quote.status),
        seller=party(org.name, org.address, org.tax_id),
        buyer=party(client.name, client.billing_address, client.tax_id, client.email),
        issue_date=quote.issue_date,
        due_date=None,
        valid_until=valid_until,
        reference=f"Project {project.code} · {project.name}",
        lines=detail.lines,
        totals=detail.totals,
        payment_terms=client.payment_terms.describe(),
        bank_details="",
        notes=quote.notes,
        logo=org.logo,
    )
