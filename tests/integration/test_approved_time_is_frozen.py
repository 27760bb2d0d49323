"""Time in a submitted or approved week cannot change through any service, whoever asks.

Each path that writes entries is tried against Carl's week 2026-W47, once submitted and once approved:
editing, deleting, undoing a deletion, the timesheet grid, logging by hand, and the timer. Every attempt
is refused with a sentence that says who can open the week again, and the file is left as it was.
"""

from __future__ import annotations

import pytest
from approval_helpers import ADA, CARL, MIA, MONDAY, TUESDAY, WEEK, add_people, decide, log, statuses, submit
from helpers import acting, raw_rows

from app.domain.errors import RuleViolation
from app.domain.task_log import EntryStatus
from app.services import entries, task_log, timer, timesheet

SUBMITTED_ENTRY = "This entry is submitted for approval; it can change again only if a manager rejects its timesheet."
APPROVED_ENTRY = "This entry is approved; a manager must reopen its timesheet before it can change."
SUBMITTED_WEEK = "Week 2026-W47 is submitted for approval; its time can change again only if a manager rejects it."
APPROVED_WEEK = "Week 2026-W47 is approved; a manager must reopen its timesheet before its time can change."
INVOICED_ENTRY = "This entry is invoiced and can no longer change."


def task_log_rows(ledger) -> list[tuple]:  # type: ignore[no-untyped-def]
    return raw_rows(ledger.db.path, "SELECT * FROM task_log_entries ORDER BY id")


@pytest.fixture(params=["submitted", "approved"])
def frozen(request, team):  # type: ignore[no-untyped-def]
    """Carl's week with a billable and a non-billable entry, plus a deleted one (for undo), submitted or approved.

    Yields (ledger, the stored entry ids, the deleted entry, the entry message, the week message).
    """
    ledger = team.ledger
    add_people(ledger)
    kept = [log(ledger, CARL, MONDAY, "2:00", note="Design"), log(ledger, CARL, TUESDAY, "1:00", billable=False)]
    gone_id = log(ledger, CARL, TUESDAY, "0:30", note="Scratch")
    with acting(ledger, CARL) as (uow, carl):
        [deleted] = entries.delete_entries(uow, carl, [(gone_id, 1)])
        uow.commit()
    submit(ledger, CARL)
    messages = (SUBMITTED_ENTRY, SUBMITTED_WEEK)
    if request.param == "approved":
        decide(ledger, MIA, "approve", CARL)
        messages = (APPROVED_ENTRY, APPROVED_WEEK)
    return ledger, kept, deleted, *messages


def refused_unchanged(ledger, email: str, change) -> RuleViolation:  # type: ignore[no-untyped-def]
    """Run `change(uow, actor)` as `email`, committing if it returns; it must be refused and write nothing."""
    before = task_log_rows(ledger)
    with pytest.raises(RuleViolation) as caught, acting(ledger, email) as (uow, actor):
        change(uow, actor)
        uow.commit()
    assert task_log_rows(ledger) == before
    return caught.value


@pytest.mark.parametrize("who", [CARL, MIA, ADA])
@pytest.mark.parametrize(
    "edit",
    [
        {"hours": "3:00"},
        {"note": "Changed"},
        {"billable": False},
        {"start": "09:00", "end": "10:00"},
        {"work": "WEB/General"},
    ],
    ids=["hours", "note", "billable", "span", "work"],
)
def test_nobody_can_edit_an_entry_of_the_week(frozen, who, edit):
    ledger, kept, _, entry_message, _ = frozen
    error = refused_unchanged(ledger, who, lambda uow, actor: entries.edit_entry(uow, actor, kept[0], **edit))
    assert (error.code, str(error)) == ("entry_locked", entry_message)


@pytest.mark.parametrize("who", [CARL, ADA])
def test_nobody_can_delete_an_entry_of_the_week(frozen, who):
    ledger, kept, _, entry_message, _ = frozen
    error = refused_unchanged(ledger, who, lambda uow, actor: entries.delete_entries(uow, actor, [(kept[1], None)]))
    assert str(error) == entry_message


def test_a_deletion_from_before_the_week_was_handed_in_cannot_be_undone(frozen):
    ledger, _, deleted, _, week_message = frozen
    error = refused_unchanged(ledger, CARL, lambda uow, actor: entries.restore_entries(uow, actor, [deleted]))
    assert week_message in [p.message for p in error.problems]


@pytest.mark.parametrize("billable", [True, False])
def test_no_time_can_be_logged_into_the_week(frozen, billable):
    ledger, _, _, _, week_message = frozen
    error = refused_unchanged(
        ledger,
        CARL,
        lambda uow, actor: task_log.log_entry(
            uow, actor, "WEB/General", day=TUESDAY, hours="1:00", note="More", billable=billable
        ),
    )
    assert week_message in [p.message for p in error.problems]


@pytest.mark.parametrize(("day", "text"), [(MONDAY, "3:00"), (MONDAY, "1:00"), (MONDAY, ""), (TUESDAY, "4:00")])
def test_the_timesheet_grid_cannot_change_the_week(frozen, day, text):
    ledger, _, _, entry_message, week_message = frozen
    with acting(ledger, CARL, read=True) as (uow, carl):
        general = timesheet.week_grid(uow, carl, WEEK).rows[0].work.task.id
    error = refused_unchanged(ledger, CARL, lambda uow, actor: timesheet.set_cell(uow, actor, WEEK, general, day, text))
    assert {entry_message, week_message} & {p.message for p in error.problems}


@pytest.mark.parametrize("billable", [True, False])
def test_no_timer_starts_in_the_week(frozen, billable):
    ledger, _, _, _, week_message = frozen
    before = raw_rows(ledger.db.path, "SELECT count(*) FROM running_timers")
    error = refused_unchanged(ledger, CARL, lambda uow, actor: timer.start(uow, actor, "WEB", billable=billable))
    assert week_message in [p.message for p in error.problems]
    assert raw_rows(ledger.db.path, "SELECT count(*) FROM running_timers") == before


def test_the_week_is_left_as_it_was(frozen):
    ledger, _, _, entry_message, _ = frozen
    expected = EntryStatus.APPROVED if entry_message == APPROVED_ENTRY else EntryStatus.SUBMITTED
    assert statuses(ledger, CARL) == [expected, expected]


def test_an_invoiced_entry_cannot_change_even_after_its_week_is_rejected_or_reopened(team):
    """The last word: an invoiced entry is final, whatever its week's state says."""
    ledger = team.ledger
    add_people(ledger)
    entry_id = log(ledger, CARL, MONDAY, "2:00", note="Design")
    submit(ledger, CARL)
    decide(ledger, MIA, "approve", CARL)
    with acting(ledger) as (uow, _):
        entry = uow.entries.get(entry_id)
        entry.move_to(EntryStatus.INVOICED)
        uow.entries.save(entry)
        uow.commit()
    for change in (
        lambda uow, actor: entries.edit_entry(uow, actor, entry_id, note="Late"),
        lambda uow, actor: entries.delete_entries(uow, actor, [(entry_id, None)]),
    ):
        assert str(refused_unchanged(ledger, ADA, change)) == INVOICED_ENTRY


def test_once_rejected_the_week_takes_changes_again(frozen):
    ledger, kept, deleted, entry_message, _ = frozen
    if entry_message == APPROVED_ENTRY:
        decide(ledger, MIA, "reopen", CARL, reason="Fix Monday")
    else:
        decide(ledger, MIA, "reject", CARL, reason="Fix Monday")
    with acting(ledger, CARL) as (uow, carl):
        entries.edit_entry(uow, carl, kept[0], hours="2:30")
        entries.restore_entries(uow, carl, [deleted])
        task_log.log_entry(uow, carl, "WEB/General", day=TUESDAY, hours="0:15", note="Follow-up")
        uow.commit()
    assert statuses(ledger, CARL) == [EntryStatus.DRAFT] * 4
