"""Team sync in Settings: connecting off the GUI thread with progress and errors as sentences, then the status,
the problems and Sync now."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from desk_helpers import settle
from PySide6.QtCore import Qt
from sync_helpers import SERVER, SIGNAL_MS, LedgerWithSync, TeamServerStandIn, conflict, refusal

from app.services.sync_status import ServerUnreachable, SyncState, SyncStatus
from app.ui.context import UiContext
from app.ui.events import AppEvents
from app.ui.sync_badge import last_sync_text
from app.ui.sync_watch import SyncWatch
from app.ui.task_runner import TaskRunner
from app.ui.views.settings import SettingsView
from app.ui.views.sync_settings import EXPLAINED, NO_ADDRESS, TeamSyncSection


@pytest.fixture
def server() -> TeamServerStandIn:
    return TeamServerStandIn(set_up=False)


@pytest.fixture
def sync_ctx(qapp, ledger, server):  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    yield UiContext(workspace=LedgerWithSync(ledger, server), events=AppEvents(), runner=runner)
    server.hold.set()
    runner.wait()


def section(qtbot, ctx: UiContext) -> TeamSyncSection:  # type: ignore[no-untyped-def]
    """The section, once it shows what the port says of sync."""
    with qtbot.waitCallback(timeout=SIGNAL_MS) as shown:
        team_sync = TeamSyncSection(ctx)
        team_sync.shown.connect(shown)
    team_sync.shown.disconnect(shown)
    qtbot.addWidget(team_sync)
    team_sync.show()
    return team_sync


def type_address(qtbot, team_sync: TeamSyncSection, url: str, password: str = "") -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(team_sync.address, url)
    if password:
        qtbot.keyClicks(team_sync.password, password)


def test_before_set_up_the_section_says_what_sync_does_and_asks_for_the_server(qtbot, sync_ctx):
    team_sync = section(qtbot, sync_ctx)

    assert team_sync.pages.currentIndex() == 0
    assert team_sync.about.text() == EXPLAINED
    assert team_sync.address.placeholderText() == "postgresql://you@server/team"
    assert team_sync.password.echoMode() is team_sync.password.EchoMode.Password
    assert team_sync.connect_button.isVisible() and not team_sync.progress.isVisible()


def test_connect_without_an_address_says_what_to_type_and_asks_nothing_of_the_server(qtbot, sync_ctx, server):
    team_sync = section(qtbot, sync_ctx)
    qtbot.mouseClick(team_sync.connect_button, Qt.MouseButton.LeftButton)

    assert team_sync.message.text() == NO_ADDRESS
    assert server.set_up_with is None


def test_connect_sets_sync_up_in_the_background_then_shows_the_status(qtbot, sync_ctx, server):
    team_sync = section(qtbot, sync_ctx)
    type_address(qtbot, team_sync, SERVER, "s3cret")
    server.hold.clear()  # the first pull is under way
    qtbot.mouseClick(team_sync.connect_button, Qt.MouseButton.LeftButton)

    assert team_sync.progress.isVisible() and team_sync.connecting.isVisible()
    assert not team_sync.connect_button.isEnabled() and not team_sync.address.isEnabled()

    with qtbot.waitSignals([sync_ctx.events.sync_status, team_sync.connected], timeout=SIGNAL_MS):
        server.hold.set()

    assert server.set_up_with == (SERVER, "s3cret")
    assert team_sync.pages.currentIndex() == 1
    assert team_sync.message.text() == "Connected. Sync: sent 0 changes, received 12 records."
    assert team_sync.password.text() == ""  # the port keeps it (in the keyring), the form does not
    assert [team_sync.server.text(), team_sync.state.text(), team_sync.pending.text()] == [SERVER, "Synced", "None"]
    assert team_sync.problems.text() == "None: all is well" and not team_sync.show_problems.isVisible()


def test_a_failed_connection_says_why_and_the_form_can_be_tried_again(qtbot, sync_ctx, server):
    server.setup_failure = ServerUnreachable("The team server db.example cannot be reached; check the address.")
    team_sync = section(qtbot, sync_ctx)
    type_address(qtbot, team_sync, SERVER)
    team_sync.connect_button.click()
    settle(qtbot, sync_ctx)

    assert team_sync.message.text() == "The team server db.example cannot be reached; check the address."
    assert team_sync.pages.currentIndex() == 0
    assert team_sync.connect_button.isEnabled() and not team_sync.progress.isVisible()
    assert server.set_up_with == (SERVER, None)


def test_once_set_up_the_section_counts_pending_changes_and_problems_and_opens_them(qtbot, sync_ctx, server):
    server.url = SERVER
    server.pending = 2
    server.last_sync = datetime(2026, 11, 20, 7, 30, tzinfo=UTC)
    server.open_problems = [conflict(1), refusal(2)]
    team_sync = section(qtbot, sync_ctx)

    assert team_sync.pages.currentIndex() == 1
    assert team_sync.state.text() == "Sync needs attention: 2 problems"
    assert team_sync.pending.text() == "2 changes"
    assert team_sync.problems.text() == "1 conflict, 1 refused change"
    assert team_sync.last_sync.text() == last_sync_text(server.status(), sync_ctx.workspace.clock.now()).capitalize()
    with qtbot.waitSignal(sync_ctx.events.sync_problems_requested, timeout=SIGNAL_MS):
        qtbot.mouseClick(team_sync.show_problems, Qt.MouseButton.LeftButton)


def test_last_sync_reads_as_today_or_the_day(monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    try:
        now = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
        at = SyncStatus(SyncState.SYNCED, last_sync=datetime(2026, 11, 20, 7, 30, tzinfo=UTC))
        before = SyncStatus(SyncState.SYNCED, last_sync=datetime(2026, 11, 19, 16, 40, tzinfo=UTC))
        assert last_sync_text(at, now) == "today at 08:30"
        assert last_sync_text(before, now) == "Thu 19 Nov at 17:40"
        assert last_sync_text(SyncStatus(SyncState.SYNCED), now) == "never"
    finally:
        monkeypatch.undo()
        time.tzset()


def test_sync_now_runs_a_round_through_the_background_sync_and_says_what_moved(qtbot, sync_ctx, server):
    server.url = SERVER
    server.pending = 1
    team_sync = section(qtbot, sync_ctx)
    watch = SyncWatch(sync_ctx, interval_s=3600)
    qtbot.waitUntil(lambda: server.rounds == 1 and not watch.busy, timeout=SIGNAL_MS)
    server.pending = 3
    server.hold.clear()
    qtbot.mouseClick(team_sync.sync_now, Qt.MouseButton.LeftButton)

    assert not team_sync.sync_now.isEnabled() and team_sync.message.text() == "Syncing…"

    with qtbot.waitSignal(team_sync.shown, timeout=SIGNAL_MS):
        server.hold.set()

    assert server.rounds == 2
    assert team_sync.message.text() == "Sync: sent 3 changes, received 0 records."
    assert team_sync.sync_now.isEnabled() and team_sync.pending.text() == "None"


def test_a_failed_sync_now_shows_the_failure_in_place(qtbot, sync_ctx, server):
    server.url = SERVER
    team_sync = section(qtbot, sync_ctx)
    watch = SyncWatch(sync_ctx, interval_s=3600)
    qtbot.waitUntil(lambda: server.rounds == 1 and not watch.busy, timeout=SIGNAL_MS)
    server.unreachable = True
    with qtbot.waitSignal(team_sync.shown, timeout=SIGNAL_MS):
        team_sync.sync_now.click()

    assert team_sync.state.text() == "Offline"
    assert team_sync.failure.isVisible()
    assert team_sync.failure.text() == "The team server db.example cannot be reached; your changes wait here."
    assert team_sync.message.text() == "" and team_sync.sync_now.isEnabled()


def test_the_settings_page_has_the_team_sync_section_under_the_personal_settings(qtbot, sync_ctx, team):
    view = SettingsView(sync_ctx)
    qtbot.addWidget(view)
    view.resize(1000, 900)
    view.show()
    settle(qtbot, sync_ctx)

    assert view.team_sync.title() == "Team sync"
    assert view.team_sync.pages.currentIndex() == 0
    assert view.team_sync.y() > view.preferences.y()


@pytest.mark.parametrize(
    ("address", "said"),
    [
        ("mysql://carl@127.0.0.1/team", "is not a PostgreSQL address"),
        ("postgresql://carl@127.0.0.1:1/team", "cannot be reached"),  # nothing listens on port 1
    ],
)
def test_with_the_real_client_a_bad_address_is_explained_and_nothing_is_set_up(qtbot, ctx, team, address, said):
    team_sync = section(qtbot, ctx)
    type_address(qtbot, team_sync, address)
    team_sync.connect_button.click()
    qtbot.waitUntil(lambda: team_sync.connect_button.isEnabled(), timeout=15_000)

    assert said in team_sync.message.text()
    assert ctx.workspace.sync.status().state is SyncState.OFF
    assert team_sync.pages.currentIndex() == 0
