"""Helpers of the tray timer's widget tests: installing it over the test ledger, and doing things as Ada."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.domain.timer import RunningTimer
from app.ledger import Ledger
from app.services import task_log
from app.services.identity import current_actor
from app.services.work_labels import WorkLabels
from app.ui.context import UiContext
from app.ui.tray.install import DeskTimer, install_timer

SIGNAL_MS = 5000


def installed(qtbot, ctx: UiContext, *, tray: bool = True) -> DeskTimer:  # type: ignore[no-untyped-def]
    """The tray timer (or the compact window), once its first read of the ledger has arrived."""
    with qtbot.waitCallback(timeout=SIGNAL_MS) as arrived:
        desk = install_timer(ctx, tray=tray)  # its first read runs in the background
        desk.state.changed.connect(arrived)
    desk.state.changed.disconnect(arrived)
    qtbot.addWidget(desk.popup)
    if desk.window is not None:
        qtbot.addWidget(desk.window)
    return desk


def as_ada(ledger: Ledger, step: Callable[..., Any]) -> Any:
    """Do one step as the signed-in user, outside the app (as the CLI would)."""
    with ledger.work() as uow:
        result = step(uow, current_actor(uow))
        uow.commit()
    return result


def log(ledger: Ledger, reference: str, start: str, end: str, note: str = "") -> None:
    as_ada(
        ledger,
        lambda uow, ada: task_log.log_entry(
            uow, ada, reference, day=ada.today(uow.clock), start=start, end=end, note=note
        ),
    )


def running(ledger: Ledger) -> tuple[str, RunningTimer] | None:
    """The label and timer running for the signed-in user, read straight from the ledger."""
    with ledger.read() as uow:
        timer = uow.timers.of_user(current_actor(uow).user.id)
        if timer is None:
            return None
        return WorkLabels(uow).ref(timer.project_id, timer.task_id).label, timer


def settle(qtbot, desk: DeskTimer, act: Callable[[], Any]) -> None:  # type: ignore[no-untyped-def]
    """Do something in the UI and wait until its effect has been read back into the tray's state."""
    with qtbot.waitSignal(desk.state.changed, timeout=SIGNAL_MS):
        act()
