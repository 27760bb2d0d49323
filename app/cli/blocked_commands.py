"""`timeledger blocked`: the "Blocked billable work" list, which projects refused billable time, why and how often."""

from __future__ import annotations

import argparse

from app.cli.output import Output, one_line, table
from app.cli.runner import reading
from app.domain.calendar import local_label, parse_date
from app.services.billable_checks import blocked_work
from app.services.identity import Actor
from app.services.ports import UnitOfWork


@reading
def blocked(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    last = parse_date(args.last, field="to") if args.last else None
    first = parse_date(args.first, field="from") if args.first else None
    work = blocked_work(uow, actor, first, last)
    rows = [
        [line.project.code, line.code, str(line.count), local_label(line.last, work.tz), one_line(line.message, 90)]
        for line in work.lines
    ]
    span, whose = f"from {work.first} to {work.last}", "everyone's" if work.everyone else "your"
    text = (
        [
            f"Blocked billable work {span} ({whose} attempts):",
            *table(["Project", "Reason", "Times", "Last", "What people were told"], rows, right={2}),
        ]
        if rows
        else [f"No billable work was blocked {span}."]
    )
    data = {
        "from": work.first,
        "to": work.last,
        "blocked": [
            {
                "project": line.project.code,
                "project_name": line.project.name,
                "reason": line.code,
                "message": line.message,
                "count": line.count,
                "last": line.last,
            }
            for line in work.lines
        ],
    }
    return Output(data, text)


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    help_text = "which projects refused billable time, for what reason, how often (default: the last 30 days)"
    parser = commands.add_parser("blocked", help=help_text, description=help_text, parents=[common])
    parser.set_defaults(handler=blocked)
    parser.add_argument("--from", dest="first", metavar="DATE", help="YYYY-MM-DD (default: the 30 days up to --to)")
    parser.add_argument("--to", dest="last", metavar="DATE", help="YYYY-MM-DD (default today)")
