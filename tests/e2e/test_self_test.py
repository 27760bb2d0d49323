"""`timeledger --self-test` from the source tree, as a subprocess: what a packaged build is tried with."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cli import cli_env, run_cli

CHECKS = ["migrations", "organisation", "time entry", "invoice PDF", "keyring", "postgres", "Qt platform", "Qt PDF"]


def self_test(tmp_path: Path, **env: str):  # type: ignore[no-untyped-def]
    """The self-test with a private HOME and a private temporary directory (to see what it leaves there)."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    done = run_cli("--self-test", env=cli_env(tmp_path / "home", TMPDIR=str(temp), **env))
    return done, temp


def check_lines(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if line.startswith(("ok: ", "FAILED: "))]


@pytest.mark.slow
def test_the_self_test_passes_every_check_and_leaves_nothing_behind(tmp_path):
    done, temp = self_test(tmp_path, QT_QPA_PLATFORM="offscreen")
    assert done.returncode == 0, done
    lines = check_lines(done.stdout)
    assert [re.match(r"ok: ([^:]+):", line).group(1) for line in lines] == CHECKS, done  # type: ignore[union-attr]
    assert re.search(r"^ok: invoice PDF: invoice 2026-0001 rendered to PDF", done.stdout, re.MULTILINE), done
    assert re.search(r"^ok: keyring: keyring backend keyring\.backends\.\w+\.\w+", done.stdout, re.MULTILINE), done
    assert re.search(r"^ok: Qt platform: Qt [\d.]+ on platform offscreen \(available: .*offscreen", done.stdout, re.M)
    assert re.search(r"^ok: Qt PDF: QtPdf opened invoice 2026-0001 \(1 page\) and drew it$", done.stdout, re.M), done
    assert done.stdout.splitlines()[-1] == "self-test passed"
    assert list(temp.iterdir()) == []  # its ledger and PDF went with the temporary folder
    assert not (tmp_path / "home" / "data").exists()  # the user's data folder was never created


@pytest.mark.slow
def test_a_qt_platform_that_is_not_there_fails_its_check_and_the_run_exits_1(tmp_path):
    done, _ = self_test(tmp_path, QT_QPA_PLATFORM="no-such-platform")
    assert done.returncode == 1, done
    lines = check_lines(done.stdout)
    assert all(line.startswith("ok: ") for line in lines[:-2]), done  # the checks before it still pass
    assert re.fullmatch(
        r"FAILED: Qt platform \(no Qt platform plugin 'no-such-platform'; available: .*offscreen.*\)", lines[-2]
    ), done
    assert lines[-1] == "FAILED: Qt PDF (no Qt application: the Qt platform check failed)", done
    assert done.stdout.splitlines()[-1] == "self-test FAILED"
    assert "Traceback" not in done.stderr
