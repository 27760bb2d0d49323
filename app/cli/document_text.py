"""How the document commands (invoices, quotes) show what the documents share: lines, tax breakdown and totals,
as text tables and as JSON.

JSON amounts are decimal strings with the currency's decimals ("66.66", "1500", "12.345"), the currency said
once, so scripts compare them exactly and never meet a float.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from uuid import UUID

from moneyed import Money

from app.cli.output import Output, money_text, one_line, table
from app.domain.document_lines import DocumentLine
from app.domain.document_totals import Discount, Totals, VatBreakdown
from app.domain.money import format_money, money_json
from app.domain.priced_document import PricedDocument
from app.domain.tax import Vat
from app.services.document_references import SHORT_ID


def amount(money: Money) -> str:
    """The amount as an exact decimal string with the currency's decimals."""
    return money_json(money)["amount"]


def short(record_id: UUID) -> str:
    """How a draft, line or payment id is shown: its end (the start is a timestamp); commands take it back."""
    return record_id.hex[-SHORT_ID:]


def vat_data(vat: Vat) -> dict:
    return {"category": vat.category.value, "rate": f"{vat.rate:f}", "reason": vat.reason, "label": vat.describe()}


def line_data(line: DocumentLine) -> dict:
    return {
        "id": line.id,
        "position": line.position,
        "kind": line.kind.value,
        "description": line.description,
        "quantity": f"{line.quantity:f}",
        "unit": line.unit,
        "unit_price": amount(line.unit_price),
        "net": amount(line.net),
        "vat": vat_data(line.vat),
    }


def breakdown_data(row: VatBreakdown) -> dict:
    return {
        "vat": vat_data(row.vat),
        "lines_net": amount(row.lines_net),
        "discount": amount(row.discount),
        "taxable": amount(row.taxable),
        "tax": amount(row.tax),
    }


def discount_data(document: PricedDocument, totals: Totals) -> dict:
    """The lines' net and the discount off it, as a document's JSON carries them."""
    percent = document.discount_percent
    return {
        "lines_net": amount(totals.lines_net),
        "discount": amount(totals.discount),
        "discount_percent": None if percent is None else f"{percent:f}",
    }


def contents_data(lines: Sequence[DocumentLine], totals: Totals) -> dict:
    """A document's lines and tax breakdown as JSON."""
    return {
        "lines": [line_data(line) for line in lines],
        "breakdown": [breakdown_data(row) for row in totals.breakdown],
    }


def lines_table(lines: Sequence[DocumentLine], noun: str) -> list[str]:
    """A draft's or an issued document's lines with their ids (which the line commands take)."""
    if not lines:
        return [f"No lines yet; add one with `timeledger {noun} line add`."]
    cells = [
        [
            short(line.id),
            one_line(line.description, 50),
            f"{line.quantity:f}" + (f" {line.unit}" if line.unit else ""),
            money_text(line.unit_price),
            line.vat.describe(),
            money_text(line.net),
        ]
        for line in lines
    ]
    return table(["Line", "Description", "Quantity", "Unit price", "VAT", "Net"], cells, right={2, 3, 5})


def total_rows(totals: Totals, discount_percent: Decimal | None, *, lines_net: bool) -> list[tuple[str, Money]]:
    """The rows under the lines: the discount, the net, the tax of each VAT rate and the total. The lines' net
    leads when there is a discount, or always with `lines_net`."""
    rows = []
    if lines_net or totals.discount.amount:
        rows.append(("Lines", totals.lines_net))
    if totals.discount.amount:
        percent = f" ({discount_percent:f} %)" if discount_percent is not None else ""
        rows.append((f"Discount{percent}", -totals.discount))
    rows.append(("Net", totals.net))
    for row in totals.breakdown:
        reason = f": {row.vat.reason}" if row.vat.reason else ""
        rows.append((f"{row.vat.describe()}{reason} on {money_text(row.taxable)}", row.tax))
    rows.append(("Total", totals.total))
    return rows


def sums_table(rows: Sequence[tuple[str, Money]]) -> list[str]:
    """Labelled amounts, right-aligned, without a header."""
    return table(["", ""], [[label, money_text(value)] for label, value in rows], right={1})[2:]


def notes_lines(notes: str) -> list[str]:
    return ["", f"Notes: {one_line(notes, 200)}"] if notes else []


def totals_line(document: PricedDocument) -> str:
    """What a command that changed a draft says of its totals."""
    return (
        f"It now comes to {format_money(document.total)} "
        f"(net {format_money(document.net)}, tax {format_money(document.tax)})."
    )


def discount_sentence(name: str, discount: Discount, off: Money) -> str:
    """ "Quote Q-2026-0001 has a discount of EUR 50.00 (5 %).": `name` says which document."""
    percent = f" ({discount.percent:f} %)" if discount.percent is not None else ""
    return f"{name} has a discount of {format_money(off)}{percent}."


def line_output(data: dict, what: str, line: DocumentLine, document: PricedDocument) -> Output:
    """What a command that added or changed a line says: `what` with the line's net, then the document's new
    totals; as JSON, `data` (the document's) with the line."""
    return Output({**data, "line": line_data(line)}, [f"{what}: {money_text(line.net)}.", totals_line(document)])
