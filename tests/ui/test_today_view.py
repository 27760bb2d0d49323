"""Today: the running timer ticking without the database, today's entries edited in their cells, attendance."""

from __future__ import annotations

import sqlite3
import sys

from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from sqlalchemy import event

from app.services import attendance, task_log, timer
from app.services.identity import current_actor
from app.ui.task_log_model import BILLABLE, HOURS, NOTE, TIME, WORK
from app.ui.views.today import TodayView


def today_view(qtbot, ctx) -> TodayView:  # type: ignore[no-untyped-def]
    view = TodayView(ctx)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.overview is not None or not view.empty.isHidden(), timeout=10000)
    if view.overview is not None:
        qtbot.waitUntil(lambda: not view.entries.model.loading, timeout=10000)
    return view


def log(team, clock, email: str | None = None, **given):  # type: ignore[no-untyped-def]
    with team.ledger.work() as uow:
        actor = current_actor(uow, email)
        entry = task_log.log_entry(uow, actor, "WEB", **{"day": actor.today(clock), **given})
        uow.commit()
    return entry


def cells(view: TodayView, row: int = 0) -> list[str]:
    model = view.entries.model
    return [model.index(row, column).data() for column in (TIME, WORK, HOURS, NOTE)]


def test_with_nobody_signed_in_it_says_what_to_do(qtbot, ctx, team, db_path):  # type: ignore[no-untyped-def]
    with sqlite3.connect(db_path) as plain:
        plain.execute("DELETE FROM local_settings")

    view = today_view(qtbot, ctx)

    assert "--as EMAIL" in view.empty.text()
    assert view.table.isHidden()
    assert not view.timer_button.isEnabled()


def test_the_running_timer_ticks_every_second_without_asking_the_database(qtbot, ctx, team, clock):  # type: ignore[no-untyped-def]
    log(team, clock, team.consultant_email, start="07:00", end="08:30")  # Carl's, not shown to Ada
    with team.ledger.work() as uow:
        timer.start(uow, current_actor(uow), "WEB")
        uow.commit()
    clock.advance(minutes=25)

    view = today_view(qtbot, ctx)
    assert view.timer_line.text() == "Running: WEB/General — 0:25:00 (since 09:00)"
    assert view.timer_button.text() == "Stop"
    assert view.heading.text() == "Acme — Ada Admin <ada@acme.example>"
    assert view.empty.text().startswith("Nothing logged today yet.")

    statements: list[str] = []

    def seen(_connection, _cursor, statement, *_):  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(team.ledger.db.engine, "before_cursor_execute", seen)
    try:
        clock.advance(seconds=7)
        view.tick()
    finally:
        event.remove(team.ledger.db.engine, "before_cursor_execute", seen)
    assert view.timer_line.text() == "Running: WEB/General — 0:25:07 (since 09:00)"
    assert statements == []


def test_the_timer_button_asks_whoever_runs_the_timer(qtbot, ctx, team):  # type: ignore[no-untyped-def]
    view = today_view(qtbot, ctx)
    assert view.timer_line.text() == "No timer running."

    with qtbot.waitSignal(ctx.events.toggle_timer_requested, timeout=1000):
        qtbot.mouseClick(view.timer_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(ctx.events.new_entry_requested, timeout=1000):
        qtbot.mouseClick(view.new_entry, Qt.MouseButton.LeftButton)


def test_todays_entries_are_listed_in_order_with_notes_as_plain_text(qtbot, ctx, team, clock):  # type: ignore[no-untyped-def]
    log(team, clock, hours="1:30", note="<b>kick-off</b>\nline two")
    log(team, clock, start="07:00", end="08:00")
    log(team, clock, day=clock.now().date().replace(day=19), hours="2")  # yesterday: not today's

    view = today_view(qtbot, ctx)
    model = view.entries.model
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)

    assert model.rowCount() == 2
    # A typed duration has no time of day: it comes before the day's timed entries.
    assert cells(view, 0) == ["—", "WEB/General", "1:30", "<b>kick-off</b> line two"]
    assert cells(view, 1) == ["07:00–08:00", "WEB/General", "1:00", ""]
    assert "&lt;b&gt;kick-off&lt;/b&gt;\nline two" in model.index(0, NOTE).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(0, BILLABLE).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert view.logged_line.text() == "Logged today: 2:30"
    assert not view.table.isHidden() and view.empty.isHidden()


def test_a_bad_value_typed_into_a_cell_is_refused_and_the_cell_shows_the_old_value(qtbot, ctx, team, clock, db_path):  # type: ignore[no-untyped-def]
    entry = log(team, clock, hours="1:30")
    view = today_view(qtbot, ctx)
    model = view.entries.model

    assert model.setData(model.index(0, HOURS), "1:75")
    assert model.index(0, HOURS).data() == "1:75"  # shown (in italics) while it is being saved
    qtbot.waitUntil(lambda: model.index(0, HOURS).data() == "1:30", timeout=3000)

    assert view.entries.messages.line.text() == "'1:75' is not a duration; use 1:30, 1.5, 90m or 1h30m."
    with sqlite3.connect(db_path) as plain:
        assert plain.execute("SELECT duration_seconds, version FROM task_log_entries").fetchall() == [
            (5400, entry.version)
        ]


def test_a_good_value_is_saved_and_announced(qtbot, ctx, team, clock):  # type: ignore[no-untyped-def]
    log(team, clock, start="07:00", end="08:00")
    view = today_view(qtbot, ctx)
    model = view.entries.model

    with qtbot.waitSignal(ctx.events.entries_changed, timeout=3000):
        model.setData(model.index(0, TIME), "07:30 - 08:45")

    qtbot.waitUntil(lambda: cells(view)[:3] == ["07:30–08:45", "WEB/General", "1:15"], timeout=3000)
    assert view.entries.messages.line.text() == "Saved WEB/General 1:15 on 2026-11-20."
    qtbot.waitUntil(lambda: view.logged_line.text() == "Logged today: 1:15", timeout=3000)


def test_a_time_that_is_not_a_span_is_refused_without_asking_the_database(qtbot, ctx, team, clock):  # type: ignore[no-untyped-def]
    log(team, clock, start="07:00", end="08:00")
    view = today_view(qtbot, ctx)
    model = view.entries.model

    model.setData(model.index(0, TIME), "half past seven")

    assert model.index(0, TIME).data() == "07:00–08:00"
    assert view.entries.messages.line.text() == "'half past seven' is not a time span. Type the time as 09:00–10:30."


def test_attendance_so_far_is_summed_up(qtbot, ctx, team, clock):  # type: ignore[no-untyped-def]
    with team.ledger.work() as uow:
        attendance.clock_in(uow, current_actor(uow))
        uow.commit()
    clock.advance(hours=2)

    view = today_view(qtbot, ctx)

    assert view.attendance_line.text().startswith("Clocked in since 09:00 · today 2:00 at work (0:00 breaks)")
    assert "this week 2:00 of" in view.attendance_line.text()


def test_not_clocked_in_says_so(qtbot, ctx, team):  # type: ignore[no-untyped-def]
    view = today_view(qtbot, ctx)

    assert view.attendance_line.text() == "Not clocked in today."


def test_a_day_of_ticking_cannot_wear_out_pythons_none(qtbot, ctx, team):  # type: ignore[no-untyped-def]
    # PySide6 6.12 drops a reference to None on every void call (setText...); the tick makes two a second.
    view = today_view(qtbot, ctx)
    for _ in range(2_000):
        view.tick()

    assert sys.getrefcount(None) > 1 << 39
