"""The minimal desk window: what it shows for an empty database, a running timer and today's entries."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from app.services import task_log, timer
from app.services.identity import current_actor
from app.ui.entries_model import EntriesModel
from app.ui.main_window import MainWindow


def test_a_database_with_nobody_signed_in_says_what_to_do(qtbot, team, db_path):
    with sqlite3.connect(db_path) as plain:
        plain.execute("DELETE FROM local_settings")
    window = MainWindow(team.ledger)
    qtbot.addWidget(window)
    assert window.pages.currentWidget() is window.desk
    assert "--as EMAIL" in window.empty.text()
    assert window.table.isHidden()


def test_the_window_shows_the_running_timer_and_todays_entries(qtbot, team, clock):
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
    window = MainWindow(team.ledger)
    qtbot.addWidget(window)
    assert window.timer_line.text() == "Running: WEB/General — 0:25"
    assert "Acme — Ada Admin" in window.heading.text()
    # The admin has logged nothing today; the consultant's entry is not theirs.
    assert window.empty.text() == "Nothing logged today yet."


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
