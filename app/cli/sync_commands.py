"""`timeledger sync`: link this desktop to the team server, run a round, see the status, settle problems."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable

from app.cli.output import Output, one_line, table
from app.services.ports import Workspace
from app.services.sync_status import SyncPasswordNeeded, SyncProblem, SyncReport, SyncStatus


def _ask_password(needed: SyncPasswordNeeded, args: argparse.Namespace) -> str:
    """The password from stdin (--password-stdin), or asked at the terminal; refused when neither can be."""
    if getattr(args, "password_stdin", False):
        return sys.stdin.readline().rstrip("\n")
    if not sys.stdin.isatty():
        raise needed
    if needed.why:
        print(f"note: {needed.why}.", file=sys.stderr)
    return getpass.getpass(f"{needed} Password: ")


def _with_password(args: argparse.Namespace, action: Callable[[str | None], SyncReport]) -> SyncReport:
    """The action, asked again with a password when the server wants one."""
    try:
        return action(None)
    except SyncPasswordNeeded as needed:
        return action(_ask_password(needed, args))


def _report(report: SyncReport) -> Output:
    data = {
        "pushed": report.pushed,
        "refused": report.refused,
        "conflicts": report.conflicts,
        "pulled": report.pulled,
    }
    output = Output(data, [report.describe()])
    if report.refused or report.conflicts:
        output.lines.append("See them with `timeledger sync problems`.")
    return output.warn([p for p in report.problems if p])


def setup(workspace: Workspace, args: argparse.Namespace) -> Output:
    sync = workspace.sync
    given = sys.stdin.readline().rstrip("\n") if args.password_stdin else None
    report = _with_password(args, lambda password: sync.setup(args.url, password if password is not None else given))
    output = _report(report)
    output.lines = [f"Sync is set up with {sync.status().server}; received {report.pulled} records."]
    return output


def run(workspace: Workspace, args: argparse.Namespace) -> Output:
    sync = workspace.sync

    def round_with(password: str | None) -> SyncReport:
        if password is not None:
            sync.set_session_password(password)
        return sync.run_once()

    return _report(_with_password(args, round_with))


def _status_data(status: SyncStatus) -> dict:
    return {
        "state": status.state.value,
        "pending": status.pending,
        "conflicts": status.conflicts,
        "rejected": status.rejected,
        "last_sync": status.last_sync,
        "server": status.server,
        "message": status.message,
    }


def show_status(workspace: Workspace, args: argparse.Namespace) -> Output:
    status = workspace.sync.status()
    lines = [status.summary + "."]
    if status.server:
        lines.append(f"Server: {status.server}")
    if status.last_sync:
        lines.append(f"Last sync: {status.last_sync:%Y-%m-%d %H:%M} UTC")
    if status.message:
        lines.append(f"Last failure: {status.message}")
    return Output(_status_data(status), lines)


def _value(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return one_line(str(value), 40)


def _problem_data(problem: SyncProblem) -> dict:
    return {
        "id": problem.id,
        "kind": problem.kind,
        "about": problem.label,
        "field": problem.field,
        "mine": problem.mine,
        "server": problem.server,
        "reason": problem.reason,
        "at": problem.at,
    }


def problems(workspace: Workspace, args: argparse.Namespace) -> Output:
    sync = workspace.sync
    chosen = args.keep_mine if args.keep_mine is not None else args.take_server
    if chosen is not None:
        sync.resolve(chosen, keep_mine=args.keep_mine is not None)
        kept = "your value is sent again" if args.keep_mine is not None else "the server's version stays"
        return Output({"resolved": chosen}, [f"Problem {chosen} settled: {kept}."])
    found = sync.problems()
    if not found:
        return Output([], ["No sync problems."])
    rows = [
        (
            str(p.id),
            p.kind,
            one_line(p.label, 40),
            p.field or "",
            _value(p.mine) if p.kind == "conflict" else "",
            _value(p.server) if p.kind == "conflict" else "",
            one_line(p.reason, 60),
        )
        for p in found
    ]
    lines = table(("Id", "Kind", "About", "Field", "Yours", "Server's", "Why"), rows)
    lines.append("Settle one with `timeledger sync problems --keep-mine ID` or `--take-server ID`.")
    return Output([_problem_data(p) for p in found], lines)


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    group = commands.add_parser(
        "sync", help="sync with the team server (one round; or setup/status/problems)", parents=[common]
    )
    group.set_defaults(handler=run)
    group.add_argument("--password-stdin", action="store_true", help="read the password from stdin if asked")
    actions = group.add_subparsers(metavar="ACTION")
    p = actions.add_parser("setup", help="link this desktop to the team server", parents=[common])
    p.set_defaults(handler=setup, creates_database=True)
    p.add_argument("--url", required=True, help="postgresql://you@host/database")
    p.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    p = actions.add_parser("status", help="synced, pending, offline or needing attention", parents=[common])
    p.set_defaults(handler=show_status)
    p = actions.add_parser("problems", help="conflicts and refused changes; settle one", parents=[common])
    p.set_defaults(handler=problems)
    choice = p.add_mutually_exclusive_group()
    choice.add_argument("--keep-mine", type=int, metavar="ID", help="keep your value (sent to the server again)")
    choice.add_argument("--take-server", type=int, metavar="ID", help="keep the server's value")
