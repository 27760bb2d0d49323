"""The tray icon: its state icon and live tooltip, Ctrl+Space, and refusals said in a tray message."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QSystemTrayIcon
from tray_helpers import SIGNAL_MS, as_ada, installed, log, running, settle

from app.services import attendance, timer
from app.ui.tray.icons import SIZES, state_icon, state_pixmap
from app.ui.tray.timer_state import TimerMode


class CountingWorkspace:
    """The ledger, counting every unit of work opened through it."""

    def __init__(self, ledger):  # type: ignore[no-untyped-def]
        self.ledger = ledger
        self.clock = ledger.clock
        self.opened = 0

    def work(self, actor_id=None):  # type: ignore[no-untyped-def]
        self.opened += 1
        return self.ledger.work(actor_id)

    def read(self):  # type: ignore[no-untyped-def]
        self.opened += 1
        return self.ledger.read()

    def data_version(self) -> int:
        return self.ledger.data_version()


@pytest.fixture
def desk(qtbot, ctx, team):  # type: ignore[no-untyped-def]
    return installed(qtbot, ctx)


def image(mode: TimerMode, size: int) -> QImage:
    return state_pixmap(mode, size).toImage()


@pytest.mark.parametrize("size", [16, 22])
def test_the_four_states_have_four_different_icons_at_panel_sizes(qapp, size):
    images = [image(mode, size) for mode in TimerMode]

    assert all(img.size().width() == size for img in images)
    assert len({bytes(img.constBits()) for img in images}) == len(TimerMode)


def test_every_state_icon_is_opaque_in_its_middle_and_comes_in_every_size(qapp):
    for mode in TimerMode:
        centre = image(mode, 22).pixelColor(11, 11)
        assert centre.alpha() > 200, mode
        assert sorted(s.width() for s in state_icon(mode).availableSizes()) == sorted(SIZES)


def test_the_tooltip_names_the_running_work_and_counts_every_second_without_reading_the_database(
    qtbot, ctx, team, clock
):
    counting = CountingWorkspace(team.ledger)
    ctx.workspace = counting
    as_ada(team.ledger, lambda uow, ada: timer.start(uow, ada, "WEB"))
    desk = installed(qtbot, ctx)
    tray = desk.tray
    assert tray.icon.toolTip() == "WEB/General — 0:00:00\nToday: 0:00:00"
    opened = counting.opened

    desk.state.tick.setInterval(20)  # a few ticks without waiting seconds for them
    clock.advance(hours=1, minutes=23, seconds=45)
    for _ in range(3):
        with qtbot.waitSignal(desk.state.ticked, timeout=SIGNAL_MS):
            pass
    ctx.runner.wait()  # anything a tick might have started in the background has finished

    assert tray.icon.toolTip().splitlines()[0] == "WEB/General — 1:23:45"
    assert counting.opened == opened


def test_the_icon_follows_the_state(qtbot, ctx, desk, team):
    tray = desk.tray
    assert tray.mode is TimerMode.STOPPED

    as_ada(team.ledger, attendance.clock_in)
    settle(qtbot, desk, ctx.events.attendance_changed.emit)
    assert tray.mode is TimerMode.CLOCKED_IN
    assert "clocked in since 09:00" in tray.icon.toolTip()

    as_ada(team.ledger, lambda uow, ada: timer.start(uow, ada, "WEB"))
    settle(qtbot, desk, ctx.events.timer_changed.emit)
    assert tray.mode is TimerMode.RUNNING

    ctx.events.idle_changed.emit(True)
    assert tray.mode is TimerMode.IDLE
    assert tray.icon.icon().cacheKey() == state_icon(TimerMode.IDLE).cacheKey()
    assert "idle" in tray.icon.toolTip()


def test_ctrl_space_stops_the_running_timer(qtbot, ctx, desk, team, clock):
    as_ada(team.ledger, lambda uow, ada: timer.start(uow, ada, "WEB"))
    settle(qtbot, desk, desk.state.refresh)
    clock.advance(minutes=5)

    settle(qtbot, desk, ctx.events.toggle_timer_requested.emit)

    assert running(team.ledger) is None
    assert desk.state.status.logged_today.seconds == 300


def test_ctrl_space_with_nothing_running_carries_on_with_the_latest_work(qtbot, ctx, desk, team):
    log(team.ledger, "WEB", "07:00", "08:00", note="standup notes")
    settle(qtbot, desk, desk.state.refresh)

    settle(qtbot, desk, ctx.events.toggle_timer_requested.emit)

    label, started = running(team.ledger)
    assert (label, started.note) == ("WEB/General", "standup notes")


def test_ctrl_space_before_any_work_was_logged_opens_the_picker(qtbot, ctx, desk):
    ctx.events.toggle_timer_requested.emit()

    assert desk.popup.isVisible()


def test_middle_click_on_the_icon_starts_and_stops(qtbot, desk, team):
    log(team.ledger, "WEB", "07:00", "08:00")
    settle(qtbot, desk, desk.state.refresh)

    settle(qtbot, desk, lambda: desk.tray.icon.activated.emit(QSystemTrayIcon.ActivationReason.MiddleClick))

    assert running(team.ledger) is not None


def test_a_left_click_opens_the_popup_and_another_closes_it(qtbot, desk):
    click = QSystemTrayIcon.ActivationReason.Trigger
    desk.tray.icon.activated.emit(click)
    assert desk.popup.isVisible()

    desk.tray.icon.activated.emit(click)

    assert not desk.popup.isVisible()


def test_a_refusal_while_the_popup_is_closed_becomes_a_tray_message(qtbot, desk, team):
    said = []
    desk.tray.icon.showMessage = lambda title, text, *rest: said.append((title, text))

    settle(qtbot, desk, desk.actions.stop)  # nothing runs

    assert said == [("Timeledger", "No timer is running.")]


def test_notifications_of_the_app_are_shown_by_the_tray(qtbot, ctx, desk):
    said = []
    desk.tray.icon.showMessage = lambda title, text, *rest: said.append((title, text))

    ctx.events.notify.emit("Reminder", "No timer is running.")

    assert said == [("Reminder", "No timer is running.")]
