"""Editing a draft priced document (an invoice or a quote): its lines and discount, each change recomputing its totals.

What every kind of document shares lives here; the rules of one kind (which of its lines may change, what
removing one releases) stay in its own module, which checks them before calling these.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, Required, TypedDict, TypeVar

from app.domain.document_lines import DocumentLine, new_line
from app.domain.document_totals import Discount, compute_totals
from app.domain.errors import Checks, NotFound, Problem
from app.domain.priced_document import PricedDocument
from app.domain.tax import Vat
from app.domain.text import clean_name, collect
from app.services.identity import Actor
from app.services.ports import DocumentLines, Repository, UnitOfWork

UNIT_MAX_CHARS = 8

D = TypeVar("D", bound=PricedDocument)


@dataclass(frozen=True)
class Documents(Generic[D]):
    """One kind of priced document: where its drafts and their lines are kept in a unit of work, and the
    check that the actor may change a draft of it (and that it is still a draft)."""

    noun: str  # "invoice", "quote": in messages
    store: Callable[[UnitOfWork], Repository[D]]
    lines: Callable[[UnitOfWork], DocumentLines]
    check_editable: Callable[[UnitOfWork, Actor, D], None]


class NewLine(TypedDict, total=False):
    """A line as typed: the text is checked by add_line; no VAT means the organisation's default rate."""

    description: Required[str]
    quantity: Required[str]
    unit_price: Required[str]
    vat: Vat | None
    unit: str


class LineChange(TypedDict, total=False):
    """What changes on a line; what is left out (or None) stays."""

    description: str | None
    quantity: str | None
    unit_price: str | None
    vat: Vat | None


def retotal(uow: UnitOfWork, documents: Documents[D], document: D) -> D:
    """Recompute the totals from the lines (EN 16931 rounding); a discount above the net is refused."""
    lines = documents.lines(uow).of_document(document.id)
    document.take_totals(compute_totals(lines, document.currency, document.discount))
    documents.store(uow).save(document)
    return document


def next_position(uow: UnitOfWork, documents: Documents[D], document: D) -> int:
    """Where a new line goes: after the document's last line."""
    return max((line.position for line in documents.lines(uow).of_document(document.id)), default=-1) + 1


def line_and_draft(
    uow: UnitOfWork, actor: Actor, documents: Documents[D], line_id: uuid.UUID
) -> tuple[DocumentLine, D]:
    """A line and the draft it is on, once the actor may change that draft."""
    line = documents.lines(uow).get(line_id)
    document = documents.store(uow).get(line.document_id) if line else None
    if line is None or document is None:
        raise NotFound(Problem("unknown_line", f"That {documents.noun} line no longer exists.", "line"))
    documents.check_editable(uow, actor, document)
    return line, document


def add_line(
    uow: UnitOfWork,
    actor: Actor,
    documents: Documents[D],
    document: D,
    *,
    description: str,
    quantity: str,
    unit_price: str,
    vat: Vat | None = None,
    unit: str = "",
    project_id: uuid.UUID | None = None,
) -> DocumentLine:
    """A line typed by hand on a draft (at the organisation's default VAT unless given); every problem at once."""
    documents.check_editable(uow, actor, document)
    checks = Checks()
    unit_text = collect(checks, clean_name, unit, "unit", max_len=UNIT_MAX_CHARS, required=False)
    line = collect(
        checks,
        new_line,
        org_id=document.org_id,
        document_id=document.id,
        position=next_position(uow, documents, document),
        currency=document.currency,
        description=description,
        quantity=quantity,
        unit_price=unit_price,
        vat=vat or Vat.at(actor.org.default_tax_rate),
        unit=unit_text or "",
        project_id=project_id,
    )
    checks.raise_if_any()
    assert line is not None
    documents.lines(uow).add(line)
    retotal(uow, documents, document)
    return line


def change_line(
    uow: UnitOfWork,
    documents: Documents[D],
    line: DocumentLine,
    document: D,
    checks: Checks | None = None,
    *,
    description: str | None = None,
    quantity: str | None = None,
    unit_price: str | None = None,
    vat: Vat | None = None,
) -> DocumentLine:
    """Change a line of a draft (from line_and_draft), checked like a new line; what is left out stays.
    `checks` holds what the document's own rules found wrong with the change: every problem is said at once."""
    checks = Checks() if checks is None else checks
    edited = collect(
        checks,
        new_line,
        org_id=line.org_id,
        document_id=line.document_id,
        position=line.position,
        currency=document.currency,
        description=line.description if description is None else description,
        quantity=line.quantity if quantity is None else quantity,
        unit_price=line.unit_price if unit_price is None else unit_price,
        vat=line.vat if vat is None else vat,
        unit=line.unit,
        kind=line.kind,
        project_id=line.project_id,
        milestone_id=line.milestone_id,
    )
    checks.raise_if_any()
    assert edited is not None
    line.description, line.quantity = edited.description, edited.quantity
    line.unit_price, line.net = edited.unit_price, edited.net
    line.vat_category, line.vat_rate, line.vat_reason = edited.vat_category, edited.vat_rate, edited.vat_reason
    documents.lines(uow).save(line)
    retotal(uow, documents, document)
    return line


def remove_line(uow: UnitOfWork, documents: Documents[D], line: DocumentLine, document: D) -> D:
    """Remove a line of a draft (from line_and_draft) and recompute the draft's totals."""
    documents.lines(uow).remove(line)
    return retotal(uow, documents, document)


def set_discount(uow: UnitOfWork, actor: Actor, documents: Documents[D], document: D, discount: Discount) -> D:
    """Set (or, with Discount(), clear) the discount off the net; an amount above the lines' net is refused."""
    documents.check_editable(uow, actor, document)
    document.set_discount(discount)
    return retotal(uow, documents, document)
