"""The compact timer where the desktop has no system tray: a small frameless window that stays on top.

It does what the tray icon does: shows the state and what runs, opens the same popup and the same menu.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent, QGuiApplication, QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout

from app.ui.labels import plain_label
from app.ui.tray.icons import state_pixmap
from app.ui.tray.menu import TrayMenu
from app.ui.tray.timer_actions import TimerActions
from app.ui.tray.timer_popup import TimerPopup
from app.ui.tray.timer_state import TimerState

WIDTH = 320
ICON_PX = 20
MARGIN = 12
MESSAGE_MS = 8000


class CompactWindow(QFrame):
    def __init__(self, state: TimerState, actions: TimerActions, popup: TimerPopup, menu: TrayMenu):
        flags = Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint | Qt.WindowType.Tool
        super().__init__(None, flags)
        self.state, self.popup, self.menu = state, popup, menu
        self.setObjectName("compactTimer")
        self.setFixedWidth(WIDTH)
        self.setWindowTitle("Timeledger timer")
        self.icon = QLabel()
        self.summary = plain_label()
        self.toggle = QToolButton()
        self.toggle.clicked.connect(actions.toggle)
        self.more = QToolButton(text="▾", toolTip="Pick work, add a note, see today (click)")
        self.more.clicked.connect(self.open_popup)
        self.message = plain_label(name="message")
        self.message.setWordWrap(True)
        self.message.hide()
        self.forget = QTimer(self, singleShot=True, interval=MESSAGE_MS, timeout=self.message.hide)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.icon)
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.toggle)
        bar.addWidget(self.more)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        self.setStyleSheet(
            "#compactTimer { background: palette(window); border: 1px solid palette(mid); }#message { color: #b00020; }"
        )
        self._grab: QPoint | None = None
        state.changed.connect(self.render)
        state.ticked.connect(self._render_summary)
        actions.message.connect(self._tell)
        actions.busy_changed.connect(lambda busy: self.toggle.setEnabled(not busy))
        actions.choice_needed.connect(self.open_popup)
        self.render()

    def place(self) -> None:
        """Top right of the main screen, out of the way of most windows' own controls."""
        room = QGuiApplication.primaryScreen().availableGeometry()
        self.adjustSize()
        self.move(room.right() - self.width() - MARGIN, room.top() + MARGIN)

    def open_popup(self) -> None:
        self.popup.open_near(self.frameGeometry())

    def render(self) -> None:
        running = self.state.status.running is not None
        self.icon.setPixmap(state_pixmap(self.state.mode, ICON_PX))
        self.icon.setToolTip(self.state.mode.value.capitalize())
        self.toggle.setText("■" if running else "▶")
        self.toggle.setToolTip("Stop (Ctrl+Space)" if running else "Start the latest work again (Ctrl+Space)")
        self._render_summary()

    def _render_summary(self) -> None:
        text = self.state.summary()
        room = self.summary.width() if self.summary.isVisible() else WIDTH - 100
        self.summary.setText(self.summary.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, room))
        self.summary.setToolTip(self.state.tooltip())

    def _tell(self, text: str) -> None:
        if self.popup.isVisible():
            return  # the popup's own message line says it
        self.message.setText(text)
        self.message.show()
        self.adjustSize()
        self.forget.start()

    # A frameless window has no title bar: it is moved by dragging it anywhere.

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._grab = event.globalPosition().toPoint() - self.frameGeometry().topLeft()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._grab is not None and event.buttons() & Qt.MouseButton.LeftButton:
            self.move(event.globalPosition().toPoint() - self._grab)
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._grab = None
        super().mouseReleaseEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self.menu.exec(event.globalPos())
