"""The fonts documents are printed in: DejaVu Sans (or the template's DejaVu Sans Condensed or DejaVu Serif),
embedded, and Droid Sans Fallback where DejaVu has no glyph.

User text is never given to reportlab as markup: it is drawn as plain strings, split into runs by the
font that has the glyphs (see TextBlock), so characters DejaVu lacks, such as 東京, come from the fallback.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.resources import resource

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
FALLBACK = "DroidSansFallbackFull"
_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf", FALLBACK: "DroidSansFallbackFull.ttf"}
# The families a template can choose (app.domain.invoice_template.FONTS): regular and bold, registered when
# first used, so a process printing only with DejaVu Sans never parses the others.
FAMILIES = {
    "DejaVu Sans": (REGULAR, BOLD),
    "DejaVu Sans Condensed": ("DejaVuSansCondensed", "DejaVuSansCondensed-Bold"),
    "DejaVu Serif": ("DejaVuSerif", "DejaVuSerif-Bold"),
}
_FAMILY_FILES = {
    "DejaVuSansCondensed": "DejaVuSansCondensed.ttf",
    "DejaVuSansCondensed-Bold": "DejaVuSansCondensed-Bold.ttf",
    "DejaVuSerif": "DejaVuSerif.ttf",
    "DejaVuSerif-Bold": "DejaVuSerif-Bold.ttf",
}

# Control characters would print as boxes (or nothing); a tab is a space on paper.
_CONTROLS = {code: None for code in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)}
_CONTROLS[0x09] = " "
_CONTROLS[0x0D] = None

_lock = threading.Lock()
_coverage: dict[str, Mapping[int, int]] = {}
_ascii_widths: dict[str, tuple[float, ...]] = {}  # per font: the advance of each ASCII character, in em/1000


def register_fonts() -> None:
    """Register the fonts with reportlab once per process (parsing a font file takes tens of milliseconds)."""
    if _coverage:
        return
    with _lock:
        if _coverage:
            return
        _load(_FILES)


def family(name: str) -> tuple[str, str]:
    """The regular and bold font of a family (DejaVu Sans for a name not known), registered with reportlab."""
    register_fonts()
    fonts = FAMILIES.get(name, FAMILIES["DejaVu Sans"])
    if fonts[0] not in _coverage:
        with _lock:
            if fonts[0] not in _coverage:
                _load({font: _FAMILY_FILES[font] for font in fonts})
    return fonts


def _load(files: Mapping[str, str]) -> None:
    loaded = {name: TTFont(name, str(resource("fonts", file))) for name, file in files.items()}
    for font in loaded.values():
        pdfmetrics.registerFont(font)
    for name, font in loaded.items():
        widths, default = font.face.charWidths, font.face.defaultWidth
        _ascii_widths[name] = tuple(widths.get(code, default) for code in range(128))
    # Set last: the coverage of a font is what tells other threads it is ready.
    _coverage.update({name: font.face.charToGlyph for name, font in loaded.items()})


def clean(text: str) -> str:
    """`text` without control characters; Windows line ends become plain newlines."""
    return text.replace("\r\n", "\n").translate(_CONTROLS)


def covers(text: str, font: str = REGULAR) -> bool:
    """Whether `font` has a glyph for every character of `text` (a clean text, see clean())."""
    if text.isascii():
        return True
    cmap = _coverage[font]
    return all(ord(char) in cmap for char in text if char != "\n")


def runs(text: str, font: str = REGULAR) -> list[tuple[str, str]]:
    """`text` split into (font name, piece): pieces `font` lacks go to the fallback when it has them."""
    if covers(text, font):
        return [(font, text)]
    cmap, fallback = _coverage[font], _coverage[FALLBACK]
    pieces: list[tuple[str, str]] = []
    current, start = font, 0
    for index, char in enumerate(text):
        code = ord(char)
        # Spaces and newlines stay with the run they are in, so CJK text is not cut into one run per word.
        if char in " \n":
            continue
        wanted = FALLBACK if code not in cmap and code in fallback else font
        if wanted != current:
            if index > start:
                pieces.append((current, text[start:index]))
            current, start = wanted, index
    pieces.append((current, text[start:]))
    return pieces


def string_width(text: str, font: str, size: float) -> float:
    """The width of `text` in points; the same figure as reportlab's, several times faster for ASCII text."""
    if text.isascii():
        return sum(map(_ascii_widths[font].__getitem__, text.encode("ascii"))) * 0.001 * size
    return pdfmetrics.stringWidth(text, font, size)


def wrapped(text: str, font: str, size: float, room: float) -> list[str] | None:
    """`text` broken at spaces into lines no wider than `room`; None when a word alone is wider."""
    space = string_width(" ", font, size)
    lines = []
    for paragraph in text.split("\n"):
        line, used = "", 0.0
        for word in filter(None, paragraph.split(" ")):  # only spaces: a no-break space holds
            width = string_width(word, font, size)
            if width > room:
                return None
            if line and used + space + width <= room:
                line, used = f"{line} {word}", used + space + width
            else:
                if line:
                    lines.append(line)
                line, used = word, width
        lines.append(line)
    return lines
