"""The Task log: pages in as it scrolls, sorts and filters by re-reading, edits in cells, deletes with undo."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from entry_history import add_initech, import_history
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from app.domain.task_log import EntryStatus
from app.services import task_log
from app.services.identity import CURRENT_USER, current_actor
from app.ui.task_log_model import BILLABLE, CLIENT, DATE, HOURS, NOTE, PERSON, STATUS, WORK
from app.ui.views.task_log import EVERYONE, TaskLogView

CARL = "carl@acme.example"


def sign_in(team, email: str) -> None:  # type: ignore[no-untyped-def]
    with team.ledger.work() as uow:
        uow.settings.set(CURRENT_USER, str(current_actor(uow, email).user.id))
        uow.commit()


def opened(qtbot, ctx) -> TaskLogView:  # type: ignore[no-untyped-def]
    view = TaskLogView(ctx)
    qtbot.addWidget(view)
    view.resize(1000, 600)
    with qtbot.waitSignal(view.model.page_loaded, timeout=5000):
        view.show()
    qtbot.waitUntil(lambda: view.choices is not None, timeout=3000)
    return view


def settle(qtbot, view: TaskLogView) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not view.model.loading, timeout=5000)


def column(view: TaskLogView, number: int, role=Qt.ItemDataRole.DisplayRole) -> list:  # type: ignore[no-untyped-def]
    model = view.model
    return [model.index(row, number).data(role) for row in range(model.rowCount())]


def choose(qtbot, view: TaskLogView, combo, text: str) -> None:  # type: ignore[no-untyped-def]
    position = combo.findText(text)
    assert position >= 0, f"{text!r} is not offered"
    combo.setCurrentIndex(position)
    with qtbot.waitSignal(view.model.page_loaded, timeout=5000):
        combo.activated.emit(position)


@pytest.fixture
def carls_history(team):  # type: ignore[no-untyped-def]
    add_initech(team.ledger)
    entries = import_history(team.ledger)
    sign_in(team, CARL)
    return entries


def test_the_log_pages_in_as_it_scrolls_newest_first(qtbot, ctx, carls_history):  # type: ignore[no-untyped-def]
    view = opened(qtbot, ctx)
    model = view.model
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    settle(qtbot, view)
    first_page = model.rowCount()
    assert 0 < first_page < len(carls_history)

    view.table.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() > first_page, timeout=5000)
    while model.canFetchMore(model.index(-1, -1)) or model.loading:
        view.table.scrollToBottom()
        if model.canFetchMore(model.index(-1, -1)):
            model.fetchMore(model.index(-1, -1))
        settle(qtbot, view)

    assert model.rowCount() == len(carls_history)
    assert len({model.entry(row).id for row in range(model.rowCount())}) == len(carls_history)
    days = [model.entry(row).work_date for row in range(model.rowCount())]
    assert days == sorted(days, reverse=True)
    assert days[0] == date(2026, 11, 19)
    assert view.table.isColumnHidden(PERSON)


def test_a_click_on_a_header_sorts_and_other_columns_do_not(qtbot, ctx, carls_history):  # type: ignore[no-untyped-def]
    view = opened(qtbot, ctx)
    header = view.table.horizontalHeader()

    with qtbot.waitSignal(view.model.page_loaded, timeout=5000):
        header.setSortIndicator(HOURS, Qt.SortOrder.AscendingOrder)
    hours = column(view, HOURS)
    assert hours[0] == "0:45" and hours == sorted(hours, key=lambda h: (len(h), h))

    header.setSortIndicator(NOTE, Qt.SortOrder.AscendingOrder)
    assert header.sortIndicatorSection() == HOURS
    assert not view.model.loading

    with qtbot.waitSignal(view.model.page_loaded, timeout=5000):
        header.setSortIndicator(WORK, Qt.SortOrder.DescendingOrder)
    assert column(view, WORK)[0] == "WEB/General"
    with qtbot.waitSignal(view.model.page_loaded, timeout=5000):
        header.setSortIndicator(STATUS, Qt.SortOrder.AscendingOrder)
    assert column(view, STATUS)[0] == "Approved"


def test_filters_read_the_list_again(qtbot, ctx, carls_history):  # type: ignore[no-untyped-def]
    view = opened(qtbot, ctx)

    choose(qtbot, view, view.client, "Initech")
    assert set(column(view, CLIENT)) == {"Initech"}
    assert [view.project.itemText(i) for i in range(view.project.count())] == ["All projects", "OPS — Operations"]

    choose(qtbot, view, view.billable, "Not billable")
    assert set(column(view, WORK)) == {"OPS/Internal"}
    assert set(column(view, BILLABLE, Qt.ItemDataRole.CheckStateRole)) == {Qt.CheckState.Unchecked}

    choose(qtbot, view, view.status, "Approved")
    assert set(column(view, STATUS)) == {"Approved"}

    choose(qtbot, view, view.period, "This month")
    assert view.model.rowCount() == 0
    assert view.table.isHidden()
    assert view.empty.text() == "No entries match these filters. Widen them, or add an entry (Ctrl+N)."


def test_a_custom_date_range(qtbot, ctx, carls_history):  # type: ignore[no-untyped-def]
    view = opened(qtbot, ctx)
    choose(qtbot, view, view.period, "Custom range")
    assert view.first.isVisible() and view.last.isVisible()

    with qtbot.waitSignal(view.model.page_loaded, timeout=5000):
        view.first.setDate(date(2026, 11, 1))
    with qtbot.waitSignal(view.model.page_loaded, timeout=5000):
        view.last.setDate(date(2026, 11, 3))

    assert sorted(set(column(view, DATE))) == ["Mon 2026-11-02", "Sun 2026-11-01", "Tue 2026-11-03"]


def test_a_consultant_sees_no_person_filter_and_a_manager_can_see_everyone(qtbot, ctx, team, clock):  # type: ignore[no-untyped-def]
    for email in (CARL, None):
        with team.ledger.work() as uow:
            actor = current_actor(uow, email)
            task_log.log_entry(uow, actor, "WEB", day=actor.today(clock), hours="1")
            uow.commit()
    view = opened(qtbot, ctx)  # Ada, an admin
    assert not view.person.isHidden()
    assert column(view, PERSON) == ["Ada Admin"]

    choose(qtbot, view, view.person, EVERYONE.capitalize())

    assert sorted(column(view, PERSON)) == ["Ada Admin", "Carl Consultant"]
    assert not view.table.isColumnHidden(PERSON)
    sign_in(team, CARL)
    assert opened(qtbot, ctx).person.isHidden()


def test_a_bad_hours_value_is_refused_and_the_cell_restored(qtbot, ctx, carls_history):  # type: ignore[no-untyped-def]
    view = opened(qtbot, ctx)
    model = view.model
    before = model.index(0, HOURS).data()

    model.setData(model.index(0, HOURS), "1:75")
    qtbot.waitUntil(lambda: view.entries.messages.line.text() != "", timeout=3000)

    assert view.entries.messages.line.text() == "'1:75' is not a duration; use 1:30, 1.5, 90m or 1h30m."
    assert model.index(0, HOURS).data() == before


def test_an_overlap_typed_into_the_time_is_refused_with_the_sentence(qtbot, ctx, carls_history):  # type: ignore[no-untyped-def]
    view = opened(qtbot, ctx)
    model = view.model
    web = column(view, WORK).index("WEB/General")  # 09:00–10:00, followed by OPS 10:00–11:30

    model.setData(model.index(web, 1), "09:00–10:30")
    qtbot.waitUntil(lambda: view.entries.messages.line.text() != "", timeout=3000)

    assert "overlaps your entry on OPS/General from 10:00 to 11:30 on 2026-11-19" in view.entries.messages.line.text()
    assert model.index(web, 1).data() == "09:00–10:00"


def test_a_note_typed_into_its_cell_is_saved(qtbot, ctx, carls_history, db_path):  # type: ignore[no-untyped-def]
    view = opened(qtbot, ctx)
    model = view.model
    entry = model.entry(0)

    with qtbot.waitSignal(ctx.events.entries_changed, timeout=3000):
        model.setData(model.index(0, NOTE), "  deployed to production  ")

    with sqlite3.connect(db_path) as plain:
        note = plain.execute("SELECT note FROM task_log_entries WHERE id = ?", (entry.id.hex,)).fetchone()[0]
    assert note == "deployed to production"
    qtbot.waitUntil(lambda: model.index(0, NOTE).data() == "deployed to production", timeout=3000)


def test_delete_key_and_undo_bring_back_the_same_entry(qtbot, ctx, carls_history, db_path):  # type: ignore[no-untyped-def]
    view = opened(qtbot, ctx)
    model = view.model
    entry = model.entry(0)
    view.table.setFocus()
    view.table.selectRow(0)

    with qtbot.waitSignal(ctx.events.entries_changed, timeout=3000):
        qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: model.entry(0).id != entry.id, timeout=3000)
    assert view.entries.messages.line.text() == f"Deleted OPS/General 1:30 on {entry.work_date}."
    assert view.entries.messages.undo.isVisibleTo(view)

    with qtbot.waitSignal(ctx.events.entries_changed, timeout=3000):
        qtbot.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: model.entry(0).id == entry.id, timeout=3000)

    assert view.entries.messages.line.text() == "Restored 1 entry."
    with sqlite3.connect(db_path) as plain:
        assert plain.execute("SELECT deleted_at FROM task_log_entries WHERE id = ?", (entry.id.hex,)).fetchall() == [
            (None,)
        ]


def test_the_undo_button_undoes_a_deletion_of_several(qtbot, ctx, carls_history):  # type: ignore[no-untyped-def]
    view = opened(qtbot, ctx)
    model = view.model
    chosen = {model.entry(0).id, model.entry(1).id}
    view.table.selectRow(0)
    view.table.selectionModel().select(
        model.index(1, 0),
        view.table.selectionModel().SelectionFlag.Select | view.table.selectionModel().SelectionFlag.Rows,
    )

    with qtbot.waitSignal(ctx.events.entries_changed, timeout=3000):
        view.entries.delete_selected()
    assert view.entries.messages.line.text() == "Deleted 2 entries."
    qtbot.waitUntil(lambda: not chosen & {model.entry(r).id for r in range(3)}, timeout=3000)

    with qtbot.waitSignal(ctx.events.entries_changed, timeout=3000):
        qtbot.mouseClick(view.entries.messages.undo, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: chosen == {model.entry(0).id, model.entry(1).id}, timeout=3000)


def test_an_approved_entry_is_locked_in_the_table(qtbot, ctx, team, clock):  # type: ignore[no-untyped-def]
    with team.ledger.work() as uow:
        actor = current_actor(uow)
        entry = task_log.log_entry(uow, actor, "WEB", day=actor.today(clock), hours="1")
        entry.move_to(EntryStatus.SUBMITTED)
        entry.move_to(EntryStatus.APPROVED)
        uow.entries.save(entry)
        uow.commit()
    view = opened(qtbot, ctx)
    model = view.model

    assert not model.flags(model.index(0, HOURS)) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(0, BILLABLE)) & Qt.ItemFlag.ItemIsUserCheckable
    assert not model.setData(model.index(0, HOURS), "2")
    assert "locked" in model.index(0, HOURS).data(Qt.ItemDataRole.ToolTipRole)
    view.table.selectRow(0)
    view.entries.delete_selected()
    qtbot.waitUntil(lambda: view.entries.messages.line.text() != "", timeout=3000)

    assert "approved; a manager must reopen its timesheet" in view.entries.messages.line.text()
    assert model.rowCount() == 1


def test_an_empty_log_says_how_to_start(qtbot, ctx, team):  # type: ignore[no-untyped-def]
    view = opened(qtbot, ctx)

    assert view.table.isHidden()
    assert view.empty.text() == "Nothing logged yet. Start the timer (Ctrl+Space) or add an entry (Ctrl+N)."


def test_the_log_is_read_only_once_shown(qtbot, ctx, team):  # type: ignore[no-untyped-def]
    view = TaskLogView(ctx)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.choices is not None, timeout=3000)

    assert not view.model.loading and view.model.rowCount() == 0
    with qtbot.waitSignal(view.model.page_loaded, timeout=3000):
        view.show()


def test_a_change_elsewhere_rereads_only_down_to_what_is_on_screen(qtbot, ctx, team, carls_history, clock):  # type: ignore[no-untyped-def]
    view = opened(qtbot, ctx)
    model = view.model
    for _ in range(2):
        with qtbot.waitSignal(model.page_loaded, timeout=5000):
            model.fetchMore(model.index(-1, -1))
    assert model.rowCount() == 3 * model.page_size
    view.table.scrollToTop()
    with team.ledger.work() as uow:  # as the CLI would
        carl = current_actor(uow, CARL)
        task_log.log_entry(uow, carl, "WEB", day=carl.today(clock), hours="0:15", note="from the command line")
        uow.commit()

    with qtbot.waitSignal(model.page_loaded, timeout=5000):
        ctx.events.entries_changed.emit()

    assert model.entry(0).note == "from the command line"
    on_screen = view.table.rowAt(view.table.viewport().height() - 1) + 1
    assert model.rowCount() == on_screen + model.page_size < 3 * model.page_size
    assert model.canFetchMore(model.index(-1, -1))
