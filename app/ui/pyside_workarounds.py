"""Work-arounds for bugs of the Qt binding the app runs on, applied once when the UI is imported."""

from __future__ import annotations

import ctypes
import platform
import sys


def pin_python_true() -> None:
    """Give Python's True more references than any session can drop.

    PySide6 6.12's SignalInstance.emit() returns True without taking a reference, so every emit made
    from Python drops one reference to True; on CPython 3.11 the interpreter aborts ("bool_dealloc")
    after a few hundred emits. Python 3.12 made True immortal, which ends the problem there.
    """
    debug_build = hasattr(sys, "gettotalrefcount")  # its object header does not start with the count
    if sys.version_info >= (3, 12) or platform.python_implementation() != "CPython" or debug_build:
        return
    ctypes.c_ssize_t.from_address(id(True)).value += 1 << 40


def pin_python_none() -> None:
    """The same for None: PySide6 6.12 drops a reference to None on every call of a void method from
    Python (QLabel.setText, beginInsertRows, setColumnHidden...), so a view that updates itself every
    second aborts the app ("none_dealloc") within the hour on CPython 3.11."""
    debug_build = hasattr(sys, "gettotalrefcount")
    if sys.version_info >= (3, 12) or platform.python_implementation() != "CPython" or debug_build:
        return
    ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40
