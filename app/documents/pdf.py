"""The PDF of an invoice, credit note or quote, rendered with reportlab from a PrintableDocument and a template.

The classic layout, top to bottom: logo and seller, the template's header, the buyer's billing address beside
the dates and custom fields, the title with the number and the reference, the lines (their header repeated on
every page), the totals beside the tax breakdown, payment terms, instructions and bank details, notes. The
modern layout is in modern_layout.py. Every page has the template's footer with "Page x of y", and the
document's mark (PAID, VOID, DRAFT...) across it.
"""

from __future__ import annotations

import functools
from io import BytesIO

from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Spacer

from app.documents import fonts
from app.documents.blocks import LEFT_SHARE, Printing, brand, closing, columns, facts_table, header, party, sums
from app.documents.look import look_of
from app.documents.page import BAND_HEIGHT, PagedCanvas, PageFrame
from app.documents.tables import lines_table
from app.documents.text_block import TextBlock
from app.domain.document_facts import document_facts
from app.domain.invoice_template import InvoiceTemplate
from app.domain.printable import PrintableDocument
from app.shipped_templates import CLASSIC, shipped_template

# Streams stay binary (Flate only): ASCII85 on top makes the file a quarter bigger and, done in pure Python,
# took a tenth of the rendering time. A process-wide reportlab setting; nothing here wants it on.
rl_config.useA85 = 0


def render_pdf(document: PrintableDocument, template: InvoiceTemplate | None = None) -> bytes:
    """The document as PDF bytes in `template`'s look (the shipped classic one when None): fonts embedded,
    all user text printed literally, placeholders the template does not know left out."""
    fonts.register_fonts()
    look = look_of(template or shipped_template(CLASSIC))
    fmt = look.format
    printing = Printing(document, look, document_facts(document, look.labels, fmt.date, fmt.number))
    frame = PageFrame(look, look.template.footer, printing.facts, fmt.show, document.mark)
    height = look.page[1]
    top = look.top + (BAND_HEIGHT if look.modern else 0)
    bottom = max(look.bottom, frame.height() + 4 * mm)
    buffer = BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=look.page,
        title=printing.heading,
        author=document.seller.name,
        creator="Timeledger",
        initialFontName=look.regular,  # else every page names Helvetica, a font that is not embedded
        invariant=True,  # the same document gives the same bytes
    )
    # A frame without the default 6 pt padding, so tables of the content width line up with the text.
    content = Frame(look.left, bottom, look.content_width, height - top - bottom, 0, 0, 0, 0, id="content")
    doc.addPageTemplates(PageTemplate("page", [content]))
    if look.modern:
        from app.documents.modern_layout import modern_story

        story = modern_story(printing)
    else:
        story = classic_story(printing)
    doc.build(story, canvasmaker=functools.partial(PagedCanvas, frame=frame))
    return buffer.getvalue()


def classic_story(p: Printing) -> list[Flowable]:
    document, look = p.document, p.look
    width = look.content_width
    position = look.template.logo.position
    seller = party(p, document.seller, label=None)
    if position == "centre":
        story = [*brand(p, "centre"), Spacer(0, 4 * mm), *columns(p, [[], seller], _split(width))]
    elif position == "right":
        story = columns(p, [seller, brand(p, "right")], _split(width), ["LEFT", "RIGHT"])
    else:
        story = columns(p, [brand(p), seller], _split(width))
    story += header(p)
    story += [
        Spacer(0, 12 * mm),
        *columns(
            p,
            [party(p, document.buyer, label=look.labels["bill_to"]), facts_table(p, width * (1 - LEFT_SHARE))],
            _split(width),
        ),
        Spacer(0, 10 * mm),
        TextBlock(p.heading, look.text.title),
    ]
    reference = str(p.facts["invoice.reference"]).strip()
    if reference:
        story.append(TextBlock(reference, look.text.reference))
    story += [Spacer(0, 5 * mm), lines_table(document.lines, look), Spacer(0, 6 * mm)]
    story += sums(p)
    story += closing(p)
    return story


def _split(width: float, left_share: float = LEFT_SHARE) -> tuple[float, float]:
    return width * left_share, width * (1 - left_share)
