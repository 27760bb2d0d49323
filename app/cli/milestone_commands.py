"""Commands for the milestones of projects billed by milestone: add them, reach them, list them."""

from __future__ import annotations

import argparse

from app.cli.output import Output, table
from app.cli.runner import reading, writing
from app.domain.money import format_money
from app.domain.project import Milestone
from app.services import milestones
from app.services.identity import Actor
from app.services.ports import UnitOfWork
from app.services.projects import find_project


def _data(milestone: Milestone) -> dict:
    return {
        "id": milestone.id,
        "name": milestone.name,
        "amount": milestone.amount,
        "due_on": milestone.due_on,
        "status": milestone.status.value,
    }


@writing()
def add(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    project = find_project(uow, actor.org, args.code)
    milestone = milestones.add_milestone(uow, actor, project, name=args.name, amount=args.amount, due_on=args.due)
    return Output(
        _data(milestone), [f"Added milestone {milestone.name} ({format_money(milestone.amount)}) to {project.code}."]
    )


@writing()
def move(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    project = find_project(uow, actor.org, args.code)
    milestone = milestones.move_milestone(uow, actor, milestones.find_milestone(uow, project, args.name), args.status)
    return Output(_data(milestone), [f"Milestone {milestone.name} of {project.code} is now {milestone.status.value}."])


@reading
def listing(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    project = find_project(uow, actor.org, args.code)
    found = uow.milestones.of_project(project.id)
    rows = [(m.name, format_money(m.amount), str(m.due_on or ""), m.status.value) for m in found]
    lines = (
        table(("Milestone", "Amount", "Due", "Status"), rows, right={1})
        if rows
        else [f"{project.code} has no milestones."]
    )
    return Output([_data(m) for m in found], lines)


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    group = commands.add_parser("milestone", help="milestones of milestone-billed projects")
    actions = group.add_subparsers(required=True, metavar="ACTION")
    p = actions.add_parser("add", help="add a milestone to a project", parents=[common])
    p.set_defaults(handler=add)
    p.add_argument("code", help="project code")
    p.add_argument("name")
    p.add_argument("--amount", required=True, help="in the client's currency")
    p.add_argument("--due", metavar="DATE")
    p = actions.add_parser("status", help="mark a milestone reached, pending or cancelled", parents=[common])
    p.set_defaults(handler=move)
    p.add_argument("code", help="project code")
    p.add_argument("name")
    p.add_argument("status", help="reached | pending | cancelled")
    p = actions.add_parser("list", help="a project's milestones", parents=[common])
    p.set_defaults(handler=listing)
    p.add_argument("code", help="project code")
