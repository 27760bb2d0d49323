"""Setting up a new database: the organisation and its first user, an admin."""

from __future__ import annotations

from dataclasses import replace

from app.domain.errors import Checks, RuleViolation, refuse
from app.domain.ids import new_id
from app.domain.organisation import Organisation, new_organisation
from app.domain.rates import RateLevel
from app.domain.text import collect
from app.domain.user import Role, User, new_user
from app.services.identity import CURRENT_USER
from app.services.ports import UnitOfWork
from app.services.rating import rate_amount, set_rate


def init_organisation(
    uow: UnitOfWork,
    *,
    org_name: str,
    currency: str,
    user_name: str,
    email: str,
    time_zone: str,
    default_rate: str | None = None,
    approval_required: bool = True,
) -> tuple[Organisation, User]:
    """Create the organisation and sign its first user (an admin) in on this desktop."""
    existing = uow.organisations.first()
    if existing is not None:
        raise refuse(
            "already_initialised",
            f"This database already belongs to {existing.name}; use --db to set up another one.",
        )
    org_checks, user_checks = Checks(), Checks()
    org = collect(
        org_checks,
        new_organisation,
        name=org_name,
        base_currency=currency,
        time_zone=time_zone,
        approval_required=approval_required,
    )
    user = collect(
        user_checks,
        new_user,
        org_id=org.id if org else new_id(),
        name=user_name,
        email=email,
        base_currency=org.base_currency if org else "XXX",
        role=Role.ADMIN,
    )
    amount = rate_amount(org_checks, default_rate, org.base_currency) if org else None
    # Both records have a "name": say which one a problem is about.
    problems = [replace(p, field="org_name" if p.field == "name" else p.field) for p in org_checks.problems]
    problems += [replace(p, field="user_name" if p.field == "name" else p.field) for p in user_checks.problems]
    if problems:
        raise RuleViolation(*problems)
    assert org is not None
    assert user is not None
    uow.act_as(user.id)
    uow.organisations.add(org)
    uow.users.add(user)
    set_rate(uow, org.id, RateLevel.ORGANISATION, org.id, amount)
    uow.settings.set(CURRENT_USER, str(user.id))
    return org, user
