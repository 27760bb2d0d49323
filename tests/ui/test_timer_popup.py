"""The tray's timer popup: type to pick work, start and stop, restart recent entries, refusals shown."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from tray_helpers import SIGNAL_MS, as_ada, installed, log, running, settle

from app.services import projects, timer
from app.ui.tray.choices_model import CHOICE_ROLE, DETAIL_ROLE, WorkChoicesModel
from app.ui.tray.install import DeskTimer

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def desk(qtbot, ctx, team) -> DeskTimer:  # type: ignore[no-untyped-def]
    """Ada's tray timer over Acme, where WEB has the tasks General and Design."""
    as_ada(team.ledger, lambda uow, ada: projects.add_task(uow, ada, "WEB", "Design"))
    return installed(qtbot, ctx)


def opened(desk: DeskTimer):  # type: ignore[no-untyped-def]
    desk.popup.open_near()
    return desk.popup


def picked(desk: DeskTimer) -> list[str]:
    return [choice.label for choice in desk.popup.model.rows]


def test_the_picker_model_holds_up_under_the_model_tester_while_searching(qtbot, desk):
    model = WorkChoicesModel()
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.show(desk.state.status.choices)
    model.search("design")
    model.search("")
    model.search("nothing like this")

    model.search("web gen")

    [row] = model.rows
    index = model.index(0, 0)
    assert (index.data(), index.data(DETAIL_ROLE)) == ("WEB/General", "Website · Globex")
    assert index.data(CHOICE_ROLE) is row


def test_typing_narrows_the_list_and_the_first_match_is_selected(qtbot, desk):
    popup = opened(desk)

    qtbot.keyClicks(popup.search, "glob des")

    assert picked(desk) == ["WEB/Design"]
    assert popup.selected().label == "WEB/Design"


def test_arrow_keys_in_the_search_field_move_through_the_list(qtbot, desk):
    popup = opened(desk)
    assert picked(desk) == ["WEB/Design", "WEB/General"]

    qtbot.keyClick(popup.search, Qt.Key.Key_Down)

    assert popup.selected().label == "WEB/General"


def test_start_in_the_popup_runs_the_selected_work_with_the_note(qtbot, desk, team):
    popup = opened(desk)
    qtbot.keyClicks(popup.search, "general")
    qtbot.keyClicks(popup.note, "homepage")

    settle(qtbot, desk, lambda: qtbot.mouseClick(popup.button, LEFT))

    label, started = running(team.ledger)
    assert (label, started.note) == ("WEB/General", "homepage")
    assert popup.work_line.text() == "WEB/General"
    assert popup.button.text() == "■  Stop"
    assert popup.note.text() == ""


def test_stop_in_the_popup_logs_the_time(qtbot, desk, team, clock):
    as_ada(team.ledger, lambda uow, ada: timer.start(uow, ada, "WEB/Design"))
    settle(qtbot, desk, desk.state.refresh)
    clock.advance(minutes=45)
    popup = opened(desk)
    assert popup.elapsed.text() == "0:45:00"

    with qtbot.waitSignal(desk.popup.ctx.events.entries_changed, timeout=SIGNAL_MS):  # logged
        qtbot.mouseClick(popup.button, LEFT)

    assert running(team.ledger) is None
    qtbot.waitUntil(lambda: popup.button.text() == "▶  Start", timeout=SIGNAL_MS)
    assert popup.today.text() == "Today 0:45:00"


def test_enter_in_the_search_field_switches_while_a_timer_runs(qtbot, desk, team, clock):
    as_ada(team.ledger, lambda uow, ada: timer.start(uow, ada, "WEB/General"))
    settle(qtbot, desk, desk.state.refresh)
    clock.advance(minutes=10)
    popup = opened(desk)
    qtbot.keyClicks(popup.search, "design")

    settle(qtbot, desk, lambda: qtbot.keyClick(popup.search, Qt.Key.Key_Return))

    assert running(team.ledger)[0] == "WEB/Design"
    assert [(v.work.label, str(v.entry.duration)) for v in desk.state.status.recent] == [("WEB/General", "0:10")]


def test_a_recent_entry_restarts_with_one_click_on_its_work_and_note(qtbot, desk, team):
    log(team.ledger, "WEB/Design", "07:00", "08:00", note="wireframes")
    settle(qtbot, desk, desk.state.refresh)
    popup = opened(desk)
    row = popup.recent.rows()[0]

    settle(qtbot, desk, lambda: qtbot.mouseClick(row.restart, LEFT))

    label, started = running(team.ledger)
    assert (label, started.note) == ("WEB/Design", "wireframes")


def test_at_most_five_recent_entries_are_offered(qtbot, desk, team):
    for hour in range(7):
        log(team.ledger, "WEB/General", f"0{hour}:00", f"0{hour}:30", note=f"n{hour}")
    settle(qtbot, desk, desk.state.refresh)

    popup = opened(desk)

    assert [row.view.entry.note for row in popup.recent.rows()] == ["n6", "n5", "n4", "n3", "n2"]


def test_a_refusal_is_shown_on_the_message_line(qtbot, desk, team):
    popup = opened(desk)
    # The CLI starts a timer behind the popup's back: the popup still offers Start.
    as_ada(team.ledger, lambda uow, ada: timer.start(uow, ada, "WEB/General"))

    settle(qtbot, desk, lambda: qtbot.mouseClick(popup.button, LEFT))

    assert popup.message.isVisible()
    assert popup.message.text().startswith("A timer is already running for WEB/General")
    assert popup.button.text() == "■  Stop"  # and it now shows the truth


def test_user_text_is_shown_as_typed_never_as_markup(qtbot, desk, team):
    log(team.ledger, "WEB/Design", "07:00", "08:00", note="<b>bold</b> & <i>more</i>")
    settle(qtbot, desk, desk.state.refresh)
    popup = opened(desk)

    row = popup.recent.rows()[0]

    assert row.label.textFormat() == Qt.TextFormat.PlainText
    assert row.label.text() == "WEB/Design · <b>bold</b> & <i>more</i>"


def test_a_search_without_matches_says_so(qtbot, desk):
    popup = opened(desk)

    qtbot.keyClicks(popup.search, "zzz")

    assert popup.picker.isHidden()
    assert popup.no_match.text() == "Nothing matches “zzz”."
    assert not popup.button.isEnabled()


def test_with_no_project_to_log_on_the_popup_says_what_to_do(qtbot, ctx, team, db_path):
    with sqlite3.connect(db_path) as plain:
        plain.execute("UPDATE projects SET status = 'archived'")
    desk = installed(qtbot, ctx)

    popup = opened(desk)

    assert popup.no_match.isVisible()
    assert "add a client and a project" in popup.no_match.text()


def test_ctrl_k_opens_the_popup_with_the_search_field_ready(qtbot, desk, ctx):
    ctx.events.quick_switch_requested.emit()

    assert desk.popup.isVisible()
    assert desk.popup.message.text() == "Pick the work to switch to, then press Enter."
    assert desk.popup.search.text() == ""


def test_without_a_signed_in_user_the_popup_explains_and_offers_the_app(qtbot, ctx, team, db_path):
    with sqlite3.connect(db_path) as plain:
        plain.execute("DELETE FROM local_settings")
    desk = installed(qtbot, ctx)
    popup = opened(desk)

    assert "--as EMAIL" in popup.problem.text()
    assert popup.body.isHidden()
    with qtbot.waitSignal(ctx.events.show_window_requested, timeout=SIGNAL_MS):
        qtbot.mouseClick(popup.open_app, LEFT)


def test_search_tab_note_enter_starts_the_work_without_touching_the_mouse(qtbot, desk, team):
    popup = opened(desk)
    qtbot.keyClicks(popup.search, "des")
    popup.search.setFocus()
    qtbot.keyClick(popup.search, Qt.Key.Key_Tab)
    assert popup.focusWidget() is popup.note  # the list is steered from the search field, not tabbed into
    qtbot.keyClicks(popup.note, "logo")

    settle(qtbot, desk, lambda: qtbot.keyClick(popup.note, Qt.Key.Key_Return))

    label, started = running(team.ledger)
    assert (label, started.note) == ("WEB/Design", "logo")
