"""The filters above the approval queue: team (admins only), project, person and week."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QWidget

from app.domain.approval_queue import QueueQuery
from app.services.approval_queue_view import QueueChoices

ANY = None


def _combo(everything: str) -> QComboBox:
    combo = QComboBox()
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    combo.addItem(everything, ANY)
    return combo


class QueueFilters(QWidget):
    changed = Signal()  # the person chose another filter

    def __init__(self) -> None:
        super().__init__()
        self.team, self.project = _combo("All teams"), _combo("All projects")
        self.person, self.week = _combo("Everyone"), _combo("All weeks")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for combo in (self.team, self.project, self.person, self.week):
            layout.addWidget(combo)
            combo.activated.connect(lambda _index: self.changed.emit())
        layout.addStretch(1)

    def query(self) -> QueueQuery:
        week = self.week.currentData()
        return QueueQuery(
            team=self.team.currentData(),
            project_id=self.project.currentData(),
            user_id=self.person.currentData(),
            week_start=None if week is None else date.fromisoformat(week),
        )

    def offer(self, choices: QueueChoices) -> bool:
        """Fill the lists, keeping what was chosen where it is still offered; True when teams are offered."""
        options = {
            self.team: [(team or "No team", team or "") for team in choices.teams],
            self.project: [(f"{p.code} · {p.name}", p.id) for p in choices.projects],
            self.person: [(user.name, user.id) for user in choices.people],
            # As text: QComboBox.findData cannot match a date (PySide hands it to Qt as a QDate).
            self.week: [(f"{week} · {first:%d %b}", first.isoformat()) for week, first in choices.weeks],
        }
        for combo, items in options.items():
            chosen = combo.currentData()
            while combo.count() > 1:
                combo.removeItem(1)
            for text, data in items:
                combo.addItem(text, data)
            combo.setCurrentIndex(max(0, combo.findData(chosen)))
        # A manager's queue holds only their own team, and a firm without teams has nothing to choose.
        several = len(choices.teams) > 1
        self.team.setVisible(several)
        return several
