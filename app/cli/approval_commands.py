"""Commands for timesheets: submitting a week, the approval queue, and approving, rejecting or reopening."""

from __future__ import annotations

import argparse

from app.cli.output import Output, table
from app.cli.runner import reading, writing
from app.domain.approval_queue import QueuedTimesheet, QueueQuery
from app.domain.calendar import Week, local_label, parse_week
from app.domain.errors import refuse
from app.domain.timesheet import Timesheet, TimesheetStatus
from app.services import approvals
from app.services.identity import Actor, user_by_email
from app.services.ports import UnitOfWork
from app.services.projects import find_project

PAST = {
    TimesheetStatus.SUBMITTED: "Submitted",
    TimesheetStatus.APPROVED: "Approved",
    TimesheetStatus.REJECTED: "Rejected",
    TimesheetStatus.OPEN: "Reopened",
}


def _sheet_data(sheet: Timesheet, email: str, week: Week) -> dict:
    return {
        "id": sheet.id,
        "user": email,
        "week": str(week),
        "week_start": sheet.week_start,
        "status": sheet.status.value,
        "submitted_at": sheet.submitted_at,
        "decided_at": sheet.decided_at,
        "reason": sheet.reason,
    }


@writing()
def submit(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    week = parse_week(args.week) if args.week else None
    sheet = approvals.submit(uow, actor, week)
    week = week or Week.containing(sheet.week_start, actor.org.week_start)
    line = f"Submitted week {week} for approval."
    if sheet.status is TimesheetStatus.APPROVED:
        line = f"Week {week} is approved: {actor.org.name} does not ask for approval."
    return Output(_sheet_data(sheet, actor.user.email, week), [line])


def _query(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> QueueQuery:
    return QueueQuery(
        team=args.team,
        user_id=user_by_email(uow, actor.org, args.user).id if getattr(args, "user", None) else None,
        week_start=parse_week(args.week).days(actor.org.week_start)[0] if args.week else None,
        project_id=find_project(uow, actor.org, args.project).id if getattr(args, "project", None) else None,
    )


def _row_data(row: QueuedTimesheet) -> dict:
    return {
        "id": row.timesheet_id,
        "user": row.user_email,
        "name": row.user_name,
        "team": row.team,
        "week": str(row.week),
        "week_start": row.week_start,
        "billable": row.billable,
        "non_billable": row.non_billable,
        "attendance": row.attendance,
        "submitted_at": row.submitted_at,
    }


@reading
def approvals_list(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    query = _query(uow, actor, args)
    rows: list[QueuedTimesheet] = []
    while page := approvals.queue(uow, actor, query, rows[-1] if rows else None):
        rows += page
    cells = [
        [
            f"{r.user_name} <{r.user_email}>",
            r.team or "",
            str(r.week),
            str(r.billable),
            str(r.non_billable),
            str(r.attendance),
            local_label(r.submitted_at, actor.tz),
        ]
        for r in rows
    ]
    headers = ["User", "Team", "Week", "Billable", "Non-billable", "Attendance", "Submitted at"]
    lines = (
        [*table(headers, cells, right={3, 4, 5}), _waiting(len(rows))]
        if rows
        else ["No submitted timesheets wait for your approval."]
    )
    return Output([_row_data(r) for r in rows], lines)


def _waiting(count: int) -> str:
    return "1 timesheet waits for approval." if count == 1 else f"{count} timesheets wait for approval."


def _week(args: argparse.Namespace) -> Week:
    return parse_week(args.week)


def _decided(uow: UnitOfWork, actor: Actor, sheet: Timesheet, email: str) -> Output:
    week = Week.containing(sheet.week_start, actor.org.week_start)
    owner = user_by_email(uow, actor.org, email)
    line = f"{PAST[sheet.status]} {owner.name}'s week {week}."
    return Output(_sheet_data(sheet, owner.email, week), [line])


@writing()
def approve(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    if args.all == bool(args.email):
        raise refuse("email_or_all", "Give either a user's email or --all.")
    if args.all:
        query = QueueQuery(team=args.team, week_start=_week(args).days(actor.org.week_start)[0])
        return _bulk(approvals.approve_all(uow, actor, query), _week(args))
    sheet = approvals.find_timesheet(uow, actor, args.email, _week(args))
    return _decided(uow, actor, approvals.approve(uow, actor, sheet.id), args.email)


def _bulk(report: approvals.BulkReport, week: Week) -> Output:
    lines = [f"Approved {o.user_name} <{o.user_email}>." for o in report.approved]
    lines += [f"Not approved: {o.user_name} <{o.user_email}>: {o.message}" for o in report.failed]
    lines.append(
        f"Approved {len(report.approved)} of {len(report.outcomes)} waiting for week {week}."
        if report.outcomes
        else f"No submitted timesheets of week {week} wait for your approval."
    )
    data = {
        "week": str(week),
        "approved": [{"id": o.timesheet_id, "user": o.user_email} for o in report.approved],
        "failed": [
            {
                "id": o.timesheet_id,
                "user": o.user_email,
                "problems": [{"code": p.code, "message": p.message} for p in o.problems],
            }
            for o in report.failed
        ],
    }
    return Output(data, lines, refused=bool(report.failed))


@writing()
def reject(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    sheet = approvals.find_timesheet(uow, actor, args.email, _week(args))
    return _decided(uow, actor, approvals.reject(uow, actor, sheet.id, args.reason), args.email)


@writing()
def reopen(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    sheet = approvals.find_timesheet(uow, actor, args.email, _week(args))
    return _decided(uow, actor, approvals.reopen(uow, actor, sheet.id, args.reason), args.email)


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    def add(name: str, handler, help_text: str, parent=commands) -> argparse.ArgumentParser:  # type: ignore[no-untyped-def]
        parser = parent.add_parser(name, help=help_text, description=help_text, parents=[common])
        parser.set_defaults(handler=handler)
        return parser

    week_help = "ISO week such as 2026-W47"
    p = add("submit", submit, "submit a week of your time for approval (default: this week)")
    p.add_argument("--week", help=week_help)

    queue = commands.add_parser("approvals", help="the approval queue").add_subparsers(required=True, metavar="ACTION")
    p = add("list", approvals_list, "submitted timesheets waiting for you, oldest week first", queue)
    p.add_argument("--team")
    p.add_argument("--week", help=week_help)
    p.add_argument("--user", metavar="EMAIL")
    p.add_argument("--project", metavar="CODE")

    p = add("approve", approve, "approve a user's submitted week, or --all of a week")
    p.add_argument("email", nargs="?", metavar="EMAIL")
    p.add_argument("--all", action="store_true", help="every timesheet of the week waiting for you")
    p.add_argument("--team", help="with --all: only this team")
    p.add_argument("--week", required=True, help=week_help)
    for name, handler, help_text in (
        ("reject", reject, "send a submitted week back, with the reason"),
        ("reopen", reopen, "open an approved week again, with the reason"),
    ):
        p = add(name, handler, help_text)
        p.add_argument("email", metavar="EMAIL")
        p.add_argument("--week", required=True, help=week_help)
        p.add_argument("--reason", required=True)
