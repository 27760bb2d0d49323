"""Submitting weeks and deciding on them on a real file: who may decide, bulk approval, the audit trail."""

from __future__ import annotations

import uuid

import pytest
from approval_helpers import (
    ADA,
    CARL,
    LAST_MONDAY,
    LAST_WEEK,
    MIA,
    MONDAY,
    ROB,
    TUESDAY,
    WEEK,
    add_people,
    decide,
    log,
    sheet_of,
    statuses,
    submit,
)
from helpers import acting
from sqlalchemy import select

from app.domain.calendar import Week
from app.domain.errors import RuleViolation, refuse
from app.domain.task_log import EntryStatus
from app.domain.timesheet import TimesheetStatus
from app.services import approvals, invoice_drafts, timer
from app.services.clients import find_client
from app.storage.desktop_rows import AuditRow

DRAFT, SUBMITTED, APPROVED = EntryStatus.DRAFT, EntryStatus.SUBMITTED, EntryStatus.APPROVED
NOTES_RULE = "notes are required before submitting."


@pytest.fixture
def office(team):  # type: ignore[no-untyped-def]
    add_people(team.ledger)
    return team.ledger


def refused(ledger, code: str, call) -> RuleViolation:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleViolation) as caught:
        call()
    assert caught.value.code == code, caught.value
    return caught.value


def set_org(ledger, **settings) -> None:  # type: ignore[no-untyped-def]
    with acting(ledger) as (uow, admin):
        for name, value in settings.items():
            setattr(admin.org, name, value)
        uow.organisations.save(admin.org)
        uow.commit()


# --- submitting -------------------------------------------------------------------------------


def test_submitting_a_week_submits_its_entries_and_shows_the_status(office):
    log(office, CARL, MONDAY)
    log(office, CARL, TUESDAY, "1:00", billable=False)
    log(office, CARL, LAST_MONDAY)  # another week: untouched

    sheet = submit(office, CARL)

    assert (sheet.status, sheet.week_start) == (TimesheetStatus.SUBMITTED, MONDAY)
    assert statuses(office, CARL) == [SUBMITTED, SUBMITTED]
    assert statuses(office, CARL, LAST_MONDAY, LAST_MONDAY) == [DRAFT]
    with acting(office, CARL, read=True) as (uow, carl):
        status = approvals.week_status(uow, carl, WEEK)
        assert (status.status, status.editable, status.reason) == (TimesheetStatus.SUBMITTED, False, "")
        assert approvals.week_status(uow, carl, LAST_WEEK).status is TimesheetStatus.OPEN


def test_submitting_this_week_is_the_default_and_a_week_is_submitted_once(office):
    log(office, CARL)
    assert submit(office, CARL, None).week_start == MONDAY  # type: ignore[arg-type]
    error = refused(office, "already_submitted", lambda: submit(office, CARL))
    assert str(error) == "Week 2026-W47 is already submitted."


def test_a_week_that_has_not_started_cannot_be_submitted(office):
    refused(office, "week_not_started", lambda: submit(office, CARL, Week(2026, 48)))


def test_submitting_is_refused_while_a_timer_started_in_that_week_runs(office, clock):
    with acting(office, CARL) as (uow, carl):
        timer.start(uow, carl, "WEB")
        uow.commit()
    error = refused(office, "timer_running", lambda: submit(office, CARL))
    assert (
        str(error) == "Your timer on WEB/General runs since 2026-11-20 09:00; stop it before submitting week 2026-W47."
    )
    assert submit(office, CARL, LAST_WEEK).status is TimesheetStatus.SUBMITTED  # the timer's time lands in this week


def test_required_notes_are_listed_for_every_billable_entry_without_one_and_the_timer_too(office):
    set_org(office, notes_required=True)
    log(office, CARL, MONDAY, "2:00")
    log(office, CARL, TUESDAY, "1:30", work="WEB/General")
    log(office, CARL, TUESDAY, "0:30", billable=False)  # non-billable: no note needed
    with acting(office, CARL) as (uow, carl):
        timer.start(uow, carl, "WEB", note="Review")
        uow.commit()

    error = refused(office, "timer_running", lambda: submit(office, CARL))

    assert [(p.code, p.message) for p in error.problems] == [
        (
            "timer_running",
            "Your timer on WEB/General runs since 2026-11-20 09:00; stop it before submitting week 2026-W47.",
        ),
        (
            "note_required",
            f"Add a note to your billable entry on WEB/General on Mon 16 Nov (2:00 h); {NOTES_RULE}",
        ),
        (
            "note_required",
            f"Add a note to your billable entry on WEB/General on Tue 17 Nov (1:30 h); {NOTES_RULE}",
        ),
    ]
    assert statuses(office, CARL) == [DRAFT, DRAFT, DRAFT]
    with acting(office, read=True) as (uow, _):
        assert uow.timesheets.of(uow.users.by_email(uow.organisations.first().id, CARL).id, MONDAY) is None


def test_without_approval_a_week_is_approved_on_submit(office):
    set_org(office, approval_required=False)
    log(office, CARL)
    sheet = submit(office, CARL)
    assert sheet.status is TimesheetStatus.APPROVED
    assert statuses(office, CARL) == [APPROVED]
    with acting(office, read=True) as (uow, admin):
        assert approvals.queue(uow, admin) == []


# --- deciding ---------------------------------------------------------------------------------


def test_approving_freezes_the_week_and_records_who_decided(office, clock):
    log(office, CARL)
    submit(office, CARL)
    decided_at = clock.advance(hours=2)

    sheet = decide(office, MIA, "approve", CARL)

    assert sheet.status is TimesheetStatus.APPROVED
    assert statuses(office, CARL) == [APPROVED]
    with acting(office, CARL, read=True) as (uow, carl):
        status = approvals.week_status(uow, carl, WEEK)
    assert (status.status, status.decided_by, status.decided_at) == (
        TimesheetStatus.APPROVED,
        "Mia Manager",
        decided_at,
    )


def test_rejecting_needs_a_reason_and_gives_the_entries_back(office):
    log(office, CARL)
    submit(office, CARL)
    for blank in ("", "   "):
        error = refused(office, "reason_required", lambda b=blank: decide(office, MIA, "reject", CARL, reason=b))
        assert str(error) == "Give a reason for rejecting, so Carl Consultant knows what to fix."
    assert statuses(office, CARL) == [SUBMITTED]

    decide(office, MIA, "reject", CARL, reason="  Split Monday into design and review.  ")

    assert statuses(office, CARL) == [DRAFT]
    with acting(office, CARL, read=True) as (uow, carl):
        status = approvals.week_status(uow, carl, WEEK)
    assert (status.status, status.reason, status.editable) == (
        TimesheetStatus.REJECTED,
        "Split Monday into design and review.",
        True,
    )


def test_a_rejected_week_is_fixed_and_submitted_again(office):
    log(office, CARL)
    submit(office, CARL)
    decide(office, MIA, "reject", CARL, reason="Missing Tuesday")
    log(office, CARL, TUESDAY)

    again = submit(office, CARL)

    assert (again.status, again.reason, again.decided_by) == (TimesheetStatus.SUBMITTED, "", None)
    assert statuses(office, CARL) == [SUBMITTED, SUBMITTED]


def test_reopening_an_approved_week_needs_a_reason_and_opens_its_entries(office):
    log(office, CARL)
    submit(office, CARL)
    decide(office, MIA, "approve", CARL)
    refused(office, "reason_required", lambda: decide(office, MIA, "reopen", CARL, reason=""))

    sheet = decide(office, MIA, "reopen", CARL, reason="Client disputes Monday")

    assert (sheet.status, sheet.reason) == (TimesheetStatus.OPEN, "Client disputes Monday")
    assert statuses(office, CARL) == [DRAFT]
    log(office, CARL, TUESDAY)  # open again: time goes in


def test_a_week_whose_time_is_on_an_invoice_cannot_be_reopened(office):
    log(office, CARL)
    log(office, CARL, TUESDAY)
    submit(office, CARL)
    decide(office, MIA, "approve", CARL)
    with acting(office) as (uow, admin):
        globex = find_client(uow, admin.org, "Globex")
        invoice_drafts.draft_from_time(uow, admin, globex, first=MONDAY, last=TUESDAY)
        uow.commit()

    error = refused(office, "week_invoiced", lambda: decide(office, MIA, "reopen", CARL, reason="Typo"))

    assert str(error) == (
        "Carl Consultant's week 2026-W47 holds time on an invoice; delete the draft or credit the invoice "
        "(releasing its time) before reopening the week."
    )
    assert statuses(office, CARL) == [APPROVED, APPROVED]
    assert sheet_of(office, CARL).status is TimesheetStatus.APPROVED


@pytest.mark.parametrize(
    ("action", "status", "extra"),
    [
        ("approve", TimesheetStatus.APPROVED, {}),
        ("reject", TimesheetStatus.APPROVED, {"reason": "x"}),
        ("reopen", TimesheetStatus.SUBMITTED, {"reason": "x"}),
    ],
)
def test_decisions_need_the_right_status(office, action, status, extra):
    log(office, CARL)
    submit(office, CARL)
    if status is TimesheetStatus.APPROVED:
        decide(office, MIA, "approve", CARL)
    error = refused(office, "wrong_status", lambda: decide(office, MIA, action, CARL, **extra))
    assert str(error).startswith(f"Carl Consultant's week 2026-W47 is {status.value}; only ")


def test_a_decision_on_a_timesheet_changed_since_it_was_seen_is_refused(office):
    log(office, CARL)
    seen = submit(office, CARL)
    decide(office, MIA, "reject", CARL, reason="Notes")
    submit(office, CARL)
    with acting(office, MIA) as (uow, mia):
        refused(office, "changed", lambda: approvals.approve(uow, mia, seen.id, seen_version=seen.version))


# --- who decides ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", [MIA, ADA])
def test_nobody_approves_their_own_week(office, who):
    log(office, who)
    submit(office, who)
    error = refused(office, "own_timesheet", lambda: decide(office, who, "approve", who))
    assert str(error) == (
        "Nobody can approve timesheets of their own; another manager or an admin decides on week 2026-W47."
    )


def test_managers_decide_only_on_their_own_teams_weeks_and_admins_on_anybodys(office):
    for who in (ROB, MIA):
        log(office, who)
        submit(office, who)
    error = refused(office, "not_your_team", lambda: decide(office, MIA, "approve", ROB))
    assert str(error) == (
        "Rob Red is in team red and you are in team blue; managers approve timesheets only for their own team "
        "(an admin can do it for anyone)."
    )
    assert decide(office, ADA, "approve", ROB).status is TimesheetStatus.APPROVED
    assert decide(office, ADA, "approve", MIA).status is TimesheetStatus.APPROVED  # a manager's week: by an admin


def test_consultants_cannot_decide_or_see_the_queue(office):
    log(office, ROB)
    submit(office, ROB)
    error = refused(office, "not_allowed", lambda: decide(office, CARL, "approve", ROB))
    assert str(error) == "Only managers and admins can approve timesheets; carl@acme.example is a consultant."
    with acting(office, CARL, read=True) as (uow, carl):
        refused(office, "not_allowed", lambda: approvals.queue(uow, carl))


def test_deciding_on_a_week_never_submitted_says_so(office):
    with acting(office, read=True) as (uow, admin):
        error = refused(office, "no_timesheet", lambda: approvals.find_timesheet(uow, admin, CARL, WEEK))
    assert str(error) == "Carl Consultant has not submitted week 2026-W47."


# --- bulk -------------------------------------------------------------------------------------


def test_bulk_approval_reports_each_success_and_failure_and_keeps_the_successes(office):
    for who in (CARL, ROB, MIA):
        log(office, who)
        submit(office, who)
    log(office, CARL, LAST_MONDAY)
    submit(office, CARL, LAST_WEEK)
    decide(office, ADA, "approve", CARL, LAST_WEEK)  # already approved: fails in the batch
    ids = [sheet_of(office, who).id for who in (CARL, ROB, MIA)] + [sheet_of(office, CARL, LAST_WEEK).id]
    ghost = uuid.uuid4()

    with acting(office, MIA) as (uow, mia):
        report = approvals.approve_many(uow, mia, [*ids, ghost, ids[0]])  # a repeated id counts once
        uow.commit()

    assert [(o.user_email, o.approved, [p.code for p in o.problems]) for o in report.outcomes] == [
        (CARL, True, []),
        (ROB, False, ["not_your_team"]),
        (MIA, False, ["own_timesheet"]),
        (CARL, False, ["wrong_status"]),
        ("", False, ["no_timesheet"]),
    ]
    assert [o.user_email for o in report.approved] == [CARL]
    assert report.failed[0].message.startswith("Rob Red is in team red")
    assert (report.failed[0].week, report.failed[3].week) == (WEEK, None)
    assert statuses(office, CARL) == [APPROVED]
    assert statuses(office, ROB) == [SUBMITTED]


def test_a_bulk_approval_failing_half_way_undoes_only_that_week(office, monkeypatch):
    for who in (CARL, ROB):
        log(office, who)
        log(office, who, TUESDAY)
        submit(office, who)
    rob_sheet = sheet_of(office, ROB).id
    with acting(office) as (uow, admin):
        real_save = uow.timesheets.save

        def save(sheet):  # type: ignore[no-untyped-def]
            if sheet.id == rob_sheet:  # after Rob's entries were already moved to approved
                raise refuse("changed", "Changed elsewhere.")
            return real_save(sheet)

        monkeypatch.setattr(uow.timesheets, "save", save)
        report = approvals.approve_many(uow, admin, [sheet_of(office, CARL).id, rob_sheet])
        uow.commit()

    assert [o.approved for o in report.outcomes] == [True, False]
    assert statuses(office, CARL) == [APPROVED, APPROVED]
    assert statuses(office, ROB) == [SUBMITTED, SUBMITTED]
    assert sheet_of(office, ROB).status is TimesheetStatus.SUBMITTED


def test_approve_all_takes_the_whole_queue_of_one_week(office):
    for who in (CARL, ROB):
        log(office, who)
        submit(office, who)
    log(office, CARL, LAST_MONDAY)
    submit(office, CARL, LAST_WEEK)
    with acting(office) as (uow, admin):
        report = approvals.approve_all(uow, admin, approvals.QueueQuery(week_start=MONDAY))
        uow.commit()
    assert sorted(o.user_email for o in report.approved) == [CARL, ROB] and not report.failed
    assert sheet_of(office, CARL, LAST_WEEK).status is TimesheetStatus.SUBMITTED


# --- the audit trail --------------------------------------------------------------------------


def test_every_step_is_in_the_audit_log_with_who_and_why(office):
    log(office, CARL)
    submit(office, CARL)
    decide(office, MIA, "reject", CARL, reason="Split Monday")
    submit(office, CARL)
    decide(office, MIA, "approve", CARL)
    decide(office, ADA, "reopen", CARL, reason="Client disputes Monday")
    sheet_id = sheet_of(office, CARL).id
    with acting(office, read=True) as (uow, _):
        ids = {u.id: u.email for u in uow.users.all(uow.organisations.first().id)}
        trail = [
            (ids[row.actor_id], row.action, row.after.get("status"), row.after.get("reason"))
            for row in uow.session.scalars(
                select(AuditRow).where(AuditRow.entity_id == str(sheet_id)).order_by(AuditRow.id)
            )
        ]
    assert trail == [
        (CARL, "create", "submitted", ""),
        (MIA, "update", "rejected", "Split Monday"),
        (CARL, "update", "submitted", ""),
        (MIA, "update", "approved", None),
        (ADA, "update", "open", "Client disputes Monday"),
    ]


def test_each_entry_audits_the_status_moves_of_its_week_with_who_moved_it(office):
    entry_id = log(office, CARL)
    submit(office, CARL)
    decide(office, MIA, "reject", CARL, reason="Split Monday")
    submit(office, CARL)
    decide(office, MIA, "approve", CARL)
    with acting(office, read=True) as (uow, admin):
        ids = {u.id: u.email for u in uow.users.all(admin.org.id)}
        trail = [
            (ids[row.actor_id], row.action, row.before, row.after, row.org_id == admin.org.id)
            for row in uow.session.scalars(
                select(AuditRow).where(AuditRow.entity_id == str(entry_id)).order_by(AuditRow.id)
            )
        ][1:]  # after its creation
    assert trail == [
        (CARL, "update", {"status": "draft"}, {"status": "submitted"}, True),
        (MIA, "update", {"status": "submitted"}, {"status": "draft"}, True),
        (CARL, "update", {"status": "draft"}, {"status": "submitted"}, True),
        (MIA, "update", {"status": "submitted"}, {"status": "approved"}, True),
    ]
    with acting(office, read=True) as (uow, _):
        assert uow.entries.get(entry_id).version == 5  # every move counts as a change, for sync


def test_entries_read_before_a_move_in_the_same_unit_of_work_are_read_again_after_it(office):
    entry_id = log(office, CARL)
    with acting(office, CARL) as (uow, carl):
        assert uow.entries.get(entry_id).status is DRAFT  # now held by the unit of work
        approvals.submit(uow, carl, WEEK)
        assert uow.entries.get(entry_id).status is SUBMITTED
