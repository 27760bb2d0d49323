"""The New entry dialog: Ctrl+N opens it, it logs hours or a span, and refusals stand under their fields."""

from __future__ import annotations

import sqlite3
from datetime import date

from PySide6.QtCore import Qt

from app.services import task_log
from app.services.identity import current_actor
from app.ui.entry_dialog import BOTH, NEITHER, EntryDialog, open_entry_dialog
from app.ui.main_window import MainWindow


def dialog(qtbot, ctx) -> EntryDialog:  # type: ignore[no-untyped-def]
    opened = EntryDialog(ctx)
    qtbot.addWidget(opened)
    qtbot.waitUntil(lambda: opened.work.count() > 0, timeout=3000)
    return opened


def stored(db_path) -> list[tuple]:  # type: ignore[no-untyped-def,type-arg]
    with sqlite3.connect(db_path) as plain:
        return plain.execute(
            "SELECT work_date, started_at IS NOT NULL, duration_seconds, note, billable FROM task_log_entries"
        ).fetchall()


def refused(qtbot, form: EntryDialog, db_path) -> None:  # type: ignore[no-untyped-def]
    """Save is refused: the dialog stays open and nothing was written."""
    form.submit()
    qtbot.waitUntil(form.buttons.isEnabled, timeout=3000)
    assert stored(db_path) == []


def test_ctrl_n_opens_the_dialog_from_the_main_window(qtbot, ctx, team):  # type: ignore[no-untyped-def]
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()

    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)

    qtbot.waitUntil(lambda: window.findChild(EntryDialog) is not None, timeout=2000)
    first = window.findChild(EntryDialog)
    assert first.isVisible() and first.windowTitle() == "New entry"
    assert open_entry_dialog(ctx, window) is first  # asked again: the same dialog comes forward


def test_hours_on_a_picked_task_are_logged(qtbot, ctx, team, db_path):  # type: ignore[no-untyped-def]
    form = dialog(qtbot, ctx)
    assert form.work.itemText(0) == "WEB/General — Website · Globex"
    assert form.day.date().toPython() == date(2026, 11, 20)
    form.work.setCurrentIndex(0)
    form.hours.setText("1:30")
    form.note.setText("<b>review</b>")
    form.billable.setChecked(False)

    with qtbot.waitSignal(ctx.events.entries_changed, timeout=3000):
        qtbot.mouseClick(form.buttons.button(form.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)

    assert stored(db_path) == [("2026-11-20", 0, 5400, "<b>review</b>", 0)]
    assert form.result() == EntryDialog.DialogCode.Accepted


def test_a_typed_reference_and_a_span_on_another_day(qtbot, ctx, team, db_path):  # type: ignore[no-untyped-def]
    form = dialog(qtbot, ctx)
    form.work.setEditText("web/general")
    form.day.setDate(date(2026, 11, 18))
    form.start.setText("09:00")
    form.end.setText("10:15")

    with qtbot.waitSignal(form.logged, timeout=3000):
        form.submit()

    assert stored(db_path) == [("2026-11-18", 1, 4500, "", 1)]


def test_bad_hours_stand_under_the_hours(qtbot, ctx, team, db_path):  # type: ignore[no-untyped-def]
    form = dialog(qtbot, ctx)
    form.work.setEditText("WEB")
    form.hours.setText("1:75")

    refused(qtbot, form, db_path)

    assert form.errors["hours"].text() == "'1:75' is not a duration; use 1:30, 1.5, 90m or 1h30m."
    assert not form.errors["hours"].isHidden()
    assert not form.result()


def test_hours_and_a_span_together_are_refused_before_saving(qtbot, ctx, team, db_path):  # type: ignore[no-untyped-def]
    form = dialog(qtbot, ctx)
    form.work.setEditText("WEB")
    form.hours.setText("1")
    form.start.setText("09:00")

    refused(qtbot, form, db_path)
    assert form.errors["hours"].text() == BOTH

    form.hours.clear()
    refused(qtbot, form, db_path)
    assert form.errors["end"].text() == NEITHER


def test_an_overlap_and_an_unknown_project_are_said_where_they_belong(qtbot, ctx, team, clock, db_path):  # type: ignore[no-untyped-def]
    with team.ledger.work() as uow:
        actor = current_actor(uow)
        task_log.log_entry(uow, actor, "WEB", day=actor.today(clock), start="09:00", end="10:00")
        uow.commit()
    logged = stored(db_path)
    form = dialog(qtbot, ctx)
    form.work.setEditText("WEB")
    form.start.setText("09:30")
    form.end.setText("11:00")

    form.submit()
    qtbot.waitUntil(form.buttons.isEnabled, timeout=3000)
    assert "overlaps your entry on WEB/General from 09:00 to 10:00" in form.errors["start"].text()

    form.work.setEditText("NOPE")
    form.submit()
    qtbot.waitUntil(form.buttons.isEnabled, timeout=3000)
    assert form.errors["work"].text() == "There is no project with code NOPE; see `timeledger project list`."
    assert form.errors["start"].isHidden()
    assert stored(db_path) == logged
