"""A colour setting: its #RRGGBB text, editable, beside a swatch that opens the colour chooser."""

from __future__ import annotations

import re

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog, QHBoxLayout, QLineEdit, QPushButton, QWidget

_HEX = re.compile(r"#[0-9A-Fa-f]{6}")


class ColourField(QWidget):
    changed = Signal()  # a person typed or chose another colour

    def __init__(self) -> None:
        super().__init__()
        self.text = QLineEdit()
        self.text.setMaxLength(7)
        self.text.setFixedWidth(90)
        self.text.setPlaceholderText("#264A78")
        self.swatch = QPushButton()
        self.swatch.setFixedWidth(36)
        self.swatch.setToolTip("Choose a colour")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text)
        layout.addWidget(self.swatch)
        layout.addStretch()
        self.text.textEdited.connect(self._typed)
        self.swatch.clicked.connect(self.choose)

    def colour(self) -> str:
        return self.text.text().strip()

    def set_colour(self, value: str) -> None:
        self.text.setText(value)
        self._paint()

    def choose(self) -> None:
        start = QColor(self.colour()) if _HEX.fullmatch(self.colour()) else QColor("#264A78")
        chosen = QColorDialog.getColor(start, self, "Choose a colour")
        if chosen.isValid():
            self.set_colour(chosen.name().upper())
            self.changed.emit()

    def _typed(self) -> None:
        self._paint()
        self.changed.emit()

    def _paint(self) -> None:
        value = self.colour()
        self.swatch.setStyleSheet(f"background: {value};" if _HEX.fullmatch(value) else "")
