"""Personal preferences round-trip through local settings and refuse nonsense."""

from __future__ import annotations

from datetime import time

import pytest

from app.domain.duration import Duration
from app.domain.errors import RuleViolation
from app.services.preferences import Preferences, load_preferences, save_preferences


def test_defaults_until_something_is_saved(ledger):
    with ledger.read() as uow:
        assert load_preferences(uow) == Preferences()


def test_saved_preferences_come_back_after_reopening(ledger):
    wanted = Preferences(
        idle_threshold=Duration.of(minutes=12),
        working_start=time(8),
        working_days=(0, 1, 2, 3),
        remind_long_timer=None,
    )
    with ledger.work() as uow:
        save_preferences(uow, wanted)
        uow.commit()
    with ledger.read() as uow:
        assert load_preferences(uow) == wanted


def test_nonsense_is_refused_with_every_problem_and_nothing_kept(ledger):
    with ledger.work() as uow, pytest.raises(RuleViolation) as caught:
        save_preferences(uow, Preferences(idle_threshold=Duration(10), working_start=time(18), working_end=time(9)))
    assert {p.field for p in caught.value.problems} == {"idle_threshold", "working_end"}
    with ledger.read() as uow:
        assert load_preferences(uow) == Preferences()
