"""Who is acting: the organisation of this database and the signed-in (or --as) user."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from app.domain.calendar import local_date
from app.domain.clock import Clock
from app.domain.errors import NotFound, Problem, refuse
from app.domain.organisation import Organisation
from app.domain.text import normalise_email
from app.domain.user import Role, User
from app.services.ports import UnitOfWork

CURRENT_USER = "current_user_id"
MANAGERS = frozenset({Role.MANAGER, Role.ADMIN})


@dataclass(frozen=True)
class Actor:
    org: Organisation
    user: User

    @property
    def tz(self) -> str:
        return self.org.time_zone

    def today(self, clock: Clock) -> date:
        """Today in the organisation's time zone (days and weeks are local, instants UTC)."""
        return local_date(clock.now(), self.tz)


def organisation(uow: UnitOfWork) -> Organisation:
    org = uow.organisations.first()
    if org is None:
        raise refuse(
            "not_initialised",
            "This database has no organisation yet; run "
            "`timeledger init --org NAME --currency EUR --name YOUR-NAME --email YOUR-EMAIL` first.",
        )
    return org


def user_by_email(uow: UnitOfWork, org: Organisation, email: str) -> User:
    user = uow.users.by_email(org.id, normalise_email(email))
    if user is None:
        raise NotFound(
            Problem("unknown_user", f"There is no user with email '{email.strip()}' in {org.name}.", "email")
        )
    return user


def current_actor(uow: UnitOfWork, as_email: str | None = None) -> Actor:
    """The user this desktop acts for: --as EMAIL, else the one signed in here."""
    org = organisation(uow)
    if as_email:
        user = user_by_email(uow, org, as_email)
    else:
        stored = uow.settings.get(CURRENT_USER)
        user = uow.users.get(uuid.UUID(stored)) if stored else None
        if user is None:
            raise refuse("no_current_user", "No user is signed in on this desktop; use --as EMAIL.")
    if not user.active:
        raise refuse("inactive_user", f"The user {user.email} is deactivated.")
    uow.act_as(user.id)
    return Actor(org=org, user=user)


def require_manager(actor: Actor, doing: str) -> None:
    if actor.user.role not in MANAGERS:
        raise refuse(
            "not_allowed",
            f"Only managers and admins can {doing}; {actor.user.email} is a {actor.user.role.value}.",
        )
