"""The logo on a document (the template's, else the organisation's): decoded once, shrunk to a sane size,
skipped when it is broken. PNG and JPEG are embedded as images; SVG is drawn as vector graphics (svglib),
after everything that could reach outside the file (links, scripts, external images) is taken out of it.
"""

from __future__ import annotations

import functools
import logging
import re
from io import BytesIO

from lxml import etree
from PIL import Image
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable
from svglib.svglib import svg2rlg

from app.documents import fonts
from app.domain.invoice_template import logo_kind

log = logging.getLogger(__name__)

# Enough pixels for a crisp logo in print (60 mm at 600 dpi); bigger images only make the PDF heavy.
MOST_PIXELS = 1400
MOST_SOURCE_PIXELS = 40_000_000  # a logo bigger than that is a mistake (or a decompression bomb)
FORMATS = ("PNG", "JPEG")


class Logo(Flowable):
    """The logo image, scaled to fit `box` (width, height in points) without distortion."""

    def __init__(self, reader: ImageReader, box: tuple[float, float]) -> None:
        super().__init__()
        self._reader = reader
        pixels_wide, pixels_high = reader.getSize()
        scale = min(box[0] / pixels_wide, box[1] / pixels_high)
        self.width, self.height = pixels_wide * scale, pixels_high * scale

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.drawImage(self._reader, 0, 0, self.width, self.height, mask="auto")


def logo(data: bytes | None, box: tuple[float, float]) -> Flowable | None:
    """A flowable of the logo, or None when there is none or it cannot be read (the document prints without)."""
    if not data:
        return None
    if logo_kind(data) == "svg":
        drawing = _drawing(data)
        return None if drawing is None else SvgLogo(drawing, box)
    prepared = _prepared(data)
    if prepared is None:
        return None
    # A JPEG is embedded as it is; its reader reads the bytes, so each document gets its own.
    return Logo(ImageReader(BytesIO(prepared)) if isinstance(prepared, bytes) else prepared, box)


class SvgLogo(Flowable):
    """An SVG logo as vector graphics, scaled to fit `box` without distortion."""

    def __init__(self, drawing: Drawing, box: tuple[float, float]) -> None:
        super().__init__()
        self._drawing = drawing
        self._scale = min(box[0] / drawing.width, box[1] / drawing.height)
        self.width, self.height = drawing.width * self._scale, drawing.height * self._scale

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.scale(self._scale, self._scale)
        renderPDF.draw(self._drawing, self.canv, 0, 0)
        self.canv.restoreState()


@functools.lru_cache(maxsize=4)
def _drawing(data: bytes) -> Drawing | None:
    """The SVG as a reportlab drawing, or None when it cannot be read or draws nothing."""
    try:
        drawing = svg2rlg(BytesIO(sanitised_svg(data)))
    except Exception as problem:  # whatever is wrong with the file, the document prints without it
        log.warning("logo skipped: %s", problem)
        return None
    if drawing is None or not drawing.width > 0 or not drawing.height > 0:
        log.warning("logo skipped: the SVG has no size")
        return None
    _embedded_fonts(drawing)
    drawing.initialFontName = fonts.REGULAR  # what the drawing starts in, else Helvetica (never embedded)
    return drawing


def sanitised_svg(data: bytes) -> bytes:
    """The SVG without scripts, foreign content, entities or references to anything outside itself."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    root = etree.fromstring(data, parser)
    for element in list(root.iter()):
        if not isinstance(element.tag, str):  # comments, processing instructions
            continue
        name = etree.QName(element).localname
        if name in ("script", "foreignObject") or name.startswith("animate"):
            element.getparent().remove(element)
            continue
        if name == "style" and element.text:
            element.text = re.sub(r"@import[^;]*;?", "", element.text)
        for attribute in list(element.attrib):
            value = element.attrib[attribute].strip()
            local = etree.QName(attribute).localname
            internal = value.startswith("#") or re.match(r"data:image/(png|jpe?g);base64,", value)
            if (local == "href" and not internal) or local.startswith("on"):
                del element.attrib[attribute]
    return etree.tostring(root)


def _embedded_fonts(node: object) -> None:
    """Text in the SVG drawn in DejaVu Sans: a font the SVG names would be one the PDF does not embed."""
    if isinstance(node, String):
        node.fontName = fonts.BOLD if "bold" in str(node.fontName).lower() else fonts.REGULAR
    for child in getattr(node, "contents", ()):
        _embedded_fonts(child)


@functools.lru_cache(maxsize=4)
def _prepared(data: bytes) -> bytes | ImageReader | None:
    """The JPEG bytes to embed as they are, or a reader of the decoded pixels; None for an unusable image."""
    # Cached: a batch of invoices carries the same logo, and decoding it is the slow part.
    try:
        image = Image.open(BytesIO(data), formats=FORMATS)
        width, height = image.size
        if not 0 < width * height <= MOST_SOURCE_PIXELS:
            log.warning("logo skipped: %d x %d pixels", width, height)
            return None
        image.load()  # decodes everything now, so a truncated file fails here and not inside the layout
        if image.format == "JPEG" and image.mode in ("L", "RGB", "CMYK") and max(image.size) <= MOST_PIXELS:
            return data
        if max(image.size) > MOST_PIXELS:
            image.thumbnail((MOST_PIXELS, MOST_PIXELS))
        reader = ImageReader(image)
        reader.getRGBData()  # converts the pixels once, for every document that reuses this reader
        return reader
    except Exception as problem:  # whatever is wrong with the file, the document prints without it
        log.warning("logo skipped: %s", problem)
        return None
