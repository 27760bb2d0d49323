"""A logo in a form: a thumbnail of it, a button to choose an image file, one to remove it.

`LogoPicker` is the organisation's (Settings: PNG or JPEG); the designer's template logo
(app/ui/template_logo.py) is the same picker taking SVG too. The picker only reads the chosen file; whether
it is an image of at most 1 MB is checked on save, shown under the field like every other problem.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.services.invoicing_settings import MAX_LOGO_BYTES, logo_format

THUMBNAIL = QSize(160, 64)


class LogoPicker(QWidget):
    changed = Signal()  # the user chose another file or removed the logo

    chooser_title = "Choose the organisation's logo"
    file_filter = "Images (*.png *.jpg *.jpeg);;All files (*)"
    hint = "A PNG or JPEG image of at most 1 MB, printed at the top of invoices and quotes"
    remove_text = "Remove"
    empty_text = "No logo"
    not_an_image = "Not a PNG or JPEG image"
    max_bytes = MAX_LOGO_BYTES

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
        self.about.setWordWrap(True)
        self.choose = QPushButton("Choose image…")
        self.choose.setToolTip(self.hint)
        self.remove = QPushButton(self.remove_text)
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

    def show_stored(self, data: bytes | None) -> None:
        """The logo as stored, nothing changed."""
        self.touched = False
        self.show_image(data)

    def pick(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.chooser_title, "", self.file_filter)
        if name:
            self.take_file(Path(name))

    def take_file(self, path: Path) -> None:
        """Use the image in `path` (read here; checked on save)."""
        try:
            with path.open("rb") as file:
                data = file.read(self.max_bytes + 1)  # enough to be refused as too big, without reading it all
        except OSError as error:
            self.about.setText(f"{path.name} cannot be read: {error.strerror or error}")
            return
        self.touched = True
        self.show_image(data)
        self.changed.emit()

    def clear(self) -> None:
        self.touched = True
        self.show_image(None)
        self.changed.emit()

    def show_image(self, data: bytes | None) -> None:
        self.data = data
        self.remove.setEnabled(data is not None)
        self.preview.setPixmap(QPixmap())
        if data is None:
            self.preview.setText(self.empty_text)
            self.about.setText("")
            return
        kind = self.kind(data)
        size = f"{len(data) // 1024:,} KB" if len(data) >= 1024 else f"{len(data)} bytes"
        self.about.setText(f"{kind.upper() if kind else self.not_an_image}, {size}")
        pixmap = self.thumbnail(data, kind) if kind else None
        if pixmap is None:
            self.preview.setText("No preview")
        else:
            self.preview.setPixmap(pixmap)

    def kind(self, data: bytes) -> str | None:
        """The image format the bytes hold, or None when it is not one this picker takes."""
        return logo_format(data)

    def thumbnail(self, data: bytes, kind: str) -> QPixmap | None:
        pixmap = QPixmap()
        if not pixmap.loadFromData(data):
            return None
        return pixmap.scaled(THUMBNAIL, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
