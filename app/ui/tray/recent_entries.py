"""The popup's latest entries, each carried on with one click (same work, same note)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QToolButton, QVBoxLayout, QWidget

from app.services.task_log import EntryView
from app.services.work_status import RECENT_ENTRIES
from app.ui.labels import plain_label

Restart = Callable[[EntryView], None]
NOTHING_YET = "Nothing logged yet: pick work above and press Start."


class RecentRow(QWidget):
    def __init__(self, view: EntryView, on_restart: Restart, width: int):
        super().__init__()
        self.view = view
        note = " ".join(view.entry.note.split())
        text = f"{view.work.label} · {note}" if note else view.work.label
        self.label = plain_label()
        self.label.setToolTip(text)
        self.duration = plain_label(str(view.entry.duration))
        self.restart = QToolButton(text="▶", toolTip=f"Start {view.work.label} again")
        self.restart.setAutoRaise(True)
        self.restart.clicked.connect(lambda: on_restart(view))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.restart)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.duration)
        room = width - 110  # less the button, the duration and the margins
        self.label.setText(self.label.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, room))


class RecentEntries(QWidget):
    def __init__(self, on_restart: Restart, width: int):
        super().__init__()
        self.on_restart = on_restart
        self.row_width = width
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(0)

    def show_entries(self, views: list[EntryView]) -> None:
        while self.column.count():
            widget = self.column.takeAt(0).widget()
            widget.hide()  # at once: deleteLater only takes it away at the next turn of the event loop
            widget.deleteLater()
        for view in views[:RECENT_ENTRIES]:
            self.column.addWidget(RecentRow(view, self.on_restart, self.row_width))
        if not views:
            self.column.addWidget(plain_label(NOTHING_YET, "hint"))
        # Tell the popup's layout now, not at the next event loop turn, so it opens at its full height.
        self.column.activate()
        self.updateGeometry()

    def rows(self) -> list[RecentRow]:
        found = (self.column.itemAt(i).widget() for i in range(self.column.count()))
        return [row for row in found if isinstance(row, RecentRow)]
