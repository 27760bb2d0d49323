"""Team sync in Settings: connecting this desktop to the team's server, then how sync stands and Sync now."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import Shiboken

from app.services.sync_status import SyncPort, SyncReport, SyncState, SyncStatus
from app.ui.context import UiContext
from app.ui.labels import plain_label
from app.ui.sync_badge import last_sync_text
from app.ui.week_bar import MessageLine

EXPLAINED = (
    "Team sync keeps this ledger in step with your team's PostgreSQL server: you keep working offline, "
    "and your changes and your team's meet whenever you are online."
)
ADDRESS_HINT = "postgresql://you@server/team"
PASSWORD_NOTE = "Kept in your system keyring, never in a file; where there is none, Timeledger asks once a session."
NO_ADDRESS = f"Type the server's address, like {ADDRESS_HINT} (your administrator has it)."
ATTENTION = "#syncState { color: #b00020; font-weight: 600; }"
CONNECTING = "Connecting and fetching what you may see: the first time can take a minute."


@dataclass(frozen=True)
class Connected:
    report: SyncReport
    status: SyncStatus


def connect_to(sync: SyncPort, url: str, password: str | None) -> Connected:
    """Set sync up (the first round runs inside), then the status it leaves (on a worker thread)."""
    report = sync.setup(url, password)
    return Connected(report, sync.status())


def changes_text(count: int) -> str:
    return "none" if not count else f"{count} change{'s' if count != 1 else ''}"


class TeamSyncSection(QGroupBox):
    """Before set-up: what sync does, the address and password, and Connect. After: the status and Sync now."""

    shown = Signal()  # a status is on screen
    connected = Signal()  # set-up succeeded (the first-run form may move on to the desk)

    def __init__(self, ctx: UiContext):
        super().__init__("Team sync")
        self.ctx = ctx
        self.sync: SyncPort = ctx.workspace.sync
        self.status: SyncStatus | None = None
        self.syncing = False  # Sync now was pressed and its round has not answered yet
        self.pages = QStackedWidget()
        self.pages.addWidget(self._setup_page())
        self.pages.addWidget(self._status_page())
        self.message = MessageLine()
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        layout.addWidget(self.message)
        ctx.events.sync_status.connect(self.show_status)
        ctx.events.sync_round_done.connect(self._round_done)
        self.reload()

    def _setup_page(self) -> QWidget:
        page = QWidget()
        self.about = plain_label(EXPLAINED)
        self.about.setWordWrap(True)
        self.address = QLineEdit()
        self.address.setPlaceholderText(ADDRESS_HINT)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("your password on the server")
        note = plain_label(PASSWORD_NOTE, name="passwordNote")
        note.setWordWrap(True)
        note.setStyleSheet("#passwordNote { color: palette(placeholder-text); }")
        self.connect_button = QPushButton("Connect")
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # how long the first pull takes is unknown: a busy bar
        self.progress.setTextVisible(False)
        self.progress.setMaximumWidth(160)
        self.progress.hide()
        self.connecting = plain_label(CONNECTING)
        self.connecting.hide()
        rows = QFormLayout()
        rows.addRow("Server address", self.address)
        rows.addRow("Password", self.password)
        rows.addRow("", note)
        actions = QHBoxLayout()
        actions.addWidget(self.progress)
        actions.addWidget(self.connecting, 1)
        actions.addStretch()
        actions.addWidget(self.connect_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.about)
        layout.addLayout(rows)
        layout.addLayout(actions)
        self.connect_button.clicked.connect(self.connect_server)
        self.address.returnPressed.connect(self.connect_server)
        self.password.returnPressed.connect(self.connect_server)
        return page

    def _status_page(self) -> QWidget:
        page = QWidget()
        self.server = plain_label()  # the address is the admin's text
        self.server.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.state = plain_label(name="syncState")
        self.last_sync = plain_label()
        self.pending = plain_label()
        self.problems = plain_label()
        self.show_problems = QPushButton("Show problems…")
        self.failure = MessageLine()
        problems = QHBoxLayout()
        problems.setContentsMargins(0, 0, 0, 0)
        problems.addWidget(self.problems)
        problems.addWidget(self.show_problems)
        problems.addStretch()
        self.rows = QFormLayout()
        self.rows.addRow("Server", self.server)
        self.rows.addRow("Status", self.state)
        self.rows.addRow("Last synced", self.last_sync)
        self.rows.addRow("Waiting to send", self.pending)
        self.rows.addRow("Problems", problems)
        self.rows.addRow("Last failure", self.failure)
        self.sync_now = QPushButton("Sync now")
        actions = QHBoxLayout()
        actions.addStretch()
        actions.addWidget(self.sync_now)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.rows)
        layout.addLayout(actions)
        self.show_problems.clicked.connect(self.ctx.events.sync_problems_requested.emit)
        self.sync_now.clicked.connect(self.request_sync)
        return page

    def reload(self) -> None:
        sync = self.sync
        self.ctx.runner.run(sync.status, self._guard(self.show_status), self._guard(self._read_failed))

    def show_status(self, status: SyncStatus) -> None:
        self.status = status
        if status.state is SyncState.OFF:
            self._page(0)
            self.shown.emit()
            return
        self._page(1)
        self.server.setText(status.server or "—")
        self.state.setText(status.summary)
        self.state.setStyleSheet(ATTENTION if status.state is SyncState.ATTENTION else "")
        self.last_sync.setText(last_sync_text(status, self.ctx.workspace.clock.now()).capitalize())
        self.pending.setText(changes_text(status.pending).capitalize())
        waiting = status.conflicts + status.rejected
        self.problems.setText(self._problems_text(status))
        self.show_problems.setVisible(waiting > 0)
        self.failure.error(status.message)
        self.rows.setRowVisible(self.failure, bool(status.message))
        if self.syncing:  # the round answered with a status only: it failed, and the failure row says why
            self.syncing = False
            self.message.clear_message()
        self.sync_now.setEnabled(True)
        self.shown.emit()

    def _page(self, number: int) -> None:
        """Show that page, the section only as tall as it (a stack is as tall as its tallest page)."""
        for index in range(self.pages.count()):
            policy = QSizePolicy.Policy.Preferred if index == number else QSizePolicy.Policy.Ignored
            self.pages.widget(index).setSizePolicy(policy, policy)
        self.pages.setCurrentIndex(number)
        self.pages.updateGeometry()  # the form around the section lays it out again at the page's size

    @staticmethod
    def _problems_text(status: SyncStatus) -> str:
        parts = []
        if status.conflicts:
            parts.append(f"{status.conflicts} conflict{'s' if status.conflicts != 1 else ''}")
        if status.rejected:
            parts.append(f"{status.rejected} refused change{'s' if status.rejected != 1 else ''}")
        return ", ".join(parts) if parts else "None: all is well"

    def connect_server(self) -> None:
        url = self.address.text().strip()
        if not url:
            self.message.error(NO_ADDRESS)
            self.address.setFocus()
            return
        self._connecting(True)
        self.message.clear_message()
        sync, password = self.sync, self.password.text() or None
        self.ctx.runner.run(
            lambda: connect_to(sync, url, password), self._guard(self._connected), self._guard(self._not_connected)
        )

    def _connected(self, connected: Connected) -> None:
        self._connecting(False)
        self.password.clear()
        # The report's problems include "the password is kept only until this program ends: ..." where no keyring works.
        said = " ".join(("Connected.", connected.report.describe(), *connected.report.problems))
        self.message.info(said)
        self.ctx.events.sync_status.emit(connected.status)  # the tray, the status bar and this section
        self.connected.emit()

    def _not_connected(self, error: Exception) -> None:
        self._connecting(False)
        self.message.error(str(error) or "Could not connect to the server; check the address and try again.")

    def _connecting(self, busy: bool) -> None:
        for widget in (self.address, self.password, self.connect_button):
            widget.setEnabled(not busy)
        self.progress.setVisible(busy)
        self.connecting.setVisible(busy)

    def request_sync(self) -> None:
        self.syncing = True
        self.sync_now.setEnabled(False)  # until the round answers
        self.message.info("Syncing…")
        self.ctx.events.sync_now_requested.emit()

    def _round_done(self, said: str) -> None:
        if self.syncing:
            self.syncing = False
            self.message.info(said)

    def _read_failed(self, error: Exception) -> None:
        self.message.error(str(error))

    def _guard(self, callback: Callable[[Any], None]) -> Callable[[Any], None]:
        def answer(value: Any) -> None:
            if Shiboken.isValid(self):  # the Settings page may have closed meanwhile
                callback(value)

        return answer
