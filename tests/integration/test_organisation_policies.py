"""The organisation's policies (lock date, budget warning level, notes required, submission deadline): admins set
them through the domain's checks, they are stored (a new column on an old database gets its default), and they
take effect."""

from __future__ import annotations

from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from helpers import FRIDAY, acting, berlin, raw_rows

from app.domain.billable_checks import PERIOD_LOCKED
from app.domain.errors import RuleViolation
from app.domain.reminders import ReminderKind
from app.services import organisation, task_log
from app.services.identity import CURRENT_USER
from app.services.reminders import reminders_due
from app.storage.database import open_sqlite
from app.storage.migrate import downgrade, upgrade

CARL = "carl@acme.example"


def set_policies(ledger, email: str | None = None, **policies: Any):  # type: ignore[no-untyped-def]
    with acting(ledger, email) as (uow, actor):
        org = organisation.update_policies(uow, actor, **policies)
        uow.commit()
    return org


def stored_org(path: Path) -> list[tuple[Any, ...]]:
    return raw_rows(path, "SELECT * FROM organisations")


def policies_of(ledger) -> tuple[Any, ...]:  # type: ignore[no-untyped-def]
    with acting(ledger, read=True) as (uow, actor):
        org = organisation.read_settings(uow, actor).organisation
    return (
        org.lock_date,
        org.budget_warning_percent,
        org.notes_required,
        org.submit_deadline_weekday,
        org.submit_deadline_time,
    )


def test_a_new_organisation_has_the_issue_s_defaults(team) -> None:  # type: ignore[no-untyped-def]
    assert policies_of(team.ledger) == (None, 80, False, 0, time(10, 0))


def test_policies_set_are_kept_and_ones_left_out_stay(team, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    set_policies(
        team.ledger,
        lock_date="2026-10-31",
        budget_warning_percent="90 %",
        notes_required=True,
        submit_deadline="fri 17:30",
    )
    assert policies_of(team.ledger) == (date(2026, 10, 31), 90, True, 4, time(17, 30))
    assert raw_rows(db_path, "SELECT submit_deadline_weekday, submit_deadline_time FROM organisations") == [
        (4, "17:30")
    ]

    set_policies(team.ledger, lock_date="none")
    assert policies_of(team.ledger) == (None, 90, True, 4, time(17, 30))


def test_the_settings_form_s_save_changes_the_policies_with_the_rest(team) -> None:  # type: ignore[no-untyped-def]
    with acting(team.ledger) as (uow, actor):
        org = actor.org
        organisation.update_settings(
            uow,
            actor,
            name=org.name,
            time_zone=org.time_zone,
            week_start=org.week_start,
            productive_day=org.productive_day,
            billing_increment=org.billing_increment,
            rounding=org.rounding,
            minimum_entry=org.minimum_entry,
            approval_required=org.approval_required,
            lock_date="",
            budget_warning_percent="75",
            notes_required=True,
            submit_deadline_weekday=1,
            submit_deadline_time="9:00",
        )
        uow.commit()

    assert policies_of(team.ledger) == (None, 75, True, 1, time(9, 0))


def test_bad_policies_report_every_field_and_change_nothing(team, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = stored_org(db_path)

    with pytest.raises(RuleViolation) as refused:
        set_policies(
            team.ledger,
            lock_date="2026-02-30",
            budget_warning_percent="101",
            notes_required="maybe",
            submit_deadline_weekday="t",
            submit_deadline_time="25:00",
        )

    assert {p.field: p.code for p in refused.value.problems} == {
        "lock_date": "invalid_date",
        "budget_warning_percent": "out_of_range",
        "notes_required": "invalid_choice",
        "submit_deadline_weekday": "invalid_weekday",
        "submit_deadline_time": "invalid_time",
    }
    assert stored_org(db_path) == before


@pytest.mark.parametrize("warning", ["0", "-5", "80.5", "lots", ""])
def test_the_budget_warning_is_a_whole_percentage_from_1_to_100(team, warning: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleViolation) as refused:
        set_policies(team.ledger, budget_warning_percent=warning)
    assert [p.field for p in refused.value.problems] == ["budget_warning_percent"]


def test_only_admins_set_policies(team, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = stored_org(db_path)

    with pytest.raises(RuleViolation) as refused:
        set_policies(team.ledger, CARL, budget_warning_percent=50)

    assert [p.code for p in refused.value.problems] == ["not_allowed"]
    assert stored_org(db_path) == before


def test_a_lock_date_refuses_billable_time_on_or_before_it_and_not_after(team) -> None:  # type: ignore[no-untyped-def]
    set_policies(team.ledger, lock_date=(FRIDAY - timedelta(days=1)).isoformat())

    with acting(team.ledger, CARL) as (uow, carl), pytest.raises(RuleViolation) as refused:
        task_log.log_entry(uow, carl, "WEB/General", day=FRIDAY - timedelta(days=1), hours="1", note="x")
    assert PERIOD_LOCKED in [p.code for p in refused.value.problems]

    with acting(team.ledger, CARL) as (uow, carl):
        task_log.log_entry(uow, carl, "WEB/General", day=FRIDAY, hours="1", note="x")
        uow.commit()


def test_the_reminder_follows_the_organisation_s_deadline(team, clock) -> None:  # type: ignore[no-untyped-def]
    set_policies(team.ledger, submit_deadline="Tue 14:00")
    with acting(team.ledger, CARL) as (uow, carl):
        uow.settings.set(CURRENT_USER, str(carl.user.id))
        task_log.log_entry(uow, carl, "WEB/General", day=FRIDAY, hours="4", note="x")
        uow.commit()
    tuesday = FRIDAY + timedelta(days=4)

    def due() -> list[str]:
        return [r.text for r in reminders_due(team.ledger) if r.kind is ReminderKind.WEEK_NOT_SUBMITTED]

    clock.at = berlin(11, day=FRIDAY + timedelta(days=3))  # Monday 10:00 was the default: not any more
    assert due() == []
    clock.at = berlin(13, 59, day=tuesday)
    assert due() == []
    clock.at = berlin(14, 0, day=tuesday)
    assert due() == ["Week 47 was due on Tuesday at 14:00. Check it in the Timesheet and press Submit week."]


def test_an_organisation_from_before_the_deadline_setting_gets_monday_ten(team, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    team.ledger.close()
    db = open_sqlite(db_path)
    try:
        with db.changing_schema() as connection:
            downgrade(connection, "0004")
        assert raw_rows(db_path, "SELECT name FROM organisations") == [("Acme",)]
        with db.changing_schema() as connection:
            upgrade(connection, str(db_path))
    finally:
        db.close()

    assert raw_rows(db_path, "SELECT submit_deadline_weekday, submit_deadline_time FROM organisations") == [
        (0, "10:00")
    ]
