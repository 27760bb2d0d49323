"""The look of printed documents: page geometry, the colour accent and the text styles.

The constants are the classic template's; app/documents/look.py makes the same styles for any template's
font and colours (text_styles).
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import Color, white
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from app.documents.fonts import BOLD, REGULAR

PAGE = A4
MARGIN = 18 * mm
BOTTOM_MARGIN = 22 * mm  # room for the footer
CONTENT_WIDTH = PAGE[0] - 2 * MARGIN

ACCENT = Color(0.15, 0.29, 0.47)  # a restrained navy: headings, the table header, the total
INK = Color(0.13, 0.13, 0.15)
MUTED = Color(0.42, 0.44, 0.48)  # labels, addresses' secondary lines, the footer
RULE = Color(0.80, 0.82, 0.85)
SHADE = Color(0.95, 0.96, 0.975)  # behind the totals
HEADER_TEXT = white

BODY_SIZE = 9
TABLE_SIZE = 8.5
TABLE_LEADING = 10.5
SMALL_SIZE = 7.5
CELL_PADDING = 4


def _style(
    name: str,
    *,
    font: str = REGULAR,
    size: float = BODY_SIZE,
    colour: Color = INK,
    align: int = TA_LEFT,
    leading: float | None = None,
    space_after: float = 0,
) -> ParagraphStyle:
    return ParagraphStyle(
        name,
        fontName=font,
        fontSize=size,
        leading=leading or round(size * 1.3, 1),
        textColor=colour,
        alignment=align,
        spaceAfter=space_after,
    )


@dataclass(frozen=True)
class TextStyles:
    """The text styles of one look, in its fonts and colours."""

    body: ParagraphStyle
    body_bold: ParagraphStyle
    party_name: ParagraphStyle
    label: ParagraphStyle
    title: ParagraphStyle
    reference: ParagraphStyle
    section: ParagraphStyle
    cell: ParagraphStyle
    cell_right: ParagraphStyle
    cell_note: ParagraphStyle
    total: ParagraphStyle
    total_strong: ParagraphStyle


def text_styles(
    regular: str, bold: str, ink: Color, accent: Color, muted: Color, *, title_size: float = 18
) -> TextStyles:
    def style(name: str, *, font: str = regular, colour: Color = ink, **options: object) -> ParagraphStyle:
        return _style(name, font=font, colour=colour, **options)  # type: ignore[arg-type]

    return TextStyles(
        body=style("body"),
        body_bold=style("body-bold", font=bold),
        party_name=style("party-name", font=bold, size=11, leading=14),
        label=style("label", font=bold, size=SMALL_SIZE, colour=muted, space_after=2),
        title=style("title", font=bold, size=title_size, colour=accent, leading=round(title_size * 1.22, 1)),
        reference=style("reference", colour=muted),
        section=style("section", font=bold, size=BODY_SIZE, colour=accent, space_after=2),
        cell=style("cell", size=TABLE_SIZE, leading=TABLE_LEADING),
        cell_right=style("cell-right", size=TABLE_SIZE, align=TA_RIGHT, leading=TABLE_LEADING),
        cell_note=style("cell-note", size=SMALL_SIZE, colour=muted),
        total=style("total", size=9, align=TA_RIGHT),
        total_strong=style("total-strong", font=bold, size=10, colour=accent, align=TA_RIGHT),
    )


CLASSIC = text_styles(REGULAR, BOLD, INK, ACCENT, MUTED)
BODY = CLASSIC.body
BODY_BOLD = CLASSIC.body_bold
PARTY_NAME = CLASSIC.party_name
LABEL = CLASSIC.label
TITLE = CLASSIC.title
REFERENCE = CLASSIC.reference
SECTION = CLASSIC.section
CELL = CLASSIC.cell
CELL_RIGHT = CLASSIC.cell_right
CELL_NOTE = CLASSIC.cell_note
TOTAL = CLASSIC.total
TOTAL_STRONG = CLASSIC.total_strong
