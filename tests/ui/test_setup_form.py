"""The first-run form: every problem under its field, nothing written until all is right."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.services.today import today_view
from app.ui.main_window import MainWindow


def fill(window: MainWindow, **values: str) -> None:
    for key, value in values.items():
        window.setup_form.inputs[key].setText(value)


def test_a_new_database_opens_on_the_setup_form(qtbot, ctx, ledger):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert window.screens.currentWidget() is window.setup_form
    assert window.setup_form.inputs["currency"].text() == "EUR"


def test_bad_input_shows_each_problem_under_its_field_and_writes_nothing(qtbot, ctx, ledger):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    fill(window, org_name=" ", currency="XYZ", user_name="Ada", email="ada@", time_zone="Mars/Olympus")
    qtbot.mouseClick(window.setup_form.create, Qt.MouseButton.LeftButton)
    errors = {key: label.text() for key, label in window.setup_form.errors.items() if not label.isHidden()}
    assert set(errors) == {"org_name", "currency", "email", "time_zone"}
    assert "XYZ" in errors["currency"] and "ada@" in errors["email"]
    assert today_view(ledger).problem_code == "not_initialised"


def test_a_valid_form_creates_the_organisation_and_shows_the_desk(qtbot, ctx, ledger):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    fill(
        window,
        org_name="Zoë & Co <Ltd>",
        user_name="Ada",
        email="Ada@Example.com",
        time_zone="Europe/Berlin",
        default_rate="95.50",
    )
    qtbot.keyClick(window.setup_form.inputs["email"], Qt.Key.Key_Return)
    today = window.sections["Today"]
    assert window.pages.currentWidget() is today
    qtbot.waitUntil(lambda: today.overview is not None, timeout=3000)  # Today reads in the background
    assert today.heading.text() == "Zoë & Co <Ltd> — Ada <ada@example.com>"
