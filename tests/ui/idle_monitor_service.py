"""A stand-in for GNOME's and KDE's idle monitors on a private D-Bus (run as a subprocess by the tests).

Usage: python idle_monitor_service.py BUS_ADDRESS MUTTER_MS SCREENSAVER_MS; prints "ready" once registered.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import ClassInfo, QCoreApplication, QObject, Slot
from PySide6.QtDBus import QDBusConnection

ADDRESS, MUTTER_MS, SCREENSAVER_MS = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])


@ClassInfo({"D-Bus Interface": "org.gnome.Mutter.IdleMonitor"})
class Mutter(QObject):
    @Slot(result="qulonglong")
    def GetIdletime(self) -> int:
        return MUTTER_MS


@ClassInfo({"D-Bus Interface": "org.freedesktop.ScreenSaver"})
class ScreenSaver(QObject):
    @Slot(result="uint")
    def GetSessionIdleTime(self) -> int:
        return SCREENSAVER_MS


app = QCoreApplication(sys.argv)
bus = QDBusConnection.connectToBus(ADDRESS, "monitor")
mutter, saver = Mutter(), ScreenSaver()
export = QDBusConnection.RegisterOption.ExportAllSlots
registered = (
    bus.registerObject("/org/gnome/Mutter/IdleMonitor/Core", mutter, export)
    and bus.registerService("org.gnome.Mutter.IdleMonitor")
    and bus.registerObject("/org/freedesktop/ScreenSaver", saver, export)
    and bus.registerService("org.freedesktop.ScreenSaver")
)
print("ready" if registered else "failed", flush=True)
app.exec()
