"""Explicit state machines: every status change is checked against a transitions table."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Generic, TypeVar

from app.domain.errors import refuse

S = TypeVar("S", bound=StrEnum)


class Transitions(Generic[S]):
    """The allowed moves between the states of one kind of record."""

    def __init__(self, noun: str, table: Mapping[S, frozenset[S]]):
        self.noun = noun
        self.table = dict(table)

    def allowed(self, current: S) -> frozenset[S]:
        return self.table.get(current, frozenset())

    def check(self, current: S, target: S) -> S:
        """Return `target` if the move is allowed, else refuse with the allowed moves."""
        if target == current:
            raise refuse("no_change", f"The {self.noun} is already {current.value}.")
        allowed = self.allowed(current)
        if target not in allowed:
            options = ", ".join(sorted(s.value for s in allowed)) or "nothing (final state)"
            raise refuse(
                "invalid_transition",
                f"A {self.noun} cannot go from {current.value} to {target.value}; "
                f"from {current.value} it can go to: {options}.",
            )
        return target
