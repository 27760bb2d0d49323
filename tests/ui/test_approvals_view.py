"""The Approvals section: the queue of submitted weeks, its detail pane, and deciding from the keyboard."""

from __future__ import annotations

from datetime import date

import pytest
from desk_helpers import settle, sign_in
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QWidget
from submitted_weeks import WEEK_45, WEEK_46, add_consultant, log, status_of, submit, submitted_week

from app.domain.approval_queue import QueueQuery
from app.services import approvals, entries
from app.services.identity import current_actor
from app.ui.approval_queue_model import (
    ATTENDANCE,
    BILLABLE,
    NON_BILLABLE,
    PERSON,
    SUBMITTED,
    TEAM,
    WEEK,
    ApprovalQueueModel,
)
from app.ui.main_window import TITLES, MainWindow
from app.ui.reject_dialog import RejectDialog
from app.ui.view_jobs import ViewJobs
from app.ui.views.approvals import ApprovalsView

CARL, MINA = "carl@acme.example", "mina@acme.example"
SATURDAY_46 = date(2026, 11, 14)


@pytest.fixture
def queue(team):  # type: ignore[no-untyped-def]
    """Three submitted weeks, in the order the queue shows them: Carl's 45, Carl's 46, Mina's 46."""
    add_consultant(team, "Mina Mendes", MINA)
    carl_46 = submitted_week(team, CARL, WEEK_46)
    mina_46 = submitted_week(team, MINA, WEEK_46, hours="5")
    carl_45 = submitted_week(team, CARL, WEEK_45, hours="3")  # submitted last, but the oldest week
    return [carl_45, carl_46, mina_46]


def opened(qtbot, ctx) -> ApprovalsView:  # type: ignore[no-untyped-def]
    view = ApprovalsView(ctx)
    qtbot.addWidget(view)
    QAbstractItemModelTester(view.model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    QAbstractItemModelTester(view.pane.model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    view.resize(1100, 600)
    with qtbot.waitActive(view):
        view.show()
        view.activateWindow()
    calm(qtbot, view)
    view.table.setFocus()
    return view


def cells(view: ApprovalsView, column: int) -> list[str]:
    model = view.model
    return [model.data(model.index(row, column)) for row in range(model.rowCount())]


def calm(qtbot, view: ApprovalsView) -> None:  # type: ignore[no-untyped-def]
    """Wait until the view's background work has answered and no re-read of the queue is about to start."""
    qtbot.waitUntil(lambda: not view.ctx.runner.busy and not view.refresh_soon.isActive(), timeout=5000)


def press(qtbot, view: ApprovalsView, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(view.table, key, modifier)
    calm(qtbot, view)


def test_the_queue_lists_submitted_weeks_oldest_week_first_with_their_totals(qtbot, ctx, team, queue) -> None:  # type: ignore[no-untyped-def]
    view = opened(qtbot, ctx)

    assert cells(view, PERSON) == ["Carl Consultant", "Carl Consultant", "Mina Mendes"]
    assert cells(view, WEEK) == ["2026-W45", "2026-W46", "2026-W46"]
    assert cells(view, TEAM) == ["blue", "blue", "blue"]
    assert cells(view, BILLABLE) == ["3:00", "6:00", "5:00"]
    assert cells(view, NON_BILLABLE) == ["0:00", "0:00", "0:00"]
    assert cells(view, ATTENDANCE) == ["—", "—", "—"]  # nobody clocked in
    assert cells(view, SUBMITTED) == ["20 Nov 09:00"] * 3
    assert view.waiting.text() == "3 weeks waiting"
    assert view.table.currentIndex().row() == 0
    assert view.pane.title.text() == "Carl Consultant · week 45"
    assert view.pane.about.text() == "Mon 02 Nov – Sun 08 Nov 2026 · team blue · submitted 2026-11-20 09:00"


def test_j_and_k_move_through_the_queue_and_the_pane_follows(qtbot, ctx, team, queue) -> None:  # type: ignore[no-untyped-def]
    view = opened(qtbot, ctx)

    press(qtbot, view, Qt.Key.Key_J)
    press(qtbot, view, Qt.Key.Key_J)
    assert view.table.currentIndex().row() == 2
    assert view.pane.title.text() == "Mina Mendes · week 46"
    press(qtbot, view, Qt.Key.Key_J)  # the end of the queue: stays
    assert view.table.currentIndex().row() == 2
    press(qtbot, view, Qt.Key.Key_K)
    assert view.table.currentIndex().row() == 1
    assert view.pane.title.text() == "Carl Consultant · week 46"


def test_a_approves_the_week_under_the_cursor_and_the_cursor_moves_on(qtbot, ctx, team, queue) -> None:  # type: ignore[no-untyped-def]
    carl_45, carl_46, _ = queue
    view = opened(qtbot, ctx)

    press(qtbot, view, Qt.Key.Key_A)

    assert status_of(team, carl_45) == "approved"
    assert status_of(team, carl_46) == "submitted"
    assert view.message.text() == "Approved Carl Consultant's week 45."
    assert cells(view, WEEK) == ["2026-W46", "2026-W46"]
    assert view.table.currentIndex().row() == 0
    assert view.pane.title.text() == "Carl Consultant · week 46"
    assert view.waiting.text() == "2 weeks waiting"


def test_r_asks_for_a_reason_and_rejects_the_week_with_it(qtbot, ctx, team, queue) -> None:  # type: ignore[no-untyped-def]
    carl_45 = queue[0]
    view = opened(qtbot, ctx)

    qtbot.keyClick(view.table, Qt.Key.Key_R)
    dialog = view.dialog
    assert isinstance(dialog, RejectDialog)
    qtbot.waitUntil(dialog.isVisible)
    dialog.save_button.click()  # no reason given
    calm(qtbot, view)
    assert dialog.isVisible()
    assert "reason" in dialog.form.shown()["reason"].lower()
    assert status_of(team, carl_45) == "submitted"

    qtbot.keyClicks(dialog.reason, "Tuesday belongs on the ACME project")
    dialog.save_button.click()
    calm(qtbot, view)

    assert not dialog.isVisible()
    assert status_of(team, carl_45) == "rejected"
    with team.ledger.read() as uow:
        assert uow.timesheets.get(carl_45).reason == "Tuesday belongs on the ACME project"
    assert view.message.text() == "Rejected Carl Consultant's week 45; they see your reason in their Timesheet."
    assert cells(view, WEEK) == ["2026-W46", "2026-W46"]


def test_x_selects_and_shift_a_approves_the_selected_weeks_saying_which_failed_and_why(  # type: ignore[no-untyped-def]
    qtbot, ctx, team, queue
) -> None:
    carl_45, carl_46, mina_46 = queue
    view = opened(qtbot, ctx)
    press(qtbot, view, Qt.Key.Key_X)
    press(qtbot, view, Qt.Key.Key_J)
    press(qtbot, view, Qt.Key.Key_J)
    press(qtbot, view, Qt.Key.Key_X)
    assert view.model.data(view.model.index(0, PERSON), Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert view.model.data(view.model.index(1, PERSON), Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    with team.ledger.work() as uow:  # another manager decides on Mina's week meanwhile
        approvals.reject(uow, current_actor(uow), mina_46, "Missing Friday")
        uow.commit()

    press(qtbot, view, Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)

    assert status_of(team, carl_45) == "approved"
    assert status_of(team, carl_46) == "submitted"  # not selected
    lines = view.message.text().splitlines()
    assert lines[0] == "Approved 1 of 2 selected weeks."
    assert lines[1] == "✓ Carl Consultant, week 2026-W45"
    assert lines[2].startswith("✗ Mina Mendes, week 2026-W46: ")
    assert "rejected" in lines[2]
    assert cells(view, PERSON) == ["Carl Consultant"]


def test_shift_a_without_a_selection_says_how_to_select(qtbot, ctx, team, queue) -> None:  # type: ignore[no-untyped-def]
    view = opened(qtbot, ctx)

    press(qtbot, view, Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)

    assert "Select weeks with X" in view.message.text()
    assert all(status_of(team, sheet) == "submitted" for sheet in queue)


def test_the_filters_narrow_the_queue_to_a_person_and_a_week(qtbot, ctx, team, queue) -> None:  # type: ignore[no-untyped-def]
    view = opened(qtbot, ctx)

    view.filters.person.setCurrentIndex(view.filters.person.findText("Carl Consultant"))
    view.filters.person.activated.emit(view.filters.person.currentIndex())
    calm(qtbot, view)
    assert cells(view, WEEK) == ["2026-W45", "2026-W46"]

    view.filters.week.setCurrentIndex(view.filters.week.findData(WEEK_46.isoformat()))
    view.filters.week.activated.emit(view.filters.week.currentIndex())
    calm(qtbot, view)
    assert cells(view, WEEK) == ["2026-W46"]
    assert view.waiting.text() == "1 week waiting"


def test_the_pane_shows_entries_by_day_project_totals_and_flags(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    monday = log(team, CARL, WEEK_46, hours="6")
    with team.ledger.work() as uow:  # Ada lets Monday go past the 6 h productive day
        entries.edit_entry(uow, current_actor(uow), monday, hours="7", cap_override_reason="Go-live")
        uow.commit()
    log(team, CARL, SATURDAY_46, hours="1", note="")  # a weekend, and no note
    submit(team, CARL, WEEK_46)

    view = opened(qtbot, ctx)

    flags = view.pane.flags.text().splitlines()
    assert flags == [
        "⚠ Mon 09 Nov: 7:00 billable, above the 6:00 productive day (allowed by a manager: Go-live).",
        "⚠ Sat 14 Nov: 1:00 logged on a weekend.",
        "⚠ 1 billable entry has no note (Sat).",
    ]
    model = view.pane.model
    rows = [[model.data(model.index(r, c)) for c in range(3)] for r in range(model.rowCount())]
    assert rows[0] == ["Mon 09 Nov", "", "7:00"]
    assert rows[1] == ["    WEB/General", "", "7:00"]
    assert rows[2] == ["Tue 10 Nov", "", ""]
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole).startswith("Mon 09 Nov: 7:00 billable")
    totals = [view.pane.projects.itemAtPosition(0, c).widget().text() for c in range(2)]
    assert totals == ["WEB · Website", "8:00 billable"]


def test_an_empty_queue_says_what_shows_up_there(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    view = opened(qtbot, ctx)

    assert view.model.rowCount() == 0
    assert view.pane.title.text().startswith("No weeks are waiting for your approval.")
    assert view.waiting.text() == "0 weeks waiting"


def test_a_consultant_is_told_the_queue_is_for_managers(qtbot, ctx, team, queue) -> None:  # type: ignore[no-untyped-def]
    sign_in(team.ledger, CARL)

    view = opened(qtbot, ctx)

    assert view.model.rowCount() == 0
    assert "Only managers and admins" in view.pane.title.text()


def sidebar_item(window: MainWindow):  # type: ignore[no-untyped-def]
    return window.sidebar.item(TITLES.index("Approvals"))


def test_managers_see_the_queue_length_on_the_sidebar_and_consultants_no_approvals(qtbot, ctx, team, queue) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    qtbot.waitUntil(lambda: sidebar_item(window).text() == "Approvals (3)", timeout=3000)
    assert not sidebar_item(window).isHidden()
    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.sections["Approvals"]

    with team.ledger.work() as uow:
        approvals.approve(uow, current_actor(uow), queue[0])
        uow.commit()
    ctx.events.timesheets_changed.emit()
    qtbot.waitUntil(lambda: sidebar_item(window).text() == "Approvals (2)", timeout=3000)

    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    sign_in(team.ledger, CARL)
    ctx.events.settings_changed.emit()
    qtbot.waitUntil(lambda: sidebar_item(window).isHidden(), timeout=3000)
    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.sections["Today"]
    settle(qtbot, ctx)


def test_a_long_queue_pages_in_a_page_at_a_time(qtbot, ctx, team, queue) -> None:  # type: ignore[no-untyped-def]
    owner = QWidget()
    qtbot.addWidget(owner)
    model = ApprovalQueueModel(ViewJobs(owner, ctx), page_size=2)
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)

    model.set_query(QueueQuery())
    settle(qtbot, ctx)
    assert model.rowCount() == 2
    assert model.canFetchMore(QModelIndex())

    model.fetchMore(QModelIndex())
    settle(qtbot, ctx)
    assert [row.timesheet_id for row in model.rows] == queue
    assert not model.canFetchMore(QModelIndex())

    model.toggle(2)
    model.refresh()  # all rows shown are read again, the selection kept
    settle(qtbot, ctx)
    assert model.rowCount() == 3
    assert [row.timesheet_id for row in model.selected_rows()] == [queue[2]]
