"""The Timesheet section: the week grid, typing hours into it, paging weeks, copying last week's rows."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QApplication, QLineEdit

from app.domain.project import TaskStatus
from app.services import projects, task_log
from app.services.identity import current_actor
from app.ui.timesheet_model import FIRST_DAY, TOTAL, TimesheetModel
from app.ui.views.timesheet import TimesheetView

FRIDAY = date(2026, 11, 20)
THURSDAY = date(2026, 11, 19)
LAST_WEEK = date(2026, 11, 12)
FRI, THU = FIRST_DAY + 4, FIRST_DAY + 3


def log(team, day: date = FRIDAY, work: str = "WEB/General", **how: str) -> None:  # type: ignore[no-untyped-def]
    """Ada (signed in on this desktop) logs time through the task log."""
    with team.ledger.work() as uow:
        task_log.log_entry(uow, current_actor(uow), work, day=day, **how)
        uow.commit()


def add_task(team, name: str) -> uuid.UUID:  # type: ignore[no-untyped-def]
    with team.ledger.work() as uow:
        task = projects.add_task(uow, current_actor(uow), "WEB", name)
        uow.commit()
    return task.id


def opened(qtbot, ctx) -> TimesheetView:  # type: ignore[no-untyped-def]
    view = TimesheetView(ctx)
    qtbot.addWidget(view)
    QAbstractItemModelTester(view.model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    view.resize(1000, 500)
    with qtbot.waitSignal(view.loaded, timeout=3000), qtbot.waitActive(view):
        view.show()
        view.activateWindow()
    return view


def text(view: TimesheetView, row: int, column: int) -> str:
    return view.model.data(view.model.index(row, column))


def type_into(qtbot, view: TimesheetView, row: int, column: int, typed: str) -> None:  # type: ignore[no-untyped-def]
    """Select the cell, type as a user does (the first key opens the editor), and press Enter."""
    view.table.setCurrentIndex(view.model.index(row, column))
    view.table.setFocus()
    qtbot.keyClick(view.table, typed[0])
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    qtbot.keyClicks(editor, typed[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_the_week_grid_shows_tasks_by_day_with_totals(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    add_task(team, "Design")
    log(team, hours="1:30")
    log(team, THURSDAY, hours="2")
    log(team, THURSDAY, work="WEB/Design", hours="0.25")

    view = opened(qtbot, ctx)

    assert view.bar.title.text() == "Week 47 · Mon 16 Nov – Sun 22 Nov 2026"
    assert not view.bar.this_week.isEnabled()
    model = view.model
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in (0, 1, FIRST_DAY, FRI, TOTAL)] == [
        "Client",
        "Project / task",
        "Mon 16",
        "Fri 20",
        "Total",
    ]
    assert model.headerData(FRI, Qt.Orientation.Horizontal, Qt.ItemDataRole.FontRole).bold(), "today stands out"
    assert [text(view, 0, c) for c in (0, 1, THU, FRI, TOTAL)] == ["Globex", "WEB/Design", "0:15", "", "0:15"]
    assert [text(view, 1, c) for c in (1, THU, FRI, TOTAL)] == ["WEB/General", "2:00", "1:30", "3:30"]
    assert [text(view, 2, c) for c in (0, THU, FRI, TOTAL)] == ["Total", "2:15", "1:30", "3:45"]
    assert model.flags(model.index(1, FRI)) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(1, TOTAL)) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(2, FRI)) & Qt.ItemFlag.ItemIsEditable, "the totals row is not editable"
    assert view.empty.isHidden()


def test_typing_hours_saves_them_and_updates_the_totals(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    log(team, THURSDAY, hours="2")
    view = opened(qtbot, ctx)

    with qtbot.waitSignal(view.loaded, timeout=3000):
        type_into(qtbot, view, 0, FRI, "1:30")
    assert [text(view, 0, c) for c in (FRI, TOTAL)] == ["1:30", "3:30"]
    assert [text(view, 1, c) for c in (FRI, TOTAL)] == ["1:30", "3:30"]

    with qtbot.waitSignal(view.loaded, timeout=3000):
        type_into(qtbot, view, 0, FRI, "2.75")
    assert [text(view, 1, c) for c in (FRI, TOTAL)] == ["2:45", "4:45"]
    with team.ledger.read() as uow:
        friday = task_log.entries_between(uow, current_actor(uow), FRIDAY, FRIDAY)
    assert [v.entry.duration.format_hm() for v in friday] == ["2:45"]
    assert view.message.text() == ""


@pytest.mark.parametrize(
    ("typed", "sentence"),
    [("abc", "'abc' is not a duration"), ("-2", "is negative"), ("30", "a day holds at most 24:00 hours")],
)
def test_a_rejected_edit_restores_the_cell_and_says_why(qtbot, ctx, team, typed, sentence) -> None:  # type: ignore[no-untyped-def]
    log(team, hours="2")
    view = opened(qtbot, ctx)

    type_into(qtbot, view, 0, FRI, typed)
    qtbot.waitUntil(lambda: sentence in view.message.text(), timeout=3000)

    assert text(view, 0, FRI) == "2:00"
    assert not view.model.pending
    with team.ledger.read() as uow:
        assert [
            v.entry.duration.format_hm() for v in task_log.entries_between(uow, current_actor(uow), FRIDAY, FRIDAY)
        ] == ["2:00"]


def test_going_below_timed_entries_points_to_the_task_log(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    log(team, start="07:00", end="08:30")
    view = opened(qtbot, ctx)
    assert "Task log" in view.model.data(view.model.index(0, FRI), Qt.ItemDataRole.ToolTipRole)

    view.model.setData(view.model.index(0, FRI), "1")
    assert text(view, 0, FRI) == "1", "the typed value shows while it is being saved"
    qtbot.waitUntil(lambda: "Task log" in view.message.text(), timeout=3000)
    assert text(view, 0, FRI) == "1:30"


def test_an_unchanged_cell_saves_nothing(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    log(team, hours="2")
    view = opened(qtbot, ctx)
    with qtbot.assertNotEmitted(view.model.edit_requested):
        assert not view.model.setData(view.model.index(0, FRI), " 2:00 ")


def test_a_closed_task_row_is_not_editable(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    log(team, hours="1")
    old = add_task(team, "Old")
    log(team, work="WEB/Old", hours="1")
    with team.ledger.work() as uow:
        task = uow.tasks.get(old)
        task.move_to(TaskStatus.CLOSED)
        uow.tasks.save(task)
        uow.commit()
    view = opened(qtbot, ctx)
    assert text(view, 1, 1) == "WEB/Old"
    assert not view.model.flags(view.model.index(1, FRI)) & Qt.ItemFlag.ItemIsEditable
    assert "closed" in view.model.data(view.model.index(1, FRI), Qt.ItemDataRole.ToolTipRole)


def test_previous_and_next_week_by_buttons_and_alt_arrows(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    log(team, LAST_WEEK, hours="3")
    view = opened(qtbot, ctx)
    assert view.table.isHidden() and "copy last week's rows" in view.empty.text()

    with qtbot.waitSignal(view.loaded, timeout=3000):
        view.bar.previous.click()
    assert view.bar.title.text().startswith("Week 46 ")
    assert text(view, 0, FIRST_DAY + 3) == "3:00" and view.bar.this_week.isEnabled()

    with qtbot.waitSignal(view.loaded, timeout=3000):
        qtbot.keyClick(view.table, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert view.bar.title.text().startswith("Week 47 ")
    with qtbot.waitSignal(view.loaded, timeout=3000):
        qtbot.keyClick(view.table, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert view.bar.title.text().startswith("Week 48 ")
    with qtbot.waitSignal(view.loaded, timeout=3000):
        qtbot.keyClick(view.bar.this_week, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert view.bar.title.text().startswith("Week 47 ")

    view.bar.previous.click()
    view.bar.previous.click()  # quicker than the loads: the newest one wins
    with qtbot.waitSignal(view.loaded, timeout=3000):
        view.bar.this_week.click()
    assert view.bar.title.text().startswith("Week 47 ") and not view.bar.this_week.isEnabled()


def test_copying_last_weeks_rows_shows_them_without_hours(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    add_task(team, "Design")
    log(team, LAST_WEEK, hours="3")
    log(team, LAST_WEEK - timedelta(days=1), work="WEB/Design", hours="1")
    view = opened(qtbot, ctx)

    with qtbot.waitSignal(view.loaded, timeout=3000):
        view.copy_rows.click()

    assert view.message.text() == "Copied 2 rows from week 46."
    assert [text(view, row, 1) for row in range(2)] == ["WEB/Design", "WEB/General"]
    assert [text(view, row, TOTAL) for row in range(3)] == ["0:00", "0:00", "0:00"]
    assert view.table.isVisible() and view.empty.isHidden()

    with qtbot.waitSignal(view.loaded, timeout=3000):
        type_into(qtbot, view, 0, FRI, "4")
    assert text(view, 2, TOTAL) == "4:00"

    with qtbot.waitSignal(view.loaded, timeout=3000):
        view.copy_rows.click()
    assert view.message.text() == "Week 46 has no open tasks that this week lacks."


def test_a_task_is_added_as_a_row_from_the_picker(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    add_task(team, "Design")
    view = opened(qtbot, ctx)
    qtbot.waitUntil(lambda: view.add_task.count() == 2, timeout=3000)
    assert view.add_task.itemText(0) == "Globex — WEB/Design"

    with qtbot.waitSignal(view.loaded, timeout=3000):
        view.add_task.activated.emit(0)

    assert text(view, 0, 1) == "WEB/Design"
    assert view.table.currentIndex() == view.model.index(0, FRI), "the cursor waits on today for the hours"
    assert "Added WEB/Design" in view.message.text()


def test_the_model_holds_up_under_the_model_tester_while_editing(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    log(team, hours="1")
    view = opened(qtbot, ctx)
    model = TimesheetModel()
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    assert (model.rowCount(), model.data(model.index(0, 0))) == (0, None)
    model.show(view.model.grid)
    assert model.setData(model.index(0, FRI), "3")
    model.reject(model.grid.rows[0].work.task.id, FRIDAY)
    assert model.data(model.index(0, FRI)) == "1:00"
    assert not model.setData(model.index(1, FRI), "3"), "totals are not editable"
