"""Which hourly rate applies to a piece of work on a given day."""

from __future__ import annotations

import uuid
from datetime import date

from moneyed import Money

from app.domain.errors import Checks
from app.domain.money import parse_amount
from app.domain.organisation import Organisation
from app.domain.project import Project, Task
from app.domain.rates import RateLevel, ResolvedRate, new_rate, resolve_rate
from app.domain.text import collect
from app.services.ports import UnitOfWork


def current_rate(uow: UnitOfWork, subjects: list[tuple[RateLevel, uuid.UUID]], currency: str, on: date) -> Money | None:
    """The first rate set along `subjects` (most specific first) that applies on `on`."""
    resolved = resolve_rate(uow.rates.for_subjects(subjects), on, currency)
    return None if resolved is None else resolved.amount


def rate_for_work(
    uow: UnitOfWork, org: Organisation, user_id: uuid.UUID, project: Project, task: Task, on: date
) -> ResolvedRate | None:
    """Assignment, then task, project, client and organisation: the first rate set, as it stood on `on`."""
    client = uow.clients.get(project.client_id)
    assert client is not None, "a project always has its client"
    subjects = [(RateLevel.ASSIGNMENT, a.id) for a in uow.assignments.of(user_id, project.id) if a.covers(on)]
    subjects += [
        (RateLevel.TASK, task.id),
        (RateLevel.PROJECT, project.id),
        (RateLevel.CLIENT, client.id),
        (RateLevel.ORGANISATION, org.id),
    ]
    return resolve_rate(uow.rates.for_subjects(subjects), on, client.currency)


def rate_amount(checks: Checks, text: str | None, currency: str) -> Money | None:
    """A rate typed by a person, checked with the other fields of its form."""
    return None if text is None else collect(checks, parse_amount, text, currency, field="rate")


def set_rate(
    uow: UnitOfWork,
    org_id: uuid.UUID,
    level: RateLevel,
    subject_id: uuid.UUID,
    amount: Money | None,
    effective_from: date | None = None,
) -> None:
    """Record a rate for one record; earlier work keeps the rate it was logged with."""
    if amount is not None:
        uow.rates.add(
            new_rate(
                org_id=org_id,
                level=level,
                subject_id=subject_id,
                amount=amount,
                currency=amount.currency.code,
                effective_from=effective_from,
            )
        )
