"""User text as printed: wrapped to its width, split over pages, in DejaVu with the CJK fallback where needed.

It replaces reportlab's Paragraph for everything the documents print. A Paragraph parses markup (so user
text would have to be escaped first) and re-wraps each time a long table is split over pages; measured on a
1,000-line invoice and on batches of small ones, Paragraphs were a quarter of the rendering time. A
TextBlock takes the text as it is, with nothing in it ever interpreted, breaks lines at spaces, between any
two characters in the fallback font (Chinese and Japanese have no spaces), and inside a word wider than the
line, and draws each line as runs of the two fonts.
"""

from __future__ import annotations

import re

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from app.documents import fonts

_TOKENS = re.compile(r"\n|[ ]+|[^ \n]+")

Segment = tuple[str, str]  # (font name, text)
Line = tuple[float, list[Segment]]  # (width, segments)


class TextBlock(Flowable):
    """`text` in `style` (its font, size, leading, colour, alignment left or right, space after)."""

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self._style = style
        self._atoms = _atoms(fonts.clean(text).strip(), style.fontName, style.fontSize)
        self._room = -1.0
        self._lines: list[Line] = []
        self.spaceBefore, self.spaceAfter = style.spaceBefore, style.spaceAfter

    @classmethod
    def _of_lines(cls, lines: list[Line], style: ParagraphStyle, room: float) -> TextBlock:
        block = cls("", style)
        block._lines, block._room = lines, room
        return block

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if available_width != self._room:  # a table asks several times with the same width
            self._room = available_width
            self._lines = _lines(self._atoms, available_width, self._style.fontSize)
        self.width, self.height = available_width, len(self._lines) * self._style.leading
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        self.wrap(available_width, available_height)
        fit = int(available_height // self._style.leading)
        if fit <= 0 or fit >= len(self._lines):
            return []
        return [
            TextBlock._of_lines(self._lines[:fit], self._style, self._room),
            TextBlock._of_lines(self._lines[fit:], self._style, self._room),
        ]

    def draw(self) -> None:
        style = self._style
        text = self.canv.beginText()
        text.setFillColor(style.textColor)
        y = self.height - style.fontSize
        for width, segments in self._lines:
            text.setTextOrigin(self.width - width if style.alignment == TA_RIGHT else 0.0, y)
            for font, piece in segments:
                text.setFont(font, style.fontSize, style.leading)
                text.textOut(piece)
            y -= style.leading
        self.canv.drawText(text)


# An atom is (font, text, width, kind): kind " " is a space, "\n" a forced break, "w" a word that only
# breaks when it alone is too wide, "c" a fallback character after which a line may break.
Atom = tuple[str, str, float, str]


def _atoms(text: str, font: str, size: float) -> list[Atom]:
    atoms: list[Atom] = []
    for name, piece in fonts.runs(text, font):
        for token in _TOKENS.findall(piece):
            if token == "\n" or token[0] == " ":
                atoms.append((name, token, fonts.string_width(token, name, size), token[0]))
            elif name != font:
                atoms.extend((name, char, fonts.string_width(char, name, size), "c") for char in token)
            else:
                atoms.append((name, token, fonts.string_width(token, name, size), "w"))
    return atoms


def _lines(atoms: list[Atom], room: float, size: float) -> list[tuple[float, list[Segment]]]:
    """Greedy line filling; the space at a break is dropped, as a Paragraph does."""
    lines: list[tuple[float, list[Atom]]] = []
    line: list[Atom] = []
    used = 0.0
    pending: Atom | None = None  # a space, kept only if something follows it on the same line
    for atom in atoms:
        font, text, width, kind = atom
        if kind == "\n":
            lines.append((used, line))
            line, used, pending = [], 0.0, None
            continue
        if kind == " ":
            pending = atom if line else None
            continue
        gap = pending[2] if pending else 0.0
        if used + gap + width <= room or (not line and kind == "c"):
            line += [pending, atom] if pending else [atom]
            used += gap + width
        elif width <= room:
            lines.append((used, line))
            line, used = [atom], width
        else:
            if line:
                lines.append((used, line))
                line, used = [], 0.0
            for char in text:  # a word wider than the cell is cut where it must be
                char_width = fonts.string_width(char, font, size)
                if line and used + char_width > room:
                    lines.append((used, line))
                    line, used = [], 0.0
                line.append((font, char, char_width, "c"))
                used += char_width
        pending = None
    lines.append((used, line))
    return [(width, _merged(atoms)) for width, atoms in lines]


def _merged(atoms: list[Atom]) -> list[Segment]:
    """Neighbouring atoms in the same font drawn as one string."""
    segments: list[Segment] = []
    for font, text, _, _ in atoms:
        if segments and segments[-1][0] == font:
            segments[-1] = (font, segments[-1][1] + text)
        else:
            segments.append((font, text))
    return segments
