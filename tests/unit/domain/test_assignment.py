"""Assignments: who is on which project, in what role, over which period."""

from datetime import date
from uuid import uuid4

import pytest

from app.domain.assignment import Assignment, new_assignment
from app.domain.errors import RuleViolation

ORG, USER, PROJECT = uuid4(), uuid4(), uuid4()
JAN_10, JAN_20 = date(2025, 1, 10), date(2025, 1, 20)


def assignment(**period):
    return new_assignment(org_id=ORG, user_id=USER, project_id=PROJECT, **period)


def test_new_assignment_defaults_to_an_open_ended_consultant():
    made = assignment()
    assert isinstance(made, Assignment)
    assert (made.role, made.valid_from, made.valid_to) == ("consultant", None, None)


def test_role_is_trimmed_and_may_be_any_title():
    assert assignment(role="  Lead Architect (Zoë) ").role == "Lead Architect (Zoë)"


@pytest.mark.parametrize(("role", "code"), [("", "required"), ("lead\narchitect", "control_character")])
def test_bad_role_is_refused(role, code):
    with pytest.raises(RuleViolation) as caught:
        assignment(role=role)
    assert caught.value.code == code


def test_assignment_cannot_end_before_it_starts():
    with pytest.raises(RuleViolation) as caught:
        assignment(valid_from=JAN_20, valid_to=JAN_10)
    problem = caught.value.problems[0]
    assert (problem.code, problem.field) == ("invalid_period", "valid_to")
    assert problem.message == "The assignment cannot end on 2025-01-10 before it starts on 2025-01-20."


def test_role_and_period_problems_are_reported_together():
    with pytest.raises(RuleViolation) as caught:
        assignment(role=" ", valid_from=JAN_20, valid_to=JAN_10)
    assert {p.field for p in caught.value.problems} == {"role", "valid_to"}


def test_one_day_assignment_is_allowed():
    assert assignment(valid_from=JAN_10, valid_to=JAN_10).covers(JAN_10)


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "day", "covered"),
    [
        (None, None, date(1999, 1, 1), True),
        (JAN_10, None, date(2025, 1, 9), False),
        (JAN_10, None, JAN_10, True),
        (JAN_10, None, date(2030, 1, 1), True),
        (None, JAN_20, JAN_20, True),
        (None, JAN_20, date(2025, 1, 21), False),
        (JAN_10, JAN_20, date(2025, 1, 15), True),
        (JAN_10, JAN_20, date(2025, 1, 9), False),
        (JAN_10, JAN_20, date(2025, 1, 21), False),
        (JAN_10, JAN_20, JAN_20, True),
    ],
)
def test_covers_includes_both_ends_of_the_period(valid_from, valid_to, day, covered):
    assert assignment(valid_from=valid_from, valid_to=valid_to).covers(day) is covered
