"""Commands that set up the organisation: init, users, clients, projects, tasks, assignments."""

from __future__ import annotations

import argparse

import tzlocal

from app.cli import client_commands
from app.cli.output import Output, money_text, one_line, table
from app.cli.runner import Command, reading, writing
from app.domain.calendar import parse_date
from app.domain.client import Client
from app.domain.project import Project
from app.domain.user import User
from app.services import clients, people, projects, setup
from app.services.identity import Actor
from app.services.ports import UnitOfWork


def _date(text: str | None, field: str):  # type: ignore[no-untyped-def]
    return None if text is None else parse_date(text, field=field)


def client_data(client: Client) -> dict:
    return {
        "id": client.id,
        "name": client.name,
        "email": client.email,
        "currency": client.currency,
        "payment_terms": str(client.payment_terms),
        "status": client.status.value,
    }


def user_data(user: User) -> dict:
    return {"id": user.id, "name": user.name, "email": user.email, "role": user.role.value, "team": user.team}


def project_data(project: Project) -> dict:
    return {
        "id": project.id,
        "code": project.code,
        "name": project.name,
        "status": project.status.value,
        "billing": project.billing.value,
        "budget_hours": project.budget_hours,
        "budget_amount": project.budget_amount,
        "fixed_price": project.fixed_price,
    }


@writing(needs_actor=False)
def init(uow: UnitOfWork, _actor: Actor | None, args: argparse.Namespace) -> Output:
    org, user = setup.init_organisation(
        uow,
        org_name=args.org,
        currency=args.currency,
        user_name=args.name,
        email=args.email,
        time_zone=args.time_zone or tzlocal.get_localzone_name() or "UTC",
        default_rate=args.rate,
        approval_required=not args.no_approval,
    )
    return Output(
        {
            "organisation": {
                "id": org.id,
                "name": org.name,
                "currency": org.base_currency,
                "time_zone": org.time_zone,
            },
            "user": {"id": user.id, "name": user.name, "email": user.email, "role": user.role.value},
        },
        [f"Created {org.name} ({org.base_currency}, {org.time_zone}); signed in as {user.name} <{user.email}>, admin."],
    )


@writing()
def user_add(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    user = people.add_user(
        uow,
        actor,
        name=args.name,
        email=args.email,
        role=args.role,
        team=args.team,
        cost_rate=args.cost_rate,
        weekly_hours=args.weekly_hours,
    )
    return Output(
        user_data(user),
        [f"Added {user.name} <{user.email}> as {user.role.value}."],
    )


@reading
def user_list(uow: UnitOfWork, actor: Actor, _args: argparse.Namespace) -> Output:
    users = people.list_users(uow, actor)
    rows = [[u.name, u.email, u.role.value, u.team or ""] for u in users]
    return Output(
        [user_data(u) for u in users],
        table(["Name", "Email", "Role", "Team"], rows) if rows else ["No users yet."],
    )


@writing()
def client_add(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    client = clients.add_client(
        uow,
        actor,
        name=args.name,
        email=args.email,
        currency=args.currency,
        rate=args.rate,
        terms=args.terms,
        billing_address=args.address or "",
        tax_id=args.tax_id or "",
    )
    return Output(client_data(client), [f"Added client {client.name} <{client.email}> ({client.currency})."])


@reading
def client_list(uow: UnitOfWork, actor: Actor, _args: argparse.Namespace) -> Output:
    views = clients.list_clients(uow, actor)
    rows = [
        [
            one_line(v.client.name, 40),
            v.client.email,
            v.client.currency,
            money_text(v.rate),
            str(v.client.payment_terms),
            v.client.status.value,
        ]
        for v in views
    ]
    return Output(
        [client_data(v.client) | {"rate": v.rate} for v in views],
        table(["Client", "Email", "Currency", "Rate/h", "Terms", "Status"], rows, right={3})
        if rows
        else ["No clients yet — add one with `timeledger client add NAME --email EMAIL`."],
    )


@writing()
def project_add(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    project = projects.add_project(
        uow,
        actor,
        client=args.client,
        name=args.name,
        code=args.code,
        billing=args.billing,
        status=args.status,
        budget_hours=args.budget_hours,
        budget_amount=args.budget_amount,
        fixed_price=args.fixed_price,
        rate=args.rate,
    )
    return Output(
        project_data(project),
        [
            f"Added project {project.code} {project.name} ({project.status.value}, {project.billing.value}) "
            f"with task {projects.DEFAULT_TASK}."
        ],
    )


@reading
def project_list(uow: UnitOfWork, actor: Actor, _args: argparse.Namespace) -> Output:
    views = projects.list_projects(uow, actor)
    rows = [
        [
            v.project.code,
            one_line(v.project.name, 40),
            one_line(v.client.name, 30),
            v.project.status.value,
            v.project.billing.value,
            money_text(v.rate),
            ", ".join(t.name for t in v.tasks),
        ]
        for v in views
    ]
    return Output(
        [
            project_data(v.project)
            | {
                "client": v.client.name,
                "rate": v.rate,
                "tasks": [
                    {"id": t.id, "name": t.name, "billable": t.billable, "status": t.status.value} for t in v.tasks
                ],
            }
            for v in views
        ],
        table(["Code", "Project", "Client", "Status", "Billing", "Rate/h", "Tasks"], rows, right={5})
        if rows
        else ["No projects yet — add a client first, then `timeledger project add CLIENT NAME --code CODE`."],
    )


@writing()
def project_status(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    project = projects.change_status(uow, actor, args.code, args.status)
    return Output(project_data(project), [f"Project {project.code} is now {project.status.value}."])


@writing()
def task_add(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    task = projects.add_task(uow, actor, args.code, args.name, rate=args.rate, billable=not args.non_billable)
    return Output(
        {"id": task.id, "name": task.name, "billable": task.billable, "status": task.status.value},
        [f"Added task {task.name} to {args.code.upper()}" + ("" if task.billable else " (non-billable)") + "."],
    )


@writing()
def assign(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    assignment = projects.assign(
        uow,
        actor,
        args.email,
        args.code,
        rate=args.rate,
        valid_from=_date(args.valid_from, "from"),
        valid_to=_date(args.valid_to, "to"),
    )
    span = f" from {assignment.valid_from}" if assignment.valid_from else ""
    span += f" until {assignment.valid_to}" if assignment.valid_to else ""
    return Output(
        {
            "id": assignment.id,
            "user": args.email,
            "project": args.code.upper(),
            "valid_from": assignment.valid_from,
            "valid_to": assignment.valid_to,
        },
        [f"Assigned {args.email} to {args.code.upper()}{span}."],
    )


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    def add(name: str, handler: Command, help_text: str, parent=commands) -> argparse.ArgumentParser:  # type: ignore[no-untyped-def]
        parser = parent.add_parser(name, help=help_text, description=help_text, parents=[common])
        parser.set_defaults(handler=handler)
        return parser

    p = add("init", init, "set up a new database: organisation and its first user (admin)")
    p.set_defaults(creates_database=True)
    p.add_argument("--org", required=True, help="organisation name")
    p.add_argument("--currency", required=True, help="base currency, ISO 4217 (EUR, USD, JPY...)")
    p.add_argument("--name", required=True, help="your name")
    p.add_argument("--email", required=True, help="your email")
    p.add_argument("--time-zone", dest="time_zone", default=None, help="IANA time zone (default: this computer's)")
    p.add_argument("--rate", help="default hourly rate in the base currency")
    p.add_argument("--no-approval", action="store_true", help="approve timesheets on submit (solo consultant)")

    users = commands.add_parser("user", help="people of the organisation").add_subparsers(
        required=True, metavar="ACTION"
    )
    p = add("add", user_add, "add a user", users)
    p.add_argument("name")
    p.add_argument("--email", required=True)
    p.add_argument("--role", default="consultant", help="consultant | manager | admin")
    p.add_argument("--team")
    p.add_argument("--cost-rate", dest="cost_rate", help="internal cost per hour, base currency")
    p.add_argument("--weekly-hours", dest="weekly_hours", help="contract hours per week (default 40)")
    add("list", user_list, "list users", users)

    client = commands.add_parser("client", help="clients").add_subparsers(required=True, metavar="ACTION")
    p = add("add", client_add, "add a client", client)
    p.add_argument("name")
    p.add_argument("--email", required=True)
    p.add_argument("--currency", help="invoice currency (default: the organisation's)")
    p.add_argument("--rate", help="default hourly rate")
    p.add_argument(
        "--terms",
        default="net:30",
        help="payment terms: receipt, net:N, eom, eom:N, deposit:P[:N] (P %% deposit when a quote is signed) or "
        "early:P:D:N (P %% off within D days, else net N)",
    )
    p.add_argument("--address", help="billing address")
    p.add_argument("--tax-id", dest="tax_id")
    add("list", client_list, "list clients", client)
    client_commands.register(client, common)  # client show, client set

    project = commands.add_parser("project", help="projects").add_subparsers(required=True, metavar="ACTION")
    p = add("add", project_add, "add a project for a client (named by name or email)", project)
    p.add_argument("client")
    p.add_argument("name")
    p.add_argument("--code", required=True)
    p.add_argument("--billing", default="hourly", help="hourly | fixed | milestone | non_billable")
    p.add_argument("--budget-hours", dest="budget_hours")
    p.add_argument("--budget-amount", dest="budget_amount")
    p.add_argument("--fixed-price", dest="fixed_price")
    p.add_argument("--rate")
    p.add_argument("--status", default="enquiry", help="enquiry | quoted | active | completed | archived")
    add("list", project_list, "list projects", project)
    p = add("status", project_status, "move a project to another status", project)
    p.add_argument("code")
    p.add_argument("status")

    task = commands.add_parser("task", help="tasks of a project").add_subparsers(required=True, metavar="ACTION")
    p = add("add", task_add, "add a task to a project", task)
    p.add_argument("code")
    p.add_argument("name")
    p.add_argument("--rate")
    p.add_argument("--non-billable", dest="non_billable", action="store_true")

    p = add("assign", assign, "assign a user to a project")
    p.add_argument("email")
    p.add_argument("code")
    p.add_argument("--rate")
    p.add_argument("--from", dest="valid_from", metavar="DATE")
    p.add_argument("--to", dest="valid_to", metavar="DATE")
