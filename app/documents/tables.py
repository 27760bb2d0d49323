"""The tables of a printed document: its lines, the tax breakdown and the totals.

Speed matters here (a 1,000-line invoice is a benchmark): a cell is a plain string, drawn directly, wrapped
into lines by hand when it is too wide; only text that needs the fallback font (or has a word wider than its
cell) becomes a TextBlock.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from decimal import Decimal

from moneyed import Money
from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Table, TableStyle
from reportlab.platypus.tables import CellStyle

from app.documents import fonts
from app.documents.style import (
    ACCENT,
    CELL,
    CELL_NOTE,
    CELL_PADDING,
    CELL_RIGHT,
    CONTENT_WIDTH,
    HEADER_TEXT,
    INK,
    MUTED,
    RULE,
    SHADE,
    SMALL_SIZE,
    TABLE_SIZE,
    TOTAL,
    TOTAL_STRONG,
)
from app.documents.text_block import TextBlock
from app.domain.document_lines import DocumentLine
from app.domain.document_totals import Totals
from app.domain.money import decimals, format_money
from app.domain.tax import Vat, VatCategory, plain_decimal

# Description, Quantity, Unit price, VAT, Net: the description takes what the numbers leave.
_NUMBER_WIDTHS = (56.0, 82.0, 50.0, 86.0)
LINE_WIDTHS = (CONTENT_WIDTH - sum(_NUMBER_WIDTHS), *_NUMBER_WIDTHS)
LINE_HEADER = ("Description", "Quantity", "Unit price", "VAT", "Net")

Cell = str | Flowable | list[Flowable]


def cell(text: str, style: ParagraphStyle, width: float) -> Cell:
    """`text` as a plain string, broken into lines to fit when needed; a TextBlock when it needs the
    fallback font or has a word wider than the cell."""
    text = fonts.clean(text)
    font, size = style.fontName, style.fontSize
    if fonts.covers(text, font):
        room = width - 2 * CELL_PADDING
        if "\n" not in text and fonts.string_width(text, font, size) <= room:
            return text
        lines = fonts.wrapped(text, font, size, room)
        if lines is not None:
            return "\n".join(lines)
    return TextBlock(text, style)


def amount(money: Money) -> str:
    """What format_money prints ("1,234.50 EUR"), without its checks for amounts already at the minor unit."""
    value, code = money.amount, money.currency.code
    places = _places(code)
    exponent = value.as_tuple().exponent
    if value and isinstance(exponent, int) and exponent >= -places:
        return f"{value:,.{places}f} {code}"  # no digit below the minor unit, so nothing is rounded
    return format_money(money)  # zero, and amounts finer than the currency (which it refuses)


@functools.cache
def _places(code: str) -> int:
    return decimals(code)


def quantity(value: Decimal, unit: str) -> str:
    shown = f"{plain_decimal(value):f}"
    return f"{shown} {unit}" if unit else shown


def vat_rate(vat: Vat) -> str:
    """The VAT column: "19 %" for a rate, the category's name when no rate applies."""
    if vat.category in (VatCategory.STANDARD, VatCategory.ZERO_RATED):
        return f"{plain_decimal(vat.rate):f} %"
    return vat.describe()


def lines_table(lines: Sequence[DocumentLine]) -> Table:
    """The document's lines; the header row is repeated on every page the table runs onto."""
    description, count, price, rate, net = LINE_WIDTHS
    number = _NumberCells()
    rows: list[Sequence[Cell]] = [LINE_HEADER]
    for line in lines:
        rows.append(
            (
                cell(line.description, CELL, description),
                number(quantity(line.quantity, line.unit), count),
                number(amount(line.unit_price), price),
                number(vat_rate(line.vat), rate),
                number(amount(line.net), net),
            )
        )
    table = Table(rows, colWidths=LINE_WIDTHS, repeatRows=1, cellStyles=[_HEADER_CELLS] + [_BODY_CELLS] * len(lines))
    table.setStyle(_LINES_STYLE)
    return table


class _NumberCells:
    """Right-aligned cells; quantities, prices and rates repeat from line to line, so each is measured once."""

    def __init__(self) -> None:
        self._made: dict[tuple[str, float], Cell] = {}

    def __call__(self, text: str, width: float) -> Cell:
        made = self._made.get((text, width))
        if made is None:
            made = self._made[text, width] = cell(text, CELL_RIGHT, width)
        return made


def _cell_style(name: str, *, font: str, colour: Color, align: str, padding: float) -> CellStyle:
    style = CellStyle(name)
    style.fontname, style.fontsize, style.leading = font, TABLE_SIZE, CELL.leading
    style.color, style.alignment, style.valign = colour, align, "TOP"
    style.leftPadding = style.rightPadding = CELL_PADDING
    style.topPadding = style.bottomPadding = padding
    return style


# The lines table's cells share these styles, given to the Table ready-made: styling each of 5,000 cells
# through TableStyle commands (eight commands over every cell) was a fifth of a 1,000-line invoice's time.
_HEADER_CELLS = [
    _cell_style("line-header", font=fonts.BOLD, colour=HEADER_TEXT, align="LEFT", padding=5),
    *[_cell_style("line-header-number", font=fonts.BOLD, colour=HEADER_TEXT, align="RIGHT", padding=5)] * 4,
]
_BODY_CELLS = [
    _cell_style("line", font=fonts.REGULAR, colour=INK, align="LEFT", padding=3.5),
    *[_cell_style("line-number", font=fonts.REGULAR, colour=INK, align="RIGHT", padding=3.5)] * 4,
]
_LINES_STYLE = TableStyle([("BACKGROUND", (0, 0), (-1, 0), ACCENT), ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE)])


def breakdown_table(totals: Totals, width: float) -> Table:
    """One row per VAT treatment (what it is, taxable, tax); an exemption or reverse-charge reason runs below it."""
    amount_width = 84.0
    label_width = width - 2 * amount_width
    rows: list[Sequence[Cell]] = [("VAT", "Taxable", "Tax")]
    commands: list[tuple] = [
        ("FONT", (0, 0), (-1, 0), fonts.BOLD, SMALL_SIZE),
        ("TEXTCOLOR", (0, 0), (-1, 0), MUTED),
        ("FONT", (0, 1), (-1, -1), fonts.REGULAR, TABLE_SIZE, CELL.leading),
        ("TEXTCOLOR", (0, 1), (-1, -1), INK),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, ACCENT),
    ]
    for row in totals.breakdown:
        rows.append(
            (
                cell(row.vat.describe(), CELL, label_width),
                cell(amount(row.taxable), CELL_RIGHT, amount_width),
                cell(amount(row.tax), CELL_RIGHT, amount_width),
            )
        )
        if row.vat.reason:
            rows.append((TextBlock(row.vat.reason, CELL_NOTE), "", ""))
            reason = len(rows) - 1
            commands += [("SPAN", (0, reason), (-1, reason)), ("TOPPADDING", (0, reason), (-1, reason), 0)]
        commands.append(("LINEBELOW", (0, len(rows) - 1), (-1, len(rows) - 1), 0.4, RULE))
    table = Table(rows, colWidths=(label_width, amount_width, amount_width), repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    return table


def totals_table(totals: Totals, paid: Money | None, balance: Money | None, width: float) -> Table:
    """Lines net, the discount if any, net, tax and the total; then what was paid and what is still due."""
    amount_width = min(110.0, width / 2)
    label_width = width - amount_width
    rows: list[tuple[str, Money, bool]] = [("Lines net", totals.lines_net, False)]
    if totals.discount.amount:
        rows += [("Discount", -totals.discount, False), ("Net", totals.net, False)]
    rows += [("VAT", totals.tax, False), ("Total", totals.total, True)]
    if paid is not None:
        rows.append(("Paid", paid, False))
    if balance is not None:
        rows.append(("Balance due", balance, True))
    data = [
        (label, cell(amount(money), TOTAL_STRONG if strong else TOTAL, amount_width)) for label, money, strong in rows
    ]
    commands: list[tuple] = [
        ("FONT", (0, 0), (-1, -1), TOTAL.fontName, TOTAL.fontSize),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("ALIGN", (1, 0), (1, -1), "RIGHT"),
        ("BACKGROUND", (0, 0), (-1, -1), SHADE),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING + 2),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, 0), 7),
        ("BOTTOMPADDING", (0, -1), (-1, -1), 7),
    ]
    for index, (label, _, strong) in enumerate(rows):
        if strong:
            commands += [
                ("FONT", (0, index), (-1, index), TOTAL_STRONG.fontName, TOTAL_STRONG.fontSize),
                ("TEXTCOLOR", (0, index), (-1, index), ACCENT),
                ("LINEABOVE", (0, index), (-1, index), 0.8, ACCENT),
                ("TOPPADDING", (0, index), (-1, index), 5),
                ("BOTTOMPADDING", (0, index), (-1, index), 5 if label == "Total" and index < len(rows) - 1 else 7),
            ]
    table = Table(data, colWidths=(label_width, amount_width), hAlign="RIGHT")
    table.setStyle(TableStyle(commands))
    return table
