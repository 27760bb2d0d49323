"""The composition root of the desktop app: the window paints first, then the ledger opens behind it."""

from __future__ import annotations

import argparse
import os
import sys
from contextlib import ExitStack

from app.data_location import database_path

NO_DISPLAY = (
    "Timeledger needs a display: run it in a desktop session, under Xvfb "
    "(xvfb-run python main.py), or headless with QT_QPA_PLATFORM=offscreen."
)


def has_display() -> bool:
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run(argv: list[str] | None = None) -> None:
    """Start the desktop app (the entry point of main.py)."""
    parser = argparse.ArgumentParser(prog="timeledger-desktop", description="Timeledger desktop app")
    parser.add_argument("--db", help="database file (default: TIMELEDGER_DB or the platform data folder)")
    parser.add_argument(
        "--demo", action="store_true", help="try the app on a new demo database in a temporary folder (yours untouched)"
    )
    parser.add_argument("--quit-after-shown", action="store_true", help=argparse.SUPPRESS)  # see app/ui/first_paint.py
    args = parser.parse_args(argv)
    if args.demo and args.db:
        parser.error("--demo makes its own database; leave out --db")
    if args.quit_after_shown and not (args.demo or args.db):
        parser.error("--quit-after-shown needs --demo or --db (it is for tests, never on your usual database)")
    if not has_display():
        print(NO_DISPLAY, file=sys.stderr)
        raise SystemExit(1)
    from app.ui.application import application, start

    if args.quit_after_shown:
        from app.ui.first_paint import QuitAfterFirstPaint

        probe = QuitAfterFirstPaint(application())  # noqa: F841 (kept alive while the app runs)
    with ExitStack() as opened:

        def open_workspace():  # type: ignore[no-untyped-def]
            if args.demo:
                from app.demo_ledger import demo_ledger

                return opened.enter_context(demo_ledger())
            from app.ledger import open_ledger

            ledger = open_ledger(database_path(args.db))
            opened.callback(ledger.close)
            return ledger

        # A demo has a database of its own, so it takes no part in single-instance.
        key = None if args.demo else str(database_path(args.db))
        raise SystemExit(start(open_workspace, instance_key=key))
