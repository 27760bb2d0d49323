"""Helpers for the desk's view tests: waiting for background work, and signing someone in."""

from __future__ import annotations

from app.ledger import Ledger
from app.services.identity import CURRENT_USER, current_actor
from app.ui.context import UiContext


def settle(qtbot, ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    """Wait until every background read and save has answered (each answer may start the next read)."""
    qtbot.waitUntil(lambda: not ctx.runner.busy, timeout=5000)


def sign_in(ledger: Ledger, email: str) -> None:
    """Make `email` the user this desktop acts for, as if they had signed in here."""
    with ledger.work() as uow:
        uow.settings.set(CURRENT_USER, str(current_actor(uow, email).user.id))
        uow.commit()
