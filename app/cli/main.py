"""The `timeledger` command: global options, sub-commands, exit codes."""

from __future__ import annotations

import argparse
import json
import sys

from app import __version__
from app.cli import (
    approval_commands,
    blocked_commands,
    invoice_commands,
    milestone_commands,
    organisation_commands,
    quote_commands,
    server_commands,
    setup_commands,
    sync_commands,
    template_commands,
    time_commands,
)
from app.data_location import database_path
from app.domain.errors import RuleViolation, TimeledgerError
from app.ledger import open_ledger

EXIT_OK, EXIT_USAGE, EXIT_REFUSED = 0, 2, 3


class SelfTest(argparse.Action):
    """`--self-test`, like `--version`: runs at once (no command needed) and exits with its result."""

    def __call__(self, parser, namespace, values, option_string=None):  # type: ignore[no-untyped-def]
        from app.self_test import self_test

        parser.exit(self_test())


def build_parser() -> argparse.ArgumentParser:
    # Global options work before or after the command; sub-parsers must not reset them.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, metavar="PATH", help="database file")
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print JSON")
    common.add_argument(
        "--as", dest="as_email", default=argparse.SUPPRESS, metavar="EMAIL", help="act as another local user"
    )
    parser = argparse.ArgumentParser(
        prog="timeledger",
        description="Track billable time and attendance.",
        parents=[common],
        epilog="Data lives in the platform data folder unless --db or TIMELEDGER_DB says otherwise.",
    )
    parser.add_argument("--version", action="version", version=f"timeledger {__version__}")
    parser.add_argument(
        "--self-test", action=SelfTest, nargs=0, help="check this installation in a temporary folder, then exit"
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    setup_commands.register(commands, common)
    time_commands.register(commands, common)
    approval_commands.register(commands, common)
    blocked_commands.register(commands, common)
    organisation_commands.register(commands, common)
    milestone_commands.register(commands, common)
    invoice_commands.register(commands, common)
    quote_commands.register(commands, common)
    server_commands.register(commands, common)
    sync_commands.register(commands, common)
    template_commands.register(commands, common)
    return parser


def report(error: TimeledgerError, as_json: bool) -> None:
    problems = error.problems if isinstance(error, RuleViolation) else ()
    messages = [p.message for p in problems] or [str(error)]
    for message in messages:
        print(f"error: {message}", file=sys.stderr)
    if as_json:
        detail = [{"code": p.code, "message": p.message, "field": p.field} for p in problems]
        json.dump({"error": {"message": " ".join(messages), "problems": detail}}, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")


# Not parser.set_defaults(): it would change the SUPPRESS default of the actions the sub-parsers share
# through parents=[common], and a sub-parser would then reset an option given before the command.
GLOBAL_DEFAULTS = {"db": None, "json": False, "as_email": None}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    for name, value in GLOBAL_DEFAULTS.items():
        if not hasattr(args, name):
            setattr(args, name, value)
    try:
        ledger = open_ledger(database_path(args.db), create=getattr(args, "creates_database", False))
        try:
            output = args.handler(ledger, args)
        finally:
            ledger.close()
    except TimeledgerError as error:
        report(error, args.json)
        return getattr(error, "exit_code", EXIT_REFUSED)
    try:
        output.emit(args.json)
    except BrokenPipeError:  # e.g. `timeledger log list | head`: the reader has all it wanted
        sys.stderr.close()
    return EXIT_REFUSED if output.refused else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
