"""A template's own logo in the designer: the logo picker taking PNG, JPEG or SVG; removing it means the
invoice prints the organisation's logo. Whether it is an image of at most 1 MB is the template's check."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from app.documents.logo import sanitised_svg
from app.domain.invoice_template import MAX_LOGO_BYTES, logo_kind
from app.ui.logo_picker import THUMBNAIL, LogoPicker


class TemplateLogoPicker(LogoPicker):
    chooser_title = "Choose the template's logo"
    file_filter = "Images (*.png *.jpg *.jpeg *.svg);;All files (*)"
    hint = "A PNG, JPEG or SVG image of at most 1 MB; without one, the organisation's logo prints"
    remove_text = "Use the organisation's"
    empty_text = "The organisation's logo"
    not_an_image = "Not a PNG, JPEG or SVG image"
    max_bytes = MAX_LOGO_BYTES

    def kind(self, data: bytes) -> str | None:
        return logo_kind(data)

    def thumbnail(self, data: bytes, kind: str) -> QPixmap | None:
        if kind != "svg":
            return super().thumbnail(data, kind)
        try:
            cleaned = sanitised_svg(data)  # nothing in it may reach outside the file
        except Exception:  # not XML at all
            return None
        renderer = QSvgRenderer(QByteArray(cleaned))
        if not renderer.isValid():
            return None
        size = renderer.defaultSize().scaled(THUMBNAIL, Qt.AspectRatioMode.KeepAspectRatio)
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter)
        painter.end()
        return pixmap
