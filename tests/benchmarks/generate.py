"""The realistic organisation generator: an organisation built through the services, then its task log.

`python -m tests.benchmarks.generate PATH [ENTRIES [SEED]]` writes a complete ledger (e.g. to try the
app with a million entries); `make bench` uses the parts below. The organisation itself is planned
and built in tests.benchmarks.organisation.

Default: 1,000,000 task-log entries over 200 users, 50 clients and 500 projects (BENCH_ENTRIES changes
the count). Entries are domain `TaskLogEntry` objects made by the domain's own factories (`log_timed`,
`log_duration`), drawn from `random.Random(seed)`:

- working days (Monday to Friday, without the fixed German holidays), most recent first, until the
  count is reached; each person is away on some days (more often when part-time);
- from 09:00 to 18:00 Europe/Berlin (part-timers leave earlier), in quarter hours, with gaps and a
  lunch break, so one person's entries never overlap; one entry in twenty is a typed-in duration;
- on the person's assigned tasks, billable as the timer would default it (now and then switched
  off), priced at the rate `record_entry` would resolve, with notes (some blank, some non-ASCII);
- older entries invoiced or approved, the last weeks submitted or draft, as a timesheet cycle leaves them.

Ids are UUIDv7 stamped with the entry's end, from the same random stream, so one seed gives the
same entries, in the time order a real ledger receives them.
"""

from __future__ import annotations

import random
import sys
import uuid
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from app.domain.calendar import at_local
from app.domain.clock import FixedClock
from app.domain.duration import Duration
from app.domain.task_log import EntryStatus, TaskLogEntry, log_duration, log_timed
from app.ledger import open_ledger
from app.services.identity import current_actor
from app.storage import bulk
from tests.benchmarks.organisation import Person, Size, Staff, build, plan, staff

# The benchmark's "now": Friday 20 November 2026, 09:00 in Berlin. Entries end the day before.
NOW = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
DEFAULT_ENTRIES = 1_000_000
DEFAULT_SEED = 7

HOLIDAYS = {(1, 1), (5, 1), (10, 3), (12, 24), (12, 25), (12, 26), (12, 31)}
DAY_START, DAY_END, LUNCH = 9 * 60, 18 * 60, 12 * 60  # minutes after local midnight
LENGTHS = [30, 45, 60, 60, 90, 90, 120, 120, 150, 180, 240]  # minutes
NOTES = [
    "",
    "",
    "",
    "Daily stand-up",
    "Sprint planning",
    "Code review for the billing module",
    "Workshop with the client's finance team",
    "Fixed login timeout, deployed to staging",
    "Abstimmung mit dem Fachbereich",
    "Überarbeitung der Schnittstellenbeschreibung",
    "Café-Termin mit Kunde: Anforderungen",
    'Reporting: Q3 numbers, "draft" version',
    "Migration script, part 2/3",
    "Call with Zoë re: go-live; follow-up by mail",
    "Tests for the invoice export\n(CSV and PDF)",
    "Research: caching options — Redis vs. in-process",
]


def working_days(last: date):  # type: ignore[no-untyped-def]
    """Monday to Friday without the fixed holidays, from `last` backwards."""
    day = last
    while True:
        if day.weekday() < 5 and (day.month, day.day) not in HOLIDAYS:
            yield day
        day -= timedelta(days=1)


def uuid7(instant: datetime, rng: random.Random) -> uuid.UUID:
    """A UUIDv7 stamped with `instant`, its random bits from `rng` (same layout as app.domain.ids.new_id)."""
    millis = int(instant.timestamp() * 1000)
    value = (millis & (2**48 - 1)) << 80 | 0x7 << 76 | rng.getrandbits(12) << 64 | 0b10 << 62 | rng.getrandbits(62)
    return uuid.UUID(int=value)


def status_for(age_days: int, billable: bool, rng: random.Random) -> list[EntryStatus]:
    """The steps a timesheet cycle has taken for an entry of this age."""
    steps = [EntryStatus.SUBMITTED, EntryStatus.APPROVED, EntryStatus.INVOICED]
    if age_days > 28:
        return steps if billable else steps[:2]
    if age_days > 7:
        return steps[:2]
    return steps[: rng.choice([0, 0, 1])]


def person_day(person: Person, staff: Staff, day: date, nine: datetime, rng: random.Random) -> list[TaskLogEntry]:
    """One person's entries on one working day, back to back or with gaps, never overlapping."""
    works = rng.sample(person.works, min(len(person.works), rng.randrange(2, 7)))  # a few tasks a day
    minute = DAY_START + rng.choice([0, 0, 0, 15, 30])
    day_end = min(DAY_END, DAY_START + 60 + person.weekly_hours // 300)  # a fifth of the week, plus lunch
    lunch_taken = False
    entries = []
    while minute < day_end - 15:
        length = min(rng.choice(LENGTHS), day_end - minute)
        work = rng.choice(works)
        billable = work.billable and rng.random() > 0.05
        common = dict(
            org_id=staff.org_id,
            user_id=person.id,
            project_id=work.project_id,
            task_id=work.task_id,
            note=rng.choice(NOTES),
            billable=billable,
            rate=work.rate,
            rate_source=work.rate_source,
        )
        start = nine + timedelta(minutes=minute - DAY_START)
        end = start + timedelta(minutes=length)
        if rng.random() < 0.05:
            entry = log_duration(**common, work_date=day, duration=Duration.of(minutes=length))
        else:
            entry = log_timed(**common, started_at=start, ended_at=end, tz=staff.time_zone)
        entry.id = uuid7(end, rng)
        for step in status_for((NOW.date() - day).days, billable, rng):
            entry.move_to(step)
        entries.append(entry)
        minute += length + rng.choice([0, 0, 0, 15])
        if not lunch_taken and minute >= LUNCH:
            minute += rng.choice([30, 45, 60])
            lunch_taken = True
    return entries


def generate_entries(staff: Staff, count: int, seed: int) -> list[TaskLogEntry]:
    """`count` entries for `staff`, ending the day before NOW, oldest first."""
    rng = random.Random(f"entries-{seed}")
    days: list[list[TaskLogEntry]] = []
    made = 0
    for day in working_days(NOW.date() - timedelta(days=1)):
        nine = at_local(day, time(9, 0), staff.time_zone)  # no DST switch happens between 09:00 and 18:00
        today: list[TaskLogEntry] = []
        for person in staff.people:
            away = 0.06 + 0.25 * (1 - person.weekly_hours / (40 * 3600))
            if person.works and rng.random() >= away:
                today.extend(person_day(person, staff, day, nine, rng))
        days.append(today)
        made += len(today)
        if made >= count:
            break
    entries = [entry for today in reversed(days) for entry in today]
    return entries[len(entries) - count :]


def write_ledger(path: Path, count: int = DEFAULT_ENTRIES, seed: int = DEFAULT_SEED) -> None:
    """A complete ledger at `path`: the organisation through the services, its entries through bulk import."""
    ledger = open_ledger(path, FixedClock(NOW))
    try:
        the_plan = plan(Size(), seed)
        build(ledger, the_plan)
        entries = generate_entries(staff(ledger, the_plan, NOW.date()), count, seed)
        with ledger.work() as uow:
            current_actor(uow)  # the admin imports, so the audit log names them
            bulk.import_entries(uow, entries)
            uow.commit()
    finally:
        ledger.close()


if __name__ == "__main__":
    if not 2 <= len(sys.argv) <= 4:
        raise SystemExit("usage: python -m tests.benchmarks.generate PATH [ENTRIES [SEED]]")
    write_ledger(Path(sys.argv[1]), *(int(arg) for arg in sys.argv[2:]))
