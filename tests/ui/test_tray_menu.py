"""The tray's right-click menu: running task and Stop, recent work, attendance, the app itself."""

from __future__ import annotations

import pytest
from tray_helpers import as_ada, installed, log, running, settle

from app.services import projects, timer
from app.ui.tray.install import DeskTimer


@pytest.fixture
def desk(qtbot, ctx, team) -> DeskTimer:  # type: ignore[no-untyped-def]
    return installed(qtbot, ctx)


def texts(menu) -> list[str]:  # type: ignore[no-untyped-def]
    return [a.text() for a in menu.actions() if a.isVisible() and not a.isSeparator()]


def test_with_nothing_running_the_menu_offers_starting_and_clocking_in(desk):
    menu = desk.menu

    assert texts(menu) == [
        "No timer running",
        "Start recent",
        "Start…",
        "Clock in",
        "Start break",
        "Open Timeledger",
        "Sync now",
        "Quit",
    ]
    assert not menu.breaks.isEnabled()
    assert not menu.sync.isEnabled() and menu.sync.toolTip()
    assert texts(menu.recent) == ["Nothing recent yet"]


def test_a_running_timer_heads_the_menu_with_stop(qtbot, desk, team):
    as_ada(team.ledger, lambda uow, ada: timer.start(uow, ada, "WEB"))
    settle(qtbot, desk, desk.state.refresh)

    assert texts(desk.menu)[:3] == ["▶  WEB/General — 0:00:00", "■  Stop", "Start recent"]
    assert desk.menu.switch.text() == "Switch to…"

    settle(qtbot, desk, desk.menu.stop.trigger)

    assert running(team.ledger) is None


def test_start_recent_offers_the_five_latest_works_newest_first(qtbot, desk, team):
    for name in ("A", "B", "C", "D", "E", "F"):
        as_ada(team.ledger, lambda uow, ada, name=name: projects.add_task(uow, ada, "WEB", name))
    for hour, name in enumerate(("A", "B", "C", "D", "E", "F", "B")):
        log(team.ledger, f"WEB/{name}", f"0{hour}:00", f"0{hour}:30")
    settle(qtbot, desk, desk.state.refresh)

    assert texts(desk.menu.recent) == ["WEB/B", "WEB/F", "WEB/E", "WEB/D", "WEB/C"]

    settle(qtbot, desk, desk.menu.recent.actions()[2].trigger)

    assert running(team.ledger)[0] == "WEB/E"
    assert "WEB/E" not in texts(desk.menu.recent)  # already running


def test_clocking_in_and_a_break_from_the_menu(qtbot, desk, clock):
    menu = desk.menu

    settle(qtbot, desk, menu.clock.trigger)
    assert (menu.clock.text(), menu.breaks.text(), menu.breaks.isEnabled()) == ("Clock out", "Start break", True)

    clock.advance(hours=3)
    settle(qtbot, desk, menu.breaks.trigger)
    assert menu.breaks.text() == "End break"

    clock.advance(minutes=30)
    settle(qtbot, desk, menu.breaks.trigger)
    clock.advance(hours=2)
    settle(qtbot, desk, menu.clock.trigger)
    assert (menu.clock.text(), menu.breaks.isEnabled()) == ("Clock in", False)


def test_switch_to_opens_the_picker(desk):
    desk.menu.switch.trigger()

    assert desk.popup.isVisible()


def test_open_timeledger_asks_for_the_main_window(qtbot, ctx, desk):
    with qtbot.waitSignal(ctx.events.show_window_requested, timeout=1000):
        desk.menu.open_app.trigger()
