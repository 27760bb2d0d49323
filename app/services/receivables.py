"""What clients owe: the aging list, each client's figures, and keeping invoice and quote statuses current."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from app.domain.client import Client
from app.domain.invoice import OPEN_STATUSES, Invoice, InvoiceStatus
from app.domain.receivables import AgingReport, ClientAging, ClientFigures, aging, client_figures
from app.services import payments, quotes
from app.services.identity import Actor, require_manager
from app.services.ports import UnitOfWork


def refresh_statuses(uow: UnitOfWork, actor: Actor) -> tuple[int, int]:
    """Invoices past due become overdue and sent quotes past their validity expire; the app runs this at
    start-up and daily, the CLI before its quote and aging commands. Returns (invoices now overdue,
    quotes expired)."""
    moved = payments.mark_overdue(uow, actor)
    expired = quotes.expire_quotes(uow, actor)
    # mark_overdue also passes over credit notes, which never become overdue: count only real moves.
    return sum(invoice.status is InvoiceStatus.OVERDUE for invoice in moved), len(expired)


def aging_report(uow: UnitOfWork, actor: Actor) -> AgingReport:
    """Open balances by client and currency in the buckets current, 1-30, 31-60, 61-90 and 90+ days past due."""
    require_manager(actor, "see receivables")
    invoices = uow.invoices.listing(actor.org.id, tuple(OPEN_STATUSES))
    return aging(invoices, actor.today(uow.clock), _names(uow, actor))


def figures_for(uow: UnitOfWork, actor: Actor, client: Client) -> ClientFigures:
    """A client's lifetime billed, paid, outstanding, average days to pay and health grade."""
    require_manager(actor, "see receivables")
    return client_figures(uow.invoices.listing(actor.org.id, (), client.id), actor.today(uow.clock))


@dataclass(frozen=True)
class ClientStanding:
    """One client in the receivables overview: what is open by age, and its figures."""

    client: Client
    aging: tuple[ClientAging, ...]  # one per currency with something open
    figures: ClientFigures


@dataclass(frozen=True)
class Receivables:
    report: AgingReport
    clients: tuple[ClientStanding, ...]  # every client ever invoiced, by name


def receivables(uow: UnitOfWork, actor: Actor) -> Receivables:
    """The aging report and the figures of every client with an issued invoice, from one read of the invoices."""
    require_manager(actor, "see receivables")
    today = actor.today(uow.clock)
    by_client: dict[uuid.UUID, list[Invoice]] = {}
    for invoice in uow.invoices.listing(actor.org.id):
        if invoice.status is not InvoiceStatus.DRAFT:
            by_client.setdefault(invoice.client_id, []).append(invoice)
    everything: list[Invoice] = [invoice for found in by_client.values() for invoice in found]
    report = aging(everything, today, _names(uow, actor))
    standings = [
        ClientStanding(client, report.of_client(client.id), client_figures(by_client[client.id], today))
        for client in uow.clients.all(actor.org.id)
        if client.id in by_client
    ]
    standings.sort(key=lambda standing: (standing.client.name.casefold(), str(standing.client.id)))
    return Receivables(report, tuple(standings))


def _names(uow: UnitOfWork, actor: Actor) -> dict[uuid.UUID, str]:
    return {client.id: client.name for client in uow.clients.all(actor.org.id)}
