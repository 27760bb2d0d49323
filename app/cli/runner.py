"""Running one command inside one unit of work: it commits only if the whole command succeeded."""

from __future__ import annotations

import argparse
import functools
from collections.abc import Callable

from app.cli.output import Output
from app.services.identity import Actor, current_actor
from app.services.ports import UnitOfWork, Workspace

Command = Callable[[Workspace, argparse.Namespace], Output]
Handler = Callable[[UnitOfWork, Actor, argparse.Namespace], Output]


def writing(*, needs_actor: bool = True) -> Callable[[Handler], Command]:
    """A command that changes data: one write transaction, committed at the end or not at all."""

    def wrap(handler: Handler) -> Command:
        @functools.wraps(handler)
        def run(workspace: Workspace, args: argparse.Namespace) -> Output:
            with workspace.work() as uow:
                actor = current_actor(uow, args.as_email) if needs_actor else None
                output = handler(uow, actor, args)  # type: ignore[arg-type]
                uow.commit()
            return output

        return run

    return wrap


def reading(handler: Handler) -> Command:
    """A command that only reads: a read transaction, never holding the write lock."""

    @functools.wraps(handler)
    def run(workspace: Workspace, args: argparse.Namespace) -> Output:
        with workspace.read() as uow:
            return handler(uow, current_actor(uow, args.as_email), args)

    return run
