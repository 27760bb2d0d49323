"""Settings: the organisation's (admins change them), email, this desktop's personal ones, and team sync."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from zoneinfo import available_timezones

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from app.services.identity import Actor
from app.services.organisation import OrganisationSettings, read_settings
from app.services.ports import UnitOfWork
from app.services.preferences import Preferences, load_preferences
from app.ui.context import UiContext
from app.ui.organisation_form import OrganisationForm
from app.ui.preferences_form import PreferencesForm
from app.ui.view_jobs import ViewJobs
from app.ui.views.mail_settings import MailSettingsSection
from app.ui.views.sync_settings import TeamSyncSection
from app.ui.week_bar import MessageLine


@dataclass(frozen=True)
class Shown:
    organisation: OrganisationSettings
    preferences: Preferences
    today: date
    time_zones: list[str]
    email: str  # the signed-in user's, where a test message goes by default


@cache
def _zone_names() -> list[str]:
    return sorted(available_timezones())


def _read(uow: UnitOfWork, actor: Actor) -> Shown:
    # The zone list scans the tz database: read off the GUI thread, with the settings (once).
    return Shown(
        read_settings(uow, actor), load_preferences(uow), actor.today(uow.clock), _zone_names(), actor.user.email
    )


class SettingsView(QWidget):
    loaded = Signal()  # the stored settings are on screen

    def __init__(self, ctx: UiContext):
        super().__init__()
        self.ctx = ctx
        self.jobs = ViewJobs(self, ctx)
        self.zones_offered = False
        heading = QLabel("Settings")
        heading.setObjectName("heading")
        heading.setStyleSheet("#heading { font-size: 16pt; font-weight: 600; }")
        self.organisation = OrganisationForm()
        self.mail = MailSettingsSection(ctx)
        self.preferences = PreferencesForm()
        self.team_sync = TeamSyncSection(ctx)
        self.message = MessageLine()
        body = QWidget()
        body.setMaximumWidth(760)  # long input lines are no easier to read
        forms = QVBoxLayout(body)
        forms.setContentsMargins(0, 0, 0, 0)
        forms.addWidget(self.organisation)
        forms.addWidget(self.mail)
        forms.addWidget(self.preferences)
        forms.addWidget(self.team_sync)
        forms.addStretch()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        self.organisation.save.clicked.connect(self.save_organisation)
        self.preferences.save.clicked.connect(self.save_preferences)
        ctx.events.settings_changed.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        self.jobs.load(_read, self.render, lambda error: self.message.error(str(error)))

    def render(self, shown: Shown) -> None:
        if not self.zones_offered:
            self.organisation.offer_time_zones(shown.time_zones)
            self.zones_offered = True
        self.organisation.fill(shown.organisation, shown.today)
        self.mail.fill(shown.organisation, shown.email)
        self.preferences.fill(shown.preferences)
        self.loaded.emit()

    def save_organisation(self) -> None:
        form = self.organisation
        form.form.save(self.jobs, form.change(), lambda _: self._saved("Organisation settings saved."))

    def save_preferences(self) -> None:
        form = self.preferences
        form.form.save(self.jobs, form.change(), lambda _: self._saved("Your settings saved."))

    def _saved(self, said: str) -> None:
        self.message.info(said)
        self.ctx.events.settings_changed.emit()
