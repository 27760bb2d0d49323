"""A table model that pages its rows in from a keyset-paged service as the view scrolls.

Pages are read on a worker thread and appended when they arrive; data() only reads rows already in
memory. Subclasses say how one page is read (`read_page`) and, in their refresh, what fresh rows replace.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Signal

from app.ui.view_jobs import ViewJobs

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
Row = TypeVar("Row")


class PagedRows(QAbstractTableModel, Generic[Row]):
    page_loaded = Signal()  # rows arrived (a page, or a refresh of what was shown)
    load_failed = Signal(str)  # the list cannot be read: the sentence says why

    def __init__(self, jobs: ViewJobs, query: Any, page_size: int):
        super().__init__()
        self.jobs = jobs
        self.query = query
        self.page_size = page_size
        self.tz = "UTC"
        self.rows: list[Row] = []
        self.loading = False
        self.exhausted = True  # nothing to fetch until a query is set

    def read_page(self, uow: Any, actor: Any, query: Any, after: Row | None, limit: int) -> list[Row]:
        """One page of rows after `after` (None: from the start); runs on a worker thread."""
        raise NotImplementedError

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and not self.exhausted and not self.loading

    def fetchMore(self, parent: Index) -> None:
        if self.canFetchMore(parent):
            self._load(self.rows[-1] if self.rows else None, self.page_size, self._appended)

    def _load(self, after: Row | None, limit: int, arrived: Any) -> None:
        self.loading = True
        query, read_page = self.query, self.read_page

        def read(uow, actor):  # type: ignore[no-untyped-def]
            return actor.tz, limit, read_page(uow, actor, query, after, limit)

        self.jobs.load(read, arrived, self._failed)

    def _appended(self, answer: tuple[str, int, list[Row]]) -> None:
        self.tz, limit, page = answer
        self.loading, self.exhausted = False, len(page) < limit
        if page:
            self.beginInsertRows(ROOT, len(self.rows), len(self.rows) + len(page) - 1)
            self.rows.extend(page)
            self.endInsertRows()
        self.page_loaded.emit()

    def _failed(self, error: Exception) -> None:
        self.loading, self.exhausted = False, True
        self.load_failed.emit(str(error))
