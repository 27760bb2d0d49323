"""A PostgreSQL database of the test's own, created on the local server and dropped afterwards.

The server is TIMELEDGER_PG_URL (default postgresql://postgres@127.0.0.1:5432/postgres). Without a
reachable server (or psycopg) the tests that need one skip, saying why; with TIMELEDGER_REQUIRE_PG=1
(CI) that is a failure instead.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

SERVER = os.environ.get("TIMELEDGER_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def _unavailable(reason: str) -> None:
    if os.environ.get("TIMELEDGER_REQUIRE_PG") == "1":
        pytest.fail(f"TIMELEDGER_REQUIRE_PG=1 but {reason}")
    pytest.skip(reason)


@contextmanager
def fresh_database() -> Iterator[str]:
    """The SQLAlchemy URL of a new, empty database; dropped (with its connections) when done."""
    try:
        import psycopg
    except ImportError:
        _unavailable("psycopg is not installed")
    try:
        admin = psycopg.connect(SERVER, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        _unavailable(f"no PostgreSQL server at {SERVER}: {str(error).strip()}")
    name = f"timeledger_test_{uuid.uuid4().hex[:12]}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            base = SERVER.rsplit("/", 1)[0]
            yield f"{base.replace('postgresql://', 'postgresql+psycopg://', 1)}/{name}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
