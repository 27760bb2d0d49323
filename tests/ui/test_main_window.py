"""The main window: sections in a sidebar, keyboard navigation, what Today shows."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from app.services import task_log, timer
from app.services.identity import current_actor
from app.ui.entries_model import EntriesModel
from app.ui.main_window import SECTIONS, MainWindow


def shown(qtbot, window: MainWindow) -> MainWindow:
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window


def test_ctrl_and_a_number_opens_that_section(qtbot, ctx, team):
    window = shown(qtbot, MainWindow(ctx))
    assert [window.sidebar.item(i).text() for i in range(window.sidebar.count())] == [t for t, _ in SECTIONS]
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.sections["Task log"]
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.sections["Today"]


def test_timer_shortcuts_are_requests_on_the_event_bridge(qtbot, ctx, team):
    window = shown(qtbot, MainWindow(ctx))
    with qtbot.waitSignal(ctx.events.toggle_timer_requested, timeout=1000):
        qtbot.keyClick(window, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)
    with qtbot.waitSignal(ctx.events.quick_switch_requested, timeout=1000):
        qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)


def test_today_with_nobody_signed_in_says_what_to_do(qtbot, ctx, team, db_path):
    with sqlite3.connect(db_path) as plain:
        plain.execute("DELETE FROM local_settings")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    today = window.sections["Today"]
    assert "--as EMAIL" in today.empty.text()
    assert today.table.isHidden()


def test_today_shows_the_running_timer(qtbot, ctx, team, clock):
    with team.ledger.work() as uow:
        actor = current_actor(uow, team.consultant_email)
        task_log.log_entry(
            uow, actor, "WEB", day=actor.today(clock), start="07:00", end="08:30", note="<b>kick-off</b>"
        )
        uow.commit()
    with team.ledger.work() as uow:
        timer.start(uow, current_actor(uow), "WEB")
        uow.commit()
    clock.advance(minutes=25)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    today = window.sections["Today"]
    assert today.timer_line.text() == "Running: WEB/General — 0:25"
    assert "Acme — Ada Admin" in today.heading.text()
    # The admin has logged nothing today; the consultant's entry is not theirs.
    assert today.empty.text() == "Nothing logged today yet."


def test_entries_model_passes_the_model_tester_and_shows_markup_as_text(qtbot, team, clock):
    with team.ledger.work() as uow:
        actor = current_actor(uow)
        task_log.log_entry(uow, actor, "WEB", day=actor.today(clock), hours="1:30", note="<b>kick-off</b>\nline two")
        uow.commit()
        views = task_log.entries_between(uow, actor, actor.today(clock), actor.today(clock))
    model = EntriesModel()
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.show(views, "Europe/Berlin")
    assert model.rowCount() == 1
    cells = [model.index(0, c).data() for c in range(model.columnCount())]
    assert cells == ["—", "WEB/General", "1:30", "yes", "180.00 EUR", "<b>kick-off</b> line two"]
    assert model.index(0, 2).data(Qt.ItemDataRole.TextAlignmentRole) & int(Qt.AlignmentFlag.AlignRight)


def test_changes_by_another_program_reach_the_views(qtbot, ctx, team, db_path):
    from app.ui.change_watch import ChangeWatch

    watch = ChangeWatch(ctx, interval_ms=50)
    with sqlite3.connect(db_path) as other_program:
        other_program.execute("INSERT INTO local_settings VALUES ('from', 'cli')")
    with qtbot.waitSignal(ctx.events.entries_changed, timeout=2000):
        pass
    watch.timer.stop()
