"""An invoice drafted from 10,000 approved entries of the 1M-entry ledger, against raw sqlite3.

Setup (not timed), on a copy of the cached ledger: the client with the most billable, priced entries on
hourly projects; every approved entry of those projects is marked invoiced, then their newest 10,000
billable, priced entries become approved, so exactly those can be drafted.

App: services.invoice_drafts.draft_from_time for that client and the days those entries span, grouped
by task, in one write unit of work, committed. Raw: the same by hand in one IMMEDIATE transaction: one
UPDATE ... RETURNING tying the entries to a new invoice row, the grouping into lines in Python, the
line rows and one audit row per entry. After each sample the draft is undone by plain SQL.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections import defaultdict
from datetime import date
from pathlib import Path

from app.domain.ids import new_id
from app.ledger import Ledger
from app.services import invoice_drafts
from app.services.identity import current_actor
from app.services.projects import find_project
from tests.benchmarks import raw
from tests.benchmarks.cache import copy_database, open_at_now
from tests.benchmarks.generate import NOW
from tests.benchmarks.measure import Result, median_ms, timed

ENTRIES = 10_000
MOST_MS = 1000.0
SAMPLES = 3


def prepare(connection: sqlite3.Connection) -> tuple[str, list[str], date, date]:
    """The chosen client id, its hourly project codes, and the first and last day of the approved entries."""
    (client_id,) = connection.execute(
        "SELECT p.client_id FROM task_log_entries e JOIN projects p ON p.id = e.project_id "
        "WHERE p.billing = 'hourly' AND e.billable AND e.rate_minor IS NOT NULL "
        "GROUP BY p.client_id ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    projects = connection.execute(
        "SELECT id, code FROM projects WHERE client_id = ? AND billing = 'hourly'", (client_id,)
    ).fetchall()
    marks = ", ".join("?" * len(projects))
    ids = [p[0] for p in projects]
    connection.execute("BEGIN IMMEDIATE")
    connection.execute(
        f"UPDATE task_log_entries SET status = 'invoiced' WHERE status = 'approved' AND project_id IN ({marks})", ids
    )
    connection.execute(
        f"UPDATE task_log_entries SET status = 'approved' WHERE id IN (SELECT id FROM task_log_entries "
        f"WHERE project_id IN ({marks}) AND billable AND rate_minor IS NOT NULL AND deleted_at IS NULL "
        f"ORDER BY work_date DESC LIMIT {ENTRIES})",
        ids,
    )
    connection.execute("COMMIT")
    first, last, approved = connection.execute(
        f"SELECT min(work_date), max(work_date), count(*) FROM task_log_entries "
        f"WHERE status = 'approved' AND project_id IN ({marks})",
        ids,
    ).fetchone()
    assert approved == ENTRIES, approved
    return client_id, [code for _, code in projects], date.fromisoformat(first), date.fromisoformat(last)


def undo(connection: sqlite3.Connection) -> None:
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("UPDATE task_log_entries SET invoice_id = NULL WHERE invoice_id IS NOT NULL")
    connection.execute("DELETE FROM invoice_lines")
    connection.execute("DELETE FROM invoices")
    connection.execute("COMMIT")


def draft_with_app(ledger: Ledger, client_id: str, codes: list[str], first: date, last: date) -> int:
    with ledger.work() as uow:
        admin = current_actor(uow)
        client = uow.clients.get(uuid.UUID(hex=client_id))
        chosen = [find_project(uow, admin.org, code) for code in codes]
        result = invoice_drafts.draft_from_time(
            uow, admin, client, first=first, last=last, projects=chosen, group_by="task"
        )
        uow.commit()
    return result.entries


RAW_ATTACH = (
    "UPDATE task_log_entries SET invoice_id = ?, version = version + 1, updated_at = ? WHERE org_id = ? "
    "AND project_id IN ({marks}) AND work_date BETWEEN ? AND ? AND status = 'approved' AND billable "
    "AND rate_minor IS NOT NULL AND invoice_id IS NULL AND deleted_at IS NULL "
    "RETURNING id, org_id, task_id, duration_seconds, rate_minor, rate_currency"
)


def draft_raw(connection: sqlite3.Connection, client_id: str, first: date, last: date) -> int:
    now = raw.instant(NOW)
    org_id, currency = connection.execute("SELECT org_id, currency FROM clients WHERE id = ?", (client_id,)).fetchone()
    projects = [
        r[0]
        for r in connection.execute("SELECT id FROM projects WHERE client_id = ? AND billing = 'hourly'", (client_id,))
    ]
    invoice_id = new_id().hex
    connection.execute("BEGIN IMMEDIATE")
    connection.execute(
        "INSERT INTO invoices (id, org_id, version, updated_at, client_id, currency, notes, net_minor, net_currency, "
        "tax_minor, tax_currency, total_minor, total_currency, kind, status, payment_terms_kind, payment_terms_params, "
        "paid_minor, paid_currency, bill_to) VALUES (?, ?, 1, ?, ?, ?, '', 0, ?, 0, ?, 0, ?, 'invoice', 'draft', "
        "'net', '{\"days\": 30}', 0, ?, '')",
        (invoice_id, org_id, now, client_id, currency, currency, currency, currency, currency),
    )
    attached = connection.execute(
        RAW_ATTACH.format(marks=", ".join("?" * len(projects))),
        (invoice_id, now, org_id, *projects, first.isoformat(), last.isoformat()),
    ).fetchall()
    groups: dict[tuple[str, int], int] = defaultdict(int)
    for _, _, task_id, seconds, rate_minor, _ in attached:
        groups[(task_id, rate_minor)] += seconds
    total = 0
    for position, ((task_id, rate_minor), seconds) in enumerate(sorted(groups.items())):
        net = (rate_minor * seconds + 1800) // 3600
        total += net
        connection.execute(
            "INSERT INTO invoice_lines (id, org_id, version, updated_at, document_id, position, kind, description, "
            "quantity, unit, unit_price_minor, unit_price_currency, vat_category, vat_rate, vat_reason, net_minor, "
            "net_currency) VALUES (?, ?, 1, ?, ?, ?, 'hours', ?, ?, 'h', ?, ?, 'Z', '0', '', ?, ?)",
            (
                new_id().hex,
                org_id,
                now,
                invoice_id,
                position,
                task_id,
                str(seconds / 3600),
                rate_minor,
                currency,
                net,
                currency,
            ),
        )
    connection.execute("UPDATE invoices SET net_minor = ?, total_minor = ? WHERE id = ?", (total, total, invoice_id))
    before, after = json.dumps({"invoice_id": None}), json.dumps({"invoice_id": str(uuid.UUID(hex=invoice_id))})
    connection.executemany(
        "INSERT INTO audit_log (org_id, at, actor_id, entity, entity_id, action, before, after) "
        "VALUES (?, ?, NULL, 'task_log_entries', ?, 'update', ?, ?)",
        [(org, now, str(uuid.UUID(hex=entry_id)), before, after) for entry_id, org, *_ in attached],
    )
    connection.execute("COMMIT")
    return len(attached)


def measure(cached: Path, workdir: Path) -> list[Result]:
    path = workdir / "invoicing.db"
    copy_database(cached, path)
    ledger, _ = open_at_now(path)  # the app is running: the ledger is open (and migrated) before the click
    connection = raw.connect(path)
    try:
        undo(connection)
        client_id, codes, first, last = prepare(connection)
        app_samples, raw_samples, drafted = [], [], []
        for _ in range(SAMPLES):
            app_samples.append(timed(lambda: drafted.append(draft_with_app(ledger, client_id, codes, first, last))))
            undo(connection)
            raw_samples.append(timed(lambda: drafted.append(draft_raw(connection, client_id, first, last))))
            undo(connection)
        assert drafted == [ENTRIES] * 2 * SAMPLES, drafted
    finally:
        connection.close()
        ledger.close()
    name = f"invoice draft from {ENTRIES:,} approved entries"
    return [Result.latency(name, median_ms(app_samples), median_ms(raw_samples), MOST_MS)]
