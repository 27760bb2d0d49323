"""The "Blocked billable work" list, opened from Clients & projects: everyone's for managers, one's own otherwise."""

from __future__ import annotations

from dataclasses import replace

import pytest
from desk_helpers import settle, sign_in
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from app.domain.errors import RuleViolation
from app.ledger import Ledger
from app.services import projects, task_log
from app.services.identity import current_actor
from app.ui.blocked_work import BlockedWorkDialog
from app.ui.record_list import RecordList
from app.ui.views.catalogue import CatalogueView

CARL = "carl@acme.example"
ADA = "ada@acme.example"
FATAL = QAbstractItemModelTester.FailureReportingMode.Fatal
QUOTE = "The quote for WEB is not signed yet; time can be logged once the client has signed it."


def texts(records: RecordList, column: int) -> list[str]:
    model = records.model
    return [model.index(row, column).data() for row in range(model.rowCount())]


def require_quote(ledger: Ledger) -> None:
    with ledger.work() as uow:
        admin = current_actor(uow)
        uow.projects.save(replace(projects.find_project(uow, admin.org, "WEB"), requires_quote=True))
        uow.commit()


def try_to_log(ledger: Ledger, email: str) -> None:
    """An hour on WEB, refused by the checks (the refusal leaves its record once the unit of work is left)."""
    with pytest.raises(RuleViolation), ledger.work() as uow:
        actor = current_actor(uow, email)
        task_log.log_entry(uow, actor, "WEB", day=actor.today(uow.clock), hours="1")
        uow.commit()


def open_list(qtbot, ctx) -> BlockedWorkDialog:  # type: ignore[no-untyped-def]
    """Open the list the way a person does: the button in Clients & projects."""
    catalogue = CatalogueView(ctx)
    qtbot.addWidget(catalogue)
    catalogue.show()
    settle(qtbot, ctx)
    qtbot.mouseClick(catalogue.blocked, Qt.MouseButton.LeftButton)
    dialog = catalogue.blocked.dialog
    assert dialog is not None and dialog.isVisible()
    settle(qtbot, ctx)
    return dialog


def test_a_manager_sees_each_project_and_reason_with_how_often_and_when(qtbot, ctx, team, clock) -> None:  # type: ignore[no-untyped-def]
    require_quote(team.ledger)
    try_to_log(team.ledger, CARL)
    clock.advance(minutes=30)
    try_to_log(team.ledger, ADA)

    lines = open_list(qtbot, ctx).view.lines
    QAbstractItemModelTester(lines.model, FATAL)

    assert [texts(lines, column) for column in range(5)] == [
        ["WEB"],
        ["Quote not signed"],
        ["2"],
        ["2026-11-20 09:30"],
        [QUOTE],
    ]
    view = lines.parentWidget()
    assert view.whose.text() == "Everyone's billable time refused by the checks, 22 Oct 2026 – 20 Nov 2026."


def test_a_consultant_sees_only_their_own_refusals(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    require_quote(team.ledger)
    try_to_log(team.ledger, ADA)
    sign_in(team.ledger, CARL)

    view = open_list(qtbot, ctx).view

    assert view.lines.model.rowCount() == 0
    assert view.lines.empty.text() == "No billable work was blocked from 22 Oct to 20 Nov."
    assert view.whose.text().startswith("Your billable time refused by the checks")

    try_to_log(team.ledger, CARL)
    with qtbot.waitSignal(view.loaded):
        ctx.events.entries_changed.emit()  # what the window says after a refused entry
    assert texts(view.lines, 2) == ["1"]


def test_a_longer_period_reaches_older_refusals(qtbot, ctx, team, clock) -> None:  # type: ignore[no-untyped-def]
    require_quote(team.ledger)
    clock.advance(days=-40)
    try_to_log(team.ledger, CARL)
    clock.advance(days=40)
    view = open_list(qtbot, ctx).view
    assert view.lines.model.rowCount() == 0

    with qtbot.waitSignal(view.loaded):
        view.period.setCurrentIndex(view.period.findData(90))

    assert texts(view.lines, 3) == ["2026-10-11 10:00"]  # 08:00 UTC in Berlin's summer time


def test_the_button_brings_the_one_open_list_forward(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    first = open_list(qtbot, ctx)
    catalogue = first.parentWidget()

    qtbot.mouseClick(catalogue.blocked, Qt.MouseButton.LeftButton)

    assert catalogue.blocked.dialog is first
