"""The look of printed documents: page geometry, the colour accent and the text styles."""

from __future__ import annotations

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


BODY = _style("body")
BODY_BOLD = _style("body-bold", font=BOLD)
PARTY_NAME = _style("party-name", font=BOLD, size=11, leading=14)
LABEL = _style("label", font=BOLD, size=SMALL_SIZE, colour=MUTED, space_after=2)
TITLE = _style("title", font=BOLD, size=18, colour=ACCENT, leading=22)
REFERENCE = _style("reference", colour=MUTED)
SECTION = _style("section", font=BOLD, size=BODY_SIZE, colour=ACCENT, space_after=2)
CELL = _style("cell", size=TABLE_SIZE, leading=TABLE_LEADING)
CELL_RIGHT = _style("cell-right", size=TABLE_SIZE, align=TA_RIGHT, leading=TABLE_LEADING)
CELL_NOTE = _style("cell-note", size=SMALL_SIZE, colour=MUTED)
TOTAL = _style("total", size=9, align=TA_RIGHT)
TOTAL_STRONG = _style("total-strong", font=BOLD, size=10, colour=ACCENT, align=TA_RIGHT)
