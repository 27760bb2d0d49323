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
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Table, TableStyle
from reportlab.platypus.tables import CellStyle

from app.documents import fonts
from app.documents.look import Look, look_of
from app.documents.style import (
    CELL_PADDING,
    CELL_RIGHT,
    CONTENT_WIDTH,
    SMALL_SIZE,
    TABLE_LEADING,
    TABLE_SIZE,
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


def lines_table(lines: Sequence[DocumentLine], look: Look | None = None) -> Table:
    """The document's lines in the look's columns; the header row is repeated on every page the table runs onto."""
    look = look or _classic()
    number = _NumberCells()
    fmt, columns, text = look.format, look.columns, look.text
    header, body, style, titles = _line_styles(look)
    rows: list[Sequence[Cell]] = [
        tuple(cell(column.title, title, column.width) for column, title in zip(columns, titles, strict=True))
    ]
    made = {
        "description": lambda line, _, width: cell(line.description, text.cell, width),
        "position": lambda _, index, width: number(str(index), width, text.cell_right),
        "quantity": lambda line, _, width: number(fmt.quantity(line.quantity, line.unit), width, text.cell_right),
        "unit_price": lambda line, _, width: number(fmt.amount(line.unit_price), width, text.cell_right),
        "vat": lambda line, _, width: number(_vat_column(line.vat, look), width, text.cell_right),
        "net": lambda line, _, width: number(fmt.amount(line.net), width, text.cell_right),
    }
    plan = [(made[column.key], column.width) for column in columns]
    for index, line in enumerate(lines, start=1):
        rows.append(tuple(make(line, index, width) for make, width in plan))
    table = Table(
        rows,
        colWidths=[column.width for column in columns],
        repeatRows=1,
        cellStyles=[header] + [body] * len(lines),
    )
    table.setStyle(style if not look.modern else _striped(style, look, len(lines)))
    return table


def _vat_column(vat: Vat, look: Look) -> str:
    """The VAT column: "19 %" for a rate, the category's name when no rate applies."""
    if vat.category in (VatCategory.STANDARD, VatCategory.ZERO_RATED):
        return look.format.percent(vat.rate)
    return look.labels.vat(vat, look.format.number, short=True)


def _vat_name(vat: Vat, look: Look, width: float) -> str:
    """The VAT treatment's full name, or its short one when a word of the full name is wider than the cell."""
    name = look.labels.vat(vat, look.format.number)
    room = width - 2 * CELL_PADDING
    if fonts.wrapped(name, look.regular, TABLE_SIZE, room) is None and fonts.covers(name, look.regular):
        return look.labels.vat(vat, look.format.number, short=True)
    return name


class _NumberCells:
    """Right-aligned cells; quantities, prices and rates repeat from line to line, so each is measured once."""

    def __init__(self) -> None:
        self._made: dict[tuple[str, float], Cell] = {}

    def __call__(self, text: str, width: float, style: ParagraphStyle = CELL_RIGHT) -> Cell:
        made = self._made.get((text, width))
        if made is None:
            made = self._made[text, width] = cell(text, style, width)
        return made


def _cell_style(name: str, *, font: str, colour: Color, align: str, padding: float, size: float) -> CellStyle:
    style = CellStyle(name)
    style.fontname, style.fontsize, style.leading = font, size, TABLE_LEADING
    style.color, style.alignment, style.valign = colour, align, "TOP"
    style.leftPadding = style.rightPadding = CELL_PADDING
    style.topPadding = style.bottomPadding = padding
    return style


# The lines table's cells share these styles, given to the Table ready-made: styling each of 5,000 cells
# through TableStyle commands (eight commands over every cell) was a fifth of a 1,000-line invoice's time.
@functools.lru_cache(maxsize=8)
def _line_styles(look: Look) -> tuple[list[CellStyle], list[CellStyle], TableStyle, list[ParagraphStyle]]:
    aligns = ["RIGHT" if column.right else "LEFT" for column in look.columns]
    if look.modern:  # accent titles over an accent rule, then lines on alternate tints
        header_font, header_colour, header_size, header_padding = look.bold, look.accent, SMALL_SIZE, 6
    else:  # white titles on an accent band
        header_font, header_colour, header_size, header_padding = look.bold, look.header_text, TABLE_SIZE, 5
    header = [
        _cell_style(
            "line-header", font=header_font, colour=header_colour, align=a, padding=header_padding, size=header_size
        )
        for a in aligns
    ]
    body = [
        _cell_style(
            "line", font=look.regular, colour=look.ink, align=a, padding=4 if look.modern else 3.5, size=TABLE_SIZE
        )
        for a in aligns
    ]
    if look.modern:
        style = TableStyle(
            [("LINEBELOW", (0, 0), (-1, 0), 1.2, look.accent), ("LINEBELOW", (0, -1), (-1, -1), 0.6, look.rule)]
        )
    else:
        style = TableStyle(
            [("BACKGROUND", (0, 0), (-1, 0), look.accent), ("LINEBELOW", (0, 1), (-1, -1), 0.4, look.rule)]
        )
    titles = [
        look.text.cell.clone(
            "line-title",
            fontName=header_font,
            fontSize=header_size,
            textColor=header_colour,
            alignment=TA_RIGHT if column.right else TA_LEFT,
        )
        for column in look.columns
    ]
    return header, body, style, titles


def _striped(style: TableStyle, look: Look, count: int) -> TableStyle:
    """The modern table: every other line on a faint tint of the accent."""
    striped = TableStyle(parent=style)
    if count > 1:
        striped.add("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, look.stripe])
    return striped


def breakdown_table(totals: Totals, width: float, look: Look | None = None) -> Table:
    """One row per VAT treatment (what it is, taxable, tax); an exemption or reverse-charge reason runs below it."""
    look = look or _classic()
    text, labels, fmt = look.text, look.labels, look.format
    amount_width = 84.0
    label_width = width - 2 * amount_width
    heading = text.label.clone("breakdown-heading", spaceAfter=0)
    heading_right = heading.clone("breakdown-heading-right", alignment=TA_RIGHT)
    rows: list[Sequence[Cell]] = [
        (
            cell(labels["vat"], heading, label_width),
            cell(labels["taxable"], heading_right, amount_width),
            cell(labels["tax"], heading_right, amount_width),
        )
    ]
    commands: list[tuple] = [
        ("FONT", (0, 0), (-1, 0), look.bold, SMALL_SIZE),
        ("TEXTCOLOR", (0, 0), (-1, 0), look.muted),
        ("FONT", (0, 1), (-1, -1), look.regular, TABLE_SIZE, text.cell.leading),
        ("TEXTCOLOR", (0, 1), (-1, -1), look.ink),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, look.accent),
    ]
    for row in totals.breakdown:
        rows.append(
            (
                cell(_vat_name(row.vat, look, label_width), text.cell, label_width),
                cell(fmt.amount(row.taxable), text.cell_right, amount_width),
                cell(fmt.amount(row.tax), text.cell_right, amount_width),
            )
        )
        if row.vat.reason:
            rows.append((TextBlock(row.vat.reason, text.cell_note), "", ""))
            reason = len(rows) - 1
            commands += [("SPAN", (0, reason), (-1, reason)), ("TOPPADDING", (0, reason), (-1, reason), 0)]
        commands.append(("LINEBELOW", (0, len(rows) - 1), (-1, len(rows) - 1), 0.4, look.rule))
    table = Table(rows, colWidths=(label_width, amount_width, amount_width), repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    return table


def totals_table(
    totals: Totals, paid: Money | None, balance: Money | None, width: float, look: Look | None = None
) -> Table:
    """Lines net, the discount if any, net, tax and the total; then what was paid and what is still due."""
    look = look or _classic()
    text, labels, fmt = look.text, look.labels, look.format
    amount_width = min(110.0, width / 2)
    label_width = width - amount_width
    rows: list[tuple[str, Money, bool]] = [(labels["lines_net"], totals.lines_net, False)]
    if totals.discount.amount:
        rows += [(labels["discount"], -totals.discount, False), (labels["net"], totals.net, False)]
    total_row = len(rows) + 1
    rows += [(labels["vat"], totals.tax, False), (labels["total"], totals.total, True)]
    if paid is not None:
        rows.append((labels["paid"], paid, False))
    if balance is not None:
        rows.append((labels["balance_due"], balance, True))
    # In the modern look the total sits on an accent band in white: its amount is drawn in the table's colour.
    on_band = text.total_strong.clone("total-on-band", textColor=look.header_text)
    data = [
        (
            cell(label, text.body, label_width - 8 - CELL_PADDING),
            cell(
                fmt.amount(money),
                (on_band if look.modern and index == total_row else text.total_strong) if strong else text.total,
                amount_width,
            ),
        )
        for index, (label, money, strong) in enumerate(rows)
    ]
    commands: list[tuple] = [
        ("FONT", (0, 0), (-1, -1), text.total.fontName, text.total.fontSize),
        ("TEXTCOLOR", (0, 0), (-1, -1), look.ink),
        ("ALIGN", (1, 0), (1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING + 2),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, 0), 7),
        ("BOTTOMPADDING", (0, -1), (-1, -1), 7),
    ]
    if not look.modern:
        commands.append(("BACKGROUND", (0, 0), (-1, -1), look.shade))
    for index, (_, _, strong) in enumerate(rows):
        if not strong:
            continue
        band = look.modern and index == total_row
        commands += [
            ("FONT", (0, index), (-1, index), text.total_strong.fontName, text.total_strong.fontSize),
            ("TEXTCOLOR", (0, index), (-1, index), look.header_text if band else look.accent),
            ("TOPPADDING", (0, index), (-1, index), 5),
            ("BOTTOMPADDING", (0, index), (-1, index), 5 if index == total_row and index < len(rows) - 1 else 7),
        ]
        commands.append(
            ("BACKGROUND", (0, index), (-1, index), look.accent)
            if band
            else ("LINEABOVE", (0, index), (-1, index), 0.8, look.accent)
        )
    table = Table(data, colWidths=(label_width, amount_width), hAlign="RIGHT")
    table.setStyle(TableStyle(commands))
    return table


@functools.cache
def _classic() -> Look:
    from app.shipped_templates import CLASSIC, shipped_template

    return look_of(shipped_template(CLASSIC))
