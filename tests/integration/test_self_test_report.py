"""The self-test's report: every check runs, a failure is one FAILED line with its reason, and the exit is 1.

The real checks run in tests/e2e/test_self_test.py, in a process of their own (they start Qt).
"""

from __future__ import annotations

import io

from app.self_test import Workbench, organisation, run_checks, self_test


def broken_migrations(bench: Workbench) -> str:
    raise RuntimeError("the migration scripts are not in the bundle")


def test_a_failed_check_is_reported_with_its_reason_and_the_run_exits_1():
    out = io.StringIO()
    code = self_test([("migrations", broken_migrations), ("sums", lambda bench: "2 + 2 is 4")], out=out)
    lines = out.getvalue().splitlines()
    assert code == 1
    assert lines[1:] == [
        "FAILED: migrations (the migration scripts are not in the bundle)",
        "ok: sums: 2 + 2 is 4",  # a failure does not stop the checks after it
        "self-test FAILED",
    ]


def test_a_check_that_needs_a_failed_one_says_so_instead_of_crashing(tmp_path):
    out = io.StringIO()
    passed = run_checks([("migrations", broken_migrations), ("organisation", organisation)], Workbench(tmp_path), out)
    assert not passed
    assert out.getvalue().splitlines()[1] == "FAILED: organisation (no ledger: the migrations check failed)"


def test_an_unexpected_error_is_named_by_its_type(tmp_path):
    def divide(bench: Workbench) -> str:
        return str(1 / 0)

    out = io.StringIO()
    assert not run_checks([("arithmetic", divide)], Workbench(tmp_path), out)
    assert out.getvalue() == "FAILED: arithmetic (ZeroDivisionError: division by zero)\n"
