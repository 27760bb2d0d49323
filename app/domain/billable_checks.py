"""The checks billable time must pass before it is accepted, and the record a refusal leaves behind.

Every billable entry and every billable timer start is checked against the facts the service gathered
(the project and task, the person's assignment, the budget already used, the person's billable time
that day, the period): all failed checks come back at once, each with a code and a sentence the person
logging understands, together with the warnings that do not stop the work (a budget nearly spent).
Overlaps and the 24-hour day are the task log's own rules (app.domain.task_log); whether the person's
week is submitted or approved is the timesheet's (the service passes that problem in), so each sentence
is written once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from moneyed import Money

from app.domain.blocked_work import BlockedAttempt
from app.domain.duration import Duration
from app.domain.errors import Problem, RuleViolation
from app.domain.money import format_money, from_minor, to_minor
from app.domain.organisation import DEFAULT_PRODUCTIVE_DAY
from app.domain.project import BillingType, Project, ProjectStatus, Task, TaskStatus

PROJECT_NOT_ACTIVE = "project_not_active"
QUOTE_NOT_SIGNED = "quote_not_signed"
DEPOSIT_NOT_PAID = "deposit_not_paid"
NOT_ASSIGNED = "not_assigned"
BUDGET_HOURS_SPENT = "budget_hours_spent"
BUDGET_AMOUNT_SPENT = "budget_amount_spent"
OVER_DAILY_CAP = "over_daily_cap"
PERIOD_LOCKED = "period_locked"
TASK_CLOSED = "task_closed"
TASK_NOT_BILLABLE = "task_not_billable"

# How the "Blocked billable work" list names each reason; a code from elsewhere (the timesheet's) reads as itself.
REASONS = {
    PROJECT_NOT_ACTIVE: "Project not active",
    QUOTE_NOT_SIGNED: "Quote not signed",
    DEPOSIT_NOT_PAID: "Deposit not paid",
    NOT_ASSIGNED: "Not assigned",
    BUDGET_HOURS_SPENT: "Hours budget spent",
    BUDGET_AMOUNT_SPENT: "Budget amount spent",
    OVER_DAILY_CAP: "Past the productive day",
    PERIOD_LOCKED: "Period locked",
    TASK_CLOSED: "Task closed",
    TASK_NOT_BILLABLE: "Not billable",
}

_NOT_ACTIVE = {
    ProjectStatus.ENQUIRY: "{code} is still an enquiry; time can be logged once a manager makes the project active.",
    ProjectStatus.QUOTED: "{code} is quoted but not active yet; time can be logged once a manager makes it active.",
    ProjectStatus.WAITING_DEPOSIT: "{code} is waiting for its deposit; time can be logged once the deposit invoice "
    "is paid.",
    ProjectStatus.COMPLETED: "{code} is completed; a manager must make it active again before more time is logged.",
    ProjectStatus.ARCHIVED: "{code} is archived; no more time can be logged on it.",
}


@dataclass(frozen=True)
class BudgetUse:
    """What a project's billable time (draft, submitted, approved and invoiced) has used of its budget."""

    hours: Duration
    amount: Money | None  # in the budget's currency; None when the project has no amount budget


@dataclass(frozen=True)
class CapOverride:
    """Who let an entry go past the productive day, and why."""

    by_manager: bool
    reason: str


@dataclass(frozen=True)
class BillableFacts:
    """Everything the checks look at, gathered by the service for one entry or timer start."""

    project: Project
    task: Task
    work_date: date
    assigned: bool  # an assignment of the person to the project covers work_date
    person: str | None = None  # whose time it is when not the one logging it (a manager editing); None: "you"
    duration: Duration = Duration.ZERO  # the time being added; zero for a timer start
    amount: Money | None = None  # what that time bills at, in the budget's currency
    used: BudgetUse | None = None  # None: the project has no budget
    day_billable: Duration | None = None  # the person's other billable time that day; None: no cap (timer start)
    productive_day: Duration = DEFAULT_PRODUCTIVE_DAY
    cap_override: CapOverride | None = None
    lock_date: date | None = None
    closed_week: Problem | None = None  # the person's week is submitted or approved (the timesheet's sentence)
    warning_percent: int = 80


@dataclass(frozen=True)
class Verdict:
    problems: tuple[Problem, ...]
    warnings: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.problems


class BillableWorkRefused(RuleViolation):
    """Billable time the checks refused; `attempt` is kept even though the work itself is rolled back."""

    def __init__(self, attempt: BlockedAttempt, *problems: Problem):
        super().__init__(*problems)
        self.attempt = attempt


def refusal(
    *,
    org_id: UUID,
    user_id: UUID,
    project_id: UUID,
    task_id: UUID | None,
    at: datetime,
    blocking: Sequence[Problem],
    others: Sequence[Problem] = (),
) -> RuleViolation:
    """The refusal of a billable attempt with every failed check: `blocking` from the billable checks, `others`
    from the task log's own rules. Only blocking problems leave a record: an attempt refused for an input
    mistake alone (an overlap, a day over 24 hours) writes nothing, like any bad input."""
    if not blocking:
        return RuleViolation(*others)
    attempt = BlockedAttempt(
        org_id=org_id,
        user_id=user_id,
        project_id=project_id,
        task_id=task_id,
        at=at,
        codes=tuple(p.code for p in blocking),
        messages=tuple(p.message for p in blocking),
    )
    return BillableWorkRefused(attempt, *blocking, *others)


def reason_label(code: str) -> str:
    """A reason as a short phrase ("Not assigned"), for lists."""
    return REASONS.get(code) or code.replace("_", " ").capitalize()


def day_label(day: date) -> str:
    return f"{day:%a %d %b %Y}"


def check_billable(facts: BillableFacts) -> Verdict:
    """Every failed check at once, in the order a person would fix them, and the warnings."""
    problems: list[Problem] = []
    warnings: list[str] = []
    _check_project(facts, problems)
    _check_assignment(facts, problems)
    _check_budget(facts.project, facts.used, facts.duration, facts.amount, facts.warning_percent, problems, warnings)
    _check_daily_cap(facts, problems)
    _check_period(facts, problems)
    _check_task(facts, problems)
    return Verdict(tuple(problems), tuple(warnings))


def _check_project(facts: BillableFacts, problems: list[Problem]) -> None:
    project = facts.project
    if project.status is not ProjectStatus.ACTIVE:
        problems.append(Problem(PROJECT_NOT_ACTIVE, _NOT_ACTIVE[project.status].format(code=project.code)))
    if project.requires_quote and not project.quote_signed:
        problems.append(
            Problem(
                QUOTE_NOT_SIGNED,
                f"The quote for {project.code} is not signed yet; time can be logged once the client has signed it.",
            )
        )
    if project.requires_deposit and not project.deposit_paid:
        problems.append(
            Problem(
                DEPOSIT_NOT_PAID,
                f"The deposit for {project.code} is not paid yet; time can be logged once it has been paid.",
            )
        )


def _check_assignment(facts: BillableFacts, problems: list[Problem]) -> None:
    if facts.assigned:
        return
    who, them = ("You are", "you") if facts.person is None else (f"{facts.person} is", "them")
    problems.append(
        Problem(
            NOT_ASSIGNED,
            f"{who} not assigned to {facts.project.code} on {day_label(facts.work_date)}; "
            f"a manager can assign {them} to the project.",
        )
    )


def budget_standing(project: Project, used: BudgetUse | None, warning_percent: int) -> tuple[str, ...]:
    """How a project's budget stands with its time already in, for the person who just logged or started
    billable time: spent, or used from the warning level on; nothing otherwise."""
    problems: list[Problem] = []
    warnings: list[str] = []
    _check_budget(project, used, Duration.ZERO, None, warning_percent, problems, warnings)
    return (*(p.message for p in problems), *warnings)


def _check_budget(
    project: Project,
    used: BudgetUse | None,
    duration: Duration,
    amount: Money | None,
    warning_percent: int,
    problems: list[Problem],
    warnings: list[str],
) -> None:
    if used is None:
        return
    if project.budget_hours is not None:
        hours = _Measure(BUDGET_HOURS_SPENT, lambda seconds: f"{Duration(seconds)} hours")
        hours.weigh(
            project.code,
            warning_percent,
            problems,
            warnings,
            used.hours.seconds,
            duration.seconds,
            project.budget_hours.seconds,
        )
    if project.budget_amount is not None and used.amount is not None:
        currency = project.budget_amount.currency.code
        adding = amount if amount is not None and amount.currency.code == currency else None
        measure = _Measure(BUDGET_AMOUNT_SPENT, lambda minor: format_money(from_minor(minor, currency)))
        measure.weigh(
            project.code,
            warning_percent,
            problems,
            warnings,
            to_minor(used.amount),
            0 if adding is None else to_minor(adding),
            to_minor(project.budget_amount),
        )


@dataclass(frozen=True)
class _Measure:
    """One way a budget is counted (seconds or minor units of money), and how its figures read."""

    code: str
    shown: Callable[[int], str]

    def weigh(
        self,
        code: str,
        warning_percent: int,
        problems: list[Problem],
        warnings: list[str],
        used: int,
        adding: int,
        budget: int,
    ) -> None:
        """Refuse time the budget has no room for (none left, or this would go past it); warn from the
        organisation's warning level on."""
        shown = self.shown
        if used >= budget:
            message = f"The budget of {code} is spent: {shown(used)} of {shown(budget)} used; a manager can raise it."
            problems.append(Problem(self.code, message))
        elif used + adding > budget:
            message = (
                f"This would take {code} past its budget: {shown(used)} of {shown(budget)} used, "
                f"{shown(budget - used)} are left and this adds {shown(adding)}."
            )
            problems.append(Problem(self.code, message))
        elif (used + adding) * 100 >= budget * warning_percent:
            warnings.append(f"{code} has used {(used + adding) * 100 // budget} % of its budget of {shown(budget)}.")


def _check_daily_cap(facts: BillableFacts, problems: list[Problem]) -> None:
    if facts.day_billable is None or not facts.duration:
        return
    total = facts.day_billable + facts.duration
    override = facts.cap_override
    if total <= facts.productive_day or (override is not None and override.by_manager and override.reason.strip()):
        return
    whose = "your" if facts.person is None else f"{facts.person}'s"
    problems.append(
        Problem(
            OVER_DAILY_CAP,
            f"This would bring {whose} billable time on {day_label(facts.work_date)} to {total} hours, more than "
            f"the productive day of {facts.productive_day}; only a manager or an admin can allow that, with a reason.",
        )
    )


def _check_period(facts: BillableFacts, problems: list[Problem]) -> None:
    lock = facts.lock_date
    if lock is not None and facts.work_date <= lock:
        problems.append(
            Problem(
                PERIOD_LOCKED,
                f"Time up to {day_label(lock)} is locked; no billable time can be logged on "
                f"{day_label(facts.work_date)} any more.",
            )
        )
    if facts.closed_week is not None:
        problems.append(facts.closed_week)


def _check_task(facts: BillableFacts, problems: list[Problem]) -> None:
    project, task = facts.project, facts.task
    label = f"{project.code}/{task.name}"
    if task.status is not TaskStatus.OPEN:
        problems.append(Problem(TASK_CLOSED, f"The task {label} is closed; time cannot be logged on it."))
    if project.billing is BillingType.NON_BILLABLE:
        problems.append(
            Problem(TASK_NOT_BILLABLE, f"{project.code} is a non-billable project; log the time as non-billable.")
        )
    elif not task.billable:
        problems.append(Problem(TASK_NOT_BILLABLE, f"The task {label} is not billable; log the time as non-billable."))
