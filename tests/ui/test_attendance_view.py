"""The Attendance section: clocking in and out and breaks from buttons, the week's sessions and totals."""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from app.domain.calendar import at_local
from app.services import attendance
from app.services.identity import current_actor
from app.ui.attendance_model import AttendanceModel
from app.ui.views.attendance import AttendanceView

FRIDAY = date(2026, 11, 20)
THURSDAY = date(2026, 11, 19)
FRI, THU, WEEK_ROW = 4, 3, 7


def berlin(hour: int, minute: int = 0, day: date = FRIDAY):  # type: ignore[no-untyped-def]
    return at_local(day, time(hour, minute), "Europe/Berlin")


def opened(qtbot, ctx) -> AttendanceView:  # type: ignore[no-untyped-def]
    view = AttendanceView(ctx)
    qtbot.addWidget(view)
    QAbstractItemModelTester(view.model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    view.resize(1000, 500)
    with qtbot.waitSignal(view.loaded, timeout=3000), qtbot.waitActive(view):
        view.show()
        view.activateWindow()
    return view


def row(view: AttendanceView, number: int) -> list[str]:
    return [view.model.data(view.model.index(number, column)) for column in range(view.model.columnCount())]


def enabled(view: AttendanceView) -> list[str]:
    buttons = (view.clock_in, view.clock_out, view.start_break, view.end_break)
    return [button.text() for button in buttons if button.isEnabled()]


def press(qtbot, view: AttendanceView, button, clock, when) -> None:  # type: ignore[no-untyped-def]
    clock.at = when
    with qtbot.waitSignal(view.loaded, timeout=3000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def step(team, clock, when, change) -> None:  # type: ignore[no-untyped-def]
    """Ada (signed in here) clocks or breaks through the service, as the CLI or tray would."""
    clock.at = when
    with team.ledger.work() as uow:
        change(uow, current_actor(uow))
        uow.commit()


def test_the_buttons_clock_in_take_a_break_and_clock_out(qtbot, ctx, team, clock) -> None:  # type: ignore[no-untyped-def]
    view = opened(qtbot, ctx)
    assert view.state.text().startswith("Not clocked in") and enabled(view) == ["Clock in"]

    press(qtbot, view, view.clock_in, clock, berlin(9))
    assert view.state.text() == "Clocked in since 09:00."
    assert enabled(view) == ["Clock out", "Start break"]
    assert row(view, FRI)[1] == "09:00–now"

    press(qtbot, view, view.start_break, clock, berlin(12))
    assert view.state.text() == "On a break since 12:00 (clocked in since 09:00)."
    assert enabled(view) == ["Clock out", "End break"]

    press(qtbot, view, view.end_break, clock, berlin(12, 30))
    press(qtbot, view, view.clock_out, clock, berlin(17))

    assert enabled(view) == ["Clock in"]
    assert row(view, FRI) == ["Fri 20 Nov", "09:00–17:00", "12:00–12:30", "8:00", "0:30", "7:30"]
    assert row(view, WEEK_ROW) == ["Week", "", "", "8:00", "0:30", "7:30"]
    assert view.summary.text() == "Present 8:00 · breaks 0:30 · net 7:30 of 40:00 contracted · 32:30 below contract"
    assert view.message.text() == ""


def test_a_night_session_shows_its_other_days_time_with_the_date(qtbot, ctx, team, clock) -> None:  # type: ignore[no-untyped-def]
    step(team, clock, berlin(22, day=THURSDAY), attendance.clock_in)
    step(team, clock, berlin(2), attendance.clock_out)
    view = opened(qtbot, ctx)
    assert row(view, THU)[1:4] == ["22:00–2026-11-20 02:00", "", "2:00"]
    assert row(view, FRI)[1:4] == ["2026-11-19 22:00–02:00", "", "2:00"]
    assert row(view, 0)[1:] == ["", "", "", "", ""], "days without attendance stay blank"


def test_a_refused_action_says_why_and_changes_nothing(qtbot, ctx, team, clock) -> None:  # type: ignore[no-untyped-def]
    view = opened(qtbot, ctx)
    step(team, clock, berlin(8), attendance.clock_in)  # behind the view's back, e.g. from the CLI

    qtbot.mouseClick(view.clock_in, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: view.message.text() == "You are already clocked in since 08:00.", timeout=3000)
    with team.ledger.read() as uow:
        assert len(uow.attendance.overlapping(current_actor(uow).user.id, berlin(0), berlin(23))) == 1


def test_previous_and_next_week_and_back_to_this_week(qtbot, ctx, team, clock) -> None:  # type: ignore[no-untyped-def]
    step(team, clock, berlin(9), attendance.clock_in)
    step(team, clock, berlin(10), attendance.clock_out)
    view = opened(qtbot, ctx)

    with qtbot.waitSignal(view.loaded, timeout=3000):
        qtbot.keyClick(view.table, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert view.bar.title.text() == "Week 46 · Mon 09 Nov – Sun 15 Nov 2026"
    assert row(view, WEEK_ROW)[3] == "0:00" and view.bar.this_week.isEnabled()
    assert enabled(view) == ["Clock in"], "the buttons act on now, whatever week is shown"

    with qtbot.waitSignal(view.loaded, timeout=3000):
        view.bar.next.click()
    assert row(view, WEEK_ROW)[3] == "1:00"
    with qtbot.waitSignal(view.loaded, timeout=3000):
        view.bar.next.click()
    with qtbot.waitSignal(view.loaded, timeout=3000):
        view.bar.this_week.click()
    assert view.bar.title.text().startswith("Week 47 ") and not view.bar.this_week.isEnabled()


def test_nobody_signed_in_says_what_to_do(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    with team.ledger.work() as uow:
        uow.settings.set("current_user_id", "")
        uow.commit()
    view = opened(qtbot, ctx)
    assert "--as EMAIL" in view.state.text() and view.table.isHidden() and enabled(view) == []


def test_the_model_is_a_sound_table_before_and_after_a_week_is_shown(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    model = AttendanceModel()
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    assert model.rowCount() == 0
    with team.ledger.read() as uow:
        model.show(attendance.attendance_week(uow, current_actor(uow)))
    assert (model.rowCount(), model.columnCount()) == (8, 6)
    assert model.data(model.index(FRI, 0), Qt.ItemDataRole.FontRole).bold(), "today stands out"
