"""Projects, their tasks and milestones: how work for a client is billed and how far along it is."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from uuid import UUID

from moneyed import Money

from app.domain.duration import Duration
from app.domain.errors import Checks, refuse
from app.domain.record import Record
from app.domain.state_machine import Transitions
from app.domain.text import (
    blank_to_none,
    clean_duration,
    clean_money,
    clean_name,
    collect,
    echo,
    name_key,
    parse_choice,
)

_CODE = re.compile(r"[A-Z0-9][A-Z0-9_-]{0,19}")


class ProjectStatus(StrEnum):
    ENQUIRY = "enquiry"
    QUOTED = "quoted"
    WAITING_DEPOSIT = "waiting_deposit"  # the quote is signed; work starts when the deposit is paid
    ACTIVE = "active"
    COMPLETED = "completed"
    ARCHIVED = "archived"


class BillingType(StrEnum):
    HOURLY = "hourly"
    FIXED = "fixed"
    MILESTONE = "milestone"
    NON_BILLABLE = "non_billable"


class TaskStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class MilestoneStatus(StrEnum):
    PENDING = "pending"
    REACHED = "reached"
    INVOICED = "invoiced"
    CANCELLED = "cancelled"


_P = ProjectStatus
# Un-archiving lands on completed; reopening from there to active is a separate, deliberate step.
PROJECT_TRANSITIONS = Transitions(
    "project",
    {
        _P.ENQUIRY: frozenset({_P.QUOTED, _P.WAITING_DEPOSIT, _P.ACTIVE, _P.ARCHIVED}),
        _P.QUOTED: frozenset({_P.ENQUIRY, _P.WAITING_DEPOSIT, _P.ACTIVE, _P.ARCHIVED}),
        _P.WAITING_DEPOSIT: frozenset({_P.ACTIVE, _P.ARCHIVED}),
        _P.ACTIVE: frozenset({_P.COMPLETED, _P.ARCHIVED}),
        _P.COMPLETED: frozenset({_P.ACTIVE, _P.ARCHIVED}),
        _P.ARCHIVED: frozenset({_P.COMPLETED}),
    },
)
TASK_TRANSITIONS = Transitions(
    "task",
    {
        TaskStatus.OPEN: frozenset({TaskStatus.CLOSED}),
        TaskStatus.CLOSED: frozenset({TaskStatus.OPEN}),
    },
)
_M = MilestoneStatus
MILESTONE_TRANSITIONS = Transitions(
    "milestone",
    {
        _M.PENDING: frozenset({_M.REACHED, _M.CANCELLED}),
        _M.REACHED: frozenset({_M.INVOICED, _M.PENDING}),
        # Deleting the draft that bills a milestone, or crediting its invoice, gives it back.
        _M.INVOICED: frozenset({_M.REACHED}),
        _M.CANCELLED: frozenset(),
    },
)


@dataclass(kw_only=True, eq=False)
class Project(Record):
    client_id: UUID
    code: str  # upper-cased, unique per organisation (checked by the service)
    name: str
    status: ProjectStatus = ProjectStatus.ENQUIRY
    billing: BillingType = BillingType.HOURLY
    budget_hours: Duration | None = None
    budget_amount: Money | None = None  # in the client's currency
    fixed_price: Money | None = None  # only for fixed billing, in the client's currency
    requires_quote: bool = False
    quote_signed: bool = False
    requires_deposit: bool = False
    deposit_paid: bool = False

    def check_can_start(self, checks: Checks) -> None:
        """Record what still stops work from starting: a required quote unsigned or deposit unpaid."""
        checks.require(
            self.quote_signed or not self.requires_quote,
            "quote_not_signed",
            "The project needs a signed quote before it can become active.",
            "quote_signed",
        )
        checks.require(
            self.deposit_paid or not self.requires_deposit,
            "deposit_not_paid",
            "The project needs its deposit paid before it can become active.",
            "deposit_paid",
        )

    def move_to(self, target: ProjectStatus | str) -> None:
        """Follow PROJECT_TRANSITIONS; becoming active also needs a required quote and deposit settled."""
        status = PROJECT_TRANSITIONS.check(self.status, parse_choice(ProjectStatus, target, "status"))
        if status is ProjectStatus.ACTIVE:
            checks = Checks()
            self.check_can_start(checks)
            checks.raise_if_any()
        self.status = status


@dataclass(kw_only=True, eq=False)
class Task(Record):
    project_id: UUID
    name: str
    billable: bool = True
    status: TaskStatus = TaskStatus.OPEN

    @property
    def name_key(self) -> str:
        """Task names are unique per project regardless of case and spacing (checked by the service)."""
        return name_key(self.name)

    def move_to(self, target: TaskStatus | str) -> None:
        self.status = TASK_TRANSITIONS.check(self.status, parse_choice(TaskStatus, target, "status"))


@dataclass(kw_only=True, eq=False)
class Milestone(Record):
    project_id: UUID
    name: str
    amount: Money  # in the client's currency
    due_on: date | None = None
    status: MilestoneStatus = MilestoneStatus.PENDING

    def move_to(self, target: MilestoneStatus | str) -> None:
        self.status = MILESTONE_TRANSITIONS.check(self.status, parse_choice(MilestoneStatus, target, "status"))


def clean_project_code(value: str, field: str = "code") -> str:
    """A project code as stored and compared: trimmed and upper-cased ("acme-01 " -> "ACME-01")."""
    code = value.strip().upper()
    if not _CODE.fullmatch(code):
        raise refuse(
            "invalid_code",
            f"Project code '{echo(value.strip())}' is not valid: use 1 to 20 letters A-Z, digits, "
            "'-' or '_', starting with a letter or digit.",
            field,
        )
    return code


def clean_budget_hours(value: Duration | str, field: str = "budget_hours") -> Duration:
    hours = clean_duration(value, field)
    if not hours:
        raise refuse("not_positive", "The budget hours must be more than zero.", field)
    return hours


def clean_client_amount(value: Money | str, field: str, client_currency: str) -> Money:
    """Project budgets, fixed prices and milestones: above zero, in the client's currency."""
    return clean_money(value, field, currency=client_currency, currency_of="the client's currency", positive=True)


def new_project(
    *,
    org_id: UUID,
    client_id: UUID,
    client_currency: str,
    code: str,
    name: str,
    status: ProjectStatus | str = ProjectStatus.ENQUIRY,
    billing: BillingType | str = BillingType.HOURLY,
    budget_hours: Duration | str | None = None,
    budget_amount: Money | str | None = None,
    fixed_price: Money | str | None = None,
    requires_quote: bool = False,
    quote_signed: bool = False,
    requires_deposit: bool = False,
    deposit_paid: bool = False,
) -> Project:
    """A validated new project for a client billing in `client_currency`; all failed checks reported at once.

    Amounts are in the client's currency and above zero; a fixed-price project needs its price, and only
    it may have one. Milestone billing is fine before any milestone exists. A project created directly
    as active must already have its required quote signed and deposit paid. Blank text means "not given".
    """
    checks = Checks()
    budget_hours, budget_amount, fixed_price = map(blank_to_none, (budget_hours, budget_amount, fixed_price))
    project = Project(
        org_id=org_id,
        client_id=client_id,
        code=collect(checks, clean_project_code, code),
        name=collect(checks, clean_name, name, "name"),
        status=collect(checks, parse_choice, ProjectStatus, status, "status"),
        billing=collect(checks, parse_choice, BillingType, billing, "billing"),
        budget_hours=None if budget_hours is None else collect(checks, clean_budget_hours, budget_hours),
        budget_amount=None
        if budget_amount is None
        else collect(checks, clean_client_amount, budget_amount, "budget_amount", client_currency),
        fixed_price=None
        if fixed_price is None
        else collect(checks, clean_client_amount, fixed_price, "fixed_price", client_currency),
        requires_quote=requires_quote,
        quote_signed=quote_signed,
        requires_deposit=requires_deposit,
        deposit_paid=deposit_paid,
    )
    if project.billing is BillingType.FIXED:
        checks.require(
            fixed_price is not None, "required", "A fixed-price project needs its fixed price.", "fixed_price"
        )
    elif project.billing is not None:
        checks.require(
            fixed_price is None,
            "not_fixed_price",
            f"Only fixed-price projects have a fixed price; this one is billed {project.billing.value}.",
            "fixed_price",
        )
    if project.status is ProjectStatus.ACTIVE:
        project.check_can_start(checks)
    checks.raise_if_any()
    return project


def new_task(*, org_id: UUID, project_id: UUID, name: str, billable: bool = True) -> Task:
    """A validated new open task. Name uniqueness within the project is the service's check (name_key)."""
    return Task(org_id=org_id, project_id=project_id, name=clean_name(name, "name"), billable=billable)


def new_milestone(
    *,
    org_id: UUID,
    project_id: UUID,
    client_currency: str,
    name: str,
    amount: Money | str,
    due_on: date | None = None,
) -> Milestone:
    """A validated new pending milestone worth more than zero in the client's currency."""
    checks = Checks()
    milestone = Milestone(
        org_id=org_id,
        project_id=project_id,
        name=collect(checks, clean_name, name, "name"),
        amount=collect(checks, clean_client_amount, amount, "amount", client_currency),
        due_on=due_on,
    )
    checks.raise_if_any()
    return milestone
