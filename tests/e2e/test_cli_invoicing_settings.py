"""`timeledger org set|show` for the invoicing settings: letterhead, default VAT, numbering and logo, set by
admins; bad values are all refused at once with exit 3 and nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli import CONSULTANT, Cli, assert_refused, fingerprint

pytestmark = pytest.mark.slow

PNG = b"\x89PNG\r\n\x1a\n" + bytes(100)


def test_an_admin_sets_the_invoicing_settings_and_org_show_tells_them(cli: Cli, tmp_path: Path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(PNG)

    changed = cli.json(
        "org",
        "set",
        "--address",
        "Hauptstraße 1\n10115 Berlin",
        "--tax-id",
        "DE123456789",
        "--bank-details",
        "IBAN DE89 3704 0044 0532 0130 00",
        "--tax-rate",
        "19",
        "--invoice-pattern",
        "INV-{SEQ:5}",
        "--credit-note-pattern",
        "CR-{SEQ:5}",
        "--quote-pattern",
        "OFFER-{SEQ}",
        "--yearly-numbering",
        "no",
        "--logo",
        str(logo),
    )

    assert {key: changed[key] for key in ("address", "tax_id", "default_tax_rate", "numbering_yearly", "logo")} == {
        "address": "Hauptstraße 1\n10115 Berlin",
        "tax_id": "DE123456789",
        "default_tax_rate": "19",
        "numbering_yearly": False,
        "logo": {"format": "PNG", "bytes": len(PNG)},
    }
    shown = {
        key: value.strip() for key, value in (line.split(":", 1) for line in cli.ok("org", "show").stdout.splitlines())
    }
    assert {key: shown[key] for key in ("Address", "Default VAT", "Invoice numbers", "Logo")} == {
        "Address": "Hauptstraße 1, 10115 Berlin",
        "Default VAT": "19 %",
        "Invoice numbers": "INV-{SEQ:5} (never restarts)",
        "Logo": f"PNG, {len(PNG)} bytes",
    }  # fmt: skip
    assert cli.json("org", "set", "--logo", "none")["logo"] is None


def test_bad_invoicing_settings_are_refused_together_and_nothing_is_written(cli: Cli, tmp_path: Path):
    notes = tmp_path / "notes.txt"
    notes.write_text("not an image")
    before = fingerprint(cli.db)

    result = cli(
        "org", "set", "--tax-rate", "120", "--invoice-pattern", "{FOO}-{SEQ}", "--logo", str(notes),
        "--budget-warning", "150",
    )  # fmt: skip

    assert_refused(result, problems=4)
    assert "'120' is not a percentage from 0 to 100" in result.stderr
    assert "({FOO} unknown)" in result.stderr
    assert "The logo must be a PNG or JPEG image; this file is neither." in result.stderr
    missing = cli("org", "set", "--logo", str(tmp_path / "nowhere.png"))
    assert_refused(missing)
    assert missing.stderr.startswith(f"error: The logo file {tmp_path / 'nowhere.png'} cannot be read: ")
    assert fingerprint(cli.db) == before


def test_only_admins_change_the_invoicing_settings(cli: Cli):
    before = fingerprint(cli.db)
    result = cli("--as", CONSULTANT, "org", "set", "--tax-rate", "19")
    assert_refused(result)
    assert result.stderr == "error: Only admins can change the organisation's settings; you are a consultant.\n"
    assert fingerprint(cli.db) == before
