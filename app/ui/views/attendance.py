"""Attendance: clock sessions and breaks (placeholder while the section is built)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.ui.context import UiContext


class AttendanceView(QWidget):
    def __init__(self, ctx: UiContext):
        super().__init__()
        self.ctx = ctx
        QVBoxLayout(self).addWidget(QLabel("clock sessions and breaks"))
