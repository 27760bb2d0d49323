"""What the team server refuses to people's own login roles whatever client they use (app/sync/server_sql/
40_guards.sql): changes to approved and invoiced time, time that breaks the revenue checks, and changes to
issued invoices; on the real PostgreSQL, with hand-written SQL over psycopg."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import psycopg
import pytest

from sync.team import MONDAY, Person, TeamServer, team_server
from sync.test_server_workflow import (
    add_line,
    approved_week,
    call,
    day_label,
    draft_invoice,
    refusal,
    server_today,
    statuses,
    submitted_week,
)

SET_NOTE = "UPDATE task_log_entries SET note = 'Changed' WHERE id = %s"
NEW_ENTRY = """INSERT INTO task_log_entries (id, org_id, version, updated_at, user_id, project_id, task_id, work_date,
                   duration_seconds, note, billable, status, cap_override_reason)
               VALUES (gen_random_uuid(), %s, 1, now(), %s, %s, %s, %s, 3600, '', %s, %s, '')"""


@pytest.fixture
def team(tmp_path):  # type: ignore[no-untyped-def]
    with team_server(tmp_path) as server:
        yield server


def new_entry(
    team: TeamServer,
    person: Person,
    *,
    project: uuid.UUID | None = None,
    task: uuid.UUID | None = None,
    day: date = MONDAY,
    billable: bool = True,
    status: str = "draft",
) -> tuple[object, ...]:
    """The parameters of NEW_ENTRY: `person`'s hour on WEB (or `project`) on `day`."""
    return (team.org_id, person.user_id, project or team.web_id, task or team.web_task_id, day, billable, status)


# Approved, submitted and invoiced time ----------------------------------------------------------------------


def test_consultant_cannot_change_an_approved_entry(team):
    _, (entry_id, _) = approved_week(team)
    message = refusal(team, team.consultant_a, SET_NOTE, entry_id)
    assert message == (
        f"This entry was approved on {day_label(server_today(team))}; ask a manager to reopen the week before "
        "changing it."
    )
    for change in ("deleted_at = now()", "duration_seconds = 60", "status = 'draft'"):
        refusal(team, team.consultant_a, f"UPDATE task_log_entries SET {change} WHERE id = %s", entry_id)
    assert team.sql("SELECT note, status, deleted_at FROM task_log_entries WHERE id = %s", entry_id) == [
        ("", "approved", None)
    ]


def test_a_manager_cannot_change_approved_time_either_but_the_workflow_can(team):
    sheet_id, (entry_id, _) = approved_week(team)
    assert refusal(team, team.manager, SET_NOTE, entry_id).startswith("This entry was approved on ")
    call(team, team.manager, "tl_reopen", sheet_id, "Note is wrong")
    with team.connect(team.consultant_a) as carl:
        assert carl.execute(SET_NOTE, (entry_id,)).rowcount == 1


def test_submitted_time_waits_for_the_managers_decision(team):
    _, (entry_id, _) = submitted_week(team)
    assert refusal(team, team.consultant_a, SET_NOTE, entry_id) == (
        "This entry is submitted for approval; it can change again only if a manager rejects its timesheet."
    )


def test_time_reaches_the_server_only_as_a_draft_and_changes_status_only_through_the_workflow(team):
    assert refusal(team, team.consultant_a, NEW_ENTRY, *new_entry(team, team.consultant_a, status="approved")) == (
        "New time reaches the server as a draft; its week is then submitted and approved through the timesheet."
    )
    entry_id = team.insert_entry(team.consultant_a)
    message = refusal(
        team, team.consultant_a, "UPDATE task_log_entries SET status = 'approved' WHERE id = %s", entry_id
    )
    assert message.startswith("An entry's status changes only with its timesheet")
    assert statuses(team, [entry_id]) == ["draft"]


def test_a_manager_puts_approved_time_on_a_draft_invoice_and_takes_it_off_but_changes_nothing_else(team):
    _, (entry_id, _) = approved_week(team)
    invoice_id = draft_invoice(team)
    with team.connect(team.manager) as mona:
        mona.execute("UPDATE task_log_entries SET invoice_id = %s WHERE id = %s", (invoice_id, entry_id))
        mona.execute("UPDATE task_log_entries SET invoice_id = NULL WHERE id = %s", (entry_id,))
        mona.execute("UPDATE task_log_entries SET invoice_id = %s WHERE id = %s", (invoice_id, entry_id))
    assert refusal(
        team, team.manager, "UPDATE task_log_entries SET invoice_id = NULL, note = 'x' WHERE id = %s", entry_id
    ).startswith("This entry was approved on ")
    assert refusal(
        team, team.consultant_a, "UPDATE task_log_entries SET invoice_id = NULL WHERE id = %s", entry_id
    ).startswith("This entry was approved on ")
    call(team, team.manager, "tl_finalise_invoice", invoice_id, False)
    number = team.sql("SELECT number FROM invoices WHERE id = %s", invoice_id)[0][0]
    assert refusal(team, team.manager, "UPDATE task_log_entries SET invoice_id = NULL WHERE id = %s", entry_id) == (
        f"This entry is on invoice {number} and can no longer change."
    )
    # Invoices are not the consultant's to see: the same refusal, without the number.
    assert refusal(team, team.consultant_a, SET_NOTE, entry_id) == "This entry is invoiced and can no longer change."
    issued = team.sql("SELECT id FROM invoices WHERE id = %s", invoice_id)[0][0]
    other_entry = team.sql("SELECT id FROM task_log_entries WHERE status = 'approved'")[0][0]
    assert refusal(
        team, team.manager, "UPDATE task_log_entries SET invoice_id = %s WHERE id = %s", issued, other_entry
    ) == ("Approved time can be put only on a draft invoice of the organisation.")


def test_draft_time_cannot_be_put_on_an_invoice(team):
    entry_id = team.insert_entry(team.consultant_a)
    invoice_id = draft_invoice(team)
    assert refusal(
        team, team.manager, "UPDATE task_log_entries SET invoice_id = %s WHERE id = %s", invoice_id, entry_id
    ) == ("Only approved time can be put on an invoice or taken off one.")


# Revenue protection ----------------------------------------------------------------------------------------


def test_entry_insert_on_a_closed_project_is_refused_with_the_sentence(team):
    team.sql("UPDATE projects SET status = 'completed' WHERE id = %s", team.web_id)
    assert refusal(team, team.consultant_a, NEW_ENTRY, *new_entry(team, team.consultant_a)) == (
        "WEB is completed; a manager must make it active again before more time is logged."
    )


def test_entry_insert_on_a_project_the_person_is_not_assigned_to_is_refused_with_the_sentence(team):
    params = new_entry(team, team.consultant_a, project=team.app_id, task=team.app_task_id)
    # Carl may not even see APP, so the refusal does not name it.
    assert refusal(team, team.consultant_a, NEW_ENTRY, *params) == (
        "You are not assigned to this project; a manager can assign you to it."
    )
    # On APP until the day before: the desktop's sentence.
    team.sql(
        """INSERT INTO assignments (id, org_id, version, updated_at, user_id, project_id, role, valid_from, valid_to)
           VALUES (%s, %s, 1, now(), %s, %s, '', NULL, %s)""",
        uuid.uuid4(),
        team.org_id,
        team.consultant_a.user_id,
        team.app_id,
        MONDAY - timedelta(days=1),
    )
    assert refusal(team, team.consultant_a, NEW_ENTRY, *params) == (
        "You are not assigned to APP on Mon 16 Nov 2026; a manager can assign you to the project."
    )


def test_a_manager_moving_someone_s_time_is_told_whose_assignment_is_missing(team):
    entry_id = team.insert_entry(team.consultant_a)
    statement = "UPDATE task_log_entries SET project_id = %s, task_id = %s WHERE id = %s"
    assert refusal(team, team.manager, statement, team.app_id, team.app_task_id, entry_id) == (
        "Carl Consultant is not assigned to APP on Mon 16 Nov 2026; a manager can assign them to the project."
    )
    # Otto manages another team: row-level security hides Carl's entry from him altogether.
    with team.connect(team.other_manager) as otto:
        assert otto.execute(statement, (team.app_id, team.app_task_id, entry_id)).rowcount == 0


def test_entry_insert_in_a_locked_period_is_refused_with_the_sentence(team):
    team.sql("UPDATE organisations SET lock_date = %s", MONDAY)
    assert refusal(team, team.consultant_a, NEW_ENTRY, *new_entry(team, team.consultant_a)) == (
        "Time up to Mon 16 Nov 2026 is locked; no billable time can be logged on Mon 16 Nov 2026 any more."
    )
    team.insert_entry(team.consultant_a, MONDAY + timedelta(days=1))  # the day after is open


def test_every_failed_check_is_named_at_once(team):
    team.sql(
        """UPDATE projects SET requires_quote = true, quote_signed = false, requires_deposit = true,
               deposit_paid = false WHERE id = %s""",
        team.web_id,
    )
    team.sql("UPDATE tasks SET status = 'closed' WHERE id = %s", team.web_task_id)
    assert refusal(team, team.consultant_a, NEW_ENTRY, *new_entry(team, team.consultant_a)) == (
        "The quote for WEB is not signed yet; time can be logged once the client has signed it. "
        "The deposit for WEB is not paid yet; time can be logged once it has been paid. "
        "The task WEB/General is closed; time cannot be logged on it."
    )


def test_non_billable_time_is_not_held_to_the_billable_checks(team):
    team.sql("UPDATE organisations SET lock_date = %s", MONDAY)
    team.sql("UPDATE projects SET status = 'completed', requires_quote = true WHERE id = %s", team.web_id)
    with team.connect(team.consultant_a) as carl:
        assert carl.execute(NEW_ENTRY, new_entry(team, team.consultant_a, billable=False)).rowcount == 1


def test_time_added_to_a_week_that_is_submitted_is_refused(team):
    submitted_week(team)
    day = MONDAY + timedelta(days=4)
    assert refusal(
        team, team.consultant_a, NEW_ENTRY, *new_entry(team, team.consultant_a, day=day, billable=False)
    ) == ("Week 2026-W47 is submitted for approval; its time can change again only if a manager rejects it.")


def test_edits_that_add_billable_time_are_checked_and_others_pass(team):
    entry_id = team.insert_entry(team.consultant_a, MONDAY + timedelta(days=1))
    team.sql("UPDATE organisations SET lock_date = %s", MONDAY)
    team.sql("UPDATE projects SET status = 'completed' WHERE id = %s", team.web_id)
    with team.connect(team.consultant_a) as carl:  # shorter, a note, deleted: no billable time added
        carl.execute("UPDATE task_log_entries SET duration_seconds = 1800, note = 'Less' WHERE id = %s", (entry_id,))
    assert refusal(
        team, team.consultant_a, "UPDATE task_log_entries SET duration_seconds = 7200 WHERE id = %s", entry_id
    ) == ("WEB is completed; a manager must make it active again before more time is logged.")
    team.sql("UPDATE projects SET status = 'active' WHERE id = %s", team.web_id)
    assert refusal(
        team, team.consultant_a, "UPDATE task_log_entries SET work_date = %s WHERE id = %s", MONDAY, entry_id
    ) == ("Time up to Mon 16 Nov 2026 is locked; no billable time can be logged on Mon 16 Nov 2026 any more.")
    with team.connect(team.consultant_a) as carl:
        carl.execute("UPDATE task_log_entries SET deleted_at = now() WHERE id = %s", (entry_id,))


def test_the_superusers_upload_is_not_held_by_the_guards(team):
    team.sql("UPDATE projects SET status = 'archived' WHERE id = %s", team.web_id)
    entry_id = team.insert_entry(team.consultant_a, status="invoiced", as_superuser=True)
    team.sql("UPDATE task_log_entries SET note = 'Imported' WHERE id = %s", entry_id)


# Issued invoices --------------------------------------------------------------------------------------------


def issued_invoice(team: TeamServer) -> tuple[uuid.UUID, str]:
    invoice_id = draft_invoice(team)
    return invoice_id, call(team, team.manager, "tl_finalise_invoice", invoice_id, False)


def test_an_issued_invoice_takes_payments_but_no_other_change(team):
    invoice_id, number = issued_invoice(team)
    assert refusal(team, team.manager, "UPDATE invoices SET total_minor = 1 WHERE id = %s", invoice_id) == (
        f"Invoice {number} is issued and cannot change; credit it instead."
    )
    assert refusal(team, team.admin, "UPDATE invoices SET deleted_at = now() WHERE id = %s", invoice_id) == (
        f"Invoice {number} is issued and cannot change; credit it instead."
    )
    assert refusal(team, team.admin, "UPDATE invoices SET status = 'void' WHERE id = %s", invoice_id) == (
        f"Invoice {number} is voided only by finalising a credit note for it."
    )
    with team.connect(team.manager) as mona:
        mona.execute(
            """UPDATE invoices SET paid_minor = 30000, paid_on = %s, status = 'paid', version = version + 1,
                   updated_at = now() WHERE id = %s""",
            (server_today(team), invoice_id),
        )
    assert team.sql("SELECT status, paid_minor, total_minor FROM invoices WHERE id = %s", invoice_id) == [
        ("paid", 30000, 30000)
    ]


def test_invoices_are_numbered_only_by_the_server(team):
    invoice_id = draft_invoice(team)
    assert refusal(
        team, team.manager, "UPDATE invoices SET number = '2026-0999', status = 'sent' WHERE id = %s", invoice_id
    ) == ("An invoice is issued only by finalising it, when the server gives it its number; nothing was changed.")
    with team.connect(team.manager) as mona:  # a draft takes any other change
        mona.execute("UPDATE invoices SET notes = 'Thanks', total_minor = 40000 WHERE id = %s", (invoice_id,))
    # A copy of the draft, made to look issued, is refused as a new invoice.
    statement = (
        "INSERT INTO invoices SELECT (jsonb_populate_record(NULL::invoices, to_jsonb(i) || jsonb_build_object("
        "'id', gen_random_uuid(), 'number', '2026-0999', 'status', 'sent'))).* FROM invoices i WHERE id = %s"
    )
    assert refusal(team, team.manager, statement, invoice_id) == (
        "A new invoice reaches the server as a draft without a number; the server numbers it when it is finalised."
    )


def test_lines_of_an_issued_invoice_cannot_change(team):
    invoice_id, number = issued_invoice(team)
    with pytest.raises(psycopg.errors.RaiseException) as refused:
        add_line(team, invoice_id, 100, person=team.manager)
    assert (
        refused.value.diag.message_primary
        == f"Invoice {number} is issued; its lines cannot change (credit it instead)."
    )
    assert refusal(team, team.manager, "UPDATE invoice_lines SET net_minor = 1 WHERE document_id = %s", invoice_id) == (
        f"Invoice {number} is issued; its lines cannot change (credit it instead)."
    )
    draft_id = draft_invoice(team, lines=0)
    add_line(team, draft_id, 100, person=team.manager)  # a draft's lines come and go


def test_a_sent_quote_is_only_signed_declined_or_expired(team):
    quote_id = uuid.uuid4()
    team.sql(
        """INSERT INTO quotes (id, org_id, version, updated_at, client_id, currency, number, issue_date, notes,
               net_minor, net_currency, tax_minor, tax_currency, total_minor, total_currency, project_id, status)
           VALUES (%s, %s, 1, now(), %s, 'EUR', 'Q-2026-0001', '2026-11-16', '', 100, 'EUR', 0, 'EUR', 100, 'EUR', %s,
                   'sent')""",
        quote_id,
        team.org_id,
        team.client_id,
        team.web_id,
    )
    assert refusal(team, team.manager, "UPDATE quotes SET total_minor = 5 WHERE id = %s", quote_id) == (
        "Quote Q-2026-0001 was sent and can no longer change."
    )
    with team.connect(team.manager) as mona:
        mona.execute("UPDATE quotes SET status = 'signed', decided_on = '2026-11-18' WHERE id = %s", (quote_id,))
    assert refusal(team, team.manager, "UPDATE quotes SET status = 'declined' WHERE id = %s", quote_id) == (
        "Quote Q-2026-0001 was sent and can no longer change."
    )
