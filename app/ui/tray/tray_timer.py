"""The system-tray icon: its picture says the state, its tooltip what runs and for how long."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QSystemTrayIcon

from app.services.sync_status import SyncState, SyncStatus
from app.ui.context import UiContext
from app.ui.tray.icons import state_icon
from app.ui.tray.menu import TrayMenu
from app.ui.tray.timer_actions import TimerActions
from app.ui.tray.timer_popup import TimerPopup
from app.ui.tray.timer_state import TimerState

MESSAGE_MS = 8000
# A click on the icon while the popup is open first closes the popup (it is a popup: any click outside
# closes it), then arrives as the icon's own click; that click must not open the popup again.
REOPEN_GUARD_S = 0.3

Reason = QSystemTrayIcon.ActivationReason


class TrayTimer(QObject):
    def __init__(self, ctx: UiContext, state: TimerState, actions: TimerActions, popup: TimerPopup, menu: TrayMenu):
        super().__init__()
        self.state, self.actions, self.popup, self.menu = state, actions, popup, menu
        self.mode = state.mode
        self.sync_status: SyncStatus | None = None
        self.icon = QSystemTrayIcon(state_icon(self.mode))
        self.icon.setContextMenu(menu)
        self.icon.activated.connect(self._activated)
        state.changed.connect(self.render)
        state.ticked.connect(self._tooltip)
        actions.message.connect(self._tell)
        actions.choice_needed.connect(self.open_popup)
        ctx.events.sync_status.connect(self._sync_heard)
        ctx.events.notify.connect(lambda title, text: self.icon.showMessage(title, text, self.icon.icon(), MESSAGE_MS))
        self.render()
        self.icon.show()

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == Reason.Trigger:
            if self.popup.isVisible():
                self.popup.hide()
            elif time.monotonic() - self.popup.hidden_at > REOPEN_GUARD_S:
                self.open_popup()
        elif reason == Reason.MiddleClick:
            self.actions.toggle()

    def open_popup(self) -> None:
        self.popup.open_near(self.icon.geometry())

    def render(self) -> None:
        if self.state.mode is not self.mode:
            self.mode = self.state.mode
            self.icon.setIcon(state_icon(self.mode))
        self._tooltip()

    def _tooltip(self) -> None:
        tip = self.state.tooltip()
        if self.sync_status is not None and self.sync_status.state is SyncState.ATTENTION:
            tip += "\n" + self.sync_status.summary  # "Sync needs attention: 2 problems"
        self.icon.setToolTip(tip)

    def _sync_heard(self, status: SyncStatus) -> None:
        self.sync_status = status
        self._tooltip()

    def _tell(self, text: str) -> None:
        """Refusals go to the popup's message line when it is open, else to a tray message."""
        if not self.popup.isVisible():
            self.icon.showMessage("Timeledger", text, QSystemTrayIcon.MessageIcon.Warning, MESSAGE_MS)
