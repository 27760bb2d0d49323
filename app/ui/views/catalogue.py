"""Catalogue: clients, projects, tasks and assignments (placeholder while the section is built)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.ui.context import UiContext


class CatalogueView(QWidget):
    def __init__(self, ctx: UiContext):
        super().__init__()
        self.ctx = ctx
        QVBoxLayout(self).addWidget(QLabel("clients, projects, tasks and assignments"))
