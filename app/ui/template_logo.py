"""A template's own logo in the designer: a thumbnail, a button to choose a PNG, JPEG or SVG file, one to
remove it (the invoice then prints the organisation's logo). The file is only read here; whether it is an
image of at most 1 MB is the template's check, shown under the field."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSize, Qt, Signal
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.documents.logo import sanitised_svg
from app.domain.invoice_template import MAX_LOGO_BYTES, logo_kind

THUMBNAIL = QSize(160, 64)
FILE_FILTER = "Images (*.png *.jpg *.jpeg *.svg);;All files (*)"


class TemplateLogoPicker(QWidget):
    changed = Signal()  # another file was chosen, or the logo removed

    def __init__(self) -> None:
        super().__init__()
        self.data: bytes | None = None
        self.preview = QLabel()
        self.preview.setFixedSize(THUMBNAIL)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setStyleSheet("QLabel { border: 1px solid palette(mid); }")
        self.about = QLabel()
        self.about.setTextFormat(Qt.TextFormat.PlainText)
        self.about.setWordWrap(True)
        self.choose = QPushButton("Choose image…")
        self.choose.setToolTip("A PNG, JPEG or SVG image of at most 1 MB; without one, the organisation's logo prints")
        self.remove = QPushButton("Use the organisation's")
        buttons = QVBoxLayout()
        buttons.addWidget(self.about)
        buttons.addWidget(self.choose)
        buttons.addWidget(self.remove)
        buttons.addStretch()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.preview)
        layout.addLayout(buttons)
        layout.addStretch()
        self.choose.clicked.connect(self.pick)
        self.remove.clicked.connect(self.clear)
        self.show_image(None)

    def pick(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Choose the template's logo", "", FILE_FILTER)
        if name:
            self.take_file(Path(name))

    def take_file(self, path: Path) -> None:
        try:
            with path.open("rb") as file:
                data = file.read(MAX_LOGO_BYTES + 1)  # enough to be refused as too big, without reading it all
        except OSError as error:
            self.about.setText(f"{path.name} cannot be read: {error.strerror or error}")
            return
        self.show_image(data)
        self.changed.emit()

    def clear(self) -> None:
        self.show_image(None)
        self.changed.emit()

    def show_image(self, data: bytes | None) -> None:
        self.data = data
        self.remove.setEnabled(data is not None)
        self.preview.setPixmap(QPixmap())
        if data is None:
            self.preview.setText("The organisation's logo")
            self.about.setText("")
            return
        kind = logo_kind(data)
        size = f"{len(data) // 1024:,} KB" if len(data) >= 1024 else f"{len(data)} bytes"
        self.about.setText(f"{kind.upper() if kind else 'Not a PNG, JPEG or SVG image'}, {size}")
        pixmap = _thumbnail(data, kind)
        if pixmap is None:
            self.preview.setText("No preview")
        else:
            self.preview.setPixmap(pixmap)


def _thumbnail(data: bytes, kind: str | None) -> QPixmap | None:
    if kind == "svg":
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
    pixmap = QPixmap()
    if kind is None or not pixmap.loadFromData(data):
        return None
    return pixmap.scaled(THUMBNAIL, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
