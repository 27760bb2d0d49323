"""The benchmark organisation: a seeded plan of people, clients and projects, built through the services.

The plan is plain data drawn from `random.Random(seed)`, so one seed always gives the same organisation;
`build` feeds it to the service functions the CLI and GUI call, and `staff` reads back what the entry
generator needs: ids, each person's assigned work, and the rate that work is priced at.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import date

from moneyed import Money

from app.domain.rates import RateLevel
from app.ledger import Ledger
from app.services import clients, people, projects, rating, setup
from app.services.identity import current_actor
from app.services.timer import billable_by_default

TIME_ZONE = "Europe/Berlin"
DOMAIN = "acme.example"
# fmt: off
FIRST_NAMES = [
    "Ada", "Ben", "Clara", "Dário", "Elif", "Finn", "Greta", "Hamid", "Ines", "Jonas", "Kai", "Lena", "Malte",
    "Nora", "Ole", "Paula", "Quentin", "Rosa", "Sven", "Tülay", "Uwe", "Vera", "Wim", "Xenia", "Yusuf", "Zoë",
]
LAST_NAMES = [
    "Albers", "Brandt", "Çelik", "Dietrich", "Engel", "Fischer", "Günther", "Hoffmann", "Iversen", "Jäger", "König",
    "Lorenz", "Müller", "Nowak", "Oswald", "Peters", "Quast", "Richter", "Schäfer", "Tran", "Ulrich", "Vogel",
    "Weber", "Yilmaz", "Zimmermann",
]
COMPANIES = [
    "Globex", "Initech", "Umbrella", "Hooli", "Nordwind", "Stark", "Wayne", "Tyrell", "Cyberdyne", "Soylent",
    "Vandelay", "Duff", "Gringotts", "Monarch", "Oscorp", "Aperture", "Wonka", "Acme", "Zenith", "Polaris",
]
TOPICS = [
    "Website relaunch", "ERP migration", "Data platform", "Mobile app", "Security audit", "CRM rollout",
    "Shop integration", "Reporting", "Cloud move", "Intranet", "Support contract", "Process review",
]
TASKS = [
    "Design", "Development", "Analysis", "Testing", "Project management", "Workshops", "Documentation", "Support",
]
# fmt: on
TEAMS = ["blue", "green", "red", "data", "design"]


@dataclass(frozen=True)
class Size:
    users: int = 200
    clients: int = 50
    projects: int = 500
    assignments_per_user: int = 6


@dataclass(frozen=True)
class PersonPlan:
    name: str
    email: str
    role: str
    team: str
    weekly_hours: str


@dataclass(frozen=True)
class ClientPlan:
    name: str
    email: str
    currency: str
    rate: str


@dataclass(frozen=True)
class ProjectPlan:
    client_email: str
    code: str
    name: str
    billing: str
    fixed_price: str | None
    budget_hours: str | None
    rate: str | None
    tasks: tuple[tuple[str, str | None, bool], ...]  # name, rate, billable


@dataclass(frozen=True)
class Plan:
    people: tuple[PersonPlan, ...]  # the first is the admin who sets the organisation up
    clients: tuple[ClientPlan, ...]
    projects: tuple[ProjectPlan, ...]
    assignments: tuple[tuple[str, str, str | None], ...]  # email, project code, rate


def plan(size: Size, seed: int) -> Plan:
    rng = random.Random(f"organisation-{seed}")
    staff = []
    for n in range(size.users):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        role = "admin" if n == 0 else "manager" if n % 20 == 1 else "consultant"
        hours = rng.choices(["40", "32", "20"], weights=[80, 15, 5])[0]
        email = f"{first}.{last}.{n}@{DOMAIN}".lower()
        staff.append(PersonPlan(f"{first} {last}", email, role, rng.choice(TEAMS), hours))
    customers = []
    for n in range(size.clients):
        name = f"{COMPANIES[n % len(COMPANIES)]} {n // len(COMPANIES) + 1}"
        currency = rng.choices(["EUR", "CHF", "GBP"], weights=[80, 10, 10])[0]
        email = f"billing@client-{n}.example"
        customers.append(ClientPlan(name, email, currency, str(rng.randrange(80, 185, 5))))
    work = []
    for n in range(size.projects):
        owner = customers[n % size.clients]
        billing = rng.choices(["hourly", "fixed", "milestone", "non_billable"], weights=[70, 10, 10, 10])[0]
        task_names = rng.sample(TASKS, 2)
        tasks = tuple(
            (name, str(rng.randrange(90, 200, 10)) if rng.random() < 0.1 else None, billing != "non_billable")
            for name in task_names
        )
        work.append(
            ProjectPlan(
                client_email=owner.email,
                code=f"P{n:03d}-{owner.name[:3].upper()}",
                name=f"{rng.choice(TOPICS)} {n}",
                billing=billing,
                fixed_price=str(rng.randrange(10, 200) * 500) if billing == "fixed" else None,
                budget_hours=str(rng.randrange(50, 2000, 50)) if rng.random() < 0.4 else None,
                rate=str(rng.randrange(90, 200, 5)) if rng.random() < 0.3 else None,
                tasks=tasks,
            )
        )
    assignments = []
    for person in staff:
        for project in rng.sample(work, size.assignments_per_user):
            rate = str(rng.randrange(100, 220, 10)) if rng.random() < 0.2 else None
            assignments.append((person.email, project.code, rate))
    return Plan(tuple(staff), tuple(customers), tuple(work), tuple(assignments))


def build(ledger: Ledger, the_plan: Plan) -> None:
    """Set the organisation up as a manager would, one service call per thing, a transaction per kind."""
    admin, *others = the_plan.people
    with ledger.work() as uow:
        setup.init_organisation(
            uow,
            org_name="Acme Consulting",
            currency="EUR",
            user_name=admin.name,
            email=admin.email,
            time_zone=TIME_ZONE,
            default_rate="100",
        )
        actor = current_actor(uow)
        for p in others:
            people.add_user(
                uow, actor, name=p.name, email=p.email, role=p.role, team=p.team, weekly_hours=p.weekly_hours
            )
        uow.commit()
    with ledger.work() as uow:
        actor = current_actor(uow)
        for c in the_plan.clients:
            clients.add_client(uow, actor, name=c.name, email=c.email, currency=c.currency, rate=c.rate)
        uow.commit()
    with ledger.work() as uow:
        actor = current_actor(uow)
        for p in the_plan.projects:
            projects.add_project(
                uow,
                actor,
                client=p.client_email,
                name=p.name,
                code=p.code,
                billing=p.billing,
                status="active",
                fixed_price=p.fixed_price,
                budget_hours=p.budget_hours,
                rate=p.rate,
            )
            for name, rate, billable in p.tasks:
                projects.add_task(uow, actor, p.code, name, rate=rate, billable=billable)
        uow.commit()
    with ledger.work() as uow:
        actor = current_actor(uow)
        for email, code, rate in the_plan.assignments:
            projects.assign(uow, actor, email, code, rate=rate)
        uow.commit()


@dataclass(frozen=True)
class Work:
    """A task someone may log time on, priced as `record_entry` would price it."""

    reference: str  # "CODE/TASK", as typed to start a timer
    project_id: uuid.UUID
    task_id: uuid.UUID
    billable: bool
    rate: Money | None
    rate_source: RateLevel | None


@dataclass
class Person:
    id: uuid.UUID
    email: str
    weekly_hours: int  # seconds
    works: list[Work] = field(default_factory=list)


@dataclass(frozen=True)
class Staff:
    org_id: uuid.UUID
    time_zone: str
    people: tuple[Person, ...]


def staff(ledger: Ledger, the_plan: Plan, priced_on: date) -> Staff:
    """The people and their work as stored, each task priced through the services' rate resolution."""
    with ledger.read() as uow:
        actor = current_actor(uow)
        org = actor.org
        users = {u.email: u for u in uow.users.all(org.id)}
        by_code = {p.code: p for p in uow.projects.all(org.id)}
        everyone = {email: Person(u.id, email, u.weekly_hours.seconds) for email, u in users.items()}
        for email, code, _ in the_plan.assignments:
            project = by_code[code]
            for task in uow.tasks.of_project(project.id):
                resolved = rating.rate_for_work(uow, org, users[email].id, project, task, priced_on)
                everyone[email].works.append(
                    Work(
                        f"{project.code}/{task.name}",
                        project.id,
                        task.id,
                        billable_by_default(project, task),
                        None if resolved is None else resolved.amount,
                        None if resolved is None else resolved.level,
                    )
                )
        ordered = tuple(everyone[p.email] for p in the_plan.people)
    return Staff(org.id, org.time_zone, ordered)
