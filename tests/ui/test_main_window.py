"""The main window: sections in a sidebar, keyboard navigation, changes by other programs."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt

from app.ui.application import app_icon
from app.ui.main_window import SECTIONS, MainWindow


def shown(qtbot, window: MainWindow) -> MainWindow:
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window


def test_ctrl_and_a_number_opens_that_section(qtbot, ctx, team):
    window = shown(qtbot, MainWindow(ctx))
    assert [window.sidebar.item(i).text() for i in range(window.sidebar.count())] == [t for t, _ in SECTIONS]
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.sections["Task log"]
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.sections["Today"]


def test_timer_shortcuts_are_requests_on_the_event_bridge(qtbot, ctx, team):
    window = shown(qtbot, MainWindow(ctx))
    with qtbot.waitSignal(ctx.events.toggle_timer_requested, timeout=1000):
        qtbot.keyClick(window, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)
    with qtbot.waitSignal(ctx.events.quick_switch_requested, timeout=1000):
        qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)


def test_changes_by_another_program_reach_the_views(qtbot, ctx, team, db_path):
    from app.ui.change_watch import ChangeWatch

    watch = ChangeWatch(ctx, interval_ms=50)
    with sqlite3.connect(db_path) as other_program:
        other_program.execute("INSERT INTO local_settings VALUES ('from', 'cli')")
    with qtbot.waitSignal(ctx.events.entries_changed, timeout=2000):
        pass
    watch.timer.stop()


def test_the_app_has_its_icon_at_every_drawn_size(qapp) -> None:  # type: ignore[no-untyped-def]
    icon = app_icon()
    assert sorted(size.width() for size in icon.availableSizes()) == [16, 32, 48, 64, 128, 256, 512]
