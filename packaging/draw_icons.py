"""Draws the app icon as PNGs, at the sizes packages ask for, into resources/icons/ (committed: rerun on a change).

The icon is the tray's own clock face (app/ui/tray/icons.py, the amber "clocked in" disc with clock hands),
so the launcher, the window list and the tray look alike. Drawn with Qt offscreen: no display needed.

    .venv/bin/python packaging/draw_icons.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (16, 32, 48, 64, 128, 256, 512)
ICONS = ROOT / "resources" / "icons"


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    from PySide6.QtGui import QGuiApplication

    from app.ui.tray.icons import state_pixmap
    from app.ui.tray.timer_state import TimerMode

    app = QGuiApplication([])  # noqa: F841 (QPixmap needs the application)
    ICONS.mkdir(parents=True, exist_ok=True)
    for size in SIZES:
        path = ICONS / f"timeledger-{size}.png"
        if not state_pixmap(TimerMode.CLOCKED_IN, size).save(str(path), "PNG"):
            raise SystemExit(f"could not write {path}")
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
