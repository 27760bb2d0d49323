"""Putting the timer on the desktop: a tray icon where there is a tray, else the compact window."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QSystemTrayIcon

from app.ui.context import UiContext
from app.ui.tray.compact_window import CompactWindow
from app.ui.tray.menu import TrayMenu
from app.ui.tray.timer_actions import TimerActions
from app.ui.tray.timer_popup import TimerPopup
from app.ui.tray.timer_state import TimerState
from app.ui.tray.tray_timer import TrayTimer


@dataclass
class DeskTimer:
    state: TimerState
    actions: TimerActions
    popup: TimerPopup
    menu: TrayMenu
    tray: TrayTimer | None
    window: CompactWindow | None

    @property
    def has_tray(self) -> bool:
        return self.tray is not None


def install_timer(ctx: UiContext, *, tray: bool | None = None) -> DeskTimer:
    """`tray` forces the choice (tests); by default the desktop's system tray decides."""
    use_tray = QSystemTrayIcon.isSystemTrayAvailable() if tray is None else tray
    state = TimerState(ctx)
    actions = TimerActions(ctx, state)
    popup = TimerPopup(ctx, state, actions)
    menu = TrayMenu(ctx, state, actions, switch=popup.open_for_switch)
    if use_tray:
        desk = DeskTimer(state, actions, popup, menu, TrayTimer(ctx, state, actions, popup, menu), None)
    else:
        window = CompactWindow(state, actions, popup, menu)
        window.place()
        window.show()
        desk = DeskTimer(state, actions, popup, menu, None, window)
    state.refresh()
    return desk
