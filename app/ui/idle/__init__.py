"""How long the person at this computer has not touched keyboard or mouse, asked of the platform."""

from __future__ import annotations

from typing import Protocol


class IdleSource(Protocol):
    def idle_seconds(self) -> int | None:
        """Whole seconds since the last keyboard or mouse input; None when the platform cannot tell."""
        ...
