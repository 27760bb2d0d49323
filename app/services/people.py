"""The people of the organisation: adding and listing users."""

from __future__ import annotations

from app.domain.errors import refuse
from app.domain.user import Role, User, new_user
from app.services.identity import Actor, require_manager
from app.services.ports import UnitOfWork


def add_user(
    uow: UnitOfWork,
    actor: Actor,
    *,
    name: str,
    email: str,
    role: str = "consultant",
    team: str | None = None,
    cost_rate: str | None = None,
    weekly_hours: str | None = None,
) -> User:
    require_manager(actor, "add users")
    extra = {} if weekly_hours is None else {"weekly_hours": weekly_hours}
    user = new_user(
        org_id=actor.org.id,
        name=name,
        email=email,
        base_currency=actor.org.base_currency,
        role=role,
        team=team,
        cost_rate=cost_rate,
        **extra,
    )
    if user.role is Role.ADMIN and actor.user.role is not Role.ADMIN:
        raise refuse("not_allowed", "Only admins can add another admin.")
    if uow.users.by_email(actor.org.id, user.email) is not None:
        raise refuse("duplicate_email", f"A user with email {user.email} already exists.", "email")
    return uow.users.add(user)


def list_users(uow: UnitOfWork, actor: Actor) -> list[User]:
    return uow.users.all(actor.org.id)
