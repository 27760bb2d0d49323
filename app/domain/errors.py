"""Errors a user can act on: each failed check carries a code and a sentence."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One failed check: a stable code for programs, a sentence for people."""

    code: str
    message: str
    field: str | None = None


class TimeledgerError(Exception):
    """Base of every error the app reports to a user instead of a traceback."""


class RuleViolation(TimeledgerError):
    """A business rule or input check failed; nothing was written."""

    def __init__(self, *problems: Problem):
        if not problems:
            raise ValueError("a RuleViolation needs at least one problem")
        self.problems = problems
        super().__init__(" ".join(p.message for p in problems))

    @property
    def code(self) -> str:
        return self.problems[0].code


class NotFound(RuleViolation):
    """The thing named by the user does not exist (unknown project, task, email...)."""


def refuse(code: str, message: str, field: str | None = None) -> RuleViolation:
    """Build a single-problem violation, for `raise refuse(...)`."""
    return RuleViolation(Problem(code, message, field))


class Checks:
    """Collects every failed check so the user sees them all at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def require(self, ok: bool, code: str, message: str, field: str | None = None) -> bool:
        if not ok:
            self.problems.append(Problem(code, message, field))
        return ok

    def add(self, violation: RuleViolation) -> None:
        self.problems.extend(violation.problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise RuleViolation(*self.problems)
