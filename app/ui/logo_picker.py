"""The organisation's logo in the settings form: a thumbnail of it, a button to choose an image file, one to remove it.

The picker only reads the chosen file; whether it is a PNG or JPEG of at most 1 MB is the service's check,
shown under the field on save like every other problem.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.services.invoicing_settings import MAX_LOGO_BYTES, logo_format

THUMBNAIL = QSize(160, 64)
FILE_FILTER = "Images (*.png *.jpg *.jpeg);;All files (*)"


class LogoPicker(QWidget):
    changed = Signal()  # the user chose another file or removed the logo

    def __init__(self) -> None:
        super().__init__()
        self.data: bytes | None = None  # the logo to save, as shown
        self.touched = False  # chosen or removed since the stored logo was shown
        self.preview = QLabel()
        self.preview.setFixedSize(THUMBNAIL)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setStyleSheet("QLabel { border: 1px solid palette(mid); }")
        self.about = QLabel()
        self.about.setTextFormat(Qt.TextFormat.PlainText)
        self.choose = QPushButton("Choose image…")
        self.choose.setToolTip("A PNG or JPEG image of at most 1 MB, printed at the top of invoices and quotes")
        self.remove = QPushButton("Remove")
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
        self._show(None)

    def show_stored(self, data: bytes | None) -> None:
        """The logo as stored, nothing changed."""
        self.touched = False
        self._show(data)

    def pick(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Choose the organisation's logo", "", FILE_FILTER)
        if name:
            self.take_file(Path(name))

    def take_file(self, path: Path) -> None:
        """Use the image in `path` (read here; checked on save)."""
        try:
            with path.open("rb") as file:
                data = file.read(MAX_LOGO_BYTES + 1)  # enough to be refused as too big, without reading it all
        except OSError as error:
            self.about.setText(f"{path.name} cannot be read: {error.strerror or error}")
            return
        self.touched = True
        self._show(data)
        self.changed.emit()

    def clear(self) -> None:
        self.touched = True
        self._show(None)
        self.changed.emit()

    def _show(self, data: bytes | None) -> None:
        self.data = data
        self.remove.setEnabled(data is not None)
        pixmap = QPixmap()
        if data is None:
            self.preview.setPixmap(QPixmap())
            self.preview.setText("No logo")
            self.about.setText("")
            return
        kind = logo_format(data) or "Not a PNG or JPEG image"
        size = f"{len(data) // 1024:,} KB" if len(data) >= 1024 else f"{len(data)} bytes"
        self.about.setText(f"{kind}, {size}")
        if logo_format(data) and pixmap.loadFromData(data):
            scaled = pixmap.scaled(
                THUMBNAIL, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
            self.preview.setPixmap(scaled)
        else:
            self.preview.setPixmap(QPixmap())
            self.preview.setText("No preview")
