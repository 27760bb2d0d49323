"""The Timesheet's week status: Submit week, read-only weeks while decided on, a rejection's reason."""

from __future__ import annotations

from datetime import date

from desk_helpers import settle, sign_in
from PySide6.QtCore import QObject, Qt
from PySide6.QtTest import QAbstractItemModelTester
from submitted_weeks import WEEK_46, WEEK_47, log, status_of, submit

from app.services import approvals, timer
from app.services.identity import current_actor
from app.ui.timesheet_model import FIRST_DAY
from app.ui.timesheet_news import TimesheetNewsWatch
from app.ui.views.timesheet import TimesheetView

CARL = "carl@acme.example"
MON = FIRST_DAY


def opened(qtbot, ctx) -> TimesheetView:  # type: ignore[no-untyped-def]
    view = TimesheetView(ctx)
    qtbot.addWidget(view)
    QAbstractItemModelTester(view.model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    view.resize(1000, 500)
    view.show()
    settle(qtbot, ctx)
    return view


def editable(view: TimesheetView, row: int = 0, column: int = MON) -> bool:
    return bool(view.model.flags(view.model.index(row, column)) & Qt.ItemFlag.ItemIsEditable)


def tip(view: TimesheetView, row: int = 0, column: int = MON) -> str:
    return view.model.data(view.model.index(row, column), Qt.ItemDataRole.ToolTipRole)


def decide(team, week_start: date, reason: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """Ada (an admin) approves Carl's week, or rejects it with `reason`."""
    with team.ledger.work() as uow:
        ada = current_actor(uow, team.admin_email)
        sheet = uow.timesheets.of(current_actor(uow, CARL).user.id, week_start)
        if reason is None:
            approvals.approve(uow, ada, sheet.id)
        else:
            approvals.reject(uow, ada, sheet.id, reason)
        uow.commit()


def test_an_open_week_says_so_and_can_be_submitted(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    sign_in(team.ledger, CARL)
    log(team, CARL, WEEK_47, hours="4")
    view = opened(qtbot, ctx)
    assert view.standing.status.text() == "Open: submit the week once its hours are complete."
    assert view.standing.submit.isEnabled()
    assert editable(view)

    with qtbot.waitSignal(ctx.events.timesheets_changed, timeout=3000):
        view.standing.submit.click()
    settle(qtbot, ctx)

    with team.ledger.read() as uow:
        assert uow.timesheets.of(current_actor(uow).user.id, WEEK_47).status.value == "submitted"
    assert view.message.text() == "Week 47 is submitted; you will hear when a manager has decided on it."
    assert view.standing.status.text() == "Submitted on 2026-11-20 09:00; waiting for approval."
    assert not view.standing.submit.isEnabled()
    assert not editable(view)
    assert tip(view) == "Week 47 is submitted for approval; its hours can change again if a manager rejects it."
    assert not view.add_task.isEnabled() and not view.copy_rows.isEnabled()


def test_submitting_while_a_timer_runs_in_the_week_is_refused_with_the_reason(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    sign_in(team.ledger, CARL)
    with team.ledger.work() as uow:
        timer.start(uow, current_actor(uow), "WEB/General")
        uow.commit()
    view = opened(qtbot, ctx)

    view.standing.submit.click()
    settle(qtbot, ctx)

    assert "stop it before submitting" in view.message.text()
    assert view.standing.status.text().startswith("Open")
    with team.ledger.read() as uow:
        assert uow.timesheets.of(current_actor(uow).user.id, WEEK_47) is None


def test_an_approved_week_is_read_only_and_says_who_approved_it(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    log(team, CARL, WEEK_46, hours="4")
    submit(team, CARL, WEEK_46)
    decide(team, WEEK_46)
    sign_in(team.ledger, CARL)
    view = opened(qtbot, ctx)

    view.bar.move(-1)
    settle(qtbot, ctx)

    assert view.standing.status.text() == "Approved by Ada Admin."
    assert not editable(view)
    assert tip(view) == "Week 46 is approved; a manager must reopen it before its hours can change."
    assert not view.standing.submit.isEnabled()


def test_a_rejected_week_shows_the_reason_as_plain_text_and_takes_changes_again(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    log(team, CARL, WEEK_46, hours="4")
    sheet = submit(team, CARL, WEEK_46)
    decide(team, WEEK_46, reason="<b>Tuesday</b> belongs on ACME")
    sign_in(team.ledger, CARL)
    view = opened(qtbot, ctx)

    view.bar.move(-1)
    settle(qtbot, ctx)

    assert view.standing.status.text() == (
        "Rejected by Ada Admin: <b>Tuesday</b> belongs on ACME\nFix the week and submit it again."
    )
    assert view.standing.status.textFormat() == Qt.TextFormat.PlainText
    assert editable(view)
    assert view.standing.submit.isEnabled()

    view.standing.submit.click()
    settle(qtbot, ctx)
    assert status_of(team, sheet) == "submitted"


def test_a_decision_made_elsewhere_shows_once_timesheets_change(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    sign_in(team.ledger, CARL)
    log(team, CARL, WEEK_47, hours="4")
    submit(team, CARL, WEEK_47)
    view = opened(qtbot, ctx)
    assert view.standing.status.text().startswith("Submitted on")

    decide(team, WEEK_47)
    ctx.events.timesheets_changed.emit()  # what the change watch does when another program commits
    settle(qtbot, ctx)

    assert view.standing.status.text() == "Approved by Ada Admin."


def test_a_decision_on_my_week_is_told_once_as_a_tray_message(qtbot, ctx, team, clock) -> None:  # type: ignore[no-untyped-def]
    sign_in(team.ledger, CARL)
    log(team, CARL, WEEK_46, hours="4")
    submit(team, CARL, WEEK_46)
    owner = QObject()
    TimesheetNewsWatch(ctx, parent=owner)
    settle(qtbot, ctx)  # the first look: from now on decisions are news
    told: list[tuple[str, str]] = []
    ctx.events.notify.connect(lambda title, text: told.append((title, text)))

    clock.advance(minutes=1)
    decide(team, WEEK_46, reason="Monday belongs on ACME")
    with qtbot.waitSignal(ctx.events.notify, timeout=3000):
        ctx.events.timesheets_changed.emit()
    ctx.events.timesheets_changed.emit()  # the change watch fires on every commit: told once all the same
    qtbot.wait(50)
    settle(qtbot, ctx)

    assert told == [
        (
            "Week 46 rejected",
            "Ada Admin rejected your week 46: Monday belongs on ACME\nFix it in the Timesheet and submit it again.",
        )
    ]
