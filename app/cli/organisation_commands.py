"""`timeledger org show|set`: the organisation's revenue-protection policies and timesheet deadline (admins set
them)."""

from __future__ import annotations

import argparse

from app.cli.output import Output
from app.cli.runner import reading, writing
from app.domain.organisation import WEEKDAYS, Organisation
from app.services import organisation
from app.services.identity import Actor
from app.services.ports import UnitOfWork

YES_NO = {"yes": True, "no": False}


def described(org: Organisation) -> Output:
    deadline = f"{WEEKDAYS[org.submit_deadline_weekday]} {org.submit_deadline_time:%H:%M}"
    facts = [
        ("Organisation", org.name),
        ("Time zone", org.time_zone),
        ("Weeks start on", WEEKDAYS[org.week_start]),
        ("Approval", "required" if org.approval_required else "on submit"),
        ("Lock date", f"{org.lock_date} (no billable time on or before it)" if org.lock_date else "none"),
        ("Budget warning", f"from {org.budget_warning_percent} % spent"),
        ("Notes required", "yes, on billable entries" if org.notes_required else "no"),
        ("Submission deadline", f"{deadline}, after each week"),
    ]
    widest = max(len(label) for label, _ in facts)
    data = {
        "name": org.name,
        "time_zone": org.time_zone,
        "week_start": WEEKDAYS[org.week_start],
        "approval_required": org.approval_required,
        "lock_date": org.lock_date,
        "budget_warning_percent": org.budget_warning_percent,
        "notes_required": org.notes_required,
        "submit_deadline": {
            "weekday": WEEKDAYS[org.submit_deadline_weekday],
            "time": f"{org.submit_deadline_time:%H:%M}",
        },
    }
    return Output(data, [f"{label + ':':<{widest + 1}}  {value}" for label, value in facts])


@reading
def show(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    return described(actor.org)


@writing()
def set_policies(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    given: dict[str, object] = {}
    if args.lock_date is not None:
        given["lock_date"] = args.lock_date
    if args.budget_warning is not None:
        given["budget_warning_percent"] = args.budget_warning
    if args.notes_required is not None:
        # Anything but yes/no goes on as typed, for the domain to refuse with its sentence.
        given["notes_required"] = YES_NO.get(args.notes_required.strip().casefold(), args.notes_required)
    if args.submit_deadline is not None:
        given["submit_deadline"] = args.submit_deadline
    return described(organisation.update_policies(uow, actor, **given))


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    actions = commands.add_parser("org", help="the organisation's policies").add_subparsers(
        required=True, metavar="ACTION"
    )
    help_text = "show the organisation's settings and policies"
    actions.add_parser("show", help=help_text, description=help_text, parents=[common]).set_defaults(handler=show)
    help_text = "change the organisation's policies (admins); options left out stay as they are"
    p = actions.add_parser("set", help=help_text, description=help_text, parents=[common])
    p.set_defaults(handler=set_policies)
    p.add_argument(
        "--lock-date",
        dest="lock_date",
        metavar="DATE",
        help="YYYY-MM-DD: no billable time on or before it; none to unlock",
    )
    p.add_argument(
        "--budget-warning", dest="budget_warning", metavar="N", help="warn when a budget is N %% spent (1-100)"
    )
    p.add_argument("--notes-required", dest="notes_required", metavar="yes|no", help="billable entries need a note")
    p.add_argument(
        "--submit-deadline",
        dest="submit_deadline",
        metavar='"Mon 10:00"',
        help="when a week's timesheet is due, after it",
    )
