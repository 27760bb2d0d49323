"""Undoing deletions of task-log entries: one undo stack for the whole app, and the bar that offers it.

A deletion is done first and pushed afterwards, so only a deletion that happened can be undone. Undo
brings back the same entries (same ids) if they still fit with what was logged since; if not, the
refusal is said and the entries stay deleted.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from app.domain.task_log import TaskLogEntry
from app.services import entries
from app.ui.context import UiContext
from app.ui.view_jobs import ViewJobs
from app.ui.week_bar import MessageLine

STACK_NAME = "entry_undo_stack"


def undo_stack(ctx: UiContext) -> QUndoStack:
    """The app's stack, kept on the event bridge so every view that deletes entries shares it."""
    stack = ctx.events.findChild(QUndoStack, STACK_NAME)
    if stack is None:
        stack = QUndoStack(ctx.events)
        stack.setObjectName(STACK_NAME)
    return stack


def entries_phrase(count: int) -> str:
    return "1 entry" if count == 1 else f"{count} entries"


class DeleteEntries(QUndoCommand):
    """Undo restores the deleted entries; redo deletes them again."""

    def __init__(self, ctx: UiContext, jobs: ViewJobs, deleted: Sequence[TaskLogEntry], bar: MessageBar):
        super().__init__(f"Delete {entries_phrase(len(deleted))}")
        self.ctx, self.jobs, self.deleted, self.bar = ctx, jobs, list(deleted), bar
        self.done = True  # pushed after the deletion: the stack's first redo() has nothing to do

    def undo(self) -> None:
        gone = self.deleted
        self.jobs.change(lambda uow, actor: entries.restore_entries(uow, actor, gone), self._restored, self._refused)

    def redo(self) -> None:
        if self.done:
            self.done = False
            return
        seen = [(entry.id, entry.version) for entry in self.deleted]
        self.jobs.change(lambda uow, actor: entries.delete_entries(uow, actor, seen), self._deleted, self._refused)

    def _restored(self, _restored: object) -> None:
        self.bar.info(f"Restored {entries_phrase(len(self.deleted))}.")
        self.ctx.events.entries_changed.emit()

    def _deleted(self, deleted: list[TaskLogEntry]) -> None:
        self.deleted = deleted
        self.bar.info(f"Deleted {entries_phrase(len(deleted))} again.", undoable=True)
        self.ctx.events.entries_changed.emit()

    def _refused(self, error: Exception) -> None:
        self.bar.error(str(error))


class MessageBar(QWidget):
    """The line under an entry list: what the last action said, and an Undo button after a deletion."""

    def __init__(self, stack: QUndoStack):
        super().__init__()
        self.line = MessageLine()
        self.undo = QPushButton("Undo")
        self.undo.setToolTip("Bring the deleted entries back (Ctrl+Z)")
        self.undo.hide()
        self.undo.clicked.connect(stack.undo)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line, 1)
        layout.addWidget(self.undo)

    def info(self, text: str, undoable: bool = False) -> None:
        self.line.info(text)
        self.undo.setVisible(undoable)

    def error(self, text: str) -> None:
        self.line.error(text)
        self.undo.hide()

    def clear(self) -> None:
        self.info("")
