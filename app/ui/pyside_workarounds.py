"""Work-arounds for bugs of the Qt binding the app runs on, applied once when the UI is imported."""

from __future__ import annotations

import ctypes
import platform
import sys

REFERENCES = 1 << 40  # more than any session can drop


def pin_python_singletons() -> None:
    """Give Python's True and None more references than any session can drop.

    PySide6 6.12 drops a reference on calls from Python: to True on every SignalInstance.emit() (it
    returns True without taking a reference), to None on every call of a void method (QLabel.setText,
    beginInsertRows...). On CPython 3.11 the interpreter then aborts ("bool_dealloc", "none_dealloc")
    after a few hundred emits, or within the hour for a view that updates itself every second.
    Python 3.12 made both immortal, which ends the problem there.
    """
    debug_build = hasattr(sys, "gettotalrefcount")  # its object header does not start with the count
    if sys.version_info >= (3, 12) or platform.python_implementation() != "CPython" or debug_build:
        return
    for singleton in (True, None):
        ctypes.c_ssize_t.from_address(id(singleton)).value += REFERENCES
