"""Desktops syncing with the real team server: set-up, rounds, merges, conflicts, refusals, clocks, faults."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from approval_helpers import WEEK
from helpers import acting, count

from app.domain.errors import RuleViolation
from app.services import approvals, invoice_drafts, invoice_issue
from app.services.clients import find_client
from app.services.sync_status import SyncState
from sync.desktops import desktop, edit, entry_row, log, server_entry
from sync.team import FRIDAY_MORNING, team_server


@pytest.fixture
def team(tmp_path):
    with team_server(tmp_path) as server:
        yield server


def test_a_consultant_s_fresh_desktop_gets_their_organisation_and_only_what_they_may_see(team, tmp_path):
    bea_entry = team.insert_entry(team.consultant_b, project_id=team.app_id)
    carl = desktop(team, team.consultant_a, tmp_path)
    path = carl.db.path
    assert count(path, "organisations") == 1
    assert count(path, "users") == 5  # everyone of Acme, by name
    assert count(path, "projects") == 1  # WEB only: Carl is not on APP
    assert count(path, "task_log_entries", "id = ?", bea_entry.hex) == 0
    with acting(carl, read=True) as (_uow, actor):
        assert actor.user.email == "carl@acme.example"
    assert carl.sync.status().state is SyncState.SYNCED


def test_time_logged_offline_reaches_the_server_and_the_manager_s_desktop(team, tmp_path):
    carl = desktop(team, team.consultant_a, tmp_path)
    mona = desktop(team, team.manager, tmp_path)
    entry_id = log(carl, "1:30", note="Kick-off")
    assert carl.sync.status().pending == 1
    report = carl.sync.run_once()
    assert (report.pushed, report.refused, report.conflicts) == (1, 0, 0)
    assert server_entry(team, entry_id)["note"] == "Kick-off"
    mona.sync.run_once()
    assert entry_row(mona, entry_id)["duration_seconds"] == 5400
    assert carl.sync.status().state is SyncState.SYNCED


def test_different_fields_edited_on_two_desktops_merge(team, tmp_path):
    carl = desktop(team, team.consultant_a, tmp_path)
    entry_id = log(carl, "1:00", note="first")
    carl.sync.run_once()
    laptop = desktop(team, team.consultant_a, tmp_path / "laptop")
    edit(carl, entry_id, note="agenda written")
    edit(laptop, entry_id, hours="2:00")
    carl.sync.run_once()
    laptop.sync.run_once()
    carl.sync.run_once()
    expected = {"note": "agenda written", "duration_seconds": 7200}
    for side in (server_entry(team, entry_id), entry_row(carl, entry_id), entry_row(laptop, entry_id)):
        assert {k: side[k] for k in expected} == expected
    assert carl.sync.problems() == [] and laptop.sync.problems() == []


def test_the_same_field_edited_on_two_desktops_is_a_visible_conflict_settled_by_choice(team, tmp_path):
    carl = desktop(team, team.consultant_a, tmp_path)
    entry_id = log(carl, "1:00", note="first")
    carl.sync.run_once()
    laptop = desktop(team, team.consultant_a, tmp_path / "laptop")
    edit(carl, entry_id, note="from the desk")
    edit(laptop, entry_id, note="from the train")
    carl.sync.run_once()
    report = laptop.sync.run_once()
    assert report.conflicts == 1
    (problem,) = laptop.sync.problems()
    assert (problem.kind, problem.field, problem.mine, problem.server) == (
        "conflict",
        "note",
        "from the train",
        "from the desk",
    )
    assert entry_row(laptop, entry_id)["note"] == "from the desk"  # the server's, until a choice is made
    assert laptop.sync.status().state is SyncState.ATTENTION
    laptop.sync.resolve(problem.id, keep_mine=True)
    laptop.sync.run_once()
    carl.sync.run_once()
    assert server_entry(team, entry_id)["note"] == entry_row(carl, entry_id)["note"] == "from the train"
    assert laptop.sync.problems() == []


def test_an_edit_racing_an_approval_comes_back_refused_and_the_approval_wins(team, tmp_path):
    desk = desktop(team, team.consultant_a, tmp_path)
    entry_id = log(desk, "1:00", note="draft")
    desk.sync.run_once()
    laptop = desktop(team, team.consultant_a, tmp_path / "laptop")
    mona = desktop(team, team.manager, tmp_path)
    edit(desk, entry_id, note="edited on the desk, offline")  # the desk still sees a draft
    with acting(laptop) as (uow, actor):  # meanwhile the week is submitted from the laptop…
        approvals.submit(uow, actor, WEEK)
        uow.commit()
    laptop.sync.run_once()
    mona.sync.run_once()
    with acting(mona) as (uow, actor):  # …and approved by the manager
        sheet = uow.timesheets.of(team.consultant_a.user_id, WEEK.days(actor.org.week_start)[0])
        approvals.approve(uow, actor, sheet.id)
        uow.commit()
    mona.sync.run_once()
    report = desk.sync.run_once()
    assert report.refused == 1
    (problem,) = desk.sync.problems()
    assert problem.kind == "refused" and "approved" in problem.reason
    assert server_entry(team, entry_id) | {"version": None} == entry_row(desk, entry_id) | {"version": None}
    assert entry_row(desk, entry_id)["note"] == "draft" and entry_row(desk, entry_id)["status"] == "approved"
    desk.sync.resolve(problem.id, keep_mine=False)
    assert desk.sync.status().state is SyncState.SYNCED


def test_a_desktop_clock_a_day_wrong_changes_no_outcome(team, tmp_path):
    early = desktop(team, team.consultant_a, tmp_path, clock_off=timedelta(days=-1))
    late = desktop(team, team.consultant_a, tmp_path / "late", clock_off=timedelta(days=1))
    entry_id = log(early, "1:00", note="x")
    early.sync.run_once()
    late.sync.run_once()
    edit(late, entry_id, note="late desktop")
    edit(early, entry_id, note="early desktop")
    late.sync.run_once()  # the late desktop reaches the server first: its clock does not make it win or lose
    early.sync.run_once()
    (problem,) = early.sync.problems()
    assert (problem.mine, problem.server) == ("early desktop", "late desktop")
    server_version = team.sql("SELECT updated_at <= now() FROM task_log_entries WHERE id = %s", entry_id)[0][0]
    assert server_version  # stamped by the server's clock, not a desktop's


def test_a_week_submitted_on_two_desktops_ends_as_the_server_s_one_timesheet(team, tmp_path):
    desk = desktop(team, team.consultant_a, tmp_path)
    log(desk, "1:00", note="work")
    desk.sync.run_once()
    laptop = desktop(team, team.consultant_a, tmp_path / "laptop")
    for ledger in (desk, laptop):  # both offline: each makes a timesheet of its own for the week
        with acting(ledger) as (uow, actor):
            approvals.submit(uow, actor, WEEK)
            uow.commit()
    desk.sync.run_once()
    report = laptop.sync.run_once()
    assert report.refused == 1
    (problem,) = laptop.sync.problems()
    assert "already submitted" in problem.reason
    server_sheets = team.sql("SELECT id FROM timesheets WHERE user_id = %s", team.consultant_a.user_id)
    for ledger in (desk, laptop):
        assert count(ledger.db.path, "timesheets") == 1
        assert count(ledger.db.path, "timesheets", "id = ?", server_sheets[0][0].hex) == 1


def test_a_conflict_over_hours_shows_both_durations_and_is_settled(team, tmp_path):
    desk = desktop(team, team.consultant_a, tmp_path)
    entry_id = log(desk, "1:00")
    desk.sync.run_once()
    laptop = desktop(team, team.consultant_a, tmp_path / "laptop")
    edit(desk, entry_id, hours="2:00")
    edit(laptop, entry_id, hours="3:00")
    desk.sync.run_once()
    laptop.sync.run_once()
    (problem,) = laptop.sync.problems()
    assert (problem.field, problem.mine, problem.server) == ("duration_seconds", 10800, 7200)
    laptop.sync.resolve(problem.id, keep_mine=False)
    assert laptop.sync.problems() == [] and entry_row(laptop, entry_id)["duration_seconds"] == 7200


def test_an_invoice_finalised_offline_waits_and_gets_its_number_from_the_server(team, tmp_path):
    carl = desktop(team, team.consultant_a, tmp_path)
    log(carl, "2:00", note="Design review")
    with acting(carl) as (uow, actor):
        approvals.submit(uow, actor, WEEK)
        uow.commit()
    carl.sync.run_once()
    mona = desktop(team, team.manager, tmp_path)
    with acting(mona) as (uow, actor):
        sheet = uow.timesheets.of(team.consultant_a.user_id, WEEK.days(actor.org.week_start)[0])
        approvals.approve(uow, actor, sheet.id)
        uow.commit()
    mona.sync.run_once()
    with acting(mona) as (uow, actor):
        client = find_client(uow, actor.org, "Globex")
        draft = invoice_drafts.draft_from_time(uow, actor, client, first=WEEK.days(0)[0], last=WEEK.days(0)[-1])
        invoice = invoice_issue.finalise(uow, actor, draft.invoice)
        uow.commit()
    assert invoice.number is None  # offline, nothing is numbered here
    with acting(mona) as (uow, actor), pytest.raises(RuleViolation, match="waits for the team server"):
        invoice_drafts.set_notes(uow, actor, uow.invoices.get(invoice.id), "changed my mind")
    assert mona.sync.status().pending >= 1
    mona.sync.run_once()
    with acting(mona, read=True) as (uow, _actor):
        issued = uow.invoices.get(invoice.id)
    number = team.sql("SELECT number, status FROM invoices WHERE id = %s", invoice.id)[0]
    assert (issued.number, issued.status.value) == number == (f"{FRIDAY_MORNING.year}-0001", "sent")
    invoiced = team.sql(
        "SELECT count(*) FROM task_log_entries WHERE invoice_id = %s AND status = 'invoiced'", invoice.id
    )
    assert invoiced == [(1,)]
    carl.sync.run_once()
    assert [entry_row(carl, e)["status"] for e in [_only_entry(carl)]] == ["invoiced"]


def _only_entry(ledger):  # type: ignore[no-untyped-def]
    from helpers import raw_rows

    (row,) = raw_rows(ledger.db.path, "SELECT id FROM task_log_entries")
    return uuid.UUID(hex=row[0])
