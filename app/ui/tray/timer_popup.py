"""The compact timer popup: pick work by typing, add a note, start or stop, and restart recent entries."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, QRect, Qt
from PySide6.QtGui import QCursor, QGuiApplication, QHideEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.task_log import EntryView
from app.ui.context import UiContext
from app.ui.labels import plain_label
from app.ui.tray.choices_model import ChoiceDelegate, WorkChoicesModel
from app.ui.tray.recent_entries import RecentEntries
from app.ui.tray.timer_actions import TimerActions
from app.ui.tray.timer_state import TimerState

WIDTH = 380
PICKER_ROWS = 6
PALETTE_TOP = 48  # px below the top of the window Ctrl+K was pressed in
NO_WORK = (
    "No project you can log time on yet: add a client and a project in Timeledger (Clients & projects), "
    "or ask a manager to assign you to one."
)
MOVE_KEYS = {Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown}
STYLE = """
#timerPopup { background: palette(window); border: 1px solid palette(mid); }
#runningWork { font-weight: 600; }
#elapsed { font-size: 20pt; font-weight: 600; }
#startStop { font-size: 12pt; font-weight: 600; padding: 8px; }
#message { color: #b00020; }
#hint, #today, #recentHeading { color: palette(placeholder-text); }
"""


class TimerPopup(QFrame):
    def __init__(self, ctx: UiContext, state: TimerState, actions: TimerActions):
        super().__init__(None, Qt.WindowType.Popup)
        self.ctx, self.state, self.timer_actions = ctx, state, actions
        self.setObjectName("timerPopup")
        self.hidden_at = 0.0  # monotonic time of the last close (see TrayTimer's reopen guard)
        self.setFixedWidth(WIDTH)
        self.work_line = plain_label(name="runningWork")
        self.elapsed = plain_label(name="elapsed")
        self.search = QLineEdit(placeholderText="Search code, client, project or task…", clearButtonEnabled=True)
        self.model = WorkChoicesModel()
        self.picker = QListView()
        self.picker.setModel(self.model)
        self.picker.setItemDelegate(ChoiceDelegate(self.picker))
        self.picker.setUniformItemSizes(True)
        # The list is steered from the search field (arrow keys), so Tab goes from search straight to the note.
        self.picker.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.no_match = plain_label(name="hint")
        self.no_match.setWordWrap(True)
        self.hint = plain_label("Enter or a double-click switches to the selected work.", "hint")
        self.note = QLineEdit(placeholderText="Note (optional)")
        self.button = QPushButton(objectName="startStop")
        self.message = plain_label(name="message")
        self.message.setWordWrap(True)
        self.today = plain_label(name="today")
        self.recent_heading = plain_label("Recent", "recentHeading")
        self.recent = RecentEntries(self._restart, WIDTH)
        self.problem = plain_label()
        self.problem.setWordWrap(True)
        self.open_app = QPushButton("Open Timeledger")
        self._layout()
        self.setStyleSheet(STYLE)
        self._connect()
        self.render()

    def _layout(self) -> None:
        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        header = QHBoxLayout()
        header.addWidget(self.work_line, 1)
        header.addWidget(self.elapsed)
        body.addLayout(header)
        for widget in (self.search, self.picker, self.no_match, self.hint, self.note, self.button, self.message):
            body.addWidget(widget)
        footer = QHBoxLayout()
        footer.addWidget(self.recent_heading, 1)
        footer.addWidget(self.today)
        body.addLayout(footer)
        body.addWidget(self.recent)
        layout = QVBoxLayout(self)
        layout.addWidget(self.body)
        layout.addWidget(self.problem)
        layout.addWidget(self.open_app)

    def _connect(self) -> None:
        self.search.textChanged.connect(self._search)
        self.search.returnPressed.connect(self._pick)
        self.search.installEventFilter(self)
        self.picker.activated.connect(self._pick)
        self.picker.doubleClicked.connect(self._pick)
        self.picker.selectionModel().currentChanged.connect(lambda *_: self._render_button())
        self.note.returnPressed.connect(self._pick)
        self.button.clicked.connect(self._press)
        self.open_app.clicked.connect(self._open_app)
        self.state.changed.connect(self.render)
        self.state.ticked.connect(self._render_clock)
        self.timer_actions.message.connect(self.say)
        self.timer_actions.busy_changed.connect(lambda _: self._render_button())
        self.ctx.events.quick_switch_requested.connect(self.open_for_switch)
        QShortcut(QKeySequence("Ctrl+Space"), self, activated=self.timer_actions.toggle)
        QShortcut(QKeySequence("Ctrl+K"), self, activated=self.search.setFocus)

    # What the user does

    def _search(self, text: str) -> None:
        self.model.search(text)
        self._select_first()
        self._render_choices()
        self._render_button()

    def _select_first(self) -> None:
        self.picker.setCurrentIndex(self.model.index(0, 0))

    def selected(self):  # type: ignore[no-untyped-def]
        return self.model.choice(self.picker.currentIndex().row())

    def _pick(self, _: QModelIndex | None = None) -> None:
        """Enter (in the search or note field) or double-click: start the selected work, or switch to it."""
        choice = self.selected()
        if choice is None or self.timer_actions.busy:
            return
        self.message.hide()
        self.timer_actions.start(choice.reference, self.note.text())
        self.note.clear()
        self.search.clear()

    def _press(self) -> None:
        """The big button: stop what runs, else start the selected work."""
        if self.state.status.running is not None:
            self.message.hide()
            self.timer_actions.stop()
        else:
            self._pick()

    def _restart(self, view: EntryView) -> None:
        self.message.hide()
        self.timer_actions.restart(view)

    def _open_app(self) -> None:
        self.hide()
        self.ctx.events.show_window_requested.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Arrow keys in the search field move through the list, so the hands stay on the keyboard.
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            key_event: QKeyEvent = event  # type: ignore[assignment]
            if key_event.key() in MOVE_KEYS:
                self.picker.keyPressEvent(key_event)
                return True
        return super().eventFilter(watched, event)

    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        if self.isVisible():
            self._fit()

    # Showing

    def open_near(self, anchor: QRect | None = None, *, switching: bool = False) -> None:
        """Open beside `anchor` (the tray icon or the compact window), else at the mouse pointer."""
        self.search.clear()
        self._select_first()
        self.message.hide()
        if switching:
            self.say("Pick the work to switch to, then press Enter.")
        self.render()
        self._fit()
        if anchor is None or not anchor.isValid():
            anchor = QRect(QCursor.pos(), QCursor.pos())
        self.move(self._position(anchor))
        self.show()
        self.raise_()
        self.activateWindow()
        self.search.setFocus()

    def hideEvent(self, event: QHideEvent) -> None:
        self.hidden_at = time.monotonic()
        super().hideEvent(event)

    def open_for_switch(self) -> None:
        """Ctrl+K: over the window it was pressed in (top centre, like a command palette), else at the pointer."""
        window = QApplication.activeWindow()
        anchor = None
        if window is not None and window is not self:
            frame = window.geometry()
            anchor = QRect(frame.center().x(), frame.top() + PALETTE_TOP, 1, 1)
        self.open_near(anchor, switching=True)

    def _position(self, anchor: QRect) -> QPoint:
        screen = QGuiApplication.screenAt(anchor.center()) or QGuiApplication.primaryScreen()
        room = screen.availableGeometry()
        size = self.size()  # after _fit(): the fixed width and the height the contents need
        x = min(max(anchor.center().x() - size.width() // 2, room.left()), room.right() - size.width())
        below = anchor.center().y() < room.center().y()
        y = anchor.bottom() + 4 if below else anchor.top() - size.height() - 4
        y = min(max(y, room.top()), room.bottom() - size.height())
        return QPoint(x, y)

    def render(self) -> None:
        status = self.state.status
        self.problem.setText(status.problem or "")
        self.problem.setVisible(bool(status.problem))
        self.open_app.setVisible(bool(status.problem))
        self.body.setVisible(not status.problem)
        if status.problem:
            return
        current = self.selected()
        self.model.show(status.choices)
        self._reselect(current)
        self._render_choices()
        self.recent.show_entries(status.recent)
        self._render_clock()
        self._render_button()
        if self.isVisible():
            self._fit()

    def _fit(self) -> None:
        """Grow or shrink with the contents (another recent entry, a message) and stay on the screen."""
        # Not adjustSize(): it underestimates wrapped labels (the message) at a fixed width, and the
        # layout then squeezes the list over the line below it.
        layout = self.layout()
        layout.activate()
        wrapped = layout.hasHeightForWidth()
        self.resize(WIDTH, layout.totalHeightForWidth(WIDTH) if wrapped else layout.totalSizeHint().height())
        screen = self.screen().availableGeometry()
        if self.geometry().bottom() > screen.bottom():
            self.move(self.x(), max(screen.top(), screen.bottom() - self.height()))

    def _reselect(self, previous) -> None:  # type: ignore[no-untyped-def]
        rows = self.model.rows
        keep = next((i for i, c in enumerate(rows) if previous is not None and c.task_id == previous.task_id), 0)
        self.picker.setCurrentIndex(self.model.index(keep, 0))

    def _render_choices(self) -> None:
        empty = self.model.rowCount() == 0
        if not self.model.catalogue:
            self.no_match.setText(NO_WORK)
        else:
            self.no_match.setText(f"Nothing matches “{self.search.text().strip()}”.")
        self.no_match.setVisible(empty)
        row = self.picker.sizeHintForRow(0)
        if row > 0:  # a steady height, so the popup does not jump while the list narrows
            self.picker.setFixedHeight(row * PICKER_ROWS + 2 * self.picker.frameWidth())
        self.picker.setVisible(not empty)
        self.hint.setVisible(self.state.status.running is not None and not empty)

    def _render_clock(self) -> None:
        status = self.state.status
        if status.running is None:
            self.work_line.setText("No timer running" if self.state.loaded else "Loading…")
            self.elapsed.setText("")
        else:
            label = status.running.work.label
            room = WIDTH - 150
            self.work_line.setText(self.work_line.fontMetrics().elidedText(label, Qt.TextElideMode.ElideRight, room))
            self.work_line.setToolTip(f"{status.running.work.project.name} · {status.running.work.client.name}")
            self.elapsed.setText(self.state.elapsed_text())
        self.today.setText(f"Today {self.state.today_text()}")

    def _render_button(self) -> None:
        running = self.state.status.running is not None
        self.button.setText("■  Stop" if running else "▶  Start")
        self.button.setEnabled(not self.timer_actions.busy and (running or self.selected() is not None))
