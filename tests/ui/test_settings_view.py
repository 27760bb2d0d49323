"""Settings: organisation settings for admins, personal ones for everyone; bad input shows under its field."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from typing import Any

import pytest
from desk_helpers import settle, sign_in
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from app.domain.duration import Duration
from app.services import people
from app.services.identity import CURRENT_USER, current_actor
from app.services.preferences import Preferences, load_preferences
from app.ui.views.settings import SettingsView


def open_view(qtbot, ctx) -> SettingsView:  # type: ignore[no-untyped-def]
    view = SettingsView(ctx)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    settle(qtbot, ctx)
    return view


def stored_organisation(ledger) -> tuple[Any, ...]:  # type: ignore[no-untyped-def]
    with ledger.read() as uow:
        org = current_actor(uow).org
        rates = sorted((r.amount, r.effective_from or org.id.time) for r in uow.rates.of_org(org.id))
        return (org.name, org.time_zone, org.week_start, org.productive_day, org.version, rates)


def stored_preferences(ledger) -> Preferences:  # type: ignore[no-untyped-def]
    with ledger.read() as uow:
        return load_preferences(uow)


def type_into(qtbot, edit, text: str) -> None:  # type: ignore[no-untyped-def]
    """Replace the text as a person would (so the form knows it was typed)."""
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    if text:
        qtbot.keyClicks(edit, text)


def test_stored_settings_fill_both_forms(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, ctx)
    org, prefs = view.organisation, view.preferences

    assert [org.name.text(), org.currency.text(), org.time_zone.text(), org.week_start.currentText()] == [
        "Acme",
        "EUR",
        "Europe/Berlin",
        "Monday",
    ]
    assert [org.productive_day.text(), org.billing_increment.text(), org.minimum_entry.text()] == [
        "6:00",
        "0:15",
        "0:15",
    ]
    assert (org.rounding.currentData(), org.approval.isChecked(), org.rate.amount.text()) == ("up", True, "90.00")
    assert org.rate.history.text() == "Rates set so far: 90.00 EUR from the start"
    assert [prefs.idle_threshold.text(), prefs.working_start.text(), prefs.working_end.text()] == [
        "0:05",
        "09:00",
        "17:30",
    ]
    assert [box.isChecked() for box in prefs.days] == [True] * 5 + [False] * 2
    assert org.save.isEnabled() and not org.notice.isVisible()


def test_bad_organisation_input_shows_each_problem_under_its_field_and_writes_nothing(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, ctx)
    org = view.organisation
    before = stored_organisation(team.ledger)
    for edit, text in (
        (org.name, ""),
        (org.time_zone, "Mars/Olympus"),
        (org.productive_day, "0:30"),
        (org.billing_increment, "often"),
        (org.minimum_entry, "25:00"),
        (org.rate.amount, "-5"),
        (org.rate.starting, "2026-02-30"),
    ):
        type_into(qtbot, edit, text)

    with qtbot.waitSignal(org.form.problems_shown):
        qtbot.mouseClick(org.save, Qt.MouseButton.LeftButton)

    shown = org.form.shown()
    assert set(shown) == {
        "name",
        "time_zone",
        "productive_day",
        "billing_increment",
        "minimum_entry",
        "rate",
        "rate_from",
    }
    assert "Mars/Olympus" in shown["time_zone"]
    assert stored_organisation(team.ledger) == before
    assert org.name.text() == ""  # what was typed stays, to be corrected


def test_good_organisation_input_is_saved_and_shown_as_stored(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, ctx)
    org = view.organisation
    type_into(qtbot, org.name, "Acme Consulting")
    type_into(qtbot, org.time_zone, "america/new_york")
    type_into(qtbot, org.productive_day, "7.5")
    org.week_start.setCurrentIndex(6)

    with qtbot.waitSignal(ctx.events.settings_changed):
        qtbot.mouseClick(org.save, Qt.MouseButton.LeftButton)
    settle(qtbot, ctx)

    name, zone, week_start, productive_day, version, _ = stored_organisation(team.ledger)
    assert (name, zone, week_start, productive_day, version) == (
        "Acme Consulting",
        "America/New_York",
        6,
        Duration.of(hours=7, minutes=30),
        2,
    )
    assert (org.time_zone.text(), org.productive_day.text(), org.week_start.currentText()) == (
        "America/New_York",
        "7:30",
        "Sunday",
    )
    assert view.message.text() == "Organisation settings saved." and org.form.shown() == {}


def test_a_new_default_rate_is_kept_with_its_history(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, ctx)
    org = view.organisation
    type_into(qtbot, org.rate.amount, "95.50")
    type_into(qtbot, org.rate.starting, "2026-12-01")

    qtbot.mouseClick(org.save, Qt.MouseButton.LeftButton)
    settle(qtbot, ctx)

    assert org.rate.amount.text() == "90.00"  # until December
    assert org.rate.history.text() == "Rates set so far: 90.00 EUR from the start; 95.50 EUR from 2026-12-01"


@pytest.mark.parametrize("role", ["consultant", "manager"])
def test_only_admins_can_change_the_organisation_settings(qtbot, ctx, team, role: str) -> None:  # type: ignore[no-untyped-def]
    with team.ledger.work() as uow:
        people.add_user(uow, current_actor(uow), name="Mia", email="mia@acme.example", role=role)
        uow.commit()
    sign_in(team.ledger, "mia@acme.example")

    view = open_view(qtbot, ctx)
    org = view.organisation

    reason = f"Only admins can change the organisation's settings; you are a {role}."
    assert (org.save.isEnabled(), org.save.toolTip()) == (False, reason)
    assert org.notice.isVisible() and org.notice.text() == f"Read only. {reason}"
    assert not any(widget.isEnabled() for widget in org.form.inputs.values())
    assert org.name.text() == "Acme"
    assert view.preferences.save.isEnabled()


def test_bad_personal_input_shows_under_its_field_and_keeps_the_old_preferences(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, ctx)
    prefs = view.preferences
    type_into(qtbot, prefs.idle_threshold, "soon")
    type_into(qtbot, prefs.working_start, "25:00")
    type_into(qtbot, prefs.remind_untracked, "a while")

    with qtbot.waitSignal(prefs.form.problems_shown):
        qtbot.mouseClick(prefs.save, Qt.MouseButton.LeftButton)

    assert set(prefs.form.shown()) == {"idle_threshold", "working_hours", "remind_untracked"}
    assert stored_preferences(team.ledger) == Preferences()

    type_into(qtbot, prefs.idle_threshold, "0:05")
    type_into(qtbot, prefs.working_start, "18:00")
    type_into(qtbot, prefs.remind_untracked, "")
    with qtbot.waitSignal(prefs.form.problems_shown):
        qtbot.mouseClick(prefs.save, Qt.MouseButton.LeftButton)
    assert prefs.form.shown() == {"working_hours": "Working hours must end after they start."}


def test_good_personal_input_is_saved(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, ctx)
    prefs = view.preferences
    type_into(qtbot, prefs.idle_threshold, "12m")
    type_into(qtbot, prefs.working_start, "8:00")
    type_into(qtbot, prefs.remind_long_timer, "")
    qtbot.mouseClick(prefs.days[4], Qt.MouseButton.LeftButton)  # Fridays off

    with qtbot.waitSignal(ctx.events.settings_changed):
        qtbot.mouseClick(prefs.save, Qt.MouseButton.LeftButton)
    settle(qtbot, ctx)

    assert stored_preferences(team.ledger) == Preferences(
        idle_threshold=Duration.of(minutes=12),
        working_start=time(8),
        working_days=(0, 1, 2, 3),
        remind_long_timer=None,
    )
    assert (prefs.idle_threshold.text(), prefs.remind_long_timer.text()) == ("0:12", "")


def test_unsaved_typing_survives_a_refresh_from_elsewhere(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, ctx)
    type_into(qtbot, view.organisation.name, "Half-typed")
    with team.ledger.work() as uow:
        uow.settings.set(CURRENT_USER, str(current_actor(uow).user.id))  # any commit elsewhere
        uow.commit()

    ctx.events.everything_changed()
    settle(qtbot, ctx)

    assert view.organisation.name.text() == "Half-typed"
    assert view.preferences.idle_threshold.text() == "0:05"


def stored_policies(ledger) -> tuple[Any, ...]:  # type: ignore[no-untyped-def]
    with ledger.read() as uow:
        org = current_actor(uow).org
        return (
            org.lock_date,
            org.budget_warning_percent,
            org.notes_required,
            org.submit_deadline_weekday,
            org.submit_deadline_time,
            org.version,
        )


def test_the_policies_are_shown_as_stored(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    org = open_view(qtbot, ctx).organisation

    assert [org.lock_date.text(), org.budget_warning.text(), org.deadline_day.currentText()] == ["", "80", "Monday"]
    assert (org.deadline_time.text(), org.notes_required.isChecked()) == ("10:00", False)


def test_bad_policies_show_each_problem_under_its_field_and_write_nothing(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, ctx)
    org = view.organisation
    before = stored_policies(team.ledger)
    type_into(qtbot, org.lock_date, "31.10.2026")
    type_into(qtbot, org.budget_warning, "150")
    type_into(qtbot, org.deadline_time, "25:00")

    with qtbot.waitSignal(org.form.problems_shown):
        qtbot.mouseClick(org.save, Qt.MouseButton.LeftButton)

    shown = org.form.shown()
    assert set(shown) == {"lock_date", "budget_warning_percent", "submit_deadline_weekday"}
    assert shown["lock_date"] == "'31.10.2026' is not a date; write it like 2026-11-20."
    assert "'150'" in shown["budget_warning_percent"]
    assert shown["submit_deadline_weekday"] == "'25:00' is not a time of day; write it like 09:30."
    assert stored_policies(team.ledger) == before
    assert org.lock_date.text() == "31.10.2026"  # what was typed stays, to be corrected


def test_good_policies_are_saved_and_shown_as_stored(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, ctx)
    org = view.organisation
    type_into(qtbot, org.lock_date, "2026-10-31")
    type_into(qtbot, org.budget_warning, "90")
    type_into(qtbot, org.deadline_time, "9:30")
    org.deadline_day.setCurrentIndex(4)
    qtbot.mouseClick(org.notes_required, Qt.MouseButton.LeftButton)

    with qtbot.waitSignal(ctx.events.settings_changed):
        qtbot.mouseClick(org.save, Qt.MouseButton.LeftButton)
    settle(qtbot, ctx)

    assert stored_policies(team.ledger)[:5] == (date(2026, 10, 31), 90, True, 4, time(9, 30))
    assert (org.deadline_time.text(), org.form.shown()) == ("09:30", {})
    assert view.message.text() == "Organisation settings saved."


def stored_invoicing(ledger) -> tuple[Any, ...]:  # type: ignore[no-untyped-def]
    with ledger.read() as uow:
        org = current_actor(uow).org
        return (
            org.address,
            org.tax_id,
            org.bank_details,
            org.default_tax_rate,
            org.invoice_pattern,
            org.numbering_yearly,
            org.logo,
            org.version,
        )


def test_invoicing_settings_and_a_chosen_logo_are_saved_and_the_logo_previewed(qtbot, ctx, team, tmp_path) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, ctx)
    org = view.organisation
    assert (org.tax_rate.text(), org.invoice_pattern.text(), org.numbering_yearly.isChecked()) == (
        "0",
        "{YYYY}-{SEQ:4}",
        True,
    )
    assert org.logo.preview.text() == "No logo" and not org.logo.remove.isEnabled()
    logo = tmp_path / "logo.png"
    image = QImage(120, 40, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkCyan)
    assert image.save(str(logo), "PNG")
    org.address.setFocus()
    qtbot.keyClicks(org.address, "Hauptstraße 1")
    type_into(qtbot, org.tax_id, "DE136695976")
    type_into(qtbot, org.tax_rate, "19")
    type_into(qtbot, org.invoice_pattern, "INV-{YYYY}-{SEQ:5}")
    org.logo.take_file(logo)
    assert not org.logo.preview.pixmap().isNull() and org.logo.about.text().startswith("PNG, ")
    version = stored_invoicing(team.ledger)[-1]

    with qtbot.waitSignal(ctx.events.settings_changed):
        qtbot.mouseClick(org.save, Qt.MouseButton.LeftButton)
    settle(qtbot, ctx)

    assert stored_invoicing(team.ledger) == (
        "Hauptstraße 1",
        "DE136695976",
        "",
        Decimal(19),
        "INV-{YYYY}-{SEQ:5}",
        True,
        logo.read_bytes(),
        version + 1,  # one write for the whole form
    )
    assert (org.tax_rate.text(), org.logo.touched, org.logo.remove.isEnabled()) == ("19", False, True)
    assert not org.logo.preview.pixmap().isNull()

    qtbot.mouseClick(org.logo.remove, Qt.MouseButton.LeftButton)
    assert org.logo.preview.text() == "No logo" and org.form.dirty
    with qtbot.waitSignal(ctx.events.settings_changed):
        qtbot.mouseClick(org.save, Qt.MouseButton.LeftButton)
    assert stored_invoicing(team.ledger)[-2] is None


def test_bad_invoicing_settings_show_under_their_fields_and_write_nothing(qtbot, ctx, team, tmp_path) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, ctx)
    org = view.organisation
    before = stored_invoicing(team.ledger)
    notes = tmp_path / "notes.txt"
    notes.write_text("not an image")
    type_into(qtbot, org.tax_rate, "abc")
    type_into(qtbot, org.invoice_pattern, "{FOO}-{SEQ}")
    type_into(qtbot, org.name, "")
    org.logo.take_file(notes)
    assert org.logo.preview.text() == "No preview"

    with qtbot.waitSignal(org.form.problems_shown):
        qtbot.mouseClick(org.save, Qt.MouseButton.LeftButton)

    shown = org.form.shown()
    assert set(shown) == {"name", "default_tax_rate", "invoice_pattern", "logo"}
    assert shown["logo"] == "The logo must be a PNG or JPEG image; this file is neither."
    assert "'abc' is not a percentage" in shown["default_tax_rate"]
    assert stored_invoicing(team.ledger) == before


def test_the_default_rate_says_its_currency(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    org = open_view(qtbot, ctx).organisation
    assert (org.rate.amount.text(), org.form.titles["rate"].text()) == ("90.00", "Default hourly rate (EUR)")
