"""Background sync: when rounds run (and when not), never two at once, off the GUI thread; offline and password
questions; the status in the main window's status bar and in the tray."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from sync_helpers import NO_KEYRING, SIGNAL_MS, LedgerWithSync, TeamServerStandIn, conflict
from tray_helpers import installed

from app.services.sync_status import SyncReport, SyncState
from app.ui.context import UiContext
from app.ui.events import AppEvents
from app.ui.main_window import MainWindow
from app.ui.sync_watch import INTERVAL_ENV, SyncWatch, interval_ms
from app.ui.task_runner import TaskRunner

SETTLE_MS = 100
QUIET_MS = 400  # long enough for a round that should not start to have started


@pytest.fixture
def server() -> TeamServerStandIn:
    return TeamServerStandIn()


@pytest.fixture
def sync_ctx(qapp, ledger, server):  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    yield UiContext(workspace=LedgerWithSync(ledger, server), events=AppEvents(), runner=runner)
    server.hold.set()
    runner.wait()


def watching(qtbot, ctx: UiContext, **options) -> SyncWatch:  # type: ignore[no-untyped-def]
    """A watch whose start-up round (or look, when sync is off) has answered."""
    options.setdefault("interval_s", 3600)
    with qtbot.waitSignal(ctx.events.sync_status, timeout=SIGNAL_MS):
        watch = SyncWatch(ctx, settle_ms=SETTLE_MS, **options)
    return watch


def test_at_start_a_round_runs_off_the_gui_thread_and_its_status_reaches_everyone(qtbot, sync_ctx, server):
    heard = []
    sync_ctx.events.sync_round_done.connect(heard.append)
    with qtbot.waitSignal(sync_ctx.events.sync_status, timeout=SIGNAL_MS) as status:
        SyncWatch(sync_ctx, interval_s=3600)

    assert status.args[0].state is SyncState.SYNCED
    assert server.rounds == 1
    assert server.round_threads[0] is not threading.main_thread()
    assert heard == ["Sync: sent 0 changes, received 0 records."]


def test_while_sync_is_not_set_up_no_round_ever_runs(qtbot, sync_ctx, server):
    server.url = ""
    watch = watching(qtbot, sync_ctx, interval_s=0.1)
    sync_ctx.events.entries_changed.emit()
    sync_ctx.events.sync_now_requested.emit()
    qtbot.wait(QUIET_MS)

    assert watch.status is not None and watch.status.state is SyncState.OFF
    assert server.rounds == 0


def test_changes_made_here_start_one_round_once_they_pause(qtbot, sync_ctx, server):
    watch = watching(qtbot, sync_ctx)
    server.pending = 2
    with qtbot.waitSignal(sync_ctx.events.sync_status, timeout=SIGNAL_MS) as status:
        for signal in (sync_ctx.events.entries_changed, sync_ctx.events.timer_changed, sync_ctx.events.entries_changed):
            signal.emit()
        assert watch.settle.isActive() and server.rounds == 1  # waiting for the changes to pause
    qtbot.wait(QUIET_MS)

    assert server.rounds == 2
    assert status.args[0].state is SyncState.SYNCED and server.pending == 0


def test_commits_made_elsewhere_start_no_round_so_a_pull_cannot_start_the_next(qtbot, sync_ctx, server):
    watching(qtbot, sync_ctx)
    sync_ctx.events.everything_changed()  # what ChangeWatch says after a round's pull wrote the ledger
    qtbot.wait(SETTLE_MS + QUIET_MS)

    assert server.rounds == 1


def test_never_two_rounds_at_once_and_a_request_during_a_round_runs_after_it(qtbot, sync_ctx, server):
    server.hold.clear()  # the start-up round stays open
    watch = SyncWatch(sync_ctx, interval_s=3600, settle_ms=SETTLE_MS)
    qtbot.waitUntil(lambda: server.at_once == 1, timeout=SIGNAL_MS)
    for _ in range(3):
        sync_ctx.events.sync_now_requested.emit()
    sync_ctx.events.entries_changed.emit()
    qtbot.wait(SETTLE_MS + QUIET_MS)
    assert server.rounds == 1 and watch.busy

    server.hold.set()
    qtbot.waitUntil(lambda: server.rounds == 2 and not watch.busy, timeout=SIGNAL_MS)
    qtbot.wait(QUIET_MS)

    assert server.rounds == 2  # the requests made meanwhile are answered by one more round
    assert server.most_at_once == 1


def test_rounds_repeat_every_interval(qtbot, sync_ctx, server):
    watching(qtbot, sync_ctx, interval_s=0.1)
    qtbot.waitUntil(lambda: server.rounds >= 4, timeout=SIGNAL_MS)


def test_the_interval_is_a_minute_unless_the_environment_says_otherwise(monkeypatch):
    monkeypatch.delenv(INTERVAL_ENV, raising=False)
    assert interval_ms() == 60_000
    monkeypatch.setenv(INTERVAL_ENV, "0.5")
    assert interval_ms() == 500
    monkeypatch.setenv(INTERVAL_ENV, "soon")
    assert interval_ms() == 60_000


def test_an_unreachable_server_reads_offline_without_a_dialog_and_the_next_round_catches_up(qtbot, sync_ctx, server):
    server.unreachable = True
    server.pending = 3
    errors = []
    sync_ctx.runner.error.connect(errors.append)
    watch = watching(qtbot, sync_ctx)

    assert watch.status.state is SyncState.OFFLINE
    assert watch.status.summary == "Offline, 3 changes waiting"
    assert "cannot be reached" in watch.status.message
    assert watch.asking is None and errors == []

    server.unreachable = False
    with qtbot.waitSignal(sync_ctx.events.sync_status, timeout=SIGNAL_MS) as status:
        sync_ctx.events.sync_now_requested.emit()

    assert status.args[0].state is SyncState.SYNCED and server.pending == 0


def test_a_failing_round_is_told_once_not_every_minute(qtbot, sync_ctx, server, monkeypatch):
    def broken() -> SyncReport:
        raise RuntimeError("The server's schema is older than this app; ask your administrator to upgrade it.")

    monkeypatch.setattr(server, "run_once", broken)
    errors = []
    sync_ctx.runner.error.connect(errors.append)
    watch = watching(qtbot, sync_ctx)
    with qtbot.waitSignal(sync_ctx.events.sync_status, timeout=SIGNAL_MS):
        sync_ctx.events.sync_now_requested.emit()

    assert errors == ["The server's schema is older than this app; ask your administrator to upgrade it."]
    assert watch.status.message == errors[0]


def test_the_password_is_asked_for_once_with_the_reason_and_the_round_retried_with_it(qtbot, sync_ctx, server):
    server.wanted_password = "s3cret"
    watch = watching(qtbot, sync_ctx)
    dialog = watch.asking
    assert dialog is not None and dialog.isVisible()
    assert dialog.question.text() == "The team server asks for your password."
    assert dialog.why.text() == NO_KEYRING and not dialog.connect_button.isEnabled()

    qtbot.keyClicks(dialog.password, "s3cret")
    with qtbot.waitSignal(sync_ctx.events.sync_status, timeout=SIGNAL_MS) as status:
        qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)

    assert server.session_password == "s3cret"
    assert status.args[0].state is SyncState.SYNCED and watch.asking is None


def test_a_refused_password_is_asked_for_again_saying_so(qtbot, sync_ctx, server):
    server.wanted_password = "s3cret"
    watch = watching(qtbot, sync_ctx)
    qtbot.keyClicks(watch.asking.password, "secret")
    with qtbot.waitSignal(sync_ctx.events.sync_status, timeout=SIGNAL_MS):
        watch.asking.connect_button.click()

    assert watch.asking is not None
    assert watch.asking.question.text() == "The team server refused that password; type it again."


def test_a_declined_password_question_waits_for_sync_now_before_asking_again(qtbot, sync_ctx, server):
    server.wanted_password = "s3cret"
    watch = watching(qtbot, sync_ctx, interval_s=0.1)
    watch.asking.reject()
    rounds = server.rounds
    qtbot.waitUntil(lambda: server.rounds >= rounds + 2, timeout=SIGNAL_MS)  # rounds go on, quietly

    assert watch.asking is None
    assert watch.status.state is SyncState.OFFLINE and watch.status.message

    watch.every.stop()
    with qtbot.waitSignal(sync_ctx.events.sync_status, timeout=SIGNAL_MS):
        sync_ctx.events.sync_now_requested.emit()
    qtbot.waitUntil(lambda: watch.asking is not None, timeout=SIGNAL_MS)


def test_new_conflicts_are_told_through_the_tray_or_status_bar(qtbot, sync_ctx, server):
    server.report = SyncReport(conflicts=1, pulled=3)
    told = []
    sync_ctx.events.notify.connect(lambda title, text: told.append((title, text)))
    watching(qtbot, sync_ctx)

    assert told == [("Sync", "Sync: sent 0 changes, received 3 records, 1 conflict. See Sync problems to decide.")]


def test_the_status_bar_shows_the_summary_and_opens_the_problems_when_they_wait(qtbot, sync_ctx, server, team):
    window = MainWindow(sync_ctx)
    qtbot.addWidget(window)
    window.show()
    badge = window.sync_badge
    watching(qtbot, sync_ctx)
    assert badge.isVisible() and badge.text() == "Synced"
    assert "Server: postgresql://carl@db.example/team" in badge.toolTip()

    server.open_problems = [conflict(1), conflict(2, field="billable", mine=True, server=False)]
    with qtbot.waitSignal(sync_ctx.events.sync_status, timeout=SIGNAL_MS):
        sync_ctx.events.sync_now_requested.emit()
    assert badge.text() == "Sync needs attention: 2 problems"

    qtbot.mouseClick(badge, Qt.MouseButton.LeftButton)
    dialog = window.sync_problems
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.list.model.rowCount() == 2, timeout=SIGNAL_MS)


def test_before_sync_is_set_up_the_status_bar_says_nothing_of_it(qtbot, sync_ctx, server, team):
    server.url = ""
    window = MainWindow(sync_ctx)
    qtbot.addWidget(window)
    window.show()
    watching(qtbot, sync_ctx)

    assert not window.sync_badge.isVisible()


def test_the_tray_menu_has_the_status_line_sync_now_and_the_problems(qtbot, sync_ctx, server, team):
    desk = installed(qtbot, sync_ctx)
    menu = desk.menu
    server.open_problems = [conflict(1)]
    watching(qtbot, sync_ctx)

    assert menu.sync_line.isVisible() and not menu.sync_line.isEnabled()
    assert menu.sync_line.text() == "Sync needs attention: 1 problem"
    assert menu.sync.isEnabled() and menu.problems.isVisible()
    assert desk.tray.icon.toolTip().endswith("\nSync needs attention: 1 problem")
    with qtbot.waitSignal(sync_ctx.events.sync_problems_requested, timeout=SIGNAL_MS):
        menu.problems.trigger()
    with qtbot.waitSignal(sync_ctx.events.sync_status, timeout=SIGNAL_MS):
        menu.sync.trigger()
    assert server.rounds == 2


def test_without_a_tray_the_compact_windows_menu_offers_sync_now(qtbot, sync_ctx, server, team):
    desk = installed(qtbot, sync_ctx, tray=False)
    watching(qtbot, sync_ctx)

    assert desk.window is not None and desk.menu.sync.isEnabled()
    assert desk.menu.sync_line.text() == "Synced" and not desk.menu.problems.isVisible()
