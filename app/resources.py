"""Where the files shipped with the app live (fonts, icons, templates), also inside a PyInstaller bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def _root() -> Path:
    # PyInstaller unpacks the bundle into sys._MEIPASS; the spec copies resources/ there.
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


RESOURCES = _root()


def resource(*parts: str) -> Path:
    """The path of a shipped file, e.g. resource("fonts", "DejaVuSans.ttf")."""
    return _root().joinpath(*parts)
