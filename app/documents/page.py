"""What every page of a document carries: the footer with "Page x of y" and the diagonal mark (PAID, VOID...).

Both are drawn when the document is saved, once the number of pages is known, so the layout runs once
(reportlab's "canvasmaker" recipe) instead of twice as multiBuild would.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas

from app.documents import fonts
from app.documents.style import ACCENT, MARGIN, MUTED, RULE

FOOTER_SIZE = 7.5
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

    footer: str  # left of the footer, e.g. "Acme GmbH · Invoice 2026-0001"
    mark: str | None


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
        width = self._pagesize[0]
        # The footer's left text is shortened once, to leave room for the longest "Page x of y".
        longest = fonts.string_width(f"Page {total} of {total}", fonts.REGULAR, FOOTER_SIZE)
        left = _shortened(self._frame.footer, width - 3 * MARGIN - longest)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            if self._frame.mark:
                _draw_mark(self, self._frame.mark)
            _draw_footer(self, left, f"Page {number} of {total}")
            super().showPage()
        super().save()


def _draw_footer(canvas: Canvas, left: str, right: str) -> None:
    width = canvas._pagesize[0]
    y = MARGIN * 0.55
    canvas.saveState()
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, y + 10, width - MARGIN, y + 10)
    canvas.setFillColor(MUTED)
    canvas.setFont(fonts.REGULAR, FOOTER_SIZE)
    canvas.drawRightString(width - MARGIN, y, right)
    _draw_runs(canvas, MARGIN, y, left, fonts.REGULAR, FOOTER_SIZE)
    canvas.restoreState()


def _draw_mark(canvas: Canvas, mark: str) -> None:
    width, height = canvas._pagesize
    text = fonts.clean(mark).replace("\n", " ").strip()
    pieces = fonts.runs(text, fonts.BOLD)
    natural = sum(fonts.string_width(piece, name, 1) for name, piece in pieces) or 1
    # As large as fits along 70 % of the diagonal, but never a shout bigger than 110 pt.
    size = min(110.0, 0.7 * math.hypot(width, height) / natural)
    colour = MARK_COLOURS.get(text.upper(), ACCENT)
    canvas.saveState()
    canvas.setFillColor(colour, alpha=MARK_ALPHA)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(math.degrees(math.atan2(height, width)))
    _draw_runs(canvas, -natural * size / 2, -size * 0.35, text, fonts.BOLD, size)
    canvas.restoreState()


def _draw_runs(canvas: Canvas, x: float, y: float, text: str, font: str, size: float) -> None:
    """Draw `text` from (x, y), switching to the fallback font for the characters `font` lacks."""
    for name, piece in fonts.runs(text, font):
        canvas.setFont(name, size)
        canvas.drawString(x, y, piece)
        x += fonts.string_width(piece, name, size)


def _shortened(text: str, room: float) -> str:
    """`text` on one line, cut with an ellipsis where it would be wider than `room`."""
    text = " ".join(fonts.clean(text).split())
    if _width(text) <= room:
        return text
    kept = text[: max(1, int(len(text) * room / _width(text)))]  # about right at once, then a character at a time
    while len(kept) > 1 and _width(kept + "…") > room:
        kept = kept[:-1]
    return kept.rstrip() + "…"


def _width(text: str) -> float:
    return sum(fonts.string_width(piece, name, FOOTER_SIZE) for name, piece in fonts.runs(text, fonts.REGULAR))
