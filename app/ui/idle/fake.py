"""An idle source that says whatever a test tells it to."""

from __future__ import annotations


class FakeIdleSource:
    def __init__(self, seconds: int | None = 0):
        self.seconds = seconds

    def idle_seconds(self) -> int | None:
        return self.seconds
