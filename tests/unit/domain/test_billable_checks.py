"""The checks billable time must pass: each check passing and failing, all failures at once, the warnings."""

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any
from uuid import uuid4

import pytest
from moneyed import Money

from app.domain.billable_checks import (
    BillableFacts,
    BillableWorkRefused,
    BudgetUse,
    CapOverride,
    check_billable,
    reason_label,
    refusal,
)
from app.domain.duration import Duration
from app.domain.errors import Problem, RuleViolation
from app.domain.project import BillingType, Project, ProjectStatus, Task, TaskStatus

ORG, CLIENT = uuid4(), uuid4()
FRIDAY = date(2026, 11, 20)
WEB = Project(org_id=ORG, client_id=CLIENT, code="WEB", name="Website", status=ProjectStatus.ACTIVE)
GENERAL = Task(org_id=ORG, project_id=WEB.id, name="General")
WEEK_SUBMITTED = Problem("week_submitted", "Week 2026-W47 is submitted for approval; ...")


def hm(hours: int, minutes: int = 0) -> Duration:
    return Duration.of(hours=hours, minutes=minutes)


def facts(*, project: dict[str, Any] | None = None, task: dict[str, Any] | None = None, **given: Any) -> BillableFacts:
    """Facts that pass every check (an hour on an active, assigned project), changed as given."""
    base = BillableFacts(
        project=replace(WEB, **(project or {})),
        task=replace(GENERAL, **(task or {})),
        work_date=FRIDAY,
        assigned=True,
        duration=hm(1),
        day_billable=hm(2),
    )
    return replace(base, **given)


def codes(checked: BillableFacts) -> list[str]:
    return [p.code for p in check_billable(checked).problems]


def message(checked: BillableFacts) -> str:
    [problem] = check_billable(checked).problems
    return problem.message


HOURS_BUDGET = {"budget_hours": hm(10)}
AMOUNT_BUDGET = {"budget_amount": Money("1000", "EUR")}

# name: (facts, the codes of the failed checks; [] = passes)
CASES = {
    # 1. the project is active
    "active project passes": (facts(), []),
    "enquiry is refused": (facts(project={"status": ProjectStatus.ENQUIRY}), ["project_not_active"]),
    "quoted is refused": (facts(project={"status": ProjectStatus.QUOTED}), ["project_not_active"]),
    "completed is refused": (facts(project={"status": ProjectStatus.COMPLETED}), ["project_not_active"]),
    "archived is refused": (facts(project={"status": ProjectStatus.ARCHIVED}), ["project_not_active"]),
    # 2. a required quote is signed
    "required quote signed passes": (facts(project={"requires_quote": True, "quote_signed": True}), []),
    "required quote unsigned is refused": (facts(project={"requires_quote": True}), ["quote_not_signed"]),
    # 3. a required deposit is paid
    "required deposit paid passes": (facts(project={"requires_deposit": True, "deposit_paid": True}), []),
    "required deposit unpaid is refused": (facts(project={"requires_deposit": True}), ["deposit_not_paid"]),
    # 4. an assignment covers the day
    "unassigned is refused": (facts(assigned=False), ["not_assigned"]),
    # 5. the budget is not spent
    "hours budget with room passes": (
        facts(project=HOURS_BUDGET, used=BudgetUse(hm(5), None), duration=hm(5), day_billable=hm(1)),
        [],
    ),
    "hours budget spent is refused": (
        facts(project=HOURS_BUDGET, used=BudgetUse(hm(10), None)),
        ["budget_hours_spent"],
    ),
    "entry going past the hours budget is refused": (
        facts(project=HOURS_BUDGET, used=BudgetUse(hm(9, 30), None)),
        ["budget_hours_spent"],
    ),
    "timer start with a minute of budget left passes": (
        facts(project=HOURS_BUDGET, used=BudgetUse(hm(9, 59), None), duration=Duration.ZERO, day_billable=None),
        [],
    ),
    "timer start on a spent budget is refused": (
        facts(project=HOURS_BUDGET, used=BudgetUse(hm(10), None), duration=Duration.ZERO, day_billable=None),
        ["budget_hours_spent"],
    ),
    "amount budget with room passes": (
        facts(project=AMOUNT_BUDGET, used=BudgetUse(hm(5), Money("880", "EUR")), amount=Money("120", "EUR")),
        [],
    ),
    "entry going past the amount budget is refused": (
        facts(project=AMOUNT_BUDGET, used=BudgetUse(hm(5), Money("880.01", "EUR")), amount=Money("120", "EUR")),
        ["budget_amount_spent"],
    ),
    "amount in another currency does not count against the budget": (
        facts(project=AMOUNT_BUDGET, used=BudgetUse(hm(5), Money("900", "EUR")), amount=Money("500", "USD")),
        [],
    ),
    "both budgets spent give both refusals": (
        facts(
            project=HOURS_BUDGET | AMOUNT_BUDGET,
            used=BudgetUse(hm(10), Money("1000", "EUR")),
            amount=Money("120", "EUR"),
        ),
        ["budget_hours_spent", "budget_amount_spent"],
    ),
    # 6. the daily billable cap
    "a day filled exactly to the productive day passes": (facts(day_billable=hm(5)), []),
    "past the productive day is refused": (facts(day_billable=hm(5, 1)), ["over_daily_cap"]),
    "past the productive day with a manager's reason passes": (
        facts(day_billable=hm(7), cap_override=CapOverride(by_manager=True, reason="Go-live weekend")),
        [],
    ),
    "an override without a reason is refused": (
        facts(day_billable=hm(7), cap_override=CapOverride(by_manager=True, reason="  ")),
        ["over_daily_cap"],
    ),
    "an override by a consultant is refused": (
        facts(day_billable=hm(7), cap_override=CapOverride(by_manager=False, reason="I said so")),
        ["over_daily_cap"],
    ),
    "the organisation's own productive day counts": (facts(day_billable=hm(7), productive_day=hm(8)), []),
    "a timer start has no cap yet": (facts(day_billable=None, duration=Duration.ZERO), []),
    # 7. the period is open
    "the day after the lock date passes": (facts(lock_date=date(2026, 11, 19)), []),
    "the lock date itself is refused": (facts(lock_date=FRIDAY), ["period_locked"]),
    "a submitted week is refused with the timesheet's sentence": (
        facts(closed_week=WEEK_SUBMITTED),
        ["week_submitted"],
    ),
    # 8. the task is open and billable
    "a closed task is refused": (facts(task={"status": TaskStatus.CLOSED}), ["task_closed"]),
    "a non-billable task is refused": (facts(task={"billable": False}), ["task_not_billable"]),
    "a non-billable project is refused": (
        facts(project={"billing": BillingType.NON_BILLABLE}),
        ["task_not_billable"],
    ),
}


@pytest.mark.parametrize(("checked", "expected"), CASES.values(), ids=CASES.keys())
def test_each_check_passes_or_fails_on_its_own(checked: BillableFacts, expected: list[str]) -> None:
    assert codes(checked) == expected


def test_every_failed_check_comes_back_at_once_in_the_order_they_are_fixed() -> None:
    everything_wrong = facts(
        project={"status": ProjectStatus.QUOTED, "requires_quote": True, "requires_deposit": True, **HOURS_BUDGET},
        task={"status": TaskStatus.CLOSED, "billable": False},
        assigned=False,
        used=BudgetUse(hm(10), None),
        day_billable=hm(6),
        lock_date=FRIDAY,
        closed_week=WEEK_SUBMITTED,
    )

    assert codes(everything_wrong) == [
        "project_not_active",
        "quote_not_signed",
        "deposit_not_paid",
        "not_assigned",
        "budget_hours_spent",
        "over_daily_cap",
        "period_locked",
        "week_submitted",
        "task_closed",
        "task_not_billable",
    ]


def test_sentences_name_the_project_the_day_and_who_can_help() -> None:
    assert message(facts(project={"status": ProjectStatus.QUOTED})) == (
        "WEB is quoted but not active yet; time can be logged once a manager makes it active."
    )
    assert message(facts(assigned=False)) == (
        "You are not assigned to WEB on Fri 20 Nov 2026; a manager can assign you to the project."
    )
    assert message(facts(assigned=False, person="Carl Consultant")) == (
        "Carl Consultant is not assigned to WEB on Fri 20 Nov 2026; a manager can assign them to the project."
    )
    assert message(facts(day_billable=hm(5, 30))) == (
        "This would bring your billable time on Fri 20 Nov 2026 to 6:30 hours, more than the productive day of "
        "6:00; only a manager or an admin can allow that, with a reason."
    )
    assert message(facts(lock_date=date(2026, 11, 30))) == (
        "Time up to Mon 30 Nov 2026 is locked; no billable time can be logged on Fri 20 Nov 2026 any more."
    )


def test_budget_sentences_say_what_is_used_and_what_is_left() -> None:
    spent = facts(project=HOURS_BUDGET, used=BudgetUse(hm(10, 15), None))
    assert message(spent) == "The budget of WEB is spent: 10:15 hours of 10:00 hours used; a manager can raise it."
    past = facts(project=AMOUNT_BUDGET, used=BudgetUse(hm(5), Money("950", "EUR")), amount=Money("120", "EUR"))
    assert message(past) == (
        "This would take WEB past its budget: 950.00 EUR of 1,000.00 EUR used, 50.00 EUR are left and this adds "
        "120.00 EUR."
    )


@pytest.mark.parametrize(
    ("used", "percent", "warned"),
    [
        (hm(6, 59), 80, ()),
        (hm(7), 80, ("WEB has used 80 % of its budget of 10:00 hours.",)),
        (hm(9), 80, ("WEB has used 100 % of its budget of 10:00 hours.",)),
        (hm(7), 90, ()),
    ],
)
def test_a_budget_warns_from_the_organisation_s_level_on_without_refusing(used, percent, warned) -> None:  # type: ignore[no-untyped-def]
    verdict = check_billable(facts(project=HOURS_BUDGET, used=BudgetUse(used, None), warning_percent=percent))

    assert verdict.passed and verdict.warnings == warned


def test_a_refused_attempt_records_only_the_billable_checks_that_failed() -> None:
    blocking = [Problem("not_assigned", "You are not assigned ...")]
    overlap = [Problem("entry_overlaps", "This entry overlaps ...")]
    at = datetime(2026, 11, 20, 8, tzinfo=UTC)
    user, task = uuid4(), uuid4()

    refused = refusal(
        org_id=ORG, user_id=user, project_id=WEB.id, task_id=task, at=at, blocking=blocking, others=overlap
    )

    assert isinstance(refused, BillableWorkRefused)
    assert [p.code for p in refused.problems] == ["not_assigned", "entry_overlaps"]
    attempt = refused.attempt
    assert (attempt.user_id, attempt.project_id, attempt.task_id, attempt.at) == (user, WEB.id, task, at)
    assert (attempt.codes, attempt.messages) == (("not_assigned",), ("You are not assigned ...",))


def test_an_attempt_refused_for_an_input_mistake_alone_leaves_no_record() -> None:
    overlap = [Problem("entry_overlaps", "This entry overlaps ...")]

    refused = refusal(
        org_id=ORG, user_id=uuid4(), project_id=WEB.id, task_id=None, at=datetime.now(UTC), blocking=(), others=overlap
    )

    assert type(refused) is RuleViolation and refused.problems == tuple(overlap)


def test_reasons_read_as_short_phrases_in_lists() -> None:
    assert reason_label("over_daily_cap") == "Past the productive day"
    assert reason_label("week_submitted") == "Week submitted"  # a code of the timesheet's own
