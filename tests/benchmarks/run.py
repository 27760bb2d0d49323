"""`make bench`: build (or reuse) the realistic organisation, measure the app against raw sqlite3, report.

Environment:
  BENCH_ENTRIES     task-log entries to generate (default 1,000,000)
  BENCH_SEED        the generator's seed (default 7)
  BENCH_ITERATIONS  samples per latency benchmark (default 200)
  BENCH_ONLY        comma-separated subset of: load, timer, week, desktop, approvals, checks, invoicing, pdf,
                    einvoice, designer, sync (needs the PostgreSQL server of TIMELEDGER_PG_URL)
                    (default all)
  BENCH_STARTS      cold starts of the desktop app (and of a bare window) to take the median of (default 5)

The organisation and the loaded ledger are cached in .bench/ by size and seed; the bulk-load
measurement always loads fresh copies. Results go to .bench/results.json; the exit status is 1 when
a target is missed. Timings never run in `make test`.
"""

from __future__ import annotations

import gc
import os
import time

from tests.benchmarks import (
    bench_approvals,
    bench_checks,
    bench_designer,
    bench_desktop,
    bench_einvoice,
    bench_invoicing,
    bench_load,
    bench_pdf,
    bench_sync,
    bench_timer,
    bench_week,
)
from tests.benchmarks.cache import (
    BENCH_DIR,
    copy_database,
    keep_as,
    ledger_path,
    open_at_now,
    organisation,
    say,
    scratch_dir,
)
from tests.benchmarks.generate import DEFAULT_ENTRIES, DEFAULT_SEED, NOW, generate_entries
from tests.benchmarks.measure import Result, table, write_json
from tests.benchmarks.organisation import Size, staff

BENCHMARKS = (
    "load",
    "timer",
    "week",
    "desktop",
    "approvals",
    "checks",
    "invoicing",
    "pdf",
    "einvoice",
    "designer",
    "sync",
)
WITHOUT_LEDGER = {"pdf", "einvoice", "designer", "sync"}  # these build what they measure themselves


def settings() -> tuple[int, int, int, tuple[str, ...]]:
    entries = int(os.environ.get("BENCH_ENTRIES", DEFAULT_ENTRIES))
    seed = int(os.environ.get("BENCH_SEED", DEFAULT_SEED))
    iterations = int(os.environ.get("BENCH_ITERATIONS", 200))
    only = tuple(n.strip() for n in os.environ.get("BENCH_ONLY", ",".join(BENCHMARKS)).split(",") if n.strip())
    unknown = set(only) - set(BENCHMARKS)
    if unknown:
        raise SystemExit(f"BENCH_ONLY: unknown benchmark(s) {', '.join(sorted(unknown))}; use {', '.join(BENCHMARKS)}")
    return entries, seed, iterations, only


def ledger_benchmarks(count: int, seed: int, iterations: int, only: tuple[str, ...]) -> list[Result]:
    """The benchmarks on the (cached) million-entry ledger."""
    size = Size()
    org_db, the_plan = organisation(size, seed)
    ledger, _ = open_at_now(org_db)
    try:
        people = staff(ledger, the_plan, NOW.date())
    finally:
        ledger.close()
    cached = ledger_path(size, count, seed)
    results: list[Result] = []
    with scratch_dir() as workdir:
        if "load" in only or not cached.exists():
            started = time.perf_counter()
            entries = generate_entries(people, count, seed)
            say(f"generated {len(entries):,} entries in {time.perf_counter() - started:.1f} s")
            if "load" in only:
                result, loaded = bench_load.measure(org_db, entries, workdir)
                results.append(result)
            else:
                loaded = workdir / "load-app.db"
                copy_database(org_db, loaded)
                bench_load.load_with_app(loaded, entries)
            if not cached.exists():
                keep_as(loaded, cached)
                say(f"cached the loaded ledger: {cached}")
            del entries
            gc.collect()
        if "timer" in only:
            results += bench_timer.measure(cached, people, workdir, iterations, count)
        if "week" in only:
            results += bench_week.measure(cached, people, iterations, count)
        if "desktop" in only:
            results += bench_desktop.measure(cached, workdir, count)
        if "approvals" in only:
            results += bench_approvals.measure(cached, people, workdir, iterations)
        if "checks" in only:
            results += bench_checks.measure(cached, people, workdir, iterations, count)
        if "invoicing" in only:
            results += bench_invoicing.measure(cached, workdir)
    return results


def main() -> int:
    count, seed, iterations, only = settings()
    results: list[Result] = []
    if set(only) - WITHOUT_LEDGER:
        results += ledger_benchmarks(count, seed, iterations, only)
    if "pdf" in only:  # needs no database
        results += bench_pdf.run()
    if "einvoice" in only:  # needs no database
        results += bench_einvoice.run()
    if "designer" in only:  # a ledger of its own with the sample invoice
        results += bench_designer.run()
    if "sync" in only:  # its own team server and desktops
        with scratch_dir() as sync_dir:
            results += bench_sync.measure(sync_dir)
    print(table(results))
    write_json(results, BENCH_DIR / "results.json")
    say(f"wrote {BENCH_DIR / 'results.json'}")
    return 0 if all(r.passed for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
