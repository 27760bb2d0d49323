"""The modern layout: an accent band across the top of each page, the logo facing a large title, then three
columns (from, bill to, dates and custom fields), the lines on alternate tints under an accent rule, and the
total on an accent band.
"""

from __future__ import annotations

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from app.documents.blocks import Printing, brand, closing, columns, facts_table, header, party, sums
from app.documents.tables import lines_table
from app.documents.text_block import TextBlock

_GAP = 6 * mm


def modern_story(p: Printing) -> list[Flowable]:
    document, look = p.document, p.look
    width = look.content_width
    labels = look.labels
    position = look.template.logo.position
    if position == "centre":
        story = [*brand(p, "centre"), Spacer(0, 6 * mm), *_title(p, TA_LEFT)]
        story += header(p)
    elif position == "right":
        story = columns(
            p, [_title(p, TA_LEFT) + header(p), brand(p, "right")], (width * 0.6, width * 0.4), ["LEFT", "RIGHT"]
        )
    else:
        story = columns(
            p, [brand(p), _title(p, TA_RIGHT) + header(p, "right")], (width * 0.4, width * 0.6), ["LEFT", "RIGHT"]
        )
    third = (width - 2 * _GAP) / 3
    story += [
        Spacer(0, 12 * mm),
        *columns(
            p,
            [
                party(p, document.seller, label=labels["from"]),
                [],
                party(p, document.buyer, label=labels["bill_to"]),
                [],
                facts_table(p, third),
            ],
            (third, _GAP, third, _GAP, third),
        ),
    ]
    reference = str(p.facts["invoice.reference"]).strip()
    story += [Spacer(0, 9 * mm)]
    if reference:
        story += [TextBlock(reference, look.text.reference), Spacer(0, 3 * mm)]
    story += [lines_table(document.lines, look), Spacer(0, 6 * mm)]
    story += sums(p)
    story += closing(p)
    return story


def _title(p: Printing, alignment: int) -> list[Flowable]:
    """The document's kind large in the accent colour, its number under it."""
    look, document = p.look, p.document
    title = look.labels.known(document.title)
    number = document.number or look.labels["draft"]
    kind = look.text.title.clone("modern-title", alignment=alignment)
    below = look.text.party_name.clone("modern-number", alignment=alignment, textColor=look.muted)
    return [TextBlock(title, kind), TextBlock(number, below)]
