"""The blocks both layouts are made of: the logo, a party's name and address, the dates with the custom
fields, the totals beside the tax breakdown, and the closing sections (payment, notes).

Every text comes in through `Printing`: the document, its template's look, and the placeholders' values,
so a label is always in the template's language and a date or amount in its locale.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from app.documents import fonts
from app.documents.logo import logo
from app.documents.look import Look
from app.documents.tables import breakdown_table, totals_table
from app.documents.text_block import TextBlock
from app.domain.placeholders import fill
from app.domain.printable import Party, PrintableDocument

LEFT_SHARE = 0.56  # of the content width, for the logo and the buyer; the seller and the dates sit right
# Points: taller blocks go one under the other, so each can run onto the next page.
SIDE_BY_SIDE_MOST = 260.0
_DATE_LABEL_WIDTH = 28 * mm
_KEPT_LINES = 8
ALIGNS = {"left": "LEFT", "centre": "CENTER", "right": "RIGHT"}


@dataclass(frozen=True)
class Printing:
    """One document being printed with one template."""

    document: PrintableDocument
    look: Look
    facts: dict[str, object]

    def filled(self, text: str) -> str:
        """A template text with its placeholders replaced (unknown ones left out)."""
        return fill(text, self.facts, self.look.format.show).strip()

    @property
    def heading(self) -> str:
        return str(self.facts["invoice.heading"])

    @property
    def page_height(self) -> float:
        return self.look.page[1]


def flush(font: str, size: float) -> TableStyle:
    """A layout table without padding; tables without text of their own still set a font (left to reportlab it
    would be Helvetica, a font that is not embedded)."""
    return TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), font, size),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]
    )


def columns(
    p: Printing, blocks: Sequence[Sequence[Flowable]], widths: Sequence[float], aligns: Sequence[str] = ()
) -> list[Flowable]:
    """Blocks side by side; one under the other when they are too tall for that (a cell cannot split)."""
    look = p.look
    table = Table([[list(block) for block in blocks]], colWidths=list(widths))
    style = flush(look.regular, look.text.body.fontSize)
    for index, align in enumerate(aligns):
        style.add("ALIGN", (index, 0), (index, 0), align)
    table.setStyle(style)
    if table.wrap(look.content_width, p.page_height)[1] > SIDE_BY_SIDE_MOST:
        stacked: list[Flowable] = []
        for block in blocks:
            if block:
                stacked += [*block, Spacer(0, 5 * mm)]
        return stacked[:-1]
    return [table]


def brand(p: Printing, align: str = "left") -> list[Flowable]:
    """The template's logo, else the organisation's; none when neither is there or readable."""
    image = logo(p.look.template.logo.image or p.document.logo, p.look.logo_box)
    if image is None:
        return []
    image.hAlign = ALIGNS.get(align, "LEFT")
    return [image]


def party(p: Printing, who: Party, *, label: str | None, align: str = "left") -> list[Flowable]:
    """A name and address block, headed by `label` ("Bill to") when given."""
    text, labels = p.look.text, p.look.labels
    aligned = TA_RIGHT if align == "right" else None
    block: list[Flowable] = [TextBlock(label.upper(), _aligned(text.label, aligned))] if label else []
    block.append(TextBlock(who.name, _aligned(text.party_name, aligned)))
    tax_id = f"{labels['vat_id']} {who.tax_id.strip()}" if who.tax_id.strip() else ""
    details = [part for part in (who.address.strip(), tax_id, who.email.strip()) if part]
    if details:
        block.append(TextBlock("\n".join(details), _aligned(text.body, aligned)))
    return block


def header(p: Printing, align: str = "left") -> list[Flowable]:
    """The template's header text under the letterhead, when it has one."""
    filled = p.filled(p.look.template.header)
    if not filled:
        return []
    style = p.look.text.reference.clone("header", alignment={"centre": TA_CENTER, "right": TA_RIGHT}.get(align, 0))
    return [Spacer(0, 3 * mm), TextBlock(filled, style)]


def facts_table(p: Printing, width: float, *, offset: bool = True) -> list[Flowable]:
    """Issue date and due date (invoices) or valid-until (quotes), then the template's custom fields."""
    document, labels, look = p.document, p.look.labels, p.look
    rows: list[tuple[str, str]] = [
        (labels[key], look.format.date(day))
        for key, day in (
            ("issue_date", document.issue_date),
            ("due_date", document.due_date),
            ("valid_until", document.valid_until),
        )
        if isinstance(day, date)
    ]
    for custom in look.template.custom_fields:
        value = p.filled(custom.value)
        if value and custom.label.strip():
            rows.append((p.filled(custom.label), value))
    if not rows:
        return []
    label_style = look.text.label.clone("date-label", spaceAfter=0)
    value_style = look.text.body_bold
    # As wide as the widest label ("DATE D'ÉCHÉANCE"), so labels stay on one line where they can.
    widest = max(fonts.string_width(label.upper(), label_style.fontName, label_style.fontSize) for label, _ in rows)
    label_width = min(max(_DATE_LABEL_WIDTH, widest + 6), width * 0.55)
    table = Table(
        [(TextBlock(label.upper(), label_style), TextBlock(value, value_style)) for label, value in rows],
        colWidths=(label_width, width - label_width),
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), look.regular, look.text.body.fontSize),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                # The small label lowered onto the value's baseline.
                ("TOPPADDING", (0, 0), (0, -1), 1 + value_style.fontSize - label_style.fontSize),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    if not offset:
        return [table]
    # Top of the dates in line with the buyer's name, not with the "Bill to" label above it.
    return [Spacer(0, look.text.label.leading + look.text.label.spaceAfter), table]


def sums(p: Printing) -> list[Flowable]:
    """The totals at the right, the tax breakdown at the left; stacked when either is too tall to sit beside."""
    document, look = p.document, p.look
    width = look.content_width
    totals_width = width * (1 - LEFT_SHARE)
    breakdown_width = width * LEFT_SHARE - 8 * mm
    totals = totals_table(document.totals, document.paid, document.balance, totals_width, look)
    if not document.totals.breakdown:
        return [totals]
    breakdown = [
        TextBlock(look.labels["tax_breakdown"], look.text.section),
        breakdown_table(document.totals, breakdown_width, look),
    ]
    tall = max(
        totals.wrap(totals_width, p.page_height)[1], sum(f.wrap(breakdown_width, p.page_height)[1] for f in breakdown)
    )
    if tall > SIDE_BY_SIDE_MOST:
        return [totals, Spacer(0, 6 * mm), *breakdown]
    side_by_side = Table([[breakdown, totals]], colWidths=(width * LEFT_SHARE, totals_width))
    side_by_side.setStyle(flush(look.regular, look.text.body.fontSize))
    return [side_by_side]


def closing(p: Printing) -> list[Flowable]:
    """Payment terms, the template's payment instructions and bank details, then the notes; each section kept
    with its heading."""
    document, look = p.document, p.look
    labels, text = look.labels, look.text
    payable = document.valid_until is None and bool(document.payment_terms.strip() or document.bank_details.strip())
    payment = [str(p.facts["invoice.payment_terms"]).strip()]
    if payable:
        payment += [p.filled(look.template.payment_instructions), p.filled(look.template.bank_details)]
    sections = []
    if any(payment):
        sections.append((labels["payment"], [part for part in payment if part]))
    if document.notes.strip():
        sections.append((labels["notes"], [document.notes.strip()]))
    spaced = text.body.clone("spaced-body", spaceAfter=4)
    story: list[Flowable] = []
    for title, texts in sections:
        # A block per line, so that a long text (notes run to 5,000 characters) can start on the current page.
        blocks: list[Flowable] = []
        for number, part in enumerate(texts, start=1):
            lines = part.split("\n")
            blocks += [TextBlock(line, text.body) for line in lines[:-1]]
            blocks.append(TextBlock(lines[-1], text.body if number == len(texts) else spaced))
        # The heading stays with its text: all of it when short, at least the first lines when not.
        kept = len(blocks) if len(blocks) <= _KEPT_LINES else 2
        story += [Spacer(0, 7 * mm), KeepTogether([TextBlock(title, text.section), *blocks[:kept]]), *blocks[kept:]]
    return story


def _aligned(style, alignment):  # type: ignore[no-untyped-def]
    return style if alignment is None else style.clone(f"{style.name}-aligned", alignment=alignment)
