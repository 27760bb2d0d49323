"""How invoice commands run and find things: reading commands see today's states, and ids are taken back
the way `invoice show` prints them."""

from __future__ import annotations

import argparse
import functools
import uuid
from collections.abc import Callable, Iterable

from app.cli.output import Output
from app.cli.runner import Command, Handler, reading
from app.domain.errors import NotFound, Problem, refuse
from app.services import receivables
from app.services.identity import current_actor
from app.services.ports import Workspace

MIN_KEY = 6  # hex characters at the end of an id that name a line or payment


def current_states(handler: Handler) -> Command:
    """A reading command that shows invoice or quote states: invoices past due are first marked overdue and
    quotes past their validity expired (a short write transaction), so what is shown is today's state even
    when the app has not run for days."""

    @functools.wraps(handler)
    def run(workspace: Workspace, args: argparse.Namespace) -> Output:
        with workspace.work() as uow:
            receivables.refresh_statuses(uow, current_actor(uow, args.as_email))
            uow.commit()
        return reading(handler)(workspace, args)

    return run


def record_id(text: str, ids: Callable[[], Iterable[uuid.UUID]], noun: str, hint: str) -> uuid.UUID:
    """The id named by `text`: a whole id as it is (the service then says what it is), or the one of `ids`
    ending with it (at least MIN_KEY hex characters), as `invoice show` prints them."""
    key = text.strip().replace("-", "").lower()
    if len(key) == 32:
        try:
            return uuid.UUID(hex=key)
        except ValueError:
            pass
    matches = [candidate for candidate in ids() if candidate.hex.endswith(key)] if len(key) >= MIN_KEY else []
    if not matches:
        raise NotFound(Problem(f"unknown_{noun}", f"There is no {noun} '{text.strip()}'; {hint}.", noun))
    if len(matches) > 1:
        raise refuse(f"ambiguous_{noun}", f"Several {noun}s end with '{text.strip()}'; give more of the id.", noun)
    return matches[0]
