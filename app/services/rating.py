"""Which hourly rate applies to a piece of work on a given day."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from moneyed import Money

from app.domain.calendar import parse_date
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


@dataclass(frozen=True)
class RateChange:
    """A new rate asked for by a form: from `effective_from` on, the subject's work bills at `amount`."""

    level: RateLevel
    subject_id: uuid.UUID
    amount: Money
    effective_from: date


def rate_change(
    uow: UnitOfWork,
    checks: Checks,
    subject: tuple[RateLevel, uuid.UUID],
    text: str | None,
    currency: str,
    *,
    starting: str | None,
    today: date,
) -> RateChange | None:
    """What a form's rate field asks for, checked with the form's other fields; None keeps the rates as they are.

    `text` None means the form has no rate field. Only the rate set on this very subject counts (not one
    inherited from a broader level). A rate cannot be cleared: its history priced past work, so a blank
    field is refused once a rate exists. `starting` blank means from today.
    """
    if text is None:
        return None
    level, subject_id = subject
    effective = collect(checks, parse_date, starting, field="rate_from") if starting and starting.strip() else today
    if not text.strip():
        checks.require(
            current_rate(uow, [subject], currency, today) is None,
            "rate_required",
            "A rate cannot be removed, only changed: enter the new rate (0 for work done free).",
            "rate",
        )
        return None
    amount = rate_amount(checks, text, currency)
    if amount is None or effective is None or amount == current_rate(uow, [subject], currency, effective):
        return None
    return RateChange(level, subject_id, amount, effective)


def apply_rate_change(uow: UnitOfWork, org_id: uuid.UUID, change: RateChange | None) -> None:
    """Add the new rate, keeping the history; one already starting that day is replaced (two must not coexist)."""
    if change is None:
        return
    for rate in uow.rates.for_subjects([(change.level, change.subject_id)]).get(change.level, []):
        if rate.effective_from == change.effective_from:
            uow.rates.remove(rate)
    set_rate(uow, org_id, change.level, change.subject_id, change.amount, change.effective_from)
