"""Idle time from the desktop's own idle monitor over D-Bus: where Wayland keeps input away from apps.

GNOME (Mutter) offers org.gnome.Mutter.IdleMonitor; KDE Plasma and a few others offer
org.freedesktop.ScreenSaver.GetSessionIdleTime. Both answer in milliseconds (KDE's, although the
freedesktop draft said seconds, is KIdleTime's millisecond count).
"""

from __future__ import annotations

from PySide6.QtDBus import QDBus, QDBusConnection, QDBusMessage

# The call blocks the GUI thread; a monitor that does not answer this fast is treated as absent.
TIMEOUT_MS = 250


class DBusIdleSource:
    def __init__(self, service: str, path: str, interface: str, method: str, bus: QDBusConnection | None = None):
        self.call = (service, path, interface, method)
        self.bus = bus  # None: the session bus

    def idle_seconds(self) -> int | None:
        bus = self.bus or QDBusConnection.sessionBus()
        if not bus.isConnected():
            return None
        reply = bus.call(QDBusMessage.createMethodCall(*self.call), QDBus.CallMode.Block, TIMEOUT_MS)
        if reply.type() != QDBusMessage.MessageType.ReplyMessage or not reply.arguments():
            return None
        milliseconds = reply.arguments()[0]
        return milliseconds // 1000 if isinstance(milliseconds, int) and milliseconds >= 0 else None


def gnome_idle(bus: QDBusConnection | None = None) -> DBusIdleSource:
    return DBusIdleSource(
        "org.gnome.Mutter.IdleMonitor",
        "/org/gnome/Mutter/IdleMonitor/Core",
        "org.gnome.Mutter.IdleMonitor",
        "GetIdletime",
        bus,
    )


def freedesktop_idle(bus: QDBusConnection | None = None) -> DBusIdleSource:
    return DBusIdleSource(
        "org.freedesktop.ScreenSaver",
        "/org/freedesktop/ScreenSaver",
        "org.freedesktop.ScreenSaver",
        "GetSessionIdleTime",
        bus,
    )
