"""Where there is no system tray: the compact timer window does the tray's job."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from tray_helpers import as_ada, installed, log, running, settle

from app.services import timer
from app.ui.tray.install import DeskTimer
from app.ui.tray.timer_state import TimerMode

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def desk(qtbot, ctx, team) -> DeskTimer:  # type: ignore[no-untyped-def]
    return installed(qtbot, ctx, tray=False)


def test_without_a_tray_a_small_frameless_window_stays_on_top(desk):
    window = desk.window
    assert desk.tray is None and not desk.has_tray
    assert window.isVisible()
    flags = window.windowFlags()
    assert flags & Qt.WindowType.FramelessWindowHint
    assert flags & Qt.WindowType.WindowStaysOnTopHint
    assert window.width() <= 400 and window.height() <= 80


def test_it_shows_what_runs_and_stops_it_with_one_click(qtbot, desk, team, clock):
    as_ada(team.ledger, lambda uow, ada: timer.start(uow, ada, "WEB"))
    settle(qtbot, desk, desk.state.refresh)
    clock.advance(minutes=2)
    desk.state.ticked.emit()
    window = desk.window
    assert window.summary.text() == "WEB/General — 0:02:00"
    assert desk.state.mode is TimerMode.RUNNING

    settle(qtbot, desk, lambda: qtbot.mouseClick(window.toggle, LEFT))

    assert running(team.ledger) is None
    assert window.summary.text() == "No timer running"


def test_its_start_button_carries_on_with_the_latest_work(qtbot, desk, team):
    log(team.ledger, "WEB", "07:00", "08:00")
    settle(qtbot, desk, desk.state.refresh)

    settle(qtbot, desk, lambda: qtbot.mouseClick(desk.window.toggle, LEFT))

    assert running(team.ledger)[0] == "WEB/General"


def test_its_more_button_opens_the_same_popup(qtbot, desk):
    qtbot.mouseClick(desk.window.more, LEFT)

    assert desk.popup.isVisible()


def test_a_refusal_is_said_under_the_compact_timer(qtbot, desk):
    settle(qtbot, desk, desk.actions.stop)

    assert desk.window.message.isVisible()
    assert desk.window.message.text() == "No timer is running."
