"""Setting up the team server: its schema and the first upload of the admin's ledger (`timeledger server init`);
people's logins are in server_logins.py. Each runs in one
transaction on the server: a failure leaves it as it was. See docs/sync.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, inspect, select, text
from sqlalchemy.dialects.postgresql import insert

from app.domain.user import Role
from app.ledger import Ledger
from app.services.identity import CURRENT_USER
from app.storage.migrate import HEAD_REVISION, looks_like_ours, upgrade
from app.storage.rows import Base
from app.sync.postgres_url import display
from app.sync.server_connection import ServerRefused, server_transaction
from app.sync.server_logins import ServerUser, grant_login, login_lines
from app.sync.wire import SYNCED_TABLES, synced_tables

SQL_DIR = Path(__file__).with_name("server_sql")
# Where this desktop remembers the server it set up (without a password), for add-user and remove-user.
SERVER_URL = "server_admin_url"


@dataclass
class InitReport:
    server: str
    org_name: str
    revision_before: str | None
    uploaded: dict[str, int] = field(default_factory=dict)  # new rows per table
    kept: int = 0  # rows the server already had (it keeps its version)
    admin: ServerUser | None = None

    def lines(self) -> list[str]:
        if self.revision_before is None:
            schema = f"Created the team schema on {self.server} (revision {HEAD_REVISION})."
        elif self.revision_before != HEAD_REVISION:
            schema = (
                f"Upgraded the team schema on {self.server} from revision {self.revision_before} to {HEAD_REVISION}."
            )
        else:
            schema = f"The team schema on {self.server} is up to date (revision {HEAD_REVISION})."
        moved = ", ".join(_count(count, name) for name, count in self.uploaded.items() if count)
        upload = f"Uploaded {self.org_name}: {moved}." if moved else f"{self.org_name} was already on the server."
        if self.kept and moved:
            upload += f" {self.kept} records already there were kept as the server has them."
        return [schema, upload, *(login_lines(self.admin) if self.admin else [])]


def _count(count: int, table: str) -> str:
    """ "1 project", "3 time entries"."""
    plural = {"task_log_entries": "time entries"}.get(table, table.replace("_", " "))
    one = plural[:-3] + "y" if plural.endswith("ies") else plural[:-1]
    return f"{count} {one if count == 1 else plural}"


def init_server(url: str, ledger: Ledger, *, login: str | None = None, password: str | None = None) -> InitReport:
    """Create or upgrade the team schema, upload this ledger's organisation, and give its signed-in user an
    admin login. Running it again changes nothing."""
    local = _local_ledger(ledger)
    org = local["organisations"][0]
    with server_transaction(url) as connection:
        # Two inits at once on one database would race on the same DDL: one waits for the other.
        connection.execute(text("SELECT pg_advisory_xact_lock(hashtext('timeledger server init'))"))
        report = InitReport(display(url), org["name"], _revision(connection))
        _check_same_organisation(connection, org, url)
        upgrade(connection, display(url))
        _run_server_sql(connection)
        for table in [*synced_tables(), Base.metadata.tables["number_counters"]]:
            added = _upload(connection, table, local[table.name])
            report.uploaded[table.name] = added
            report.kept += len(local[table.name]) - added
        me = next(u for u in local["users"] if str(u["id"]) == local["me"])
        report.admin = grant_login(connection, me["email"], Role.ADMIN.value, None, login, password)
    with ledger.work() as uow:
        uow.settings.set(SERVER_URL, display(url))
        uow.commit()
    return report


def _local_ledger(ledger: Ledger) -> dict[str, Any]:
    """Every synced row of the desktop (and its invoice number counters), read in one transaction."""
    with ledger.read() as uow:
        found: dict[str, Any] = {"me": uow.settings.get(CURRENT_USER)}
        for table in [*synced_tables(), Base.metadata.tables["number_counters"]]:
            found[table.name] = [dict(row._mapping) for row in uow.session.execute(select(table))]
    if not found["organisations"] or not found["me"]:
        raise ServerRefused(
            "This desktop has no organisation to upload yet; "
            "run `timeledger init` first, then `timeledger server init`."
        )
    # A credit note points at the invoice it credits: that one goes first.
    found["invoices"].sort(key=lambda row: row["credited_id"] is not None)
    return found


def _revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT max(version_num) FROM alembic_version")).scalar()


def _check_same_organisation(connection: Connection, org: dict[str, Any], url: str) -> None:
    tables = set(inspect(connection).get_table_names())
    if not looks_like_ours(tables - {name for name in tables if name.startswith("tl_")}):
        raise ServerRefused(
            f"The database {display(url)} already holds tables but is not a Timeledger server; nothing was "
            "changed. Give the address of an empty database (createdb team)."
        )
    if "organisations" not in tables:
        return
    other = connection.execute(
        text("SELECT name FROM organisations WHERE id <> :id ORDER BY name LIMIT 1"), {"id": org["id"]}
    ).scalar()
    if other is not None:
        raise ServerRefused(
            f"The server at {display(url)} already holds the organisation {other}; nothing was changed. "
            f"Set up {org['name']} in a database of its own, or join {other} with `timeledger sync setup`."
        )


def _run_server_sql(connection: Connection) -> None:
    """The files of server_sql in name order, inside the caller's transaction."""
    connection.execute(
        text("SELECT set_config('timeledger.synced_tables', :names, true)"), {"names": ",".join(SYNCED_TABLES)}
    )
    raw = connection.connection.dbapi_connection
    assert raw is not None
    for path in sorted(SQL_DIR.glob("*.sql")):
        # Without parameters psycopg sends the file as one simple query: several statements, `%` left alone.
        raw.execute(path.read_text(encoding="utf-8"))  # type: ignore[call-overload]


def _upload(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> int:
    """Insert the rows the server does not have yet; the server's version of the others wins."""
    if not rows:
        return 0
    keys = [column.name for column in table.primary_key.columns]
    statement = insert(table).on_conflict_do_nothing(index_elements=keys).returning(*table.primary_key.columns)
    return len(connection.execute(statement, rows).all())


def remembered_url(ledger: Ledger) -> str | None:
    """The server this desktop set up with `server init` (without its password)."""
    with ledger.read() as uow:
        return uow.settings.get(SERVER_URL)
