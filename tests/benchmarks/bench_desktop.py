"""The desktop app with a million entries: cold start, resident memory on the Task log, opening two sections.

- Cold start: `main.py --db COPY --quit-after-shown` from process start to the main window's first paint,
  against a bare PySide6 QMainWindow timed to the same event (tests/benchmarks/desktop_probe.py `shown`);
  both as fresh subprocesses, interleaved, median of BENCH_STARTS runs each (default 5, after one warm-up).
  Target: at most twice the bare window.
- Memory: the app started on the copy and switched to the Task log, VmRSS once its first page is in,
  against the bare window's. Target: at most 200 MB.
- Opening the Timesheet (week grid) and the Task log in this process: constructing the section by its
  name in MainWindow's SECTIONS and showing it, until its first data is in (its `loaded` signal, or its
  list model's `page_loaded`; for a section with neither, the task runner going idle). Raw baseline: the
  SELECT of the same rows with sqlite3. Target: at most 100 ms each.

Every run works on its own copy of the cached ledger (migrated once before anything is timed); the
cache itself is never opened by the app.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from tests.benchmarks import raw
from tests.benchmarks.bench_week import SELECT_WEEK
from tests.benchmarks.cache import copy_database, open_at_now, say
from tests.benchmarks.generate import NOW
from tests.benchmarks.measure import Result, median_ms, timed

ROOT = Path(__file__).resolve().parents[2]
START_RATIO = 2.0
MOST_MB = 200.0
OPEN_MOST_MS = 100.0
OPENS = 10
WARM_UP = 2
GIVE_UP_S = 20.0
SUBPROCESS_S = 180
FIRST_PAGE = (
    "SELECT e.id, e.version, e.user_id, u.name, e.project_id, e.task_id, p.code, t.name, c.name, e.work_date, "
    "e.started_at, e.ended_at, e.duration_seconds, e.note, e.billable, e.status, e.rate_minor, e.rate_currency "
    "FROM task_log_entries e JOIN projects p ON p.id = e.project_id JOIN tasks t ON t.id = e.task_id "
    "JOIN clients c ON c.id = p.client_id JOIN users u ON u.id = e.user_id "
    "WHERE e.org_id = ? AND e.user_id = ? AND e.deleted_at IS NULL "
    "ORDER BY e.work_date DESC, e.started_at DESC, e.id DESC LIMIT 200"
)  # the Task log opens on the signed-in user's own entries, newest first, 200 to a page


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "TIMELEDGER_DB"}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def subprocess_output(args: list[str]) -> str:
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=environment(), capture_output=True, text=True, timeout=SUBPROCESS_S
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
    return done.stdout


def last_value(output: str, key: str) -> float:
    values = [line.split()[1] for line in output.splitlines() if line.startswith(f"{key} ")]
    if not values:
        raise RuntimeError(f"no '{key} ...' line in:\n{output}")
    return float(values[-1])


def seconds_to(args: list[str], *moments: str) -> list[float]:
    """Seconds from process start to each printed moment (`shown`, `ready`)."""
    started = time.monotonic()
    output = subprocess_output(args)
    return [last_value(output, moment) - started for moment in moments]


def cold_start(db: Path, runs: int, entries: int) -> list[Result]:
    """The window's first paint (the target), and when the desk is filled in behind it (reported too)."""
    app = ["main.py", "--db", str(db), "--quit-after-shown"]
    bare = ["-m", "tests.benchmarks.desktop_probe", "shown"]
    seconds_to(app, "shown"), seconds_to(bare, "shown")  # warm the disk cache and the bytecode
    shown_s, ready_s, bare_s = [], [], []
    for _ in range(runs):
        shown, ready = seconds_to(app, "shown", "ready")
        shown_s.append(shown)
        ready_s.append(ready)
        bare_s.extend(seconds_to(bare, "shown"))
    value, baseline, ready = median_ms(shown_s), median_ms(bare_s), median_ms(ready_s)
    ratio = value / baseline
    return [
        Result(
            f"cold start to main window shown (median of {runs}), {entries:,} entries",
            value,
            "ms",
            baseline,
            ratio,
            f"ratio <= {START_RATIO:g}",
            ratio <= START_RATIO,
        ),
        Result(
            f"cold start to the desk filled in (median of {runs}), {entries:,} entries",
            ready,
            "ms",
            baseline,
            ready / baseline,
            "reported",
            True,
        ),
    ]


def resident_memory(db: Path, entries: int) -> Result:
    app_mb = last_value(subprocess_output(["-m", "tests.benchmarks.desktop_probe", "memory-app", str(db)]), "rss_kb")
    bare_mb = last_value(subprocess_output(["-m", "tests.benchmarks.desktop_probe", "memory-bare"]), "rss_kb")
    value, baseline = app_mb / 1024, bare_mb / 1024
    name = f"resident memory on the Task log, {entries:,} entries"
    return Result(name, value, "MB", baseline, value / baseline, f"<= {MOST_MB:g} MB", value <= MOST_MB)


def ready_signal(view):  # type: ignore[no-untyped-def]
    """What a section emits when its first data is on screen: its own `loaded`, else its list's `page_loaded`."""
    from PySide6.QtWidgets import QAbstractItemView

    signal = getattr(view, "loaded", None)
    for table in view.findChildren(QAbstractItemView) if signal is None else ():
        signal = signal or getattr(table.model(), "page_loaded", None)
    return signal


def open_until_shown(make: Callable[[object], object], ctx, app) -> float:  # type: ignore[no-untyped-def]
    """Seconds from constructing a section to its first data on screen; the view is thrown away after."""
    started = time.perf_counter()
    view = make(ctx)
    loaded: list[bool] = []
    signal = ready_signal(view)
    if signal is not None:
        signal.connect(lambda *_: loaded.append(True))
    view.show()  # type: ignore[attr-defined]
    while not (loaded if signal is not None else not ctx.runner.busy):
        app.processEvents()  # the load's answer arrives as a queued signal
        if time.perf_counter() - started > GIVE_UP_S:
            break
        time.sleep(0.0002)
    seconds = time.perf_counter() - started
    view.close()  # type: ignore[attr-defined]
    view.deleteLater()  # type: ignore[attr-defined]
    ctx.runner.wait()
    app.processEvents()
    return seconds


def quiet_offscreen(kind, context, message: str) -> None:  # type: ignore[no-untyped-def]
    """Drop the offscreen platform's notes on every top-level show; let everything else through."""
    if "This plugin does not support" not in message:
        print(message, file=sys.stderr)


def raw_samples(db: Path, sql: str, params: tuple[object, ...], count: int) -> list[float]:
    connection = raw.connect(db)
    try:
        return [timed(lambda: connection.execute(sql, params).fetchall()) for _ in range(count)]
    finally:
        connection.close()


def view_class(path: str):  # type: ignore[no-untyped-def]
    """The view class behind a MainWindow.SECTIONS entry ("module:Class")."""
    import importlib

    module, name = path.split(":")
    return getattr(importlib.import_module(module), name)


def open_sections(db: Path, entries: int) -> list[Result]:
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from app.services.identity import current_actor
    from app.ui.context import UiContext
    from app.ui.events import AppEvents
    from app.ui.main_window import SECTIONS
    from app.ui.task_runner import TaskRunner

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication([])
    qInstallMessageHandler(quiet_offscreen)
    ledger, _ = open_at_now(db)  # the benchmark's "now": the current week is full of entries
    ctx = UiContext(workspace=ledger, events=AppEvents(), runner=TaskRunner())
    with ledger.read() as uow:
        actor = current_actor(uow)
        org_id, user_id = actor.org.id.hex, actor.user.id.hex
    monday = NOW.date() - timedelta(days=NOW.date().weekday())  # the week the Timesheet opens on
    this_week = (user_id, monday.isoformat(), (monday + timedelta(days=6)).isoformat())
    baselines = {"Timesheet": (SELECT_WEEK, this_week), "Task log": (FIRST_PAGE, (org_id, user_id))}
    results = []
    try:
        sections = {title: view_class(path) for title, path in SECTIONS}
        for title, what in (("Timesheet", "the week grid"), ("Task log", "the Task log")):
            samples = [open_until_shown(sections[title], ctx, app) for _ in range(WARM_UP + OPENS)][WARM_UP:]
            sql, params = baselines[title]
            baseline = median_ms(raw_samples(db, sql, params, WARM_UP + OPENS)[WARM_UP:])
            value = median_ms(samples)
            name = f"opening {what} (median of {OPENS}, max {max(samples) * 1000:.0f} ms), {entries:,} entries"
            results.append(Result.latency(name, value, baseline, OPEN_MOST_MS))
    finally:
        ctx.runner.wait()
        ledger.close()
        qInstallMessageHandler(None)
    return results


def prepared_copy(cached: Path, workdir: Path) -> Path:
    """A private copy of the cached ledger, brought to this app's schema before anything is timed."""
    copy = workdir / "desktop.db"
    started = time.perf_counter()
    copy_database(cached, copy)
    ledger, _ = open_at_now(copy)
    ledger.close()
    say(f"copied and migrated the ledger for the desktop benchmarks in {time.perf_counter() - started:.1f} s")
    return copy


def measure(cached: Path, workdir: Path, entries: int) -> list[Result]:
    db = prepared_copy(cached, workdir)
    runs = int(os.environ.get("BENCH_STARTS", 5))
    results = [*cold_start(db, runs, entries), resident_memory(db, entries)]
    results += open_sections(db, entries)
    say("desktop: " + ", ".join(f"{r.name.split(' (')[0].split(',')[0]} {r.value:.0f} {r.unit}" for r in results))
    return results
