"""The organisation's settings: its name, calendar, rounding policy, default hourly rate, revenue-protection
policies (lock date, budget warning level, notes required) and timesheet deadline (admins only)."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.duration import Duration, RoundingMode
from app.domain.errors import Checks, refuse
from app.domain.organisation import Organisation, clean_policies, new_organisation
from app.domain.rates import RateLevel
from app.domain.text import collect
from app.domain.user import Role
from app.services.catalogue import RateHistory, rate_history
from app.services.identity import Actor
from app.services.ports import UnitOfWork
from app.services.rating import apply_rate_change, rate_change

# What the settings form changes; the base currency prices everything already recorded, so it stays.
EDITABLE = (
    "name",
    "time_zone",
    "week_start",
    "productive_day",
    "billing_increment",
    "rounding",
    "minimum_entry",
    "approval_required",
)


@dataclass(frozen=True)
class OrganisationSettings:
    organisation: Organisation
    default_rate: RateHistory  # the organisation-level rate, in the base currency
    read_only: str  # why this user cannot change the settings, or "" when they can


def read_only_reason(actor: Actor) -> str:
    if actor.user.role is Role.ADMIN:
        return ""
    return f"Only admins can change the organisation's settings; you are a {actor.user.role.value}."


def _require_admin(actor: Actor) -> None:
    reason = read_only_reason(actor)
    if reason:
        raise refuse("not_allowed", reason)


def read_settings(uow: UnitOfWork, actor: Actor) -> OrganisationSettings:
    org = actor.org
    default_rate = rate_history(uow, (RateLevel.ORGANISATION, org.id), org.base_currency, actor.today(uow.clock))
    return OrganisationSettings(org, default_rate, read_only_reason(actor))


def update_settings(
    uow: UnitOfWork,
    actor: Actor,
    *,
    name: str,
    time_zone: str,
    week_start: int,
    productive_day: Duration | str,
    billing_increment: Duration | str,
    rounding: RoundingMode | str,
    minimum_entry: Duration | str,
    approval_required: bool,
    default_rate: str | None = None,
    rate_from: str | None = None,
    **policies: object,
) -> Organisation:
    """Change the organisation's settings through the same checks as a new organisation, every problem at once.

    A changed default rate applies from `rate_from` (blank: today); work already done keeps its price.
    `policies` (see app.domain.organisation.POLICY_RULES) left out stay as they are.
    """
    _require_admin(actor)
    org = actor.org
    checks = Checks()
    edited = collect(
        checks,
        new_organisation,
        name=name,
        base_currency=org.base_currency,
        time_zone=time_zone,
        week_start=week_start,
        productive_day=productive_day,
        billing_increment=billing_increment,
        rounding=rounding,
        minimum_entry=minimum_entry,
        approval_required=approval_required,
    )
    subject = (RateLevel.ORGANISATION, org.id)
    today = actor.today(uow.clock)
    change = rate_change(uow, checks, subject, default_rate, org.base_currency, starting=rate_from, today=today)
    cleaned = collect(checks, clean_policies, policies)
    checks.raise_if_any()
    for field in EDITABLE:
        setattr(org, field, getattr(edited, field))
    for field, value in (cleaned or {}).items():
        setattr(org, field, value)
    uow.organisations.save(org)
    apply_rate_change(uow, org.id, change)
    return org


def update_policies(uow: UnitOfWork, actor: Actor, **policies: object) -> Organisation:
    """Change only the policies given (lock date, budget warning level, notes required, submission deadline)."""
    _require_admin(actor)
    org = actor.org
    for field, value in clean_policies(policies).items():
        setattr(org, field, value)
    uow.organisations.save(org)
    return org
