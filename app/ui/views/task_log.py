"""TaskLog: all task-log entries (placeholder while the section is built)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.ui.context import UiContext


class TaskLogView(QWidget):
    def __init__(self, ctx: UiContext):
        super().__init__()
        self.ctx = ctx
        QVBoxLayout(self).addWidget(QLabel("all task-log entries"))
