"""Clients & projects: lists that page in, forms whose problems show under their fields, read-only for consultants."""

from __future__ import annotations

from typing import Any

import pytest
from desk_helpers import settle, sign_in
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester

from app.domain.client import ClientStatus
from app.services import clients, setup
from app.services.identity import current_actor
from app.ui.forms import RecordDialog
from app.ui.record_list import PAGE, Column, RecordList, RecordsModel
from app.ui.views.catalogue import CatalogueView

CARL = "carl@acme.example"
FATAL = QAbstractItemModelTester.FailureReportingMode.Fatal


def open_view(qtbot, ctx) -> CatalogueView:  # type: ignore[no-untyped-def]
    view = CatalogueView(ctx)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    settle(qtbot, ctx)
    return view


def texts(records: RecordList, column: int = 0) -> list[str]:
    model = records.model
    return [model.index(row, column).data() for row in range(model.rowCount())]


def pick(qtbot, records: RecordList, text: str) -> None:  # type: ignore[no-untyped-def]
    row = texts(records).index(text)
    rect = records.table.visualRect(records.model.index(row, 0))
    qtbot.mouseClick(records.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def dialog_of(view: Any) -> RecordDialog:
    dialog = view.dialogs.current
    assert dialog is not None and dialog.isVisible()
    return dialog


def fill(dialog: RecordDialog, **values: str) -> None:
    for key, value in values.items():
        widget = dialog.form.inputs[key]
        widget.setPlainText(value) if hasattr(widget, "setPlainText") else widget.setText(value)


def save(qtbot, ctx, dialog: RecordDialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot, ctx)


def client_rows(ledger) -> list[tuple[Any, ...]]:  # type: ignore[no-untyped-def]
    with ledger.read() as uow:
        actor = current_actor(uow)
        return [(c.name, c.email, c.version) for c in uow.clients.all(actor.org.id)]


def test_every_list_passes_the_model_tester_through_reloads(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, ctx)
    lists = (view.clients, view.projects, view.panel.tasks, view.panel.people)
    testers = [QAbstractItemModelTester(records.model, FATAL) for records in lists]

    ctx.events.catalogue_changed.emit()
    settle(qtbot, ctx)

    assert len(testers) == 4
    assert [texts(records) for records in lists] == [["Globex"], ["WEB"], ["General"], ["Carl Consultant", "Ada Admin"]]


def test_long_lists_page_in_as_the_view_scrolls(qtbot) -> None:  # type: ignore[no-untyped-def]
    model = RecordsModel([Column("Number", str, numeric=True)])
    QAbstractItemModelTester(model, FATAL)
    model.show(range(2 * PAGE + 50))

    assert (model.rowCount(), model.canFetchMore(QModelIndex())) == (PAGE, True)
    model.fetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert (model.rowCount(), model.canFetchMore(QModelIndex())) == (2 * PAGE + 50, False)
    assert model.index(2 * PAGE + 49, 0).data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight


def test_an_empty_catalogue_says_to_add_a_client(qtbot, ctx, ledger) -> None:  # type: ignore[no-untyped-def]
    with ledger.work() as uow:
        setup.init_organisation(
            uow, org_name="Acme", currency="EUR", user_name="Ada", email="ada@acme.example", time_zone="UTC"
        )
        uow.commit()

    view = open_view(qtbot, ctx)

    assert view.clients.stack.currentWidget() is view.clients.empty
    assert view.clients.empty.text() == "No clients yet — add one."
    assert view.projects.empty.text() == "No projects yet — add a client first."
    assert view.add_client.isEnabled() and not view.edit_client.isEnabled()


def test_selecting_a_client_shows_its_projects_and_a_project_its_tasks_and_people(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    with team.ledger.work() as uow:
        clients.add_client(uow, current_actor(uow), name="Initech", email="ap@initech.example")
        uow.commit()
    view = open_view(qtbot, ctx)

    assert texts(view.clients) == ["Globex", "Initech"]
    assert texts(view.projects) == ["WEB"] and view.projects_title.text() == "Projects of Globex"
    assert texts(view.projects, 4) == ["120.00 EUR (client)"]
    assert view.panel.isVisible() and view.panel.title.text() == "WEB — Website"
    assert (texts(view.panel.tasks), texts(view.panel.people)) == (["General"], ["Carl Consultant", "Ada Admin"])

    pick(qtbot, view.clients, "Initech")
    settle(qtbot, ctx)

    assert view.projects.empty.text() == "No projects for Initech yet — add one."
    assert view.projects.stack.currentWidget() is view.projects.empty
    assert not view.panel.isVisible()


def test_bad_client_input_shows_each_problem_under_its_field_and_writes_nothing(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, ctx)
    before = client_rows(team.ledger)
    qtbot.mouseClick(view.add_client, Qt.MouseButton.LeftButton)
    dialog = dialog_of(view)

    fill(dialog, name=" ", email="ap@", currency="XYZ", rate="12,5", payment_terms="someday")
    with qtbot.waitSignal(dialog.form.problems_shown):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    shown = dialog.form.shown()
    assert set(shown) == {"name", "email", "currency", "payment_terms"}
    assert "ap@" in shown["email"] and "XYZ" in shown["currency"]
    assert dialog.isVisible() and client_rows(team.ledger) == before


def test_a_valid_client_is_saved_listed_and_selected(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, ctx)
    qtbot.mouseClick(view.add_client, Qt.MouseButton.LeftButton)
    dialog = dialog_of(view)

    fill(dialog, name="<b>Initech</b>", email="AP@initech.example", rate="95", notes="two\nlines")
    save(qtbot, ctx, dialog)

    assert not dialog.isVisible() and dialog.result() == RecordDialog.DialogCode.Accepted
    assert texts(view.clients) == ["<b>Initech</b>", "Globex"]
    assert view.clients.selected().client.email == "ap@initech.example"
    assert view.projects.empty.text() == "No projects for <b>Initech</b> yet — add one."
    assert texts(view.clients, 1) == ["95.00 EUR", "120.00 EUR"]


def test_a_double_click_on_save_adds_the_client_once(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, ctx)
    qtbot.mouseClick(view.add_client, Qt.MouseButton.LeftButton)
    dialog = dialog_of(view)
    fill(dialog, name="Initech", email="ap@initech.example")

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot, ctx)

    assert [name for name, _, _ in client_rows(team.ledger)] == ["Globex", "Initech"]
    assert dialog.form.shown() == {}


def test_a_changed_client_rate_starts_on_its_day_and_the_old_one_is_kept(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, ctx)
    qtbot.mouseClick(view.edit_client, Qt.MouseButton.LeftButton)
    dialog = dialog_of(view)
    assert dialog.form.inputs["rate"].text() == "120.00"

    fill(dialog, rate="150", rate_from="2026-12-01")
    save(qtbot, ctx, dialog)
    qtbot.mouseClick(view.edit_client, Qt.MouseButton.LeftButton)
    reopened = dialog_of(view)

    assert reopened.rate.amount.text() == "120.00"  # still today's rate
    history = reopened.findChildren(type(view.notice))
    assert any(
        label.text() == "Rates set so far: 120.00 EUR from the start; 150.00 EUR from 2026-12-01" for label in history
    )


def test_project_status_offers_only_the_allowed_moves(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, ctx)
    qtbot.mouseClick(view.edit_project, Qt.MouseButton.LeftButton)
    dialog = dialog_of(view)
    status = dialog.form.inputs["status"]

    assert [status.itemData(i) for i in range(status.count())] == ["active", "completed", "archived"]
    status.setCurrentIndex(1)
    save(qtbot, ctx, dialog)

    assert texts(view.projects, 2) == ["completed"]


def test_bad_project_input_shows_each_problem_under_its_field_and_writes_nothing(qtbot, ctx, team, db_path) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, ctx)
    qtbot.mouseClick(view.edit_project, Qt.MouseButton.LeftButton)
    dialog = dialog_of(view)

    fill(dialog, code="", budget_hours="soon", rate_from="next week")
    dialog.form.inputs["billing"].setCurrentIndex(1)  # fixed price, but no price given
    dialog.requires_quote.setChecked(True)  # an active project's quote must then be signed
    with qtbot.waitSignal(dialog.form.problems_shown):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert set(dialog.form.shown()) == {"code", "budget_hours", "fixed_price", "quote", "rate_from"}
    with team.ledger.read() as uow:
        [web] = uow.projects.all(current_actor(uow).org.id)
    assert (web.code, web.version, web.requires_quote) == ("WEB", 1, False)


def test_a_duplicate_task_name_shows_under_the_name(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, ctx)
    qtbot.mouseClick(view.panel.add_task, Qt.MouseButton.LeftButton)
    dialog = dialog_of(view.panel)

    fill(dialog, name=" general ")
    with qtbot.waitSignal(dialog.form.problems_shown):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.form.shown() == {"name": "Project WEB already has a task 'general'."}

    fill(dialog, name="Design", rate="140")
    save(qtbot, ctx, dialog)
    assert texts(view.panel.tasks) == ["Design", "General"]
    assert view.panel.tasks.selected().task.name == "Design"


def test_assigning_someone_checks_the_typed_days(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, ctx)
    qtbot.mouseClick(view.panel.assign, Qt.MouseButton.LeftButton)
    dialog = dialog_of(view.panel)
    person = dialog.form.inputs["person"]
    person.setCurrentIndex(person.findData("ada@acme.example"))

    fill(dialog, valid_from="2026-12-01", valid_to="2026-11-30", role="lead")
    with qtbot.waitSignal(dialog.form.problems_shown):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert set(dialog.form.shown()) == {"valid_to"}

    fill(dialog, valid_to="")
    save(qtbot, ctx, dialog)
    assert [texts(view.panel.people, column) for column in (0, 1, 3)] == [
        ["Carl Consultant", "Ada Admin", "Ada Admin"],  # the team's own assignment of Ada first
        ["consultant", "consultant", "lead"],
        ["start – open", "start – open", "2026-12-01 – open"],
    ]


def test_closing_a_task_and_ending_an_assignment_take_one_click(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, ctx)
    panel = view.panel
    pick(qtbot, panel.tasks, "General")
    qtbot.mouseClick(panel.close_task, Qt.MouseButton.LeftButton)
    settle(qtbot, ctx)
    assert (texts(panel.tasks, 3), panel.close_task.text()) == (["closed"], "Reopen")

    pick(qtbot, panel.people, "Carl Consultant")
    qtbot.mouseClick(panel.end_assignment, Qt.MouseButton.LeftButton)
    settle(qtbot, ctx)
    assert texts(panel.people, 3) == ["start – 2026-11-20", "start – open"]  # Carl's, then Ada's
    assert panel.message.text() == "Carl Consultant's last day on WEB is today, 2026-11-20."
    assert not panel.end_assignment.isEnabled()  # ending it again would be no change


def test_archiving_a_client_turns_the_button_into_restore(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, ctx)

    qtbot.mouseClick(view.archive, Qt.MouseButton.LeftButton)
    settle(qtbot, ctx)

    assert (texts(view.clients, 2), view.archive.text(), view.message.text()) == (
        ["archived"],
        "Restore",
        "Globex archived.",
    )
    assert view.clients.selected().client.status is ClientStatus.ARCHIVED


@pytest.mark.parametrize("button", ["add_client", "edit_client", "archive", "add_project", "edit_project"])
def test_consultant_sees_the_lists_read_only(qtbot, ctx, team, button: str) -> None:  # type: ignore[no-untyped-def]
    sign_in(team.ledger, CARL)
    view = open_view(qtbot, ctx)
    reason = "Only managers and admins can change clients and projects; you are a consultant."

    widget = getattr(view, button)
    assert (widget.isEnabled(), widget.toolTip()) == (False, reason)
    assert view.notice.isVisible() and view.notice.text() == f"Read only. {reason}"
    panel_buttons = (view.panel.add_task, view.panel.close_task, view.panel.assign, view.panel.end_assignment)
    assert not any(b.isEnabled() for b in panel_buttons)
    view.clients.opened.emit()
    view.projects.opened.emit()
    assert view.dialogs.current is None
    assert (texts(view.clients), texts(view.projects), texts(view.panel.tasks)) == (["Globex"], ["WEB"], ["General"])
    assert view.panel.people.empty.text() == "Nobody is assigned yet."  # nothing a consultant could do about it


def test_changes_made_elsewhere_appear_after_the_change_signal(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, ctx)
    with team.ledger.work() as uow:
        clients.add_client(uow, current_actor(uow), name="Hooli", email="ap@hooli.example", currency="USD")
        uow.commit()

    ctx.events.everything_changed()
    settle(qtbot, ctx)

    assert texts(view.clients) == ["Globex", "Hooli"]
    assert view.clients.selected().client.name == "Globex"
