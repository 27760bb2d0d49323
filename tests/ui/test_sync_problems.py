"""The Sync problems list: both values as people read them, the server's reason, and each decision sent to the port."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from sync_helpers import SIGNAL_MS, LedgerWithSync, TeamServerStandIn, conflict, refusal

from app.domain.errors import Problem, RuleViolation
from app.ui.context import UiContext
from app.ui.events import AppEvents
from app.ui.sync_problems import EMPTY, SyncProblemsDialog, field_title, shown_value
from app.ui.task_runner import TaskRunner


@pytest.fixture
def server() -> TeamServerStandIn:
    return TeamServerStandIn(
        problems=(conflict(1), conflict(2, field="billable", mine=True, server=False), refusal(3)),
    )


@pytest.fixture
def sync_ctx(qapp, ledger, server):  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    yield UiContext(workspace=LedgerWithSync(ledger, server), events=AppEvents(), runner=runner)
    runner.wait()


def opened(qtbot, ctx: UiContext) -> SyncProblemsDialog:  # type: ignore[no-untyped-def]
    """The dialog, once its first read of the problems is on screen."""
    with qtbot.waitCallback(timeout=SIGNAL_MS) as loaded:
        dialog = SyncProblemsDialog(ctx)
        dialog.loaded.connect(loaded)
    dialog.loaded.disconnect(loaded)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def choose(qtbot, dialog: SyncProblemsDialog, problem_id: int) -> None:  # type: ignore[no-untyped-def]
    """Click the problem's row, as a person would."""
    number = next(n for n, problem in enumerate(dialog.list.model.rows) if problem.id == problem_id)
    table = dialog.list.table
    place = table.visualRect(dialog.list.model.index(number, 0)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=place)


def rows(dialog: SyncProblemsDialog) -> list[list[str]]:
    model = dialog.list.model
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_each_problem_shows_what_it_is_about_both_values_and_why(qtbot, sync_ctx):
    dialog = opened(qtbot, sync_ctx)
    QAbstractItemModelTester(dialog.list.model, QAbstractItemModelTester.FailureReportingMode.Fatal)

    assert rows(dialog) == [
        ["Entry on Globex · Website, Fri 20 Nov", "Note", "Workshop prep", "Workshop", "Changed on both sides"],
        ["Entry on Globex · Website, Fri 20 Nov", "Billable", "Yes", "No", "Changed on both sides"],
        [
            "Entry on Globex · Website, Mon 16 Nov",
            "Hours",
            "2:00",
            "1:30",
            "Carl's week 47 is approved: its entries can no longer change.",
        ],
    ]


def test_values_are_written_for_people():
    assert [shown_value(v) for v in (None, "", True, False, 90, "a & b")] == ["—", "—", "Yes", "No", "90", "a & b"]
    assert shown_value(date(2026, 11, 20)) == "Fri 20 Nov 2026"
    assert shown_value(datetime(2026, 11, 20, 8, 0, tzinfo=UTC)).startswith("Fri 20 Nov 2026, ")
    assert shown_value({"street": "Main St 1"}) == '{"street": "Main St 1"}'
    assert [field_title(f) for f in ("project_id", "start_at", None)] == ["Project", "Start at", "—"]


def test_a_conflict_offers_keep_mine_and_take_servers(qtbot, sync_ctx):
    dialog = opened(qtbot, sync_ctx)
    detail = dialog.detail

    assert dialog.list.selected().id == 1  # the first one, ready to decide on
    assert detail.title.text() == "Entry on Globex · Website, Fri 20 Nov"
    assert (detail.mine.text(), detail.server.text()) == ("Workshop prep", "Workshop")
    assert detail.keep_mine.isVisible() and detail.take_server.isVisible() and not detail.dismiss.isVisible()
    assert not detail.reason.isVisible()


def test_a_refusal_shows_the_servers_reason_and_offers_only_dismiss(qtbot, sync_ctx):
    dialog = opened(qtbot, sync_ctx)
    choose(qtbot, dialog, 3)
    detail = dialog.detail

    assert detail.reason.text() == "Carl's week 47 is approved: its entries can no longer change."
    assert detail.reason.isVisible() and detail.dismiss.isVisible()
    assert not detail.keep_mine.isVisible() and not detail.take_server.isVisible()
    assert "your copy shows the server's version again" in detail.about.text()


def test_keep_mine_settles_the_conflict_and_asks_for_a_round_to_send_it(qtbot, sync_ctx, server):
    dialog = opened(qtbot, sync_ctx)
    with qtbot.waitSignals([sync_ctx.events.sync_status, sync_ctx.events.sync_now_requested], timeout=SIGNAL_MS):
        qtbot.mouseClick(dialog.detail.keep_mine, Qt.MouseButton.LeftButton)

    assert server.decisions == [(1, True)]
    assert [row[2] for row in rows(dialog)] == ["Yes", "2:00"]
    assert dialog.list.selected().id == 2  # on to the next one
    assert dialog.message.text() == "Yours goes to the server with the next sync."


def test_take_servers_and_dismiss_settle_without_sending_anything(qtbot, sync_ctx, server):
    dialog = opened(qtbot, sync_ctx)
    asked = []
    sync_ctx.events.sync_now_requested.connect(lambda: asked.append(True))
    with qtbot.waitSignal(dialog.loaded, timeout=SIGNAL_MS):
        dialog.detail.take_server.click()
    choose(qtbot, dialog, 3)
    with qtbot.waitSignal(dialog.loaded, timeout=SIGNAL_MS):
        dialog.detail.dismiss.click()

    assert server.decisions == [(1, False), (3, False)]
    assert [row[1] for row in rows(dialog)] == ["Billable"]
    assert asked == []


def test_with_nothing_left_to_decide_the_list_says_all_is_well(qtbot, sync_ctx, server):
    server.open_problems = []
    dialog = opened(qtbot, sync_ctx)

    assert dialog.list.stack.currentWidget() is dialog.list.empty
    assert dialog.list.empty.text() == EMPTY
    assert not dialog.detail.isVisible()


def test_the_list_reads_again_after_each_sync_round(qtbot, sync_ctx, server):
    dialog = opened(qtbot, sync_ctx)
    server.open_problems.append(refusal(4, reason="Invoice 2026-0007 is issued: it cannot change."))
    with qtbot.waitSignal(dialog.loaded, timeout=SIGNAL_MS):
        sync_ctx.events.sync_status.emit(server.status())

    assert rows(dialog)[-1][-1] == "Invoice 2026-0007 is issued: it cannot change."


def test_a_decision_the_port_refuses_is_said_and_the_list_read_again(qtbot, sync_ctx, server, monkeypatch):
    def settled_elsewhere(problem_id: int, *, keep_mine: bool) -> None:
        server.open_problems = [p for p in server.open_problems if p.id != problem_id]
        raise RuleViolation(Problem("no_such_problem", f"There is no open sync problem {problem_id}."))

    dialog = opened(qtbot, sync_ctx)
    monkeypatch.setattr(server, "resolve", settled_elsewhere)
    with qtbot.waitSignal(dialog.loaded, timeout=SIGNAL_MS):
        dialog.detail.take_server.click()

    assert dialog.message.text() == "There is no open sync problem 1."
    assert len(rows(dialog)) == 2 and dialog.detail.take_server.isEnabled()
