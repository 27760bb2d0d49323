"""The demo organisation behind `main.py --demo`: a month of a small consultancy's work, made through the services.

Brightline Consulting has two clients, five projects (with tasks, rates and assignments) and three people:
Ada, the admin signed in on this desktop, and the consultants Carl and Mina. Over the month that ends today
they clock in, take a lunch break, run timers, type in spans and plain durations, and clock out, each through
the same service call the app and the CLI make, so the demo holds nothing a user could not have made.

The workspace's clock must be a FixedClock standing at the demo's "now". It is moved through the month as
the people work (so every record carries the time it would really have been made at) and put back at the
end. Today's work stops at "now": whoever is mid-task has a timer running, whoever is at lunch is on a
break. The same seed and the same "now" always give the same data. The month's invoices (every state, see
demo_invoices) are made last, on the days they would have been issued and paid.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from app.domain.calendar import Week, at_local, local_date
from app.domain.clock import FixedClock
from app.domain.organisation import DEFAULT_PRODUCTIVE_DAY
from app.services import approvals, attendance, clients, demo_invoices, people, projects, setup, task_log, timer
from app.services.identity import Actor, current_actor
from app.services.ports import UnitOfWork, Workspace

ORGANISATION = "Brightline Consulting"
DAYS = 30  # the month before today, and today
TYPING = timedelta(minutes=3)  # how long after a piece of work someone types it in
LENGTHS = (30, 45, 60, 60, 75, 90, 90, 120, 120, 150)  # minutes of one piece of work
NOTES = (
    "",
    "",
    "",
    "Daily stand-up",
    "Sprint planning",
    "Code review: checkout flow",
    "Workshop with the finance team",
    "Fixed login timeout, deployed to staging",
    "Abstimmung mit dem Fachbereich",
    "Überarbeitung der Schnittstellenbeschreibung",
    "Call with Zoë re: go-live",
    "Migration script, part 2/3",
    "Data mapping: customers and price lists",
    "Test plan for the payment provider",
)


@dataclass(frozen=True)
class DemoPerson:
    name: str
    email: str
    role: str
    weekly_hours: str
    weekdays: tuple[int, ...]  # 0 = Monday
    work: tuple[tuple[str, int], ...]  # "CODE/TASK" and how often it comes up


PEOPLE = (
    DemoPerson(
        "Ada Lindqvist",
        "ada@brightline.example",
        "admin",
        "40",
        (0, 1, 2, 3, 4),
        (("ERP/Workshops", 3), ("WEB/General", 2), ("PRE", 3), ("SUP", 1)),
    ),
    DemoPerson(
        "Carl Brenner",
        "carl@brightline.example",
        "consultant",
        "40",
        (0, 1, 2, 3, 4),
        (("WEB/Design", 3), ("WEB/Development", 4), ("SHOP/Development", 3), ("SHOP/Testing", 1), ("SUP", 2)),
    ),
    DemoPerson(
        "Mina Okafor",
        "mina@brightline.example",
        "consultant",
        "32",
        (0, 1, 2, 3),
        (("ERP/Analysis", 3), ("ERP/Development", 3), ("ERP/Workshops", 1), ("WEB/Development", 2), ("PRE", 1)),
    ),
)
SIGNED_IN = PEOPLE[0].email
# name, email, hourly rate, payment terms
CLIENTS = (
    ("Globex Retail GmbH", "billing@globex.example", "120", "net:30"),
    ("Initech AG", "ap@initech.example", "135", "net:14"),
)


@dataclass(frozen=True)
class DemoProject:
    code: str
    client: str
    name: str
    billing: str = "hourly"
    budget_hours: str | None = None
    fixed_price: str | None = None
    rate: str | None = None
    tasks: tuple[tuple[str, str | None], ...] = ()  # besides "General": name and rate


PROJECTS = (
    DemoProject("WEB", "Globex Retail GmbH", "Website relaunch", budget_hours="240", rate="130",
                tasks=(("Design", "140"), ("Development", None))),
    DemoProject("SHOP", "Globex Retail GmbH", "Shop integration", billing="fixed", fixed_price="18000",
                tasks=(("Development", None), ("Testing", None))),
    DemoProject("SUP", "Globex Retail GmbH", "Support contract"),
    DemoProject("ERP", "Initech AG", "ERP migration", budget_hours="400",
                tasks=(("Analysis", None), ("Workshops", "150"), ("Development", None))),
    DemoProject("PRE", "Initech AG", "Proposals and pre-sales", billing="non_billable"),
)  # fmt: skip
# email, project code, the person's own rate on it
ASSIGNMENTS = (
    ("carl@brightline.example", "WEB", "125"),
    ("carl@brightline.example", "SHOP", None),
    ("carl@brightline.example", "SUP", None),
    ("mina@brightline.example", "ERP", None),
    ("mina@brightline.example", "WEB", None),
    ("mina@brightline.example", "PRE", None),
    ("ada@brightline.example", "ERP", "160"),
    ("ada@brightline.example", "WEB", None),
    ("ada@brightline.example", "PRE", None),
    ("ada@brightline.example", "SUP", None),
)

INTERNAL = {p.code for p in PROJECTS if p.billing == "non_billable"}
BILLABLE_MINUTES = DEFAULT_PRODUCTIVE_DAY.seconds // 60  # the demo organisation keeps the default productive day

Act = Callable[[UnitOfWork, Actor], object]


@dataclass(frozen=True)
class Step:
    """One thing one person does at one moment."""

    at: datetime
    email: str
    act: Act


@dataclass(frozen=True)
class Demo:
    organisation: str
    signed_in: str
    first_day: date
    last_day: date


def build_demo(workspace: Workspace, *, time_zone: str, seed: int = 1, logo: bytes | None = None) -> Demo:
    """Fill an empty database with the demo organisation and its month of work up to the clock's "now";
    `logo` (PNG or JPEG) heads its documents."""
    clock = workspace.clock
    if not isinstance(clock, FixedClock):
        raise TypeError("the demo is built on a FixedClock standing at the demo's now")
    now = clock.now()
    today = local_date(now, time_zone)
    first_day = today - timedelta(days=DAYS)
    try:
        clock.at = at_local(first_day - timedelta(days=3), time(10, 0), time_zone)  # set up before the month
        _set_up(workspace, time_zone, logo)
        for offset in range(DAYS + 1):
            day = first_day + timedelta(days=offset)
            rng = random.Random(f"demo-{seed}-{offset - DAYS}")
            steps = [step for person in PEOPLE for step in _workday(person, day, time_zone, rng)]
            steps.sort(key=lambda step: step.at)  # stable: one person's steps at one instant keep their order
            with workspace.work() as uow:
                actors = {person.email: current_actor(uow, person.email) for person in PEOPLE}
                for step in steps:
                    if step.at > now:
                        break
                    clock.at = step.at
                    uow.act_as(actors[step.email].user.id)  # the audit log names who did it
                    step.act(uow, actors[step.email])
                uow.commit()
        clock.at = now
        _past_weeks_in_review(workspace, today)
        demo_invoices.build_invoices(workspace, clock, today, time_zone)
    finally:
        clock.at = now
    return Demo(ORGANISATION, SIGNED_IN, first_day, today)


def _past_weeks_in_review(workspace: Workspace, today: date) -> None:
    """The consultants submitted their last two weeks and the admin approved the earlier one, so the
    Approvals queue has work in it and the Timesheet shows each status."""
    with workspace.work() as uow:
        admin = current_actor(uow)
        this_week = Week.containing(today, admin.org.week_start)
        consultants = [person for person in PEOPLE if person.role == "consultant"]
        for person in consultants:
            actor = current_actor(uow, person.email)
            for weeks_back in (2, 1):
                approvals.submit(uow, actor, this_week.shifted(-weeks_back))
        admin = current_actor(uow)
        for person in consultants:
            sheet = approvals.find_timesheet(uow, admin, person.email, this_week.shifted(-2))
            approvals.approve(uow, admin, sheet.id)
        uow.commit()


def _set_up(workspace: Workspace, time_zone: str, logo: bytes | None) -> None:
    admin, *others = PEOPLE
    with workspace.work() as uow:
        setup.init_organisation(
            uow,
            org_name=ORGANISATION,
            currency="EUR",
            user_name=admin.name,
            email=admin.email,
            time_zone=time_zone,
            default_rate="95",
        )
        actor = current_actor(uow)
        demo_invoices.set_letterhead(uow, actor, logo)
        for person in others:
            people.add_user(
                uow, actor, name=person.name, email=person.email, role=person.role, weekly_hours=person.weekly_hours
            )
        for name, email, rate, terms in CLIENTS:
            address = demo_invoices.billing_address(name)
            client = clients.add_client(
                uow, actor, name=name, email=email, rate=rate, terms=terms, billing_address=address
            )
            clients.update_details(uow, actor, client, **demo_invoices.CLIENT_DETAILS[name])
        for p in PROJECTS:
            projects.add_project(
                uow,
                actor,
                client=p.client,
                name=p.name,
                code=p.code,
                billing=p.billing,
                status="active",
                budget_hours=p.budget_hours,
                fixed_price=p.fixed_price,
                rate=p.rate,
            )
            for task, rate in p.tasks:
                projects.add_task(uow, actor, p.code, task, rate=rate)
        for email, code, rate in ASSIGNMENTS:
            projects.assign(uow, actor, email, code, rate=rate)
        uow.commit()


def _workday(person: DemoPerson, day: date, tz: str, rng: random.Random) -> Iterator[Step]:
    """A person's day: clock in, pieces of work (timer, typed span or typed duration), lunch, clock out."""
    if day.weekday() not in person.weekdays or rng.random() < 0.06:  # now and then a day off
        return
    hours = int(person.weekly_hours) // len(person.weekdays)

    def at(minute: int) -> datetime:
        return at_local(day, _clock_time(minute), tz)

    def step(minute: int, act: Act) -> Step:
        return Step(at(minute), person.email, act)

    start = 8 * 60 + 30 + rng.choice((0, 15, 15, 30, 45))
    end = start + hours * 60 + rng.choice((-30, 0, 0, 15, 30))
    yield step(start - rng.randrange(2, 12), lambda uow, a: attendance.clock_in(uow, a))
    references = [reference for reference, _ in person.work]
    weights = [weight for _, weight in person.work]
    minute, lunch, billed = start, False, 0
    while minute < end - 15:
        length = min(rng.choice(LENGTHS), end - minute)
        reference = rng.choices(references, weights)[0]
        note = rng.choice(NOTES)
        billable = None if rng.random() > 0.08 else False  # now and then an internal hour on billable work
        if billable is None and reference.split("/")[0] not in INTERNAL:
            # Past the productive day the time is internal: more billable time needs a manager's override.
            billable = None if billed + length <= BILLABLE_MINUTES else False
            billed += length if billable is None else 0
        kind = rng.choices(("timer", "span", "hours"), (6, 3, 2))[0]
        work = Work(person.email, day, tz, reference, note, billable)
        yield from work.piece(kind, minute, minute + length)
        minute += length + rng.choice((0, 0, 0, 15))
        if not lunch and minute >= 12 * 60:
            back = minute + rng.choice((30, 45, 60))
            yield step(minute, lambda uow, a: attendance.start_break(uow, a))
            yield step(back, lambda uow, a: attendance.end_break(uow, a))
            minute, lunch = back, True
    yield step(minute + rng.randrange(1, 10), lambda uow, a: attendance.clock_out(uow, a))


@dataclass(frozen=True)
class Work:
    """What one piece of work is on, and how it gets into the task log."""

    email: str
    day: date
    tz: str
    reference: str
    note: str
    billable: bool | None  # None: as the task has it

    def piece(self, kind: str, first: int, last: int) -> Iterator[Step]:
        """A timer started and stopped, or a span or a duration typed in a few minutes after the work."""
        begin, end = (at_local(self.day, _clock_time(m), self.tz) for m in (first, last))
        if kind == "timer":
            yield Step(begin, self.email, self.start_timer)
            yield Step(end, self.email, lambda uow, a: timer.stop(uow, a))
        elif kind == "span":
            yield Step(end + TYPING, self.email, lambda uow, a: self.log(uow, a, start=_hm(first), end=_hm(last)))
        else:
            yield Step(end + TYPING, self.email, lambda uow, a: self.log(uow, a, hours=f"{last - first}m"))

    def start_timer(self, uow: UnitOfWork, actor: Actor) -> object:
        return timer.start(uow, actor, self.reference, note=self.note, billable=self.billable)

    def log(self, uow: UnitOfWork, actor: Actor, **span: str) -> object:
        return task_log.log_entry(
            uow, actor, self.reference, day=self.day, note=self.note, billable=self.billable is not False, **span
        )


def _clock_time(minute: int) -> time:
    return time(minute // 60, minute % 60)


def _hm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"
