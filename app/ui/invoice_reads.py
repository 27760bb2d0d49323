"""What the Invoices section reads, each in one unit of work on a worker thread: one invoice in full, the
clients and projects to bill, and records named by id in the transaction that changes them."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from app.domain.client import Client, ClientStatus
from app.domain.errors import NotFound, Problem
from app.domain.invoice import Invoice
from app.domain.project import Project
from app.services.clients import list_clients
from app.services.identity import Actor
from app.services.invoice_views import InvoiceDetail, find_invoice, invoice_detail
from app.services.ports import UnitOfWork
from app.services.projects import list_projects


def invoice_by_id(uow: UnitOfWork, actor: Actor, invoice_id: uuid.UUID) -> Invoice:
    """The invoice as it is now (another window may have changed it since it was shown)."""
    return find_invoice(uow, actor, invoice_id.hex)


def client_by_id(uow: UnitOfWork, actor: Actor, client_id: uuid.UUID) -> Client:
    found = next((view.client for view in list_clients(uow, actor) if view.client.id == client_id), None)
    if found is None:
        raise NotFound(Problem("gone", "This client was deleted in the meantime; nothing was drafted.", "client"))
    return found


def projects_by_id(uow: UnitOfWork, actor: Actor, project_ids: Sequence[uuid.UUID]) -> list[Project]:
    wanted = set(project_ids)
    return [view.project for view in list_projects(uow, actor) if view.project.id in wanted]


@dataclass(frozen=True)
class InvoicePage:
    """One invoice in full, with what its dialogs start from."""

    detail: InvoiceDetail
    today: date
    default_tax_rate: Decimal


def invoice_page(uow: UnitOfWork, actor: Actor, invoice_id: uuid.UUID) -> InvoicePage:
    detail = invoice_detail(uow, actor, invoice_by_id(uow, actor, invoice_id))
    return InvoicePage(detail, actor.today(uow.clock), actor.org.default_tax_rate)


@dataclass(frozen=True)
class BillingChoices:
    """The clients an invoice can be for (active first, then archived), each with its projects."""

    clients: tuple[Client, ...]
    projects: dict[uuid.UUID, tuple[Project, ...]] = field(default_factory=dict)
    today: date = date.min


def billing_choices(uow: UnitOfWork, actor: Actor) -> BillingChoices:
    clients = sorted(
        (view.client for view in list_clients(uow, actor)),
        key=lambda c: (c.status is not ClientStatus.ACTIVE, c.name.casefold()),
    )
    projects: dict[uuid.UUID, list[Project]] = {}
    for view in sorted(list_projects(uow, actor), key=lambda v: v.project.code):
        projects.setdefault(view.client.id, []).append(view.project)
    return BillingChoices(
        tuple(clients), {key: tuple(found) for key, found in projects.items()}, actor.today(uow.clock)
    )
