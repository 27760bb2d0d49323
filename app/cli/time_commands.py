"""Commands for time: the timer, the task log and the attendance register."""

from __future__ import annotations

import argparse
from datetime import datetime

from app.cli.output import Output, money_text, one_line, table
from app.cli.runner import reading, writing
from app.domain.calendar import Week, at_local, local_label, parse_clock_time, parse_date, parse_week
from app.domain.duration import Duration
from app.domain.errors import refuse
from app.domain.task_log import TaskLogEntry
from app.services import attendance, task_log, timer
from app.services.billable_checks import warnings_after
from app.services.identity import Actor
from app.services.ports import UnitOfWork
from app.services.task_log import EntryView
from app.services.work_labels import WorkLabels, WorkRef

TIMER_TOO_SHORT_LINE = "The timer ran for less than a second; nothing was logged."


def entry_data(entry: TaskLogEntry, work: WorkRef) -> dict:
    return {
        "id": entry.id,
        "date": entry.work_date,
        "start": entry.started_at,
        "end": entry.ended_at,
        "duration": entry.duration,
        "project": work.project.code,
        "task": work.task.name,
        "client": work.client.name,
        "note": entry.note,
        "billable": entry.billable,
        "status": entry.status.value,
        "rate": entry.rate,
        "amount": entry.amount,
    }


def _span(entry: TaskLogEntry, tz: str) -> str:
    if entry.started_at is None or entry.ended_at is None:
        return ""
    return f"{local_label(entry.started_at, tz, entry.work_date)}–{local_label(entry.ended_at, tz, entry.work_date)}"


def _logged(entry: TaskLogEntry, work: WorkRef, tz: str) -> str:
    span = _span(entry, tz)
    return f"Logged {entry.duration} on {work.label} on {entry.work_date}" + (f" ({span})" if span else "") + "."


@writing()
def start(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    run = timer.start(uow, actor, args.work, note=args.note or "")
    since = local_label(run.timer.started_at, actor.tz, actor.today(uow.clock))
    output = Output(
        {
            "running": True,
            "project": run.work.project.code,
            "task": run.work.task.name,
            "started_at": run.timer.started_at,
            "billable": run.timer.billable,
        },
        [f"Started {run.work.label} at {since}."],
    )
    return output.warn(warnings_after(uow, actor, run.timer))


def _moment(text: str, actor: Actor, uow: UnitOfWork) -> datetime:
    """ "HH:MM" today, or "YYYY-MM-DD HH:MM", in the organisation's time zone."""
    day_text, _, time_text = text.strip().rpartition(" ")
    day = parse_date(day_text.strip(), field="at") if day_text.strip() else actor.today(uow.clock)
    return at_local(day, parse_clock_time(time_text, field="at"), actor.tz)


@writing()
def stop(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    if args.at:
        entry = timer.stop_at(uow, actor, _moment(args.at, actor, uow), non_billable=args.non_billable)
    else:
        entry = timer.stop(uow, actor, non_billable=args.non_billable)
    if entry is None:
        return Output(None, [TIMER_TOO_SHORT_LINE])
    work = WorkLabels(uow).ref(entry.project_id, entry.task_id)
    return Output(entry_data(entry, work), [_logged(entry, work, actor.tz)]).warn(warnings_after(uow, actor, entry))


@writing()
def switch(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    entry, run = timer.switch(uow, actor, args.work, note=args.note or "")
    started = {"project": run.work.project.code, "task": run.work.task.name, "started_at": run.timer.started_at}
    if entry is None:  # the previous timer ran for less than a second: nothing was logged
        output = Output({"stopped": None, "started": started}, [TIMER_TOO_SHORT_LINE, f"Started {run.work.label}."])
    else:
        stopped = WorkLabels(uow).ref(entry.project_id, entry.task_id)
        output = Output(
            {"stopped": entry_data(entry, stopped), "started": started},
            [_logged(entry, stopped, actor.tz), f"Started {run.work.label}."],
        )
    return output.warn(warnings_after(uow, actor, entry, run.timer))


@reading
def status(uow: UnitOfWork, actor: Actor, _args: argparse.Namespace) -> Output:
    now = uow.clock.now()
    today = actor.today(uow.clock)
    run = timer.running(uow, actor)
    logged = sum((v.entry.duration for v in task_log.entries_between(uow, actor, today, today)), Duration.ZERO)
    day = attendance.week_summary(uow, actor, Week.containing(today, actor.org.week_start))
    present = next(d for d in day.days if d.day == today)
    open_session = uow.attendance.open_session(actor.user.id)
    lines = [f"{actor.user.name} <{actor.user.email}> — {actor.org.name}"]
    if run is None:
        lines.append("No timer running.")
    else:
        lines.append(
            f"Running: {run.work.label} since {local_label(run.timer.started_at, actor.tz, today)} "
            f"({run.elapsed(now)})" + (f" — {one_line(run.timer.note)}" if run.timer.note else "")
        )
    lines.append(f"Logged today: {logged}")
    lines.append(
        f"Attendance today: {present.net} net ({present.breaks} breaks)"
        + (" — clocked in" if open_session else " — clocked out")
    )
    return Output(
        {
            "user": actor.user.email,
            "running": None
            if run is None
            else {
                "project": run.work.project.code,
                "task": run.work.task.name,
                "started_at": run.timer.started_at,
                "elapsed": run.elapsed(now),
                "note": run.timer.note,
            },
            "logged_today": logged,
            "clocked_in": open_session is not None,
            "attended_today": present.net,
        },
        lines,
    )


@writing()
def log_add(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    day = parse_date(args.date) if args.date else actor.today(uow.clock)
    entry = task_log.log_entry(
        uow,
        actor,
        args.work,
        day=day,
        hours=args.hours,
        start=args.start,
        end=args.end,
        note=args.note or "",
        billable=not args.non_billable,
        cap_override_reason=args.override_reason,
    )
    work = WorkLabels(uow).ref(entry.project_id, entry.task_id)
    return Output(entry_data(entry, work), [_logged(entry, work, actor.tz)]).warn(warnings_after(uow, actor, entry))


def _range(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> tuple:
    if args.week and (args.first or args.last):
        raise refuse("week_or_range", "Give either --week or --from/--to, not both.")
    if args.first or args.last:
        if not (args.first and args.last):
            raise refuse("range_incomplete", "Give both --from and --to.")
        return parse_date(args.first, field="from"), parse_date(args.last, field="to")
    week = parse_week(args.week) if args.week else Week.containing(actor.today(uow.clock), actor.org.week_start)
    days = week.days(actor.org.week_start)
    return days[0], days[-1]


@reading
def log_list(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    first, last = _range(uow, actor, args)
    views: list[EntryView] = task_log.entries_between(uow, actor, first, last, args.user)
    total = sum((v.entry.duration for v in views), Duration.ZERO)
    rows = [
        [
            str(v.entry.work_date),
            _span(v.entry, actor.tz),
            v.work.label,
            str(v.entry.duration),
            "yes" if v.entry.billable else "no",
            v.entry.status.value,
            money_text(v.entry.amount),
            one_line(v.entry.note, 40),
        ]
        for v in views
    ]
    lines = (
        [
            *table(["Date", "Time", "Work", "Hours", "Billable", "Status", "Amount", "Note"], rows, right={3, 6}),
            f"Total: {total} over {len(views)} entries from {first} to {last}.",
        ]
        if rows
        else [f"No entries from {first} to {last}."]
    )
    return Output(
        {"from": first, "to": last, "total": total, "entries": [entry_data(v.entry, v.work) for v in views]},
        lines,
    )


def _attendance_change(action, verb: str):  # type: ignore[no-untyped-def]
    @writing()
    def run(uow: UnitOfWork, actor: Actor, _args: argparse.Namespace) -> Output:
        record = action(uow, actor)
        return Output(
            {"id": record.id, "action": verb, "at": uow.clock.now()},
            [f"{verb.capitalize()} at {local_label(uow.clock.now(), actor.tz, actor.today(uow.clock))}."],
        )

    return run


@reading
def attendance_week(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    week = parse_week(args.week) if args.week else Week.containing(actor.today(uow.clock), actor.org.week_start)
    totals = attendance.week_summary(uow, actor, week)
    rows = [[d.day.strftime("%a %Y-%m-%d"), str(d.present), str(d.breaks), str(d.net)] for d in totals.days]
    rows.append(["Week", str(totals.present), str(totals.breaks), str(totals.net)])
    lines = [
        f"Attendance {week} — {actor.user.name}",
        *table(["Day", "Present", "Breaks", "Net"], rows, right={1, 2, 3}),
        f"Contract {actor.user.weekly_hours}; overtime {totals.overtime}.",
    ]
    return Output(
        {
            "week": str(week),
            "days": [{"date": d.day, "present": d.present, "breaks": d.breaks, "net": d.net} for d in totals.days],
            "present": totals.present,
            "breaks": totals.breaks,
            "net": totals.net,
            "overtime": totals.overtime,
            "contract": actor.user.weekly_hours,
        },
        lines,
    )


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    def add(name: str, handler, help_text: str, parent=commands) -> argparse.ArgumentParser:  # type: ignore[no-untyped-def]
        parser = parent.add_parser(name, help=help_text, description=help_text, parents=[common])
        parser.set_defaults(handler=handler)
        return parser

    p = add("start", start, "start the timer on CODE or CODE/TASK")
    p.add_argument("work", metavar="CODE[/TASK]")
    p.add_argument("--note")
    p = add("stop", stop, "stop the timer and log its time")
    p.add_argument("--at", metavar="[DATE] HH:MM", help="when the work really ended (a timer left running)")
    p.add_argument(
        "--non-billable",
        dest="non_billable",
        action="store_true",
        help="log the run as internal time (when billable time is refused, e.g. past the daily cap)",
    )
    p = add("switch", switch, "stop the running timer and start another")
    p.add_argument("work", metavar="CODE[/TASK]")
    p.add_argument("--note")
    add("status", status, "what is running, today's totals")

    log = commands.add_parser("log", help="the task log").add_subparsers(required=True, metavar="ACTION")
    p = add("add", log_add, "log time by hand", log)
    p.add_argument("work", metavar="CODE[/TASK]")
    p.add_argument("--date", help="YYYY-MM-DD (default today)")
    p.add_argument("--hours", help="1:30, 1.5, 90m or 1h30m")
    p.add_argument("--from", dest="start", metavar="HH:MM")
    p.add_argument("--to", dest="end", metavar="HH:MM")
    p.add_argument("--note")
    p.add_argument("--non-billable", dest="non_billable", action="store_true")
    p.add_argument(
        "--override-reason",
        dest="override_reason",
        metavar="TEXT",
        help="managers and admins: why this day may hold more billable time than the productive day",
    )
    p = add("list", log_list, "list entries (default: this week)", log)
    p.add_argument("--week", help="ISO week such as 2026-W47")
    p.add_argument("--from", dest="first", metavar="DATE")
    p.add_argument("--to", dest="last", metavar="DATE")
    p.add_argument("--user", metavar="EMAIL")

    clock = commands.add_parser("clock", help="attendance: clock in or out").add_subparsers(
        required=True, metavar="ACTION"
    )
    add("in", _attendance_change(attendance.clock_in, "clocked in"), "clock in", clock)
    add("out", _attendance_change(attendance.clock_out, "clocked out"), "clock out", clock)
    pause = commands.add_parser("break", help="attendance: breaks").add_subparsers(required=True, metavar="ACTION")
    add("start", _attendance_change(attendance.start_break, "break started"), "start a break", pause)
    add("stop", _attendance_change(attendance.end_break, "break ended"), "end the break", pause)
    p = add("attendance", attendance_week, "attendance totals of a week")
    p.add_argument("--week", help="ISO week such as 2026-W47 (default this week)")
