"""The one bridge through which the app's parts hear about changes and requests."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.ui.pyside_workarounds import pin_python_singletons

pin_python_singletons()  # emits and void Qt calls from Python would otherwise wear True and None away (PySide6 6.12)


class AppEvents(QObject):
    """Views subscribe to what they show; anything that changes data emits what it changed."""

    entries_changed = Signal()  # task-log entries added, edited or deleted
    timer_changed = Signal()  # a timer started, stopped or switched
    attendance_changed = Signal()  # clocked in/out, breaks
    catalogue_changed = Signal()  # clients, projects, tasks, assignments, rates
    settings_changed = Signal()
    timesheets_changed = Signal()  # a week submitted, approved, rejected or reopened
    invoices_changed = Signal()  # an invoice drafted, edited, finalised, paid, credited or fallen overdue
    idle_changed = Signal(bool)  # True while a running timer is paused on an idle question
    sync_status = Signal(object)  # a SyncStatus, after each sync round, set-up or decision on a problem
    sync_round_done = Signal(str)  # what a round moved, as a sentence (failures are in the next sync_status)
    # Requests from shortcuts and menus, answered by whichever part owns them.
    toggle_timer_requested = Signal()  # Ctrl+Space
    quick_switch_requested = Signal()  # Ctrl+K
    new_entry_requested = Signal()  # Ctrl+N
    show_window_requested = Signal()
    sync_now_requested = Signal()
    sync_problems_requested = Signal()  # open the Sync problems list
    notify = Signal(str, str)  # title, message: shown by the tray (or the status bar)

    def __init__(self) -> None:
        super().__init__()
        # True while everything_changed re-announces a commit made elsewhere: background sync must not take
        # its own pulls for local changes (that would be a loop of rounds).
        self.echoing = False

    def warn_about_budget(self, warnings: list[str]) -> None:
        """Tell the person who just logged or started billable time that a budget is (nearly) spent."""
        if warnings:
            self.notify.emit("Budget", " ".join(warnings))

    def everything_changed(self) -> None:
        """Another program (the CLI, another window, a sync round) committed: every view re-reads."""
        self.echoing = True
        try:
            for signal in (
                self.entries_changed,
                self.timer_changed,
                self.attendance_changed,
                self.catalogue_changed,
                self.settings_changed,
                self.timesheets_changed,
                self.invoices_changed,
            ):
                signal.emit()
        finally:
            self.echoing = False
