"""`timeledger milestone`: milestones of a milestone-billed project, added, reached and listed."""

from __future__ import annotations

import pytest
from cli import Cli, fingerprint

pytestmark = pytest.mark.slow


def test_a_milestone_is_added_reached_and_listed_and_bad_input_writes_nothing(cli: Cli):
    cli.ok("project", "add", "Globex", "Shop", "--code", "SHOP", "--billing", "milestone", "--status", "active")
    added = cli.json("milestone", "add", "SHOP", "Design", "--amount", "1500", "--due", "2026-12-01")
    assert (added["name"], added["amount"], added["status"]) == (
        "Design",
        {"amount": "1500.00", "currency": "EUR"},
        "pending",
    )
    cli.ok("milestone", "status", "SHOP", " design ", "reached")
    listed = cli.ok("milestone", "list", "SHOP").stdout
    assert "Design" in listed and "1,500.00 EUR" in listed and "reached" in listed

    before = fingerprint(cli.db)
    refused = cli("milestone", "add", "SHOP", " ", "--amount", "-5", "--due", "2026-13-01")
    assert refused.returncode == 3
    assert len(refused.error_lines) == 3
    invoiced = cli("milestone", "status", "SHOP", "Design", "invoiced")
    assert invoiced.returncode == 3 and "drafting an invoice" in invoiced.stderr
    assert fingerprint(cli.db) == before
