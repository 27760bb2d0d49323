"""What every page of a document carries: the template's footer with "Page x of y", the diagonal mark (PAID,
VOID...) and, in the modern look, the accent band across the top.

They are drawn when the document is saved, once the number of pages is known, so the layout runs once
(reportlab's "canvasmaker" recipe) instead of twice as multiBuild would.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.colors import Color
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.documents import fonts
from app.documents.look import Look
from app.domain.placeholders import fill

FOOTER_SIZE = 7.5
FOOTER_LEADING = 9.5
MAX_FOOTER_LINES = 6
BAND_HEIGHT = 4 * mm
MARK_COLOURS = {
    "PAID": Color(0.10, 0.55, 0.25),
    "VOID": Color(0.80, 0.10, 0.10),
    "DECLINED": Color(0.80, 0.10, 0.10),
    "CANCELLED": Color(0.80, 0.10, 0.10),
}
MARK_ALPHA = 0.13


@dataclass(frozen=True)
class PageFrame:
    """What is printed around the content on each page."""

    look: Look
    footer: tuple[str, ...]  # left, centre, right: the template's texts, placeholders not yet filled
    values: Mapping[str, object] = field(default_factory=dict)  # the placeholders' values
    show: Callable[[object], str] = str
    mark: str | None = None  # as the document names it ("PAID"); printed in the template's language

    def parts(self, page: int, pages: int) -> list[list[str]]:
        """The footer's three parts on this page, as lines (the page label first on the right)."""
        values = {**self.values, "page.number": page, "page.count": pages}
        parts = [_lines(fill(text, values, self.show)) for text in self.footer]
        parts += [[] for _ in range(3 - len(parts))]
        label = self.look.labels["page"].format(page=page, pages=pages)
        parts[2] = [label, *parts[2]]
        return parts[:3]

    def height(self) -> float:
        """Points from the bottom of the page to the top of the footer's rule, with its lines as they are now."""
        lines = max(len(part) for part in self.parts(999, 999))
        return self.baseline() + (lines - 1) * FOOTER_LEADING + 10

    def baseline(self) -> float:
        """The last footer line's baseline."""
        return max(self.look.bottom * 0.45, 6 * mm)


class PagedCanvas(Canvas):
    """A canvas that keeps its pages until save() and then adds the footer and mark, knowing the page count."""

    def __init__(self, *args: Any, frame: PageFrame, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._frame = frame
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        frame, look = self._frame, self._frame.look
        mark = look.mark_text(frame.mark) if frame.mark else None
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            if mark:
                _draw_mark(self, mark, MARK_COLOURS.get((frame.mark or "").upper(), look.accent), look)
            if look.modern:
                _draw_band(self, look)
            _draw_footer(self, frame, frame.parts(number, total))
            super().showPage()
        super().save()


def _draw_footer(canvas: Canvas, frame: PageFrame, parts: list[list[str]]) -> None:
    look = frame.look
    width = canvas._pagesize[0]
    left, right = look.left, width - look.right
    lines = max(len(part) for part in parts)
    y = frame.baseline() + (lines - 1) * FOOTER_LEADING
    canvas.saveState()
    canvas.setStrokeColor(look.accent if look.modern else look.rule)
    canvas.setLineWidth(0.8 if look.modern else 0.5)
    canvas.line(left, y + 10, right, y + 10)
    canvas.setFillColor(look.muted)
    label = parts[2][0]
    room = right - left
    if not parts[1] and len(parts[2]) == 1:  # the left part alone beside the page number
        label_width = fonts.string_width(label, look.regular, FOOTER_SIZE)
        columns = {0: (left, room - label_width - 2 * look.left, "left"), 2: (right, room / 2, "right")}
    else:
        third = room / 3 - 6
        columns = {0: (left, third, "left"), 1: (left + room / 2, third, "centre"), 2: (right, third, "right")}
    for index, (x, column_width, align) in columns.items():
        for row, line in enumerate(parts[index]):
            text = _shortened(line, column_width, look.regular)
            _draw_runs(canvas, x, y - row * FOOTER_LEADING, text, look.regular, FOOTER_SIZE, align)
    canvas.restoreState()


def _draw_band(canvas: Canvas, look: Look) -> None:
    width, height = canvas._pagesize
    canvas.saveState()
    canvas.setFillColor(look.accent)
    canvas.rect(0, height - BAND_HEIGHT, width, BAND_HEIGHT, stroke=0, fill=1)
    canvas.restoreState()


def _draw_mark(canvas: Canvas, mark: str, colour: Color, look: Look) -> None:
    width, height = canvas._pagesize
    text = fonts.clean(mark).replace("\n", " ").strip()
    pieces = fonts.runs(text, look.bold)
    natural = sum(fonts.string_width(piece, name, 1) for name, piece in pieces) or 1
    # As large as fits along 70 % of the diagonal, but never a shout bigger than 110 pt.
    size = min(110.0, 0.7 * math.hypot(width, height) / natural)
    canvas.saveState()
    canvas.setFillColor(colour, alpha=MARK_ALPHA)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(math.degrees(math.atan2(height, width)))
    _draw_runs(canvas, -natural * size / 2, -size * 0.35, text, look.bold, size)
    canvas.restoreState()


def _draw_runs(canvas: Canvas, x: float, y: float, text: str, font: str, size: float, align: str = "left") -> None:
    """Draw `text` from (x, y) (or ending at x, or centred on it), switching to the fallback font for the
    characters `font` lacks."""
    pieces = fonts.runs(text, font)
    if align != "left":
        total = sum(fonts.string_width(piece, name, size) for name, piece in pieces)
        x -= total if align == "right" else total / 2
    for name, piece in pieces:
        canvas.setFont(name, size)
        canvas.drawString(x, y, piece)
        x += fonts.string_width(piece, name, size)


def _lines(text: str) -> list[str]:
    lines = [" ".join(line.split()) for line in fonts.clean(text).split("\n")]
    return [line for line in lines if line][:MAX_FOOTER_LINES]


def _shortened(text: str, room: float, font: str) -> str:
    """`text` on one line, cut with an ellipsis where it would be wider than `room`."""
    if _width(text, font) <= room:
        return text
    kept = text[: max(1, int(len(text) * room / _width(text, font)))]  # about right at once, then one at a time
    while len(kept) > 1 and _width(kept + "…", font) > room:
        kept = kept[:-1]
    return kept.rstrip() + "…"


def _width(text: str, font: str) -> float:
    return sum(fonts.string_width(piece, name, FOOTER_SIZE) for name, piece in fonts.runs(text, font))
