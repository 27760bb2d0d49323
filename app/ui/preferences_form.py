"""Personal settings of this desktop: when to ask about idle time, working hours and which reminders to show."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.duration import Duration
from app.services.preferences import Preferences, preferences_from_form, save_preferences
from app.ui.forms import Change, FieldForm, line

DAY_LETTERS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _interval(value: Duration | None) -> str:
    return "" if value is None else value.format_hm()


class PreferencesForm(QGroupBox):
    def __init__(self) -> None:
        super().__init__("Personal (this desktop)")
        form = self.form = FieldForm()
        self.idle_threshold = form.add("idle_threshold", "Ask about idle time after", line(hint="e.g. 0:05"))
        hours = QWidget()
        row = QHBoxLayout(hours)
        row.setContentsMargins(0, 0, 0, 0)
        self.working_start, self.working_end = line(hint="09:00"), line(hint="17:30")
        for part in (self.working_start, QLabel("to"), self.working_end):
            row.addWidget(part)
        form.add("working_hours", "Working hours", hours, also=("working_start", "working_end"))
        days = QWidget()
        row = QHBoxLayout(days)
        row.setContentsMargins(0, 0, 0, 0)
        self.days = [QCheckBox(letters) for letters in DAY_LETTERS]
        for box in self.days:
            row.addWidget(box)
        row.addStretch()
        form.add("working_days", "Working days", days)
        self.remind_no_timer = form.add(
            "remind_no_timer", "Reminders", QCheckBox("when no timer runs during working hours")
        )
        self.remind_long_timer = form.add(
            "remind_long_timer", "…when a timer has run for", line(hint="e.g. 4:00; blank: never")
        )
        self.remind_untracked = form.add(
            "remind_untracked", "…when clocked in, untracked for", line(hint="e.g. 0:30; blank: never")
        )
        self.save = QPushButton("Save personal settings")
        layout = QVBoxLayout(self)
        layout.addWidget(form)
        layout.addWidget(self.save, alignment=Qt.AlignmentFlag.AlignRight)

    def fill(self, prefs: Preferences) -> None:
        """Show the stored preferences, unless the user is typing into the form."""
        if self.form.dirty:
            return
        with self.form.filling():
            self.idle_threshold.setText(prefs.idle_threshold.format_hm())
            self.working_start.setText(prefs.working_start.strftime("%H:%M"))
            self.working_end.setText(prefs.working_end.strftime("%H:%M"))
            for number, box in enumerate(self.days):
                box.setChecked(number in prefs.working_days)
            self.remind_no_timer.setChecked(prefs.remind_no_timer)
            self.remind_long_timer.setText(_interval(prefs.remind_long_timer))
            self.remind_untracked.setText(_interval(prefs.remind_untracked))

    def change(self) -> Change:
        typed = dict(
            idle_threshold=self.idle_threshold.text(),
            working_start=self.working_start.text(),
            working_end=self.working_end.text(),
            working_days=tuple(number for number, box in enumerate(self.days) if box.isChecked()),
            remind_no_timer=self.remind_no_timer.isChecked(),
            remind_long_timer=self.remind_long_timer.text(),
            remind_untracked=self.remind_untracked.text(),
        )
        return lambda uow, _actor: save_preferences(uow, preferences_from_form(**typed))
