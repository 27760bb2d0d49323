"""The checked workflow functions of the team server (app/sync/server_sql/50_workflow.sql), called by people's
own login roles over psycopg: submitting, approving, rejecting and reopening weeks, and finalising invoices under
gapless numbers, on the real PostgreSQL."""

from __future__ import annotations

import re
import threading
import time
import uuid
from datetime import date, timedelta
from typing import Any

import psycopg
import pytest

from sync.team import MONDAY, Person, TeamServer, team_server

WEEK = "2026-W47"  # the week of MONDAY


@pytest.fixture
def team(tmp_path):  # type: ignore[no-untyped-def]
    with team_server(tmp_path) as server:
        yield server


# Helpers (test_server_guards.py uses them too) ----------------------------------------------------------------


def call(team: TeamServer, person: Person, function: str, *args: Any) -> Any:
    """`SELECT function(args)` as the person's login role, committed; returns what the function returns."""
    placeholders = ", ".join(["%s"] * len(args))
    with team.connect(person) as connection:
        return connection.execute(f"SELECT {function}({placeholders})", args).fetchone()[0]


def refusal(team: TeamServer, person: Person, statement: str, *params: Any) -> str:
    """The sentence the server refuses `statement` with, run as the person (nothing of it stays)."""
    with pytest.raises(psycopg.errors.RaiseException) as refused, team.connect(person) as connection:
        connection.execute(statement, params or None)
    return refused.value.diag.message_primary or ""


def server_today(team: TeamServer) -> date:
    """Today for Acme by the server's clock (Berlin), which the workflow functions go by."""
    return team.sql("SELECT (now() AT TIME ZONE 'Europe/Berlin')::date")[0][0]


def day_label(day: date) -> str:
    return f"{day:%a %d %b %Y}"


def statuses(team: TeamServer, entry_ids: list[uuid.UUID]) -> list[str]:
    return [team.sql("SELECT status FROM task_log_entries WHERE id = %s", entry_id)[0][0] for entry_id in entry_ids]


def submitted_week(team: TeamServer, person: Person | None = None, entries: int = 2) -> tuple[uuid.UUID, list]:
    """The person's (Carl's by default) week of MONDAY with `entries` draft entries, submitted through
    tl_submit_week; returns the timesheet id and the entry ids."""
    person = person or team.consultant_a
    entry_ids = [team.insert_entry(person, MONDAY + timedelta(days=day)) for day in range(entries)]
    sheet_id = uuid.uuid4()
    assert call(team, person, "tl_submit_week", sheet_id, MONDAY) == "submitted"
    return sheet_id, entry_ids


def approved_week(team: TeamServer, entries: int = 2) -> tuple[uuid.UUID, list]:
    """Carl's week of MONDAY, submitted by Carl and approved by Mona, his manager."""
    sheet_id, entry_ids = submitted_week(team, entries=entries)
    assert call(team, team.manager, "tl_approve", sheet_id) == "approved"
    return sheet_id, entry_ids


def draft_invoice(
    team: TeamServer,
    total_minor: int = 30000,
    *,
    kind: str = "invoice",
    credited_id: uuid.UUID | None = None,
    lines: int = 1,
    milestone_id: uuid.UUID | None = None,
    entry_ids: list | None = None,
    terms: tuple[str, str] = ("net", '{"days": 30}'),
) -> uuid.UUID:
    """A draft invoice of Globex in EUR with `lines` lines, arranged as the superuser; `entry_ids` (approved)
    are put on it."""
    invoice_id = uuid.uuid4()
    team.sql(
        """INSERT INTO invoices (id, org_id, version, updated_at, kind, status, payment_terms_kind,
               payment_terms_params, paid_minor, paid_currency, bill_to, client_id, currency, notes, net_minor,
               net_currency, tax_minor, tax_currency, total_minor, total_currency, credited_id)
           VALUES (%s, %s, 1, now(), %s, 'draft', %s, %s::json, 0, 'EUR', '', %s, 'EUR', '', %s, 'EUR', 0, 'EUR', %s,
                   'EUR', %s)""",
        invoice_id,
        team.org_id,
        kind,
        *terms,
        team.client_id,
        total_minor,
        total_minor,
        credited_id,
    )
    for position in range(lines):
        add_line(team, invoice_id, total_minor // lines, position=position, milestone_id=milestone_id)
    for entry_id in entry_ids or ():
        team.sql("UPDATE task_log_entries SET invoice_id = %s WHERE id = %s", invoice_id, entry_id)
    return invoice_id


def add_line(
    team: TeamServer,
    invoice_id: uuid.UUID,
    net_minor: int,
    *,
    position: int = 0,
    milestone_id: uuid.UUID | None = None,
    person: Person | None = None,
) -> uuid.UUID:
    """A line of the invoice, added by `person` (guards apply) or arranged as the superuser."""
    line_id = uuid.uuid4()
    with team.connect(person) as connection:
        connection.execute(
            """INSERT INTO invoice_lines (id, org_id, version, updated_at, document_id, position, kind, description,
                   quantity, unit, unit_price_minor, unit_price_currency, vat_category, vat_rate, vat_reason, net_minor,
                   net_currency, project_id, milestone_id)
               VALUES (%s, %s, 1, now(), %s, %s, 'time', 'Website work', '1', 'h', %s, 'EUR', 'S', '0', '', %s, 'EUR',
                       %s, %s)""",
            (line_id, team.org_id, invoice_id, position, net_minor, net_minor, team.web_id, milestone_id),
        )
    return line_id


def invoice(team: TeamServer, invoice_id: uuid.UUID) -> dict[str, Any]:
    columns = ("number", "status", "issue_date", "due_date", "bill_to", "finalised_at", "version")
    found = team.sql(f"SELECT {', '.join(columns)} FROM invoices WHERE id = %s", invoice_id)
    return dict(zip(columns, found[0], strict=True))


def numbers(year: int, *sequence: int, prefix: str = "") -> list[str]:
    return [f"{prefix}{year}-{n:04d}" for n in sequence]


# Weeks --------------------------------------------------------------------------------------------------------


def test_manager_approves_a_consultants_submitted_week_and_its_entries_follow(team):
    sheet_id, entry_ids = submitted_week(team)
    assert statuses(team, entry_ids) == ["submitted", "submitted"]
    assert team.sql("SELECT status, version, submitted_at IS NOT NULL FROM timesheets WHERE id = %s", sheet_id) == [
        ("submitted", 1, True)
    ]

    assert call(team, team.manager, "tl_approve", sheet_id) == "approved"

    assert team.sql("SELECT status, version, decided_by FROM timesheets WHERE id = %s", sheet_id) == [
        ("approved", 2, team.manager.user_id)
    ]
    assert statuses(team, entry_ids) == ["approved", "approved"]
    # Every move is a new version, so every desktop pulls it.
    assert team.sql("SELECT DISTINCT version FROM task_log_entries WHERE id = ANY(%s)", entry_ids) == [(3,)]


def test_nobody_approves_their_own_week(team):
    sheet_id, _ = submitted_week(team, team.manager)
    message = refusal(team, team.manager, "SELECT tl_approve(%s)", sheet_id)
    assert message == (
        f"Nobody can approve timesheets of their own; another manager or an admin decides on week {WEEK}."
    )
    assert team.sql("SELECT status FROM timesheets WHERE id = %s", sheet_id) == [("submitted",)]


def test_a_manager_of_another_team_cannot_approve_but_an_admin_can(team):
    sheet_id, entry_ids = submitted_week(team)
    message = refusal(team, team.other_manager, "SELECT tl_approve(%s)", sheet_id)
    assert message == (
        "Carl Consultant is in team blue and you are in team red; managers approve timesheets only for their own "
        "team (an admin can do it for anyone)."
    )
    assert statuses(team, entry_ids) == ["submitted", "submitted"]
    assert call(team, team.admin, "tl_approve", sheet_id) == "approved"


def test_a_consultant_cannot_approve_any_week_not_even_their_own(team):
    sheet_id, entry_ids = submitted_week(team)
    for person in (team.consultant_b, team.consultant_a):
        message = refusal(team, person, "SELECT tl_approve(%s)", sheet_id)
        assert message == f"Only managers and admins can approve timesheets; {person.email} is a consultant."
    assert team.sql("SELECT status FROM timesheets WHERE id = %s", sheet_id) == [("submitted",)]
    assert statuses(team, entry_ids) == ["submitted", "submitted"]


def test_the_workflow_functions_are_for_the_application_roles_only(team):
    workflow = sorted(("tl_submit_week", "tl_approve", "tl_reject", "tl_reopen", "tl_finalise_invoice"))
    granted = team.sql(
        """SELECT proname, has_function_privilege('public', oid, 'EXECUTE'),
                  has_function_privilege('timeledger_app', oid, 'EXECUTE'), prosecdef
           FROM pg_proc WHERE proname = ANY(%s) ORDER BY 1""",
        workflow,
    )
    assert granted == [(name, False, True, True) for name in workflow]


def test_a_week_is_submitted_once_and_only_once_it_has_started(team):
    submitted_week(team)
    assert refusal(team, team.consultant_a, "SELECT tl_submit_week(%s, %s)", uuid.uuid4(), MONDAY) == (
        f"Week {WEEK} is already submitted."
    )
    today = server_today(team)
    next_monday = today + timedelta(days=7 - today.weekday())
    message = refusal(team, team.consultant_a, "SELECT tl_submit_week(%s, %s)", uuid.uuid4(), next_monday)
    assert re.fullmatch(r"Week \d{4}-W\d\d has not started yet; submit it once it is worked\.", message)
    message = refusal(team, team.consultant_a, "SELECT tl_submit_week(%s, %s)", uuid.uuid4(), MONDAY + timedelta(1))
    assert message == (
        "Tue 17 Nov 2026 is not the first day of a week in Acme (weeks start on Monday); nothing was submitted."
    )


def test_a_submission_names_every_reason_the_week_is_not_ready(team):
    team.sql("UPDATE organisations SET notes_required = true")
    team.insert_entry(team.consultant_a, MONDAY, 5400)
    team.sql(
        """INSERT INTO running_timers (id, org_id, version, updated_at, user_id, project_id, task_id, started_at, note,
               billable)
           VALUES (%s, %s, 1, now(), %s, %s, %s, '2026-11-18 07:30+00', '', true)""",
        uuid.uuid4(),
        team.org_id,
        team.consultant_a.user_id,
        team.web_id,
        team.web_task_id,
    )
    message = refusal(team, team.consultant_a, "SELECT tl_submit_week(%s, %s)", uuid.uuid4(), MONDAY)
    assert message == (
        f"Your timer on WEB/General runs since 2026-11-18 08:30; stop it before submitting week {WEEK}. "
        "Add a note to your billable entry on WEB/General on Mon 16 Nov (1:30 h); notes are required before "
        "submitting."
    )
    assert team.sql("SELECT count(*) FROM timesheets") == [(0,)]


def test_without_approval_a_submitted_week_is_approved_at_once(team):
    team.sql("UPDATE organisations SET approval_required = false")
    entry_id = team.insert_entry(team.consultant_a)
    sheet_id = uuid.uuid4()
    assert call(team, team.consultant_a, "tl_submit_week", sheet_id, MONDAY) == "approved"
    assert team.sql("SELECT status, decided_by FROM timesheets WHERE id = %s", sheet_id) == [
        ("approved", team.consultant_a.user_id)
    ]
    assert statuses(team, [entry_id]) == ["approved"]


def test_a_rejected_week_needs_a_reason_comes_back_as_drafts_and_can_be_submitted_again(team):
    sheet_id, entry_ids = submitted_week(team)
    assert refusal(team, team.manager, "SELECT tl_reject(%s, %s)", sheet_id, "  ") == (
        "Give a reason for rejecting, so Carl Consultant knows what to fix."
    )
    assert call(team, team.manager, "tl_reject", sheet_id, " Tuesday is missing. ") == "rejected"
    assert team.sql("SELECT status, reason FROM timesheets WHERE id = %s", sheet_id) == [
        ("rejected", "Tuesday is missing.")
    ]
    assert statuses(team, entry_ids) == ["draft", "draft"]
    with team.connect(team.consultant_a) as carl:  # drafts again: Carl fixes them
        carl.execute("UPDATE task_log_entries SET note = 'Fixed' WHERE id = %s", (entry_ids[0],))

    # A second desktop of Carl's that never saw the timesheet submits under an id of its own: same timesheet.
    assert call(team, team.consultant_a, "tl_submit_week", uuid.uuid4(), MONDAY) == "submitted"
    assert team.sql("SELECT id, status, reason FROM timesheets") == [(sheet_id, "submitted", "")]
    assert statuses(team, entry_ids) == ["submitted", "submitted"]


def test_reopening_is_refused_while_time_of_the_week_is_on_an_invoice(team):
    sheet_id, entry_ids = approved_week(team)
    invoice_id = draft_invoice(team, entry_ids=entry_ids[:1])
    message = refusal(team, team.manager, "SELECT tl_reopen(%s, %s)", sheet_id, "Wrong project")
    assert message == (
        f"Carl Consultant's week {WEEK} holds time on an invoice; delete the draft or credit the invoice (releasing "
        "its time) before reopening the week."
    )
    call(team, team.manager, "tl_finalise_invoice", invoice_id, False)
    assert refusal(team, team.manager, "SELECT tl_reopen(%s, %s)", sheet_id, "Wrong project") == message
    assert statuses(team, entry_ids) == ["invoiced", "approved"]


def test_reopening_an_approved_week_gives_its_entries_back_as_drafts(team):
    sheet_id, entry_ids = approved_week(team)
    assert refusal(team, team.manager, "SELECT tl_reopen(%s, %s)", sheet_id, "") == (
        "Give a reason for reopening Carl Consultant's week."
    )
    assert call(team, team.manager, "tl_reopen", sheet_id, "Wrong project") == "open"
    assert team.sql("SELECT status, reason, decided_by FROM timesheets WHERE id = %s", sheet_id) == [
        ("open", "Wrong project", team.manager.user_id)
    ]
    assert statuses(team, entry_ids) == ["draft", "draft"]
    assert refusal(team, team.manager, "SELECT tl_reopen(%s, %s)", sheet_id, "Again") == (
        f"Carl Consultant's week {WEEK} is open; only approved weeks can be reopened."
    )


# Invoices -----------------------------------------------------------------------------------------------------


def test_finalised_invoices_get_gapless_numbers_of_their_series_dates_and_the_clients_address(team):
    team.sql("UPDATE clients SET billing_address = '1 Main Street\nSpringfield'")
    _, entry_ids = approved_week(team)
    first = draft_invoice(team, entry_ids=entry_ids)
    others = [draft_invoice(team, terms=("eom", '{"days": 10}')) for _ in range(2)]
    year = server_today(team).year

    issued = [call(team, team.manager, "tl_finalise_invoice", first, False)]
    issued += [call(team, team.admin, "tl_finalise_invoice", invoice_id, False) for invoice_id in others]

    assert issued == numbers(year, 1, 2, 3)
    today = server_today(team)
    assert invoice(team, first) | {"finalised_at": None, "version": None} == {
        "number": f"{year}-0001",
        "status": "sent",
        "issue_date": today,
        "due_date": today + timedelta(days=30),
        "bill_to": "Globex\n1 Main Street\nSpringfield",
        "finalised_at": None,
        "version": None,
    }
    month_end = (today.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    assert invoice(team, others[0])["due_date"] == month_end + timedelta(days=10)
    assert statuses(team, entry_ids) == ["invoiced", "invoiced"]
    assert team.sql("SELECT series, period, last FROM number_counters") == [("invoice", str(year), 3)]


def test_two_finalisations_at_once_share_no_number_and_skip_none(team):
    invoices = [draft_invoice(team) for _ in range(3)]
    year = server_today(team).year
    answers: dict[str, Any] = {}

    def finalise_second() -> None:
        with team.connect(team.admin) as ada:
            answers["second"] = ada.execute("SELECT tl_finalise_invoice(%s, false)", (invoices[1],)).fetchone()[0]

    with team.connect(team.manager, autocommit=False) as mona:
        answers["first"] = mona.execute("SELECT tl_finalise_invoice(%s, false)", (invoices[0],)).fetchone()[0]
        second = threading.Thread(target=finalise_second)
        second.start()
        waiting_for_lock(team)  # Ada's finalisation waits for Mona's transaction
        assert "second" not in answers
        mona.rollback()  # Mona changes her mind: her number goes to Ada, not into a gap
        second.join(timeout=30)
    assert answers == {"first": f"{year}-0001", "second": f"{year}-0001"}

    with team.connect(team.manager, autocommit=False) as mona:
        answers["third"] = mona.execute("SELECT tl_finalise_invoice(%s, false)", (invoices[0],)).fetchone()[0]
        second = threading.Thread(
            target=lambda: answers.update(fourth=call(team, team.admin, "tl_finalise_invoice", invoices[2], False))
        )
        second.start()
        waiting_for_lock(team)
        mona.commit()
        second.join(timeout=30)
    assert (answers["third"], answers["fourth"]) == (f"{year}-0002", f"{year}-0003")
    assert sorted(row[0] for row in team.sql("SELECT number FROM invoices")) == numbers(year, 1, 2, 3)


def waiting_for_lock(team: TeamServer, timeout: float = 10.0) -> None:
    """Wait until some session of the test's database is blocked on a lock."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        blocked = team.sql(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'", team.database
        )
        if blocked[0][0]:
            return
        time.sleep(0.05)
    raise AssertionError("no session ever waited for the counter's lock")


def test_a_credit_note_voids_the_invoice_and_releases_its_time_and_milestones(team):
    milestone_id = uuid.uuid4()
    team.sql(
        """INSERT INTO milestones (id, org_id, version, updated_at, project_id, name, amount_minor, amount_currency,
               status) VALUES (%s, %s, 1, now(), %s, 'Launch', 50000, 'EUR', 'invoiced')""",
        milestone_id,
        team.org_id,
        team.web_id,
    )
    _, entry_ids = approved_week(team)
    original = draft_invoice(team, 80000, lines=2, milestone_id=milestone_id, entry_ids=entry_ids)
    year = server_today(team).year
    assert call(team, team.manager, "tl_finalise_invoice", original, False) == f"{year}-0001"
    note = draft_invoice(team, -80000, kind="credit_note", credited_id=original, lines=2)

    assert call(team, team.manager, "tl_finalise_invoice", note, True) == f"CN-{year}-0001"

    assert invoice(team, original)["status"] == "void"
    assert invoice(team, note)["status"] == "sent"
    assert team.sql("SELECT status, invoice_id FROM task_log_entries WHERE id = ANY(%s)", entry_ids) == [
        ("approved", None),
        ("approved", None),
    ]
    assert team.sql("SELECT status FROM milestones WHERE id = %s", milestone_id) == [("reached",)]
    # The next invoice continues its own series.
    assert call(team, team.manager, "tl_finalise_invoice", draft_invoice(team), False) == f"{year}-0002"


def test_a_credit_note_without_release_keeps_the_time_invoiced(team):
    _, entry_ids = approved_week(team)
    original = draft_invoice(team, entry_ids=entry_ids)
    call(team, team.manager, "tl_finalise_invoice", original, False)
    note = draft_invoice(team, -30000, kind="credit_note", credited_id=original)
    call(team, team.manager, "tl_finalise_invoice", note, False)
    assert invoice(team, original)["status"] == "void"
    assert statuses(team, entry_ids) == ["invoiced", "invoiced"]
    again = draft_invoice(team, -30000, kind="credit_note", credited_id=original)
    year = server_today(team).year
    assert refusal(team, team.manager, "SELECT tl_finalise_invoice(%s, true)", again) == (
        f"{year}-0001 is void and cannot be credited."
    )


def test_finalising_refuses_what_the_desktop_refuses_and_uses_up_no_number(team):
    year = server_today(team).year
    empty = draft_invoice(team, lines=0)
    assert refusal(team, team.manager, "SELECT tl_finalise_invoice(%s, false)", empty) == (
        "An invoice needs at least one line before it can be finalised."
    )
    nothing = draft_invoice(team, 0)
    assert refusal(team, team.manager, "SELECT tl_finalise_invoice(%s, false)", nothing) == (
        "The invoice comes to 0.00 EUR; only an invoice above zero can be finalised."
    )
    ready = draft_invoice(team)
    assert refusal(team, team.consultant_a, "SELECT tl_finalise_invoice(%s, false)", ready) == (
        "Only managers and admins can finalise invoices; carl@acme.example is a consultant."
    )
    assert call(team, team.manager, "tl_finalise_invoice", ready, False) == f"{year}-0001"
    assert refusal(team, team.manager, "SELECT tl_finalise_invoice(%s, false)", ready) == (
        f"Invoice {year}-0001 is issued and can no longer change; correct it with a credit note."
    )
    team.sql("UPDATE organisations SET invoice_pattern = %s", f"{year}-{{SEQ:4}}")  # a pattern giving 0001 again
    team.sql("UPDATE number_counters SET last = 0")
    assert refusal(team, team.manager, "SELECT tl_finalise_invoice(%s, false)", draft_invoice(team)) == (
        f"Number {year}-0001 is already used by another document; change the invoice numbering pattern in Settings."
    )
    assert team.sql("SELECT last FROM number_counters") == [(0,)]
