"""What the person logging hears about budgets, and the daily-cap override in the New entry dialog."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date

from desk_helpers import settle, sign_in
from tray_helpers import SIGNAL_MS, as_ada, installed

from app.domain.duration import Duration
from app.services import projects, task_log
from app.ui.entry_dialog import EntryDialog

THURSDAY = date(2026, 11, 19)
EIGHTY = "WEB has used 80 % of its budget of 5:00 hours."


def opened(qtbot, ctx) -> EntryDialog:  # type: ignore[no-untyped-def]
    form = EntryDialog(ctx)
    qtbot.addWidget(form)
    qtbot.waitUntil(lambda: form.work.count() > 0, timeout=3000)
    return form


def overrides(db_path) -> list[tuple]:  # type: ignore[no-untyped-def,type-arg]
    with sqlite3.connect(db_path) as plain:
        return plain.execute(
            "SELECT duration_seconds, cap_override_by IS NOT NULL, cap_override_reason FROM task_log_entries"
        ).fetchall()


def web_budget_nearly_spent(ledger) -> None:  # type: ignore[no-untyped-def]
    """WEB gets a budget of five hours, four of which Ada logged on Thursday: 80 % used."""

    def prepare(uow, ada):  # type: ignore[no-untyped-def]
        web = projects.find_project(uow, ada.org, "WEB")
        uow.projects.save(replace(web, budget_hours=Duration.of(hours=5)))
        task_log.log_entry(uow, ada, "WEB/General", day=THURSDAY, hours="4")

    as_ada(ledger, prepare)


def test_the_override_field_is_offered_to_managers_and_admins_only(qtbot, ctx, team):  # type: ignore[no-untyped-def]
    admins = opened(qtbot, ctx)
    assert admins.form.isRowVisible(admins.override_row)

    sign_in(team.ledger, "carl@acme.example")
    consultants = opened(qtbot, ctx)
    assert not consultants.form.isRowVisible(consultants.override_row)
    assert not consultants.override.isVisibleTo(consultants)


def test_an_admin_saves_a_day_past_the_cap_with_a_reason(qtbot, ctx, team, db_path):  # type: ignore[no-untyped-def]
    as_ada(team.ledger, lambda uow, ada: task_log.log_entry(uow, ada, "WEB/General", day=date(2026, 11, 20), hours="5"))
    form = opened(qtbot, ctx)
    form.work.setEditText("WEB/General")
    form.hours.setText("2")

    form.submit()  # no reason: refused, the sentence says who may allow it
    qtbot.waitUntil(form.buttons.isEnabled, timeout=3000)
    assert "only a manager or an admin can allow that, with a reason" in form.general.text()
    assert len(overrides(db_path)) == 1

    form.override.setText("  Go-live weekend  ")
    with qtbot.waitSignal(form.logged, timeout=3000):
        form.submit()
    assert overrides(db_path)[1] == (7200, 1, "Go-live weekend")


def test_logging_on_a_nearly_spent_budget_notifies_the_person_logging(qtbot, ctx, team):  # type: ignore[no-untyped-def]
    web_budget_nearly_spent(team.ledger)
    form = opened(qtbot, ctx)
    form.work.setEditText("WEB/General")
    form.hours.setText("0:30")

    with qtbot.waitSignal(ctx.events.notify, timeout=3000) as told:
        form.submit()
    assert told.args == ["Budget", "WEB has used 90 % of its budget of 5:00 hours."]


def test_starting_the_timer_on_a_nearly_spent_budget_notifies(qtbot, ctx, team):  # type: ignore[no-untyped-def]
    web_budget_nearly_spent(team.ledger)
    desk = installed(qtbot, ctx)

    with qtbot.waitSignal(ctx.events.notify, timeout=SIGNAL_MS) as told:
        desk.actions.start("WEB/General")
    assert told.args == ["Budget", EIGHTY]
    settle(qtbot, ctx)


def test_time_without_a_budget_notifies_nothing(qtbot, ctx, team):  # type: ignore[no-untyped-def]
    told: list[tuple[str, str]] = []
    ctx.events.notify.connect(lambda title, text: told.append((title, text)))
    form = opened(qtbot, ctx)
    form.work.setEditText("WEB/General")
    form.hours.setText("1")
    with qtbot.waitSignal(form.logged, timeout=3000):
        form.submit()
    settle(qtbot, ctx)
    assert told == []
