"""A list of task-log entries to work on: edit in the cell, Delete (with Undo and Ctrl+Z), and a message line.

Today and the Task log both show one; they differ only in the list they ask for and the columns shown.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from app.domain.entry_list import EntryQuery, ListedEntry
from app.services import entries
from app.ui.context import UiContext
from app.ui.edited_rows import edited_rows_table
from app.ui.task_log_model import (
    AMOUNT,
    BILLABLE,
    CLIENT,
    DATE,
    HOURS,
    NOTE,
    PERSON,
    STATUS,
    TIME,
    WORK,
    TaskLogModel,
    describe,
    span_parts,
)
from app.ui.undo import DeleteEntries, MessageBar, entries_phrase, undo_stack
from app.ui.view_jobs import ViewJobs

SPAN_HINT = "Type the time as 09:00–10:30."
LOADING = "Loading…"
LOADING_DELAY_MS = 200
WIDTHS = {DATE: 118, TIME: 88, WORK: 136, HOURS: 58, BILLABLE: 60, STATUS: 76, AMOUNT: 90}
SHARED = (CLIENT, PERSON, NOTE)


class EntryTable(QWidget):
    def __init__(self, ctx: UiContext, empty_text: str, hidden: tuple[int, ...] = ()):
        super().__init__()
        self.ctx = ctx
        self.jobs = ViewJobs(self, ctx)
        self.stack = undo_stack(ctx)
        self.empty_text = empty_text
        self.model = TaskLogModel(ViewJobs(self, ctx))
        self.table = self._table(hidden)
        self.empty = QLabel(empty_text)
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.empty.setWordWrap(True)
        self.empty.hide()
        self.messages = MessageBar(self.stack)
        self.stale = False  # entries changed while a cell was being typed into
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.messages)
        self.model.page_loaded.connect(self._show_rows)
        self.model.load_failed.connect(self._cannot_show)
        self.model.edit_requested.connect(self.save_edit)
        self.table.itemDelegate().closeEditor.connect(self._editor_closed)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table, self.delete_selected)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        undo = QShortcut(QKeySequence(QKeySequence.StandardKey.Undo), self, self.stack.undo)
        undo.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def _table(self, hidden: tuple[int, ...]) -> QTableView:
        table = edited_rows_table(self.model, QAbstractItemView.SelectionMode.ExtendedSelection)
        # Rows are all one line high, so the view need not measure a million of them.
        rows = table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(table.fontMetrics().height() + 8)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setMinimumSectionSize(48)
        for column, width in WIDTHS.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            table.setColumnWidth(column, width)
        for column in SHARED:  # the names and the note share what is left, so nothing needs a side scroll
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        for column in hidden:
            table.setColumnHidden(column, True)
        return table

    def show_list(self, query: EntryQuery) -> None:
        self.model.set_query(query)
        # An order without an index can take a while on a big ledger; a quick answer should not flicker.
        QTimer.singleShot(LOADING_DELAY_MS, self, self._say_loading)

    def _say_loading(self) -> None:
        if self.model.loading and not self.model.rowCount():
            self.table.hide()
            self.empty.setText(LOADING)
            self.empty.show()

    def refresh(self) -> None:
        if self.table.state() == QAbstractItemView.State.EditingState:
            self.stale = True  # re-reading now would move rows under the cell being typed into
            return
        self.stale = False
        last_seen = self.table.rowAt(self.table.viewport().height() - 1)
        self.model.refresh(None if last_seen < 0 else last_seen + 1 + self.model.page_size)

    def _editor_closed(self) -> None:
        if self.stale:
            self.refresh()

    def _show_rows(self) -> None:
        has_rows = self.model.rowCount() > 0
        self.table.setVisible(has_rows)
        self.empty.setText(self.empty_text)
        self.empty.setVisible(not has_rows)

    def _cannot_show(self, sentence: str) -> None:
        self.table.hide()
        self.empty.setText(sentence)
        self.empty.show()

    def save_edit(self, entry: ListedEntry, field: str, value: object) -> None:
        if field == "span":
            parts = span_parts(str(value))
            if parts is None:
                self.model.reject(entry.id, field)
                self.messages.error(f"'{value}' is not a time span. {SPAN_HINT}")
                return
            change: dict[str, object] = {"start": parts[0], "end": parts[1]}
        else:
            change = {field: value}

        def edit(uow, actor):  # type: ignore[no-untyped-def]
            changed = entries.edit_entry(uow, actor, entry.id, seen_version=entry.version, **change)  # type: ignore[arg-type]
            return entries.listed(uow, changed)

        def saved(changed: ListedEntry) -> None:
            self.model.replace(changed)
            self.messages.info(f"Saved {describe(changed)}.")
            self.ctx.events.entries_changed.emit()

        def refused(error: Exception) -> None:
            self.model.reject(entry.id, field)
            self.messages.error(str(error))

        self.jobs.change(edit, saved, refused)

    def selected(self) -> list[ListedEntry]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        if not rows and self.table.currentIndex().isValid():
            rows = [self.table.currentIndex().row()]
        return [self.model.entry(row) for row in rows]

    def delete_selected(self) -> None:
        chosen = self.selected()
        if not chosen:
            return
        seen = [(entry.id, entry.version) for entry in chosen]
        what = describe(chosen[0]) if len(chosen) == 1 else entries_phrase(len(chosen))

        def deleted(gone: list) -> None:  # type: ignore[type-arg]
            self.stack.push(DeleteEntries(self.ctx, self.jobs, gone, self.messages))
            self.messages.info(f"Deleted {what}.", undoable=True)
            self.ctx.events.entries_changed.emit()

        self.jobs.change(lambda uow, actor: entries.delete_entries(uow, actor, seen), deleted, self._refused)

    def _refused(self, error: Exception) -> None:
        self.messages.error(str(error))
