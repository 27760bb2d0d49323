"""Projects, tasks and milestones: codes, billing rules, budgets and status moves."""

import itertools
from datetime import date
from uuid import uuid4

import pytest
from moneyed import Money

from app.domain.duration import Duration
from app.domain.errors import RuleViolation
from app.domain.project import (
    MILESTONE_TRANSITIONS,
    PROJECT_TRANSITIONS,
    TASK_TRANSITIONS,
    BillingType,
    MilestoneStatus,
    ProjectStatus,
    TaskStatus,
    clean_project_code,
    new_milestone,
    new_project,
    new_task,
)

ORG, CLIENT, PROJECT = uuid4(), uuid4(), uuid4()
VALID = {"org_id": ORG, "client_id": CLIENT, "client_currency": "USD", "code": "GLX-01", "name": "Website"}

P = ProjectStatus
PROJECT_MOVES = {
    (P.ENQUIRY, P.QUOTED),
    (P.ENQUIRY, P.ACTIVE),
    (P.ENQUIRY, P.ARCHIVED),
    (P.ENQUIRY, P.WAITING_DEPOSIT),
    (P.QUOTED, P.WAITING_DEPOSIT),
    (P.WAITING_DEPOSIT, P.ACTIVE),
    (P.WAITING_DEPOSIT, P.ARCHIVED),
    (P.QUOTED, P.ENQUIRY),
    (P.QUOTED, P.ACTIVE),
    (P.QUOTED, P.ARCHIVED),
    (P.ACTIVE, P.COMPLETED),
    (P.ACTIVE, P.ARCHIVED),
    (P.COMPLETED, P.ACTIVE),
    (P.COMPLETED, P.ARCHIVED),
    (P.ARCHIVED, P.COMPLETED),
}
TASK_MOVES = {(TaskStatus.OPEN, TaskStatus.CLOSED), (TaskStatus.CLOSED, TaskStatus.OPEN)}
M = MilestoneStatus
MILESTONE_MOVES = {
    (M.PENDING, M.REACHED),
    (M.PENDING, M.CANCELLED),
    (M.REACHED, M.INVOICED),
    (M.REACHED, M.PENDING),
    (M.INVOICED, M.REACHED),
}


def problems_of(**overrides):
    with pytest.raises(RuleViolation) as caught:
        new_project(**{**VALID, **overrides})
    return {p.field: p for p in caught.value.problems}


def project_in(status, **overrides):
    project = new_project(**{**VALID, **overrides})
    project.status = status
    return project


def task_in(status):
    task = new_task(org_id=ORG, project_id=PROJECT, name="Design")
    task.status = status
    return task


def milestone_in(status):
    milestone = new_milestone(org_id=ORG, project_id=PROJECT, client_currency="USD", name="Launch", amount="1000")
    milestone.status = status
    return milestone


def assert_move(record, current, target, allowed):
    if allowed:
        record.move_to(target)
        assert record.status is target
    else:
        with pytest.raises(RuleViolation) as caught:
            record.move_to(target)
        assert caught.value.code == ("no_change" if current == target else "invalid_transition")
        assert record.status is current


# --- project creation -------------------------------------------------------------------------


def test_new_project_has_the_documented_defaults():
    project = new_project(**VALID)
    assert (project.status, project.billing) == (ProjectStatus.ENQUIRY, BillingType.HOURLY)
    assert (project.budget_hours, project.budget_amount, project.fixed_price) == (None, None, None)
    assert not any((project.requires_quote, project.quote_signed, project.requires_deposit, project.deposit_paid))


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("glx-01", "GLX-01"),
        ("  acme_2024 ", "ACME_2024"),
        ("A", "A"),
        ("9LIVES", "9LIVES"),
        ("X" * 20, "X" * 20),
    ],
)
def test_project_code_is_trimmed_and_upper_cased(typed, code):
    assert clean_project_code(typed) == code
    assert new_project(**{**VALID, "code": typed}).code == code


@pytest.mark.parametrize("typed", ["", "  ", "-GLX", "_GLX", "X" * 21, "GLX 01", "GLX/01", "ÄRGER", "GLX.1", "GL\nX"])
def test_bad_project_codes_are_refused(typed):
    problem = problems_of(code=typed)["code"]
    assert problem.code == "invalid_code"
    assert "1 to 20 letters A-Z" in problem.message


def test_codes_typed_differently_normalise_to_the_same_key():
    assert clean_project_code("glx-01") == clean_project_code(" GLX-01 ")


@pytest.mark.parametrize(
    ("typed", "billing"), [("Fixed", BillingType.FIXED), ("non-billable", BillingType.NON_BILLABLE)]
)
def test_billing_type_typed_by_a_person_is_parsed(typed, billing):
    price = "5000" if billing is BillingType.FIXED else None
    assert new_project(**VALID, billing=typed, fixed_price=price).billing is billing


def test_unknown_billing_type_lists_the_types():
    assert problems_of(billing="retainer")["billing"].message == (
        "'retainer' is not a valid billing type; choose one of: hourly, fixed, milestone, non_billable."
    )


def test_fixed_price_project_needs_its_price():
    assert problems_of(billing="fixed")["fixed_price"].code == "required"


@pytest.mark.parametrize(
    ("price", "code"),
    [
        ("0", "not_positive"),
        (Money("0", "USD"), "not_positive"),
        ("-100", "negative_amount"),
        (Money("-100", "USD"), "not_positive"),
        (Money("5000", "EUR"), "wrong_currency"),
        ("5000.001", "too_many_decimals"),
    ],
)
def test_fixed_price_must_be_above_zero_in_client_currency(price, code):
    assert problems_of(billing="fixed", fixed_price=price)["fixed_price"].code == code


def test_fixed_price_in_the_wrong_currency_names_both():
    message = problems_of(billing="fixed", fixed_price=Money("5000", "EUR"))["fixed_price"].message
    assert message == "The fixed price is in EUR but must be in USD, the client's currency."


@pytest.mark.parametrize("billing", ["hourly", "milestone", "non_billable"])
def test_only_fixed_price_projects_may_carry_a_fixed_price(billing):
    assert problems_of(billing=billing, fixed_price="100")["fixed_price"].code == "not_fixed_price"


def test_milestone_billing_is_allowed_before_any_milestone_exists():
    assert new_project(**VALID, billing="milestone").billing is BillingType.MILESTONE


def test_budgets_are_accepted_in_client_currency():
    project = new_project(**VALID, budget_hours="120", budget_amount="15000.50")
    assert project.budget_hours == Duration.of(hours=120)
    assert project.budget_amount == Money("15000.50", "USD")


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("budget_hours", "0", "not_positive"),
        ("budget_hours", Duration.ZERO, "not_positive"),
        ("budget_hours", "-5", "negative_duration"),
        ("budget_hours", "lots", "invalid_duration"),
        ("budget_amount", "0", "not_positive"),
        ("budget_amount", "-1", "negative_amount"),
        ("budget_amount", Money("1000", "GBP"), "wrong_currency"),
        ("budget_amount", "10.999", "too_many_decimals"),
        ("name", "", "required"),
        ("status", "paused", "invalid_choice"),
    ],
)
def test_invalid_project_fields_are_refused(field, value, code):
    assert problems_of(**{field: value})[field].code == code


@pytest.mark.parametrize("field", ["budget_hours", "budget_amount"])
def test_blank_budgets_mean_no_budget(field):
    assert getattr(new_project(**VALID, **{field: " "}), field) is None


def test_all_project_problems_are_reported_together():
    found = problems_of(code="-", name="", billing="fixed", budget_hours="0", budget_amount=Money("1", "EUR"))
    assert set(found) == {"code", "name", "fixed_price", "budget_hours", "budget_amount"}


def test_project_created_active_needs_quote_and_deposit_settled():
    found = problems_of(status="active", requires_quote=True, requires_deposit=True)
    assert (found["quote_signed"].code, found["deposit_paid"].code) == (
        "quote_not_signed",
        "deposit_not_paid",
    )
    project = new_project(
        **VALID,
        status="active",
        requires_quote=True,
        quote_signed=True,
        requires_deposit=True,
        deposit_paid=True,
    )
    assert project.status is ProjectStatus.ACTIVE


# --- project status -----------------------------------------------------------------------------


@pytest.mark.parametrize(("current", "target"), list(itertools.product(ProjectStatus, repeat=2)))
def test_project_status_moves_follow_the_table(current, target):
    assert_move(project_in(current), current, target, (current, target) in PROJECT_MOVES)


def test_project_transition_table_matches_the_documented_moves():
    assert {(a, b) for a in ProjectStatus for b in PROJECT_TRANSITIONS.allowed(a)} == PROJECT_MOVES


def test_completed_project_cannot_go_back_to_enquiry():
    with pytest.raises(RuleViolation) as caught:
        project_in(ProjectStatus.COMPLETED).move_to("enquiry")
    assert caught.value.problems[0].message == (
        "A project cannot go from completed to enquiry; from completed it can go to: active, archived."
    )


def test_unarchiving_goes_through_completed_before_active():
    project = project_in(ProjectStatus.ARCHIVED)
    with pytest.raises(RuleViolation):
        project.move_to(ProjectStatus.ACTIVE)
    project.move_to(" Completed ")
    project.move_to("ACTIVE")
    assert project.status is ProjectStatus.ACTIVE


@pytest.mark.parametrize(
    ("flags", "codes"),
    [
        ({"requires_quote": True}, ["quote_not_signed"]),
        ({"requires_deposit": True}, ["deposit_not_paid"]),
        ({"requires_quote": True, "requires_deposit": True}, ["quote_not_signed", "deposit_not_paid"]),
        ({"requires_quote": True, "quote_signed": True, "requires_deposit": True}, ["deposit_not_paid"]),
    ],
)
def test_project_cannot_start_before_required_quote_and_deposit(flags, codes):
    project = project_in(ProjectStatus.QUOTED, **flags)
    with pytest.raises(RuleViolation) as caught:
        project.move_to("active")
    assert [p.code for p in caught.value.problems] == codes
    assert project.status is ProjectStatus.QUOTED


def test_project_starts_once_quote_signed_and_deposit_paid():
    project = project_in(ProjectStatus.QUOTED, requires_quote=True, requires_deposit=True)
    project.quote_signed = project.deposit_paid = True
    project.move_to("active")
    assert project.status is ProjectStatus.ACTIVE


def test_unsigned_quote_does_not_block_archiving():
    project = project_in(ProjectStatus.QUOTED, requires_quote=True)
    project.move_to("archived")
    assert project.status is ProjectStatus.ARCHIVED


def test_unknown_project_status_lists_the_valid_ones():
    with pytest.raises(RuleViolation) as caught:
        project_in(ProjectStatus.ACTIVE).move_to("paused")
    assert caught.value.problems[0].message == (
        "'paused' is not a valid project status; choose one of: enquiry, quoted, waiting_deposit, active, "
        "completed, archived."
    )


# --- tasks ----------------------------------------------------------------------------------------


def test_new_task_is_open_and_billable():
    task = new_task(org_id=ORG, project_id=PROJECT, name="  Design <UX> & “copy”  ")
    assert (task.name, task.status, task.billable) == ("Design <UX> & “copy”", TaskStatus.OPEN, True)


@pytest.mark.parametrize(("name", "code"), [("", "required"), ("a\nb", "control_character"), ("x" * 201, "too_long")])
def test_bad_task_names_are_refused(name, code):
    with pytest.raises(RuleViolation) as caught:
        new_task(org_id=ORG, project_id=PROJECT, name=name)
    assert caught.value.code == code


@pytest.mark.parametrize(("first", "second"), [("Design", "design"), ("Design  Review", "design review")])
def test_task_names_differing_in_case_or_spacing_share_a_key(first, second):
    tasks = [new_task(org_id=ORG, project_id=PROJECT, name=name) for name in (first, second)]
    assert tasks[0].name_key == tasks[1].name_key


def test_different_task_names_have_different_keys():
    tasks = [new_task(org_id=ORG, project_id=PROJECT, name=name) for name in ("Design", "Development")]
    assert tasks[0].name_key != tasks[1].name_key


@pytest.mark.parametrize(("current", "target"), list(itertools.product(TaskStatus, repeat=2)))
def test_task_status_moves_follow_the_table(current, target):
    assert_move(task_in(current), current, target, (current, target) in TASK_MOVES)


def test_task_transition_table_matches_the_documented_moves():
    assert {(a, b) for a in TaskStatus for b in TASK_TRANSITIONS.allowed(a)} == TASK_MOVES


# --- milestones -----------------------------------------------------------------------------------


def test_new_milestone_is_pending_in_client_currency():
    milestone = new_milestone(
        org_id=ORG,
        project_id=PROJECT,
        client_currency="USD",
        name="Launch",
        amount="2500.00",
        due_on=date(2025, 3, 1),
    )
    assert (milestone.status, milestone.amount, milestone.due_on) == (
        MilestoneStatus.PENDING,
        Money("2500", "USD"),
        date(2025, 3, 1),
    )


@pytest.mark.parametrize(
    ("amount", "code"),
    [("0", "not_positive"), (Money("100", "EUR"), "wrong_currency"), ("1.234", "too_many_decimals")],
)
def test_bad_milestone_amounts_are_refused(amount, code):
    with pytest.raises(RuleViolation) as caught:
        new_milestone(org_id=ORG, project_id=PROJECT, client_currency="USD", name="Launch", amount=amount)
    assert caught.value.code == code
    assert caught.value.problems[0].field == "amount"


def test_milestone_name_and_amount_problems_are_reported_together():
    with pytest.raises(RuleViolation) as caught:
        new_milestone(org_id=ORG, project_id=PROJECT, client_currency="USD", name="", amount="free")
    assert {p.field for p in caught.value.problems} == {"name", "amount"}


@pytest.mark.parametrize(("current", "target"), list(itertools.product(MilestoneStatus, repeat=2)))
def test_milestone_status_moves_follow_the_table(current, target):
    assert_move(milestone_in(current), current, target, (current, target) in MILESTONE_MOVES)


def test_milestone_transition_table_matches_the_documented_moves():
    assert {(a, b) for a in MilestoneStatus for b in MILESTONE_TRANSITIONS.allowed(a)} == MILESTONE_MOVES


def test_cancelled_milestones_are_final():
    assert MILESTONE_TRANSITIONS.allowed(MilestoneStatus.CANCELLED) == frozenset()
    with pytest.raises(RuleViolation) as caught:
        milestone_in(MilestoneStatus.CANCELLED).move_to("pending")
    assert "nothing (final state)" in caught.value.problems[0].message


def test_an_invoiced_milestone_goes_back_to_reached_only():
    assert MILESTONE_TRANSITIONS.allowed(MilestoneStatus.INVOICED) == frozenset({MilestoneStatus.REACHED})
