"""Commands an admin runs once for the team server: create its schema, let people in, and let them go."""

from __future__ import annotations

import argparse
import sys

from app.cli.output import Output, table
from app.ledger import Ledger
from app.sync.server import init_server, remembered_url
from app.sync.server_connection import ServerRefused
from app.sync.server_logins import ServerUser, add_user, login_lines, remove_user, server_users


def _url(ledger: Ledger, args: argparse.Namespace) -> str:
    url = args.url or remembered_url(ledger)
    if not url:
        raise ServerRefused(
            "Which server? Give its address with --url postgresql://USER@HOST/DATABASE "
            "(this desktop remembers it after `timeledger server init`)."
        )
    return url


def _password(args: argparse.Namespace) -> str | None:
    if not args.password_stdin:
        return None
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise ServerRefused("--password-stdin was given but stdin held no password; pipe one in, or leave it out.")
    return password


def _data(user: ServerUser) -> dict:
    data = {"email": user.email, "name": user.name, "login": user.login, "role": user.role, "team": user.team}
    data["active"] = user.active
    if user.password:
        data["password"] = user.password
    return data


def init(ledger: Ledger, args: argparse.Namespace) -> Output:
    report = init_server(args.url, ledger, login=args.login, password=_password(args))
    data = {
        "server": report.server,
        "organisation": report.org_name,
        "revision_before": report.revision_before,
        "uploaded": report.uploaded,
        "kept": report.kept,
        "admin": _data(report.admin) if report.admin else None,
    }
    return Output(data, report.lines())


def add(ledger: Ledger, args: argparse.Namespace) -> Output:
    user = add_user(_url(ledger, args), args.email, args.role, args.team, login=args.login, password=_password(args))
    return Output(_data(user), login_lines(user))


def remove(ledger: Ledger, args: argparse.Namespace) -> Output:
    user = remove_user(_url(ledger, args), args.email)
    return Output(_data(user), login_lines(user))


def listing(ledger: Ledger, args: argparse.Namespace) -> Output:
    people = server_users(_url(ledger, args))
    rows = [(u.login, u.email, u.role, u.team or "", "yes" if u.active else "removed") for u in people]
    lines = table(("Login", "Email", "Role", "Team", "Active"), rows) if rows else ["Nobody has a login yet."]
    return Output([_data(u) for u in people], lines)


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    group = commands.add_parser("server", help="set up the team's PostgreSQL server (admins)")
    actions = group.add_subparsers(required=True, metavar="ACTION")
    url_help = "postgresql://USER@HOST:PORT/DATABASE (default: the server this desktop set up)"

    p = actions.add_parser(
        "init", help="create or upgrade the team schema and upload this organisation", parents=[common]
    )
    p.set_defaults(handler=init)
    p.add_argument("--url", required=True, help="postgresql://USER@HOST:PORT/DATABASE, as a superuser")
    p.add_argument("--login", help="your login role's name (default: your email before the @)")
    p.add_argument("--password-stdin", action="store_true", help="read your login's password from stdin")

    p = actions.add_parser("add-user", help="give a person a login role on the server", parents=[common])
    p.set_defaults(handler=add)
    p.add_argument("email")
    p.add_argument("--role", required=True, choices=("consultant", "manager", "admin"))
    p.add_argument("--team")
    p.add_argument("--login", help="the login role's name (default: the email before the @)")
    p.add_argument("--password-stdin", action="store_true", help="read the password from stdin (default: made up)")
    p.add_argument("--url", help=url_help)

    p = actions.add_parser("remove-user", help="stop a person signing in (their data stays)", parents=[common])
    p.set_defaults(handler=remove)
    p.add_argument("email")
    p.add_argument("--url", help=url_help)

    p = actions.add_parser("users", help="everyone with a login on the server", parents=[common])
    p.set_defaults(handler=listing)
    p.add_argument("--url", help=url_help)
