"""Grouping approved time into invoice lines: by what the user chose, never merging different rates."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import pytest

from app.domain.invoice_drafting import BillableEntry, GroupBy, Names, group_entries
from app.domain.money import from_minor

WEB, APP = uuid.uuid4(), uuid.uuid4()
DESIGN, BUILD = uuid.uuid4(), uuid.uuid4()
CARL, ADA = uuid.uuid4(), uuid.uuid4()
NAMES = Names(
    projects={WEB: "WEB · Website", APP: "APP · App"},
    tasks={DESIGN: "Design", BUILD: "Build"},
    people={CARL: "Carl", ADA: "Ada"},
)


def entry(project=WEB, task=DESIGN, user=CARL, day=16, seconds=3600, rate=12000, note=""):
    return BillableEntry(uuid.uuid4(), user, project, task, date(2026, 11, day), seconds, from_minor(rate, "EUR"), note)


ENTRIES = [
    entry(),
    entry(task=BUILD, seconds=1800),
    entry(user=ADA, day=17, seconds=5400),
    entry(day=17, rate=15000, seconds=900),  # a different rate: its own line
    entry(project=APP, seconds=7200, note="Kick-off"),
]


def described(group_by):
    return [(line.description, line.hours, line.rate.amount) for line in group_entries(ENTRIES, group_by, NAMES)]


def test_by_project_one_line_per_project_and_rate():
    assert described(GroupBy.PROJECT) == [
        ("APP · App", Decimal(2), Decimal("120.00")),
        ("WEB · Website", Decimal(3), Decimal("120.00")),
        ("WEB · Website", Decimal("0.25"), Decimal("150.00")),
    ]


def test_by_task_and_by_person():
    assert described(GroupBy.TASK) == [
        ("APP · App · Design", Decimal(2), Decimal("120.00")),
        ("WEB · Website · Build", Decimal("0.5"), Decimal("120.00")),
        ("WEB · Website · Design", Decimal("2.5"), Decimal("120.00")),
        ("WEB · Website · Design", Decimal("0.25"), Decimal("150.00")),
    ]
    assert [d[0] for d in described(GroupBy.PERSON)] == [
        "APP · App · Carl",
        "WEB · Website · Carl",
        "WEB · Website · Ada",
        "WEB · Website · Carl",
    ]


def test_by_day_and_one_line_per_entry():
    assert [d[0] for d in described(GroupBy.DAY)] == [
        "2026-11-16 · APP · App",
        "2026-11-16 · WEB · Website",
        "2026-11-17 · WEB · Website",
        "2026-11-17 · WEB · Website",
    ]
    per_entry = described(GroupBy.ENTRY)
    assert len(per_entry) == len(ENTRIES)
    assert "2026-11-16 · APP · App · Carl, Design: Kick-off" in [d[0] for d in per_entry]


@pytest.mark.parametrize("group_by", list(GroupBy))
def test_every_grouping_bills_all_hours_at_their_own_rates(group_by):
    lines = group_entries(ENTRIES, group_by, NAMES)
    billed = sum(line.hours * line.rate.amount for line in lines)
    logged = sum(Decimal(e.seconds) / 3600 * e.rate.amount for e in ENTRIES)
    assert billed == logged
    assert sum(line.entry_count for line in lines) == len(ENTRIES)
