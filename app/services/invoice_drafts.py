"""Invoice drafts: made from approved time, fixed prices, milestones or by hand, and edited until finalised.

Entries on a draft are tied to it (their invoice_id), so they can be neither edited (they are approved)
nor reopened, nor drafted twice; deleting the draft releases them. Milestones on a draft are marked
invoiced the same way. Every change to the lines recomputes the draft's totals.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Unpack

from moneyed import Money

from app.domain.client import Client
from app.domain.document_lines import DocumentLine, LineKind, priced_line
from app.domain.document_totals import Discount
from app.domain.errors import Checks, refuse
from app.domain.invoice import Invoice, InvoiceKind
from app.domain.invoice_drafting import GroupBy, Names, group_entries
from app.domain.money import format_money, from_minor, round_half_up
from app.domain.priced_document import clean_notes
from app.domain.project import BillingType, MilestoneStatus, Project
from app.domain.task_log import EntryStatus
from app.domain.tax import Vat, parse_percent
from app.domain.text import clean_name, collect, parse_choice
from app.services import document_editing
from app.services.document_editing import Documents, LineChange, NewLine
from app.services.identity import Actor, require_manager
from app.services.ports import UnitOfWork

HOURS_UNIT = "h"
PURCHASE_ORDER_MAX = 200  # the column's width


@dataclass(frozen=True)
class FixedShare:
    """What part of a fixed price to invoice: a percentage of it, or whatever is left of it."""

    percent: Decimal | None = None
    remainder: bool = False


@dataclass(frozen=True)
class DraftResult:
    invoice: Invoice
    entries: int  # approved entries now on the draft
    unpriced: int  # approved entries left out because no rate applied to them


def _check_editable(uow: UnitOfWork, actor: Actor, invoice: Invoice) -> None:
    require_manager(actor, "change invoices")
    invoice.check_draft()
    if uow.sync_ops.finalising(invoice.id):
        raise refuse(
            "finalising",
            f"Invoice {invoice.label} is being finalised: it waits for the team server to give it its number at "
            "the next sync, and cannot change any more.",
        )


INVOICES = Documents[Invoice]("invoice", lambda uow: uow.invoices, lambda uow: uow.invoice_lines, _check_editable)


def _zero(currency: str) -> Money:
    return from_minor(0, currency)


def empty_invoice(actor: Actor, client: Client, *, kind: InvoiceKind = InvoiceKind.INVOICE, **fields) -> Invoice:
    zero = _zero(client.currency)
    return Invoice(
        org_id=actor.org.id,
        client_id=client.id,
        currency=client.currency,
        kind=kind,
        payment_terms=client.payment_terms,
        net=zero,
        tax=zero,
        total=zero,
        paid=zero,
        **fields,
    )


def new_draft(uow: UnitOfWork, actor: Actor, client: Client, notes: str = "") -> Invoice:
    """An empty draft for the client, in the client's currency and on the client's payment terms."""
    require_manager(actor, "create invoices")
    invoice = empty_invoice(actor, client, notes=clean_notes(notes))
    return uow.invoices.add(invoice)


def draft_from_time(
    uow: UnitOfWork,
    actor: Actor,
    client: Client,
    *,
    first: date,
    last: date,
    projects: Sequence[Project] = (),
    group_by: GroupBy | str = GroupBy.PROJECT,
    fixed: FixedShare | None = None,
) -> DraftResult:
    """A draft billing the client's approved, not yet invoiced work from `first` to `last`.

    Hourly projects bill their approved time, grouped as asked (never merging different rates);
    milestone projects bill their reached milestones; fixed-price projects bill `fixed` (a percentage
    or the remainder of the price) when given. `projects` empty: all of the client's projects.
    Refused, writing nothing, when there is nothing to bill.
    """
    require_manager(actor, "create invoices")
    checks = Checks()
    grouping = collect(checks, parse_choice, GroupBy, group_by, "group_by")
    checks.require(first <= last, "period_reversed", f"The period ends ({last}) before it starts ({first}).", "to")
    chosen = list(projects) or [p for p in uow.projects.all(actor.org.id) if p.client_id == client.id]
    for project in chosen:
        checks.require(
            project.client_id == client.id,
            "other_client",
            f"Project {project.code} belongs to another client.",
            "project",
        )
    checks.raise_if_any()
    invoice = empty_invoice(actor, client, period_start=first, period_end=last)
    uow.invoices.add(invoice)
    vat = Vat.at(actor.org.default_tax_rate)
    hourly = [p for p in chosen if p.billing is BillingType.HOURLY]
    entries = uow.entries.attach_to_invoice(actor.org.id, [p.id for p in hourly], first, last, invoice.id)
    lines: list[DocumentLine] = []
    for drafted in group_entries(entries, grouping, _names(uow, actor, hourly)):  # type: ignore[arg-type]
        lines.append(
            _line(
                invoice,
                len(lines),
                drafted.description,
                drafted.hours,
                drafted.rate,
                vat,
                LineKind.HOURS,
                project_id=drafted.project_id,
                unit=HOURS_UNIT,
            )
        )
    for project in chosen:
        if project.billing is BillingType.MILESTONE:
            lines.extend(_milestone_lines(uow, invoice, project, vat, start=len(lines)))
        elif project.billing is BillingType.FIXED and fixed is not None:
            lines.append(_fixed_line(uow, invoice, project, fixed, vat, position=len(lines)))
    if not lines:
        raise refuse(
            "nothing_to_invoice",
            f"{client.name} has no approved, uninvoiced time, reached milestone or fixed price to bill from "
            f"{first} to {last}; nothing was drafted.",
        )
    for line in lines:
        uow.invoice_lines.add(line)
    retotal(uow, invoice)
    unpriced = uow.entries.unpriced(actor.org.id, [p.id for p in hourly], first, last)
    return DraftResult(invoice, len(entries), unpriced)


def _names(uow: UnitOfWork, actor: Actor, projects: Sequence[Project]) -> Names:
    tasks = {task.id: task.name for project in projects for task in uow.tasks.of_project(project.id)}
    return Names(
        projects={p.id: f"{p.code} · {p.name}" for p in projects},
        tasks=tasks,
        people={user.id: user.name for user in uow.users.all(actor.org.id)},
    )


def _line(
    invoice: Invoice,
    position: int,
    description: str,
    quantity: Decimal,
    price: Money,
    vat: Vat,
    kind: LineKind,
    *,
    project_id: uuid.UUID | None = None,
    milestone_id: uuid.UUID | None = None,
    unit: str = "",
) -> DocumentLine:
    """A line made by the system (its values are already valid)."""
    return priced_line(
        org_id=invoice.org_id,
        document_id=invoice.id,
        position=position,
        kind=kind,
        description=description,
        quantity=quantity,
        unit=unit,
        unit_price=price,
        vat=vat,
        project_id=project_id,
        milestone_id=milestone_id,
    )


def _milestone_lines(uow: UnitOfWork, invoice: Invoice, project: Project, vat: Vat, start: int) -> list[DocumentLine]:
    lines = []
    for milestone in uow.milestones.of_project(project.id):
        if milestone.status is not MilestoneStatus.REACHED:
            continue
        milestone.move_to(MilestoneStatus.INVOICED)
        uow.milestones.save(milestone)
        description = f"{project.code} · {project.name}: milestone {milestone.name}"
        lines.append(
            _line(
                invoice,
                start + len(lines),
                description,
                Decimal(1),
                milestone.amount,
                vat,
                LineKind.MILESTONE,
                project_id=project.id,
                milestone_id=milestone.id,
            )
        )
    return lines


def _fixed_line(
    uow: UnitOfWork, invoice: Invoice, project: Project, share: FixedShare, vat: Vat, position: int
) -> DocumentLine:
    price = project.fixed_price
    assert price is not None  # a fixed-price project always has its price
    left = price - uow.invoice_lines.billed(project.id, LineKind.FIXED, price.currency.code)
    label = f"{project.code} · {project.name}"
    if left.amount <= 0:
        raise refuse(
            "fixed_price_invoiced", f"The fixed price of {project.code} ({format_money(price)}) is invoiced in full."
        )
    if share.remainder:
        amount, text = left, f"{label}: remainder of the fixed price of {format_money(price)}"
    else:
        percent = share.percent or Decimal(0)
        amount = round_half_up(price.amount * percent / 100, price.currency.code)
        text = f"{label}: {percent:f} % of the fixed price of {format_money(price)}"
        if amount > left:
            raise refuse(
                "fixed_price_exceeded",
                f"{percent:f} % of {project.code}'s fixed price is {format_money(amount)}, more than the "
                f"{format_money(left)} not yet invoiced; invoice the remainder instead.",
                "percent",
            )
        if amount.amount <= 0:
            raise refuse("not_positive", "The share of the fixed price must be more than zero.", "percent")
    return _line(invoice, position, text, Decimal(1), amount, vat, LineKind.FIXED, project_id=project.id)


def clean_fixed_share(percent: str | None, remainder: bool) -> FixedShare:
    if (percent is None) == (not remainder):
        raise refuse("fixed_share_choice", "Give either a percentage of the fixed price or the remainder.", "percent")
    if remainder:
        return FixedShare(remainder=True)
    return FixedShare(percent=parse_percent(percent or "", "percent"))


def add_fixed_share(
    uow: UnitOfWork, actor: Actor, invoice: Invoice, project: Project, share: FixedShare
) -> DocumentLine:
    """Add a share of a fixed-price project's price to a draft."""
    _check_editable(uow, actor, invoice)
    if project.billing is not BillingType.FIXED or project.client_id != invoice.client_id:
        raise refuse("not_fixed_price", f"{project.code} is not a fixed-price project of this invoice's client.")
    position = document_editing.next_position(uow, INVOICES, invoice)
    line = _fixed_line(uow, invoice, project, share, Vat.at(actor.org.default_tax_rate), position)
    uow.invoice_lines.add(line)
    retotal(uow, invoice)
    return line


def add_line(uow: UnitOfWork, actor: Actor, invoice: Invoice, **line: Unpack[NewLine]) -> DocumentLine:
    """A line typed by hand (expenses, a day's workshop...), validated, every problem at once."""
    return document_editing.add_line(uow, actor, INVOICES, invoice, **line)


def edit_line(uow: UnitOfWork, actor: Actor, line_id: uuid.UUID, **change: Unpack[LineChange]) -> DocumentLine:
    """Change a draft's line; what is left out stays. Prices of approved time stay the rates logged."""
    line, invoice = document_editing.line_and_draft(uow, actor, INVOICES, line_id)
    checks = Checks()
    if change.get("unit_price") is not None:
        checks.require(
            line.kind is LineKind.MANUAL,
            "price_fixed",
            "Only the price of a line typed by hand can change; time is billed at the rates it was logged with.",
            "unit_price",
        )
    return document_editing.change_line(uow, INVOICES, line, invoice, checks, **change)


def remove_line(uow: UnitOfWork, actor: Actor, line_id: uuid.UUID) -> None:
    """Remove a line typed by hand, a fixed-price share or a milestone (which becomes reached again)."""
    line, invoice = document_editing.line_and_draft(uow, actor, INVOICES, line_id)
    if line.kind is LineKind.HOURS:
        raise refuse(
            "hours_line",
            "A line of approved time leaves only with its entries: delete the draft and draft again for other "
            "projects or dates, or set this line's quantity.",
        )
    if line.milestone_id is not None:
        release_milestone(uow, line.milestone_id)
    document_editing.remove_line(uow, INVOICES, line, invoice)


def set_discount(uow: UnitOfWork, actor: Actor, invoice: Invoice, discount: Discount) -> Invoice:
    """Set (or, with Discount(), clear) the document discount; an amount above the net is refused."""
    return document_editing.set_discount(uow, actor, INVOICES, invoice, discount)


def set_notes(uow: UnitOfWork, actor: Actor, invoice: Invoice, notes: str) -> Invoice:
    _check_editable(uow, actor, invoice)
    invoice.notes = clean_notes(notes)
    uow.invoices.save(invoice)
    return invoice


def set_purchase_order(uow: UnitOfWork, actor: Actor, invoice: Invoice, purchase_order: str) -> Invoice:
    """The buyer's purchase order number the draft answers (EN 16931 BT-13); blank removes it."""
    _check_editable(uow, actor, invoice)
    invoice.purchase_order = clean_name(purchase_order, "purchase_order", max_len=PURCHASE_ORDER_MAX, required=False)
    uow.invoices.save(invoice)
    return invoice


def delete_draft(uow: UnitOfWork, actor: Actor, invoice: Invoice) -> int:
    """Delete a draft and release what it billed: its entries and milestones. Returns the entries released."""
    _check_editable(uow, actor, invoice)
    released = uow.entries.move_invoiced(invoice.id, EntryStatus.APPROVED, EntryStatus.APPROVED, keep_link=False)
    for line in uow.invoice_lines.of_document(invoice.id):
        if line.milestone_id is not None:
            release_milestone(uow, line.milestone_id)
        uow.invoice_lines.remove(line)
    uow.invoices.remove(invoice)
    return released


def retotal(uow: UnitOfWork, invoice: Invoice) -> Invoice:
    """Recompute the totals from the lines (EN 16931 rounding); a discount above the net is refused."""
    return document_editing.retotal(uow, INVOICES, invoice)


def release_milestone(uow: UnitOfWork, milestone_id: uuid.UUID) -> None:
    milestone = uow.milestones.get(milestone_id)
    if milestone is not None and milestone.status is MilestoneStatus.INVOICED:
        milestone.move_to(MilestoneStatus.REACHED)
        uow.milestones.save(milestone)
