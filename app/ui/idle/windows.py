"""Idle time on Windows, from GetLastInputInfo through ctypes."""

from __future__ import annotations

import ctypes


class _LastInputInfo(ctypes.Structure):
    _fields_ = [("cbSize", ctypes.c_uint32), ("dwTime", ctypes.c_uint32)]


class WindowsIdleSource:
    """Answers None anywhere but Windows."""

    def __init__(self) -> None:
        self._user32 = self._kernel32 = None
        load = getattr(ctypes, "WinDLL", None)  # only exists on Windows
        if load is None:
            return
        try:
            self._user32, self._kernel32 = load("user32"), load("kernel32")
        except OSError:
            return
        self._kernel32.GetTickCount.restype = ctypes.c_uint32

    def idle_seconds(self) -> int | None:
        if self._user32 is None or self._kernel32 is None:
            return None
        info = _LastInputInfo(cbSize=ctypes.sizeof(_LastInputInfo))
        if not self._user32.GetLastInputInfo(ctypes.byref(info)):
            return None
        # Both are 32-bit millisecond tick counts that wrap every 49.7 days; unsigned subtraction survives the wrap.
        return ((self._kernel32.GetTickCount() - info.dwTime) & 0xFFFFFFFF) // 1000
