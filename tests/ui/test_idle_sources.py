"""The platform idle sources: the choice per platform and session, and the real X11 and D-Bus adapters."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtDBus import QDBusConnection

from app.ui.idle.detect import UnknownIdle, candidates, first_answering, idle_source
from app.ui.idle.fake import FakeIdleSource
from app.ui.idle.macos import MacIdleSource
from app.ui.idle.wayland_dbus import DBusIdleSource, freedesktop_idle, gnome_idle
from app.ui.idle.windows import WindowsIdleSource
from app.ui.idle.x11 import X11IdleSource

SERVICE = Path(__file__).with_name("idle_monitor_service.py")


def names(platform: str, environ: dict[str, str]) -> list[str]:
    return [getattr(make, "__name__", "") for make in candidates(platform, environ)]


@pytest.mark.parametrize(
    ("platform", "environ", "expected"),
    [
        ("win32", {}, ["WindowsIdleSource"]),
        ("darwin", {}, ["MacIdleSource"]),
        ("linux", {"DISPLAY": ":0"}, ["X11IdleSource", "gnome_idle", "freedesktop_idle"]),
        # Under Wayland, XWayland's counter would call a typing user idle: the desktop's monitor or nothing.
        ("linux", {"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}, ["gnome_idle", "freedesktop_idle"]),
        ("linux", {"DISPLAY": ":0", "XDG_SESSION_TYPE": "wayland"}, ["gnome_idle", "freedesktop_idle"]),
    ],
)
def test_sources_are_tried_best_first_for_the_platform_and_session(platform, environ, expected):
    assert names(platform, environ) == expected


def test_the_first_source_that_answers_is_chosen():
    silent, answering = FakeIdleSource(None), FakeIdleSource(12)
    assert first_answering([lambda: silent, lambda: answering, lambda: FakeIdleSource(3)]) is answering


def test_without_any_answering_source_idle_time_is_unknown():
    chosen = first_answering([lambda: FakeIdleSource(None)])
    assert isinstance(chosen, UnknownIdle) and chosen.idle_seconds() is None


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="checks the other platforms' adapters stay quiet")
def test_other_platforms_adapters_answer_none_here():
    assert WindowsIdleSource().idle_seconds() is None
    assert MacIdleSource().idle_seconds() is None
    assert isinstance(idle_source("win32", {}), UnknownIdle)


def test_x11_without_a_reachable_display_answers_none():
    assert X11IdleSource(display=":4242").idle_seconds() is None


@pytest.fixture
def xvfb():  # type: ignore[no-untyped-def]
    """A private X server; its display name."""
    if not (shutil.which("Xvfb") and shutil.which("xdotool")):
        pytest.skip("Xvfb and xdotool are needed to check the X11 adapter for real")
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "640x480x24"], pass_fds=(write,))
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    yield f":{number}"
    server.terminate()
    server.wait(10)


def test_x11_idle_time_grows_and_input_resets_it(xvfb):
    source = X11IdleSource(display=xvfb)
    subprocess.run(["xdotool", "mousemove", "10", "10"], check=True, env={**os.environ, "DISPLAY": xvfb})
    time.sleep(2.2)
    idle = source.idle_seconds()
    assert idle is not None and idle >= 2

    subprocess.run(["xdotool", "mousemove", "200", "300"], check=True, env={**os.environ, "DISPLAY": xvfb})
    assert source.idle_seconds() == 0


@pytest.fixture
def private_bus(qapp):  # type: ignore[no-untyped-def]
    """A private session bus with stand-ins for GNOME's (61.5 s idle) and KDE's (42 s) idle monitors."""
    if not shutil.which("dbus-daemon"):
        pytest.skip("dbus-daemon is needed to check the D-Bus adapters for real")
    daemon = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    address = daemon.stdout.readline().strip()  # type: ignore[union-attr]
    service = subprocess.Popen(
        [sys.executable, str(SERVICE), address, "61500", "42000"],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    try:
        assert service.stdout.readline().strip() == "ready"  # type: ignore[union-attr]
        yield QDBusConnection.connectToBus(address, "idle-test")
    finally:
        QDBusConnection.disconnectFromBus("idle-test")
        for process in (service, daemon):
            process.terminate()
            process.wait(10)
            if process.stdout is not None:
                process.stdout.close()


def test_gnome_and_kde_idle_monitors_answer_in_whole_seconds(private_bus):
    assert gnome_idle(private_bus).idle_seconds() == 61
    assert freedesktop_idle(private_bus).idle_seconds() == 42


def test_a_desktop_without_that_monitor_answers_none(private_bus):
    absent = DBusIdleSource("org.example.NoMonitor", "/", "org.example.NoMonitor", "GetIdletime", private_bus)
    assert absent.idle_seconds() is None
