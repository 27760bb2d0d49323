"""Idle time on macOS, from CGEventSourceSecondsSinceLastEventType through ctypes."""

from __future__ import annotations

import ctypes
import ctypes.util
import math

_HID_SYSTEM_STATE = 1  # kCGEventSourceStateHIDSystemState: input from the hardware, not synthesised events
_ANY_INPUT = 0xFFFFFFFF  # kCGAnyInputEventType


class MacIdleSource:
    """Answers None anywhere but macOS."""

    def __init__(self) -> None:
        self._since_last = None
        path = ctypes.util.find_library("ApplicationServices")
        if path is None:
            return
        try:
            since_last = ctypes.CDLL(path).CGEventSourceSecondsSinceLastEventType
        except (OSError, AttributeError):
            return
        since_last.restype = ctypes.c_double
        since_last.argtypes = [ctypes.c_int32, ctypes.c_uint32]
        self._since_last = since_last

    def idle_seconds(self) -> int | None:
        if self._since_last is None:
            return None
        seconds = self._since_last(_HID_SYSTEM_STATE, _ANY_INPUT)
        # The API answers in floating-point seconds; only whole seconds leave this module.
        return int(seconds) if math.isfinite(seconds) and seconds >= 0 else None
