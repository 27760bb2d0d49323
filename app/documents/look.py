"""A template made ready for drawing: page geometry in points, fonts registered, colours, text styles, the
words of its language, its number formats and the widths of the line columns.

Made once per template (templates are frozen values) and shared by every document printed with it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from babel import UnknownLocaleError
from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm

from app.documents import fonts
from app.documents.locale_format import LocaleFormat
from app.documents.style import TextStyles, text_styles
from app.domain.document_language import Labels
from app.domain.invoice_template import (
    AMOUNT_STYLES,
    DATE_STYLES,
    LOGO_HEIGHT_MM,
    LOGO_WIDTH_MM,
    MARGIN_MM,
    InvoiceTemplate,
)

PAGE_SIZES = {"A4": A4, "Letter": LETTER}
# Points: what each column of numbers needs; the description takes what they leave.
COLUMN_WIDTHS = {"position": 30.0, "quantity": 56.0, "unit_price": 82.0, "vat": 50.0, "net": 86.0}
NUMBER_COLUMNS = frozenset({"position", "quantity", "unit_price", "vat", "net"})


@dataclass(frozen=True)
class LineColumn:
    key: str
    title: str
    width: float

    @property
    def right(self) -> bool:
        return self.key in NUMBER_COLUMNS


class Look:
    """Everything the renderer needs from a template, in reportlab's units and objects."""

    def __init__(self, template: InvoiceTemplate) -> None:
        self.template = template
        self.modern = template.style == "modern"
        self.page = PAGE_SIZES.get(template.page_size, A4)
        # A template being edited may hold values check() refuses: the preview draws the nearest sane ones.
        margins = template.margins
        self.top, self.right, self.bottom, self.left = (
            _within(value, MARGIN_MM) * mm for value in (margins.top, margins.right, margins.bottom, margins.left)
        )
        logo = template.logo
        self.logo_box = (_within(logo.width, LOGO_WIDTH_MM) * mm, _within(logo.height, LOGO_HEIGHT_MM) * mm)
        self.content_width = self.page[0] - self.left - self.right
        self.regular, self.bold = fonts.family(template.font)
        self.accent = _colour(template.accent, Color(0.15, 0.29, 0.47))
        self.ink = _colour(template.text_colour, Color(0.13, 0.13, 0.15))
        self.muted = _mix(self.ink, white, 0.34)
        self.rule = _mix(self.ink, white, 0.77)
        self.shade = _mix(self.accent, white, 0.94)
        self.stripe = _mix(self.accent, white, 0.965)  # every other line of the modern table
        self.header_text = white
        self.text: TextStyles = text_styles(
            self.regular, self.bold, self.ink, self.accent, self.muted, title_size=24 if self.modern else 18
        )
        self.labels = Labels(template.language)
        dates = template.date_style if template.date_style in DATE_STYLES else "iso"
        amounts = template.amount_style if template.amount_style in AMOUNT_STYLES else "code"
        try:
            self.format = LocaleFormat(template.locale, dates, amounts)
        except (ValueError, TypeError, UnknownLocaleError):  # not a locale Babel knows (check() says so)
            self.format = LocaleFormat("en", dates, amounts)
        self.columns = self._columns()

    def _columns(self) -> tuple[LineColumn, ...]:
        known = [
            column for column in self.template.columns if column.key in COLUMN_WIDTHS or column.key == "description"
        ]
        fixed = sum(COLUMN_WIDTHS.get(column.key, 0.0) for column in known)
        return tuple(
            LineColumn(
                column.key,
                column.title.strip() or self.labels[column.key],
                COLUMN_WIDTHS.get(column.key, self.content_width - fixed),
            )
            for column in known
        )

    def mark_text(self, mark: str) -> str:
        return self.labels.known(mark)


@functools.lru_cache(maxsize=8)
def look_of(template: InvoiceTemplate) -> Look:
    return Look(template)


def _colour(text: str, fallback: Color) -> Color:
    try:
        return HexColor(text)
    except (ValueError, TypeError):
        return fallback


def _within(value: float, bounds: tuple[float, float]) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return bounds[0]
    return min(max(float(value), bounds[0]), bounds[1])


def _mix(colour: Color, other: Color, share: float) -> Color:
    """`colour` moved `share` of the way towards `other`."""
    return Color(
        colour.red + (other.red - colour.red) * share,
        colour.green + (other.green - colour.green) * share,
        colour.blue + (other.blue - colour.blue) * share,
    )
