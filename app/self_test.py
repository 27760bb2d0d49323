"""`timeledger --self-test`: the installed app checks, in a throwaway folder, that everything it carries works.

Each check prints one line, `ok: ...` or `FAILED: ... (reason)`, and the run exits 1 when any failed. The
checks run in order on one temporary ledger: a new database brought to the schema by the Alembic
migrations, an organisation with a client and a project, time logged, an invoice finalised and rendered
to PDF, the keyring backend named, Qt started on a platform plugin, and that PDF opened in QtPdf.
A check that needs an earlier one's work fails with that reason when the earlier one did not get there.
A packaged build is tried with it (`make package-test`, the CI workflow): it goes through the same code
as the app (services, storage and Alembic, the PDF renderer, Qt), so a file the bundle lacks shows up as a
FAILED line with the error it caused.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from app import __version__
from app.domain.clock import FixedClock
from app.ledger import Ledger, open_ledger

# Monday 2 November 2026, 10:00 UTC: a fixed moment makes every run do the same work (same numbers, same day).
MOMENT = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)
ADMIN = "self-test@timeledger.invalid"
PROJECT = "SELF"
# The backend each platform's keyring brings; when it is missing, keyring's plugins were lost in packaging.
NATIVE_KEYRING = {"linux": "keyring.backends.SecretService", "darwin": "keyring.backends.macOS"}
NATIVE_KEYRING_WINDOWS = "keyring.backends.Windows"


class NotReached(Exception):
    """A check needs what an earlier, failed check would have made."""


@dataclass
class Workbench:
    """What the checks share: the temporary folder and what earlier checks made in it."""

    folder: Path
    ledger: Ledger | None = None
    pdf: Path | None = None
    invoice: str = ""
    qt_app: object | None = None  # kept alive until the run ends

    def opened(self) -> Ledger:
        if self.ledger is None:
            raise NotReached("no ledger: the migrations check failed")
        return self.ledger


Check = tuple[str, Callable[[Workbench], str]]


def migrations(bench: Workbench) -> str:
    from app.storage.migrate import HEAD_REVISION, at_head

    bench.ledger = open_ledger(bench.folder / "self-test.db", FixedClock(MOMENT))
    with bench.ledger.db.engine.connect() as connection:
        if not at_head(connection):
            raise RuntimeError(f"the new database is not at schema {HEAD_REVISION} after migrating")
    return f"new ledger migrated to schema {HEAD_REVISION}"


def organisation(bench: Workbench) -> str:
    from app.services import clients, projects, setup
    from app.services.identity import current_actor

    with bench.opened().work() as uow:
        setup.init_organisation(
            uow,
            org_name="Self-test Ltd",
            currency="EUR",
            user_name="Self Test",
            email=ADMIN,
            time_zone="Europe/Berlin",  # a named zone: the bundle's tzdata (Windows has no system zone database)
            default_rate="100",
        )
        admin = current_actor(uow)
        clients.add_client(uow, admin, name="Sample Client", email="ap@client.invalid", rate="120")
        projects.add_project(uow, admin, client="Sample Client", name="Self-test", code=PROJECT, status="active")
        projects.assign(uow, admin, ADMIN, PROJECT)
        uow.commit()
    return f"organisation, client and project {PROJECT} set up"


def time_entry(bench: Workbench) -> str:
    from app.services import task_log
    from app.services.identity import current_actor

    with bench.opened().work() as uow:
        admin = current_actor(uow)
        entry = task_log.log_entry(uow, admin, PROJECT, day=admin.today(uow.clock), hours="1:30", note="Self-test")
        uow.commit()
    return f"{entry.duration.format_hm()} h logged on {PROJECT} on {entry.work_date}"


def invoice_pdf(bench: Workbench) -> str:
    from app.documents.pdf import render_pdf
    from app.services import invoice_drafts, invoice_issue, invoice_views
    from app.services.clients import find_client
    from app.services.identity import current_actor

    with bench.opened().work() as uow:
        admin = current_actor(uow)
        draft = invoice_drafts.new_draft(uow, admin, find_client(uow, admin.org, "Sample Client"))
        invoice_drafts.add_line(uow, admin, draft, description="Self-test work", quantity="1.5", unit_price="120")
        issued = invoice_issue.finalise(uow, admin, draft)
        printable = invoice_views.printable(uow, admin, issued)
        uow.commit()
    pdf = render_pdf(printable)
    if not pdf.startswith(b"%PDF"):
        raise RuntimeError(f"the rendered invoice starts with {pdf[:8]!r}, not %PDF")
    bench.pdf = bench.folder / "invoice.pdf"
    bench.pdf.write_bytes(pdf)
    bench.invoice = str(issued.number)
    return f"invoice {issued.number} rendered to PDF ({len(pdf):,} bytes)"


def postgres_driver(bench: Workbench) -> str:
    """psycopg and its libpq, which sync with the team server needs (no server is contacted)."""
    import psycopg

    return f"psycopg {psycopg.__version__} ({psycopg.pq.__impl__} implementation, libpq {psycopg.pq.version()})"


def keyring_backend(bench: Workbench) -> str:
    import keyring

    backend = keyring.get_keyring()  # loads keyring's backends through their entry points
    native = NATIVE_KEYRING_WINDOWS if sys.platform == "win32" else NATIVE_KEYRING.get(sys.platform)
    if native is not None and native not in sys.modules:
        raise RuntimeError(f"keyring did not load {native}: its backends were lost (entry points not bundled?)")
    name = f"{type(backend).__module__}.{type(backend).__qualname__}"
    if name.startswith(("keyring.backends.fail.", "keyring.backends.null.")):
        # Packaged right, but no keyring service answers here (a headless machine, no D-Bus session).
        bundled = f" ({native} is loaded)" if native else ""
        return f"keyring backend {name}: no keyring service answers here{bundled}"
    return f"keyring backend {name} ({backend.name})"


def platform_plugins() -> list[str]:
    """The Qt platform plugins found on Qt's plugin paths, by the name QT_QPA_PLATFORM takes (xcb, offscreen...)."""
    from PySide6.QtCore import QCoreApplication

    names = set()
    for folder in QCoreApplication.libraryPaths():
        for plugin in (Path(folder) / "platforms").glob("*"):
            if plugin.suffix in (".so", ".dll", ".dylib"):
                names.add(plugin.stem.removeprefix("lib").removeprefix("q"))  # libqxcb.so, qwindows.dll
    return sorted(names)


def qt_platform(bench: Workbench) -> str:
    from PySide6.QtCore import qVersion
    from PySide6.QtGui import QGuiApplication

    available = platform_plugins()
    wanted = os.environ.get("QT_QPA_PLATFORM") or "offscreen"
    # QT_QPA_PLATFORM may list fallbacks ("wayland;xcb") and options ("offscreen:size=..."); Qt aborts the
    # process when none loads, so a missing plugin is reported here before Qt is asked.
    names = [choice.split(":")[0] for choice in wanted.split(";") if choice]
    if not any(name == plugin or name.startswith(plugin + "-") for name in names for plugin in available):
        raise RuntimeError(f"no Qt platform plugin {wanted!r}; available: {', '.join(available) or 'none'}")
    arguments = [sys.argv[0]] if os.environ.get("QT_QPA_PLATFORM") else [sys.argv[0], "-platform", wanted]
    bench.qt_app = QGuiApplication.instance() or QGuiApplication(arguments)
    return f"Qt {qVersion()} on platform {QGuiApplication.platformName()} (available: {', '.join(available)})"


def qt_pdf(bench: Workbench) -> str:
    """The invoice preview's engine (QtPdf) opens and draws the PDF rendered above."""
    from PySide6.QtCore import QSize
    from PySide6.QtPdf import QPdfDocument

    if bench.qt_app is None:
        raise NotReached("no Qt application: the Qt platform check failed")
    if bench.pdf is None:
        raise NotReached("no invoice PDF to open: the invoice check failed")
    document = QPdfDocument()
    try:
        if document.load(str(bench.pdf)) != QPdfDocument.Error.None_ or document.pageCount() < 1:
            raise RuntimeError(f"QtPdf could not open the invoice ({document.error().name})")
        if document.render(0, QSize(120, 170)).isNull():
            raise RuntimeError("QtPdf could not draw the invoice's first page")
        pages = document.pageCount()
        return f"QtPdf opened invoice {bench.invoice} ({pages} page{'s' if pages > 1 else ''}) and drew it"
    finally:
        document.close()


CHECKS: Sequence[Check] = (
    ("migrations", migrations),
    ("organisation", organisation),
    ("time entry", time_entry),
    ("invoice PDF", invoice_pdf),
    ("keyring", keyring_backend),
    ("postgres", postgres_driver),
    ("Qt platform", qt_platform),
    ("Qt PDF", qt_pdf),
)


def reason(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if isinstance(error, NotReached | RuntimeError) and text else f"{type(error).__name__}: {error}"


def run_checks(checks: Sequence[Check], bench: Workbench, out: TextIO) -> bool:
    """Every check runs, whatever the ones before it did; True when all passed."""
    passed = True
    for name, check in checks:
        try:
            found = check(bench)
        except Exception as error:  # a self-test reports every failure instead of stopping at the first
            print(f"FAILED: {name} ({reason(error)})", file=out, flush=True)
            passed = False
        else:
            print(f"ok: {name}: {found}", file=out, flush=True)
    return passed


def self_test(checks: Sequence[Check] = CHECKS, out: TextIO | None = None) -> int:
    """Run the checks in a temporary folder (removed afterwards); the exit code: 0 all passed, 1 otherwise."""
    out = out or sys.stdout
    where = getattr(sys, "_MEIPASS", None)
    print(f"Timeledger {__version__} self-test ({'bundle ' + where if where else 'from source'})", file=out)
    with tempfile.TemporaryDirectory(prefix="timeledger-self-test-", ignore_cleanup_errors=True) as folder:
        bench = Workbench(Path(folder))
        try:
            passed = run_checks(checks, bench, out)
        finally:
            if bench.ledger is not None:
                bench.ledger.close()
    print("self-test passed" if passed else "self-test FAILED", file=out, flush=True)
    return 0 if passed else 1
