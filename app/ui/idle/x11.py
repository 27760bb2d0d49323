"""Idle time on X11, from the MIT-SCREEN-SAVER extension (libXss) through ctypes."""

from __future__ import annotations

import ctypes
import ctypes.util
import os


class _ScreenSaverInfo(ctypes.Structure):
    _fields_ = [
        ("window", ctypes.c_ulong),
        ("state", ctypes.c_int),
        ("kind", ctypes.c_int),
        ("til_or_since", ctypes.c_ulong),
        ("idle", ctypes.c_ulong),  # milliseconds since the last input
        ("event_mask", ctypes.c_ulong),
    ]


def _library(name: str, soname: str) -> ctypes.CDLL | None:
    # find_library needs ldconfig or a compiler, which slim systems lack; the soname usually loads anyway.
    for candidate in (ctypes.util.find_library(name), soname):
        if candidate:
            try:
                return ctypes.CDLL(candidate)
            except OSError:
                continue
    return None


class X11IdleSource:
    """Asks the X server; answers None without a DISPLAY, libX11/libXss or the extension."""

    def __init__(self, display: str | None = None):
        self._xss = None
        self._display = None
        name = display or os.environ.get("DISPLAY")
        x11, xss = _library("X11", "libX11.so.6"), _library("Xss", "libXss.so.1")
        if not name or x11 is None or xss is None:
            return
        x11.XOpenDisplay.restype = ctypes.c_void_p
        x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x11.XDefaultRootWindow.restype = ctypes.c_ulong
        x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
        xss.XScreenSaverQueryExtension.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
        xss.XScreenSaverQueryInfo.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(_ScreenSaverInfo)]
        opened = x11.XOpenDisplay(name.encode())
        if not opened:
            return
        events, errors = ctypes.c_int(), ctypes.c_int()
        if not xss.XScreenSaverQueryExtension(opened, ctypes.byref(events), ctypes.byref(errors)):
            x11.XCloseDisplay(opened)
            return
        self._xss, self._display, self._root = xss, opened, x11.XDefaultRootWindow(opened)

    def idle_seconds(self) -> int | None:
        if self._xss is None:
            return None
        info = _ScreenSaverInfo()
        if not self._xss.XScreenSaverQueryInfo(self._display, self._root, ctypes.byref(info)):
            return None
        return info.idle // 1000
