"""The Sync problems list: conflicts and refused changes, each with both values, and the decision it asks for.

A conflict is a field changed here and on the server while apart: keep mine (sent to the server on the next
round) or take the server's. A refusal is a change the server would not take (the entry was approved
meanwhile...): the local copy is back to the server's version, and the person dismisses it once read.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import Shiboken

from app.services.sync_status import SyncPort, SyncProblem, SyncStatus
from app.ui.context import UiContext
from app.ui.labels import plain_label
from app.ui.record_list import Column, RecordList
from app.ui.week_bar import MessageLine

EMPTY = "All is well: no conflicts or refused changes wait for a decision."
CONFLICT = "Changed here and on the server while apart. Keep yours (it goes to the server) or take the server's."
REFUSED = "The server refused this change, and your copy shows the server's version again."


def shown_value(value: Any) -> str:
    """A value from either side as a person reads it: "—" for nothing, Yes/No, dates and times in words."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return f"{value.astimezone():%a %d %b %Y, %H:%M}"  # this desktop's time zone: the person's own
    if isinstance(value, date):
        return f"{value:%a %d %b %Y}"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def one_line(text: str) -> str:
    """A cell of the list: a note's lines run together (the detail below shows them as written)."""
    return " ".join(text.split())


def field_title(field: str | None) -> str:
    """ "project_id" -> "Project", "start_at" -> "Start at" """
    if not field:
        return "—"
    return field.removesuffix("_id").replace("_", " ").strip().capitalize()


def why_text(problem: SyncProblem) -> str:
    if problem.kind == "refused":
        return problem.reason or "Refused by the server"
    return problem.reason or "Changed on both sides"


COLUMNS = (
    Column("What", lambda p: one_line(p.label)),
    Column("Field", lambda p: field_title(p.field)),
    Column("Yours", lambda p: one_line(shown_value(p.mine))),
    Column("Server's", lambda p: one_line(shown_value(p.server))),
    Column("Why", lambda p: one_line(why_text(p)), stretch=True),
)
WHAT, FIELD, YOURS, SERVERS, WHY = range(len(COLUMNS))
# Notes and reasons can be long: these columns start at a width that leaves room for the others (elided, whole
# in the tooltip and in the detail below), and people can widen them.
WIDTHS = {WHAT: 260, YOURS: 150, SERVERS: 150}


@dataclass(frozen=True)
class Problems:
    problems: list[SyncProblem]
    status: SyncStatus


def read_problems(sync: SyncPort) -> Problems:
    return Problems(sync.problems(), sync.status())


def settle_problem(sync: SyncPort, problem_id: int, keep_mine: bool) -> Problems:
    sync.resolve(problem_id, keep_mine=keep_mine)
    return read_problems(sync)


class ProblemDetail(QWidget):
    """The selected problem in full: both values as written, the server's reason, and its buttons."""

    def __init__(self) -> None:
        super().__init__()
        self.title = plain_label(name="problemTitle")
        self.title.setWordWrap(True)
        self.title.setStyleSheet("#problemTitle { font-weight: 600; }")
        self.about = plain_label()
        self.about.setWordWrap(True)
        self.field = plain_label()
        self.mine = self._value()
        self.server = self._value()
        self.reason = self._value()
        self.rows = QFormLayout()
        self.rows.addRow("Field", self.field)
        self.rows.addRow("Yours", self.mine)
        self.rows.addRow("Server's", self.server)
        self.rows.addRow("Server's reason", self.reason)
        self.keep_mine = QPushButton("Keep mine")
        self.keep_mine.setToolTip("Your value goes to the server on the next sync")
        self.take_server = QPushButton("Take server's")
        self.take_server.setToolTip("The server's value stays, here too")
        self.dismiss = QPushButton("Dismiss")
        self.dismiss.setToolTip("You have read it: the server's version stays")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.keep_mine, self.take_server, self.dismiss):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.about)
        layout.addLayout(self.rows)
        layout.addLayout(buttons)

    @staticmethod
    def _value() -> QLabel:
        label = plain_label()  # notes and names are the user's own text
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def show_problem(self, problem: SyncProblem | None) -> None:
        self.setVisible(problem is not None)
        if problem is None:
            return
        refused = problem.kind == "refused"
        self.title.setText(problem.label)
        self.about.setText(REFUSED if refused else CONFLICT)
        self.field.setText(field_title(problem.field))
        self.mine.setText(shown_value(problem.mine))
        self.server.setText(shown_value(problem.server))
        self.reason.setText(problem.reason)
        has_values = problem.field is not None or problem.mine is not None or problem.server is not None
        for row, visible in ((0, problem.field is not None), (1, has_values), (2, has_values)):
            self.rows.setRowVisible(row, visible)
        self.rows.setRowVisible(3, refused and bool(problem.reason))
        self.keep_mine.setVisible(not refused)
        self.take_server.setVisible(not refused)
        self.dismiss.setVisible(refused)


class SyncProblemsDialog(QDialog):
    """Lists what waits for a decision; re-reads after each sync round and each decision."""

    loaded = Signal()  # the problems read last are on screen

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.sync: SyncPort = ctx.workspace.sync
        self.loads = 0
        self.deciding = False
        self.telling = False
        self.setWindowTitle("Sync problems")
        self.resize(900, 440)
        self.list = RecordList(COLUMNS, key=lambda p: p.id)
        header = self.list.table.horizontalHeader()
        for column, width in WIDTHS.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.detail = ProblemDetail()
        self.detail.hide()
        self.message = MessageLine()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.list.chosen.connect(self._show_selected)
        self.detail.keep_mine.clicked.connect(lambda: self.decide(keep_mine=True))
        self.detail.take_server.clicked.connect(lambda: self.decide(keep_mine=False))
        self.detail.dismiss.clicked.connect(lambda: self.decide(keep_mine=False))
        ctx.events.sync_status.connect(self._status_heard)
        self.reload()

    def reload(self) -> None:
        self.loads += 1
        ticket = self.loads
        sync = self.sync
        self._run(lambda: read_problems(sync), lambda read: ticket == self.loads and self._show(read))

    def decide(self, *, keep_mine: bool) -> None:
        problem = self.list.selected()
        if problem is None or self.deciding:
            return
        self.deciding = True
        self._enable_buttons(False)
        self.loads += 1  # a read started before the decision would show the problem again
        sync = self.sync
        self._run(lambda: settle_problem(sync, problem.id, keep_mine), lambda read: self._decided(read, keep_mine))

    def _decided(self, read: Problems, keep_mine: bool) -> None:
        self.deciding = False
        self._show(read)
        self.message.info("Yours goes to the server with the next sync." if keep_mine else "")
        self.telling = True  # our own news: no need to read again
        try:
            self.ctx.events.sync_status.emit(read.status)
        finally:
            self.telling = False
        if keep_mine:
            self.ctx.events.sync_now_requested.emit()

    def _status_heard(self, status: SyncStatus) -> None:
        if not self.telling:
            self.reload()

    def _show(self, read: Problems) -> None:
        self.list.show_rows(read.problems, EMPTY)
        if self.list.selected() is None and read.problems:
            self.list.select(read.problems[0].id)
        self._show_selected()
        self.loaded.emit()

    def _show_selected(self) -> None:
        self.detail.show_problem(self.list.selected())
        self._enable_buttons(not self.deciding)

    def _enable_buttons(self, enabled: bool) -> None:
        for button in (self.detail.keep_mine, self.detail.take_server, self.detail.dismiss):
            button.setEnabled(enabled)

    def _run(self, work: Callable[[], Problems], done: Callable[[Problems], Any]) -> None:
        def answer(read: Problems) -> None:
            if Shiboken.isValid(self):
                done(read)

        def failed(error: Exception) -> None:
            if not Shiboken.isValid(self):
                return
            decided = self.deciding
            self.deciding = False
            self._enable_buttons(True)
            self.message.error(str(error))
            if decided:  # settled meanwhile elsewhere (the command line, another round): show what is left
                self.reload()

        self.ctx.runner.run(work, answer, failed)
