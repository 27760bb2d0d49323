"""The organisation's logo on a document: decoded once, shrunk to a sane size, skipped when it is broken."""

from __future__ import annotations

import functools
import logging
from io import BytesIO

from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable

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


def logo(data: bytes | None, box: tuple[float, float]) -> Logo | None:
    """A flowable of the logo, or None when there is none or it cannot be read (the document prints without)."""
    if not data:
        return None
    prepared = _prepared(data)
    if prepared is None:
        return None
    # A JPEG is embedded as it is; its reader reads the bytes, so each document gets its own.
    return Logo(ImageReader(BytesIO(prepared)) if isinstance(prepared, bytes) else prepared, box)


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
