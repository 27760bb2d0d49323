"""A long task-log history for paging, sorting and filtering tests: a few thousand entries, bulk-imported.

Two clients (Globex: WEB, Initech: OPS with a non-billable task), timed and untimed entries on the
same days (so start times include NULLs), and statuses that age from draft to approved.
"""

from __future__ import annotations

from datetime import date, time, timedelta

from moneyed import Money

from app.domain.calendar import at_local
from app.domain.duration import Duration
from app.domain.task_log import EntryStatus, TaskLogEntry, log_duration, log_timed
from app.ledger import Ledger
from app.services import clients, projects
from app.services.identity import current_actor
from app.storage import bulk

BERLIN = "Europe/Berlin"
LAST_DAY = date(2026, 11, 19)  # the day before the `clock` fixture's Friday
CARL = "carl@acme.example"


def add_initech(ledger: Ledger) -> None:
    """A second client with project OPS: tasks General (billable) and Internal (not billable)."""
    with ledger.work() as uow:
        admin = current_actor(uow)
        clients.add_client(uow, admin, name="Initech", email="ap@initech.example", rate="100")
        projects.add_project(uow, admin, client="Initech", name="Operations", code="OPS", status="active")
        projects.add_task(uow, admin, "OPS", "Internal", billable=False)
        for email in (CARL, "ada@acme.example"):
            projects.assign(uow, admin, email, "OPS")
        uow.commit()


def import_history(ledger: Ledger, days: int = 1000, email: str = CARL) -> list[TaskLogEntry]:
    """`days` days of work up to LAST_DAY for `email` (about 2.7 entries a day); needs `add_initech` first."""
    with ledger.work() as uow:
        actor = current_actor(uow, email)
        web = uow.projects.by_code(actor.org.id, "WEB")
        ops = uow.projects.by_code(actor.org.id, "OPS")
        assert web is not None and ops is not None
        web_task = uow.tasks.of_project(web.id)[0]
        ops_tasks = {t.name: t for t in uow.tasks.of_project(ops.id)}
        base = {"org_id": actor.org.id, "user_id": actor.user.id}
        on_web = {**base, "project_id": web.id, "task_id": web_task.id}
        on_ops = {**base, "project_id": ops.id, "task_id": ops_tasks["General"].id}
        internal = {**base, "project_id": ops.id, "task_id": ops_tasks["Internal"].id, "billable": False}
        entries = []
        for age in range(days):
            day = LAST_DAY - timedelta(days=age)
            todays = [
                log_timed(**on_web, started_at=_at(day, 9), ended_at=_at(day, 10), tz=BERLIN, rate=Money("120", "EUR")),
                log_timed(**on_ops, started_at=_at(day, 10), ended_at=_at(day, 11, 30), tz=BERLIN, note=f"day {age}"),
            ]
            if age % 2 == 0:
                todays.append(log_duration(**on_web, work_date=day, duration=Duration.of(minutes=45)))
            if age % 5 == 0:
                todays.append(log_duration(**internal, work_date=day, duration=Duration.of(hours=1)))
            for entry in todays:
                _age(entry, age)
            entries += todays
        bulk.import_entries(uow, entries)
        uow.commit()
    return entries


def _at(day: date, hour: int, minute: int = 0):  # type: ignore[no-untyped-def]
    return at_local(day, time(hour, minute), BERLIN)


def _age(entry: TaskLogEntry, age: int) -> None:
    """Older entries have moved further along the approval workflow."""
    steps = [EntryStatus.SUBMITTED] if age >= 300 else []
    steps += [EntryStatus.APPROVED] if age >= 600 else []
    for step in steps:
        entry.move_to(step)
