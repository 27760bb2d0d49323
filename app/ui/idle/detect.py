"""Choosing the idle source for this platform and session: the first one that answers wins."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping, Sequence

from app.ui.idle import IdleSource
from app.ui.idle.macos import MacIdleSource
from app.ui.idle.wayland_dbus import freedesktop_idle, gnome_idle
from app.ui.idle.windows import WindowsIdleSource
from app.ui.idle.x11 import X11IdleSource


class UnknownIdle:
    """No way to tell on this desktop: idle questions then come only after sleep."""

    def idle_seconds(self) -> int | None:
        return None


def candidates(platform: str, environ: Mapping[str, str]) -> list[Callable[[], IdleSource]]:
    """The sources worth trying here, best first."""
    if platform == "win32":
        return [WindowsIdleSource]
    if platform == "darwin":
        return [MacIdleSource]
    if environ.get("WAYLAND_DISPLAY") or environ.get("XDG_SESSION_TYPE") == "wayland":
        # XWayland's screen saver counter only sees input to X windows: it would call a busy user idle.
        return [gnome_idle, freedesktop_idle]
    return [X11IdleSource, gnome_idle, freedesktop_idle]


def first_answering(makers: Sequence[Callable[[], IdleSource]]) -> IdleSource:
    for make in makers:
        source = make()
        if source.idle_seconds() is not None:
            return source
    return UnknownIdle()


def idle_source(platform: str = sys.platform, environ: Mapping[str, str] = os.environ) -> IdleSource:
    return first_answering(candidates(platform, environ))
