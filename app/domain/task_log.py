"""Logged working time: one entry per stretch of work on a task, and the rules it must keep.

An entry is either timed (start and end instants, e.g. from a timer) or untimed (a date and a
duration typed into a timesheet). Timed entries of one user may not overlap; no user's day may hold
more than 24 hours. Once approved, an entry is frozen until a manager reopens its timesheet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from moneyed import Money

from app.domain.calendar import TimeZoneLike, as_utc, local_date, local_label, span
from app.domain.duration import Duration, RoundingMode
from app.domain.errors import Checks, refuse
from app.domain.money import hourly_amount
from app.domain.rates import RateLevel
from app.domain.record import Record
from app.domain.state_machine import Transitions
from app.domain.text import clean_text, collect

MAX_NOTE_CHARS = 10_000
MAX_ENTRY = Duration.of(hours=24)
MAX_DAY = Duration.of(hours=24)


class EntryStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    INVOICED = "invoiced"


ENTRY_TRANSITIONS = Transitions(
    "time entry",
    {
        EntryStatus.DRAFT: frozenset({EntryStatus.SUBMITTED}),
        EntryStatus.SUBMITTED: frozenset({EntryStatus.APPROVED, EntryStatus.DRAFT}),
        # Back to draft is the manager reopening an approved timesheet.
        EntryStatus.APPROVED: frozenset({EntryStatus.INVOICED, EntryStatus.DRAFT}),
        # A credit note that releases its invoice's time makes it billable again.
        EntryStatus.INVOICED: frozenset({EntryStatus.APPROVED}),
    },
)

_LOCKED_MESSAGES = {
    # A manager decides on a week as it was submitted; rejecting it gives its entries back.
    EntryStatus.SUBMITTED: "This entry is submitted for approval; it can change again only if a manager rejects "
    "its timesheet.",
    EntryStatus.APPROVED: "This entry is approved; a manager must reopen its timesheet before it can change.",
    EntryStatus.INVOICED: "This entry is invoiced and can no longer change.",
}
LOCKED_STATUSES = frozenset(_LOCKED_MESSAGES)


@dataclass(kw_only=True, eq=False)
class TaskLogEntry(Record):
    user_id: UUID
    project_id: UUID
    task_id: UUID
    work_date: date
    duration: Duration
    started_at: datetime | None = None
    ended_at: datetime | None = None
    note: str = ""
    billable: bool = True
    status: EntryStatus = EntryStatus.DRAFT
    rate: Money | None = None
    rate_source: RateLevel | None = None
    cap_override_by: UUID | None = None  # the manager who let this entry exceed the daily billable cap
    cap_override_reason: str = ""
    invoice_id: UUID | None = None  # the invoice (draft or issued) that bills it

    @property
    def interval(self) -> tuple[datetime, datetime] | None:
        """[start, end) of a timed entry; None for a date-and-duration entry."""
        if self.started_at is None or self.ended_at is None:
            return None
        return self.started_at, self.ended_at

    @property
    def is_locked(self) -> bool:
        """Submitted, approved and invoiced entries can be neither changed nor deleted."""
        return self.status in LOCKED_STATUSES

    def check_editable(self) -> None:
        """Refuse any change or deletion of a locked entry."""
        if self.is_locked:
            raise refuse("entry_locked", _LOCKED_MESSAGES[self.status])

    def move_to(self, target: EntryStatus) -> None:
        self.status = ENTRY_TRANSITIONS.check(self.status, target)

    @property
    def amount(self) -> Money | None:
        """What the entry is worth at its rate snapshot; None when not billable or no rate applied."""
        if not self.billable or self.rate is None:
            return None
        return hourly_amount(self.rate, self.duration)


def clean_note(note: str, checks: Checks) -> str:
    """A note for an entry or timer, trimmed; a failure is recorded in `checks` and "" returned."""
    return collect(checks, clean_text, note, "note", MAX_NOTE_CHARS) or ""


def log_timed(
    *,
    org_id: UUID,
    user_id: UUID,
    project_id: UUID,
    task_id: UUID,
    started_at: datetime,
    ended_at: datetime,
    tz: TimeZoneLike,
    note: str = "",
    billable: bool = True,
    rate: Money | None = None,
    rate_source: RateLevel | None = None,
) -> TaskLogEntry:
    """An entry from start to end; it counts for the local day (in the user's zone) on which it starts."""
    start, end = as_utc(started_at), as_utc(ended_at)
    duration = span(start, end)
    checks = Checks()
    same_day = local_date(start, tz) if local_date(end, tz) == local_date(start, tz) else None
    start_label, end_label = local_label(start, tz, same_day), local_label(end, tz, same_day)
    if checks.require(
        end >= start,
        "ends_before_start",
        f"The entry ends ({end_label}) before it starts ({start_label}).",
        "ended_at",
    ):
        checks.require(
            duration > Duration.ZERO,
            "empty_entry",
            f"The entry starts and ends at {start_label}; it must last at least one second.",
            "ended_at",
        )
        _check_length(checks, duration, "ended_at")
    clean = clean_note(note, checks)
    checks.raise_if_any()
    return TaskLogEntry(
        org_id=org_id,
        user_id=user_id,
        project_id=project_id,
        task_id=task_id,
        work_date=local_date(start, tz),
        duration=duration,
        started_at=start,
        ended_at=end,
        note=clean,
        billable=billable,
        rate=rate,
        rate_source=rate_source,
    )


def log_duration(
    *,
    org_id: UUID,
    user_id: UUID,
    project_id: UUID,
    task_id: UUID,
    work_date: date,
    duration: Duration,
    note: str = "",
    billable: bool = True,
    rate: Money | None = None,
    rate_source: RateLevel | None = None,
) -> TaskLogEntry:
    """An untimed entry: a duration worked on a day, as typed into a timesheet."""
    checks = Checks()
    checks.require(duration > Duration.ZERO, "empty_entry", "Enter a duration longer than 0:00.", "duration")
    _check_length(checks, duration, "duration")
    clean = clean_note(note, checks)
    checks.raise_if_any()
    return TaskLogEntry(
        org_id=org_id,
        user_id=user_id,
        project_id=project_id,
        task_id=task_id,
        work_date=work_date,
        duration=duration,
        note=clean,
        billable=billable,
        rate=rate,
        rate_source=rate_source,
    )


def _check_length(checks: Checks, duration: Duration, field: str) -> None:
    checks.require(
        duration <= MAX_ENTRY,
        "entry_too_long",
        f"An entry can last at most {MAX_ENTRY} hours; this one lasts {duration}.",
        field,
    )


def find_clash(candidate: TaskLogEntry, others: Iterable[TaskLogEntry]) -> TaskLogEntry | None:
    """The earliest timed entry of the same user whose [start, end) overlaps the candidate's, if any.

    Entries that merely touch (one ends when the next starts) do not clash, and an entry never
    clashes with itself, so an edited entry can be checked against the stored list unchanged.
    """
    window = candidate.interval
    if window is None:
        return None
    start, end = window
    clashes = {
        other.interval: other
        for other in others
        if other.user_id == candidate.user_id
        and other.id != candidate.id
        and other.interval is not None
        and other.interval[0] < end
        and start < other.interval[1]
    }
    return clashes[min(clashes)] if clashes else None


def check_no_clash(
    candidate: TaskLogEntry,
    others: Iterable[TaskLogEntry],
    tz: TimeZoneLike,
    describe: Callable[[TaskLogEntry], str] | None = None,
) -> None:
    """Refuse a timed entry that overlaps another of the same user, naming the one in the way.

    `describe` names the clashing entry's work (e.g. "ACME/Design"); the domain only knows its ids.
    """
    clash = find_clash(candidate, others)
    if clash is None or clash.interval is None:
        return
    start, end = clash.interval
    day = local_date(start, tz)
    what = f" on {describe(clash)}" if describe else ""
    raise refuse(
        "entry_overlaps",
        f"This entry overlaps your entry{what} from {local_label(start, tz, day)} to "
        f"{local_label(end, tz, day)} on {day.isoformat()}; nothing was logged.",
        "started_at",
    )


def check_day_total(candidate: TaskLogEntry, same_day_entries: Iterable[TaskLogEntry]) -> None:
    """Refuse an entry that would bring its user's logged time for its day above 24 hours."""
    total = candidate.duration + sum(
        (
            other.duration
            for other in same_day_entries
            if other.user_id == candidate.user_id
            and other.work_date == candidate.work_date
            and other.id != candidate.id
        ),
        Duration.ZERO,
    )
    if total > MAX_DAY:
        raise refuse(
            "day_over_24_hours",
            f"This would bring your time on {candidate.work_date.isoformat()} to {total} hours; "
            f"a day holds at most {MAX_DAY} hours.",
            "duration",
        )


def billable_duration(entry_duration: Duration, increment: Duration, mode: RoundingMode, minimum: Duration) -> Duration:
    """The time an invoice charges: rounded to the billing increment (none when zero), then raised
    to at least the minimum entry."""
    return max(entry_duration.round_to(increment, mode), minimum)
