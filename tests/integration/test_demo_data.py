"""The demo organisation of `main.py --demo`, built through the services on a real SQLite file."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from helpers import BERLIN, acting, berlin, raw_rows

from app.demo_ledger import DEMO_NOW, demo_ledger
from app.domain.calendar import Week
from app.domain.clock import FixedClock, SystemClock
from app.domain.duration import Duration
from app.ledger import Ledger, open_ledger
from app.services import attendance, clients, people, projects, task_log, timer
from app.services.demo import DAYS, SIGNED_IN, build_demo

WEDNESDAY = date(2026, 11, 18)
SATURDAY = date(2026, 11, 21)
MID_MORNING = berlin(11, 20, WEDNESDAY)
CONSULTANTS = ("carl@brightline.example", "mina@brightline.example")


def demo(folder: Path, now: datetime, seed: int = 1) -> Ledger:
    ledger = open_ledger(folder / f"demo-{seed}-{now:%Y%m%d%H%M}.db", FixedClock(now))
    build_demo(ledger, time_zone=BERLIN, seed=seed)
    return ledger


@pytest.fixture(scope="module")
def wednesday(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The demo as it stands on Wednesday 18 November 2026 at 11:20 in Berlin (built once; tests only read it)."""
    ledger = demo(tmp_path_factory.mktemp("wednesday"), MID_MORNING)
    yield ledger
    ledger.close()


def everyone_entries(ledger: Ledger) -> list[task_log.EntryView]:
    with acting(ledger, read=True) as (uow, admin):
        first = WEDNESDAY - timedelta(days=DAYS + 7)
        return [v for user in people.list_users(uow, admin) for v in task_log.entries_between(
            uow, admin, first, WEDNESDAY + timedelta(days=7), user.email
        )]  # fmt: skip


def fingerprint(ledger: Ledger) -> list[tuple[object, ...]]:
    """What the demo made, without its random ids."""
    return sorted(
        (v.user.email, v.work.label, v.entry.work_date, str(v.entry.started_at), v.entry.duration.seconds, v.entry.note,
         v.entry.billable, str(v.entry.rate))
        for v in everyone_entries(ledger)
    )  # fmt: skip


def test_the_demo_has_two_clients_five_projects_and_three_people_with_the_admin_signed_in(wednesday):
    with acting(wednesday, read=True) as (uow, admin):
        assert admin.user.email == SIGNED_IN
        assert admin.user.role.value == "admin"
        roles = sorted(u.role.value for u in people.list_users(uow, admin))
        assert roles == ["admin", "consultant", "consultant"]
        assert len(clients.list_clients(uow, admin)) == 2
        listed = projects.list_projects(uow, admin)
        assert len(listed) == 5
        assert all(p.project.status.value == "active" for p in listed)
        assert sum(len(p.tasks) for p in listed) >= 10
        assert {p.project.billing.value for p in listed} == {"hourly", "fixed", "non_billable"}
        assert all(c.rate is not None for c in clients.list_clients(uow, admin))
        for consultant in CONSULTANTS:
            user = uow.users.by_email(admin.org.id, consultant)
            assert len(uow.assignments.of_user(user.id)) == 3


def test_a_month_of_entries_ends_today_and_mixes_timed_untimed_billable_and_internal_work(wednesday):
    entries = everyone_entries(wednesday)
    days = {v.entry.work_date for v in entries}
    assert WEDNESDAY - timedelta(days=DAYS) <= min(days) <= WEDNESDAY - timedelta(days=DAYS - 3)
    assert max(days) == WEDNESDAY
    assert len(days) >= 20
    assert all(day.weekday() < 5 for day in days)
    assert {v.user.email for v in entries} == {SIGNED_IN, *CONSULTANTS}
    timed = [v for v in entries if v.entry.started_at is not None]
    assert 0.5 < len(timed) / len(entries) < 0.95
    assert any(not v.entry.billable for v in entries) and sum(v.entry.billable for v in entries) > len(entries) / 2
    assert all(not v.entry.billable for v in entries if v.work.project.code == "PRE")
    assert sum(bool(v.entry.note) for v in entries) > len(entries) / 3
    assert all(v.entry.rate is not None for v in entries)
    assert all(v.entry.ended_at <= MID_MORNING for v in timed)


def test_a_person_s_entries_never_overlap_and_fill_a_normal_working_day(wednesday):
    for email in (SIGNED_IN, *CONSULTANTS):
        with acting(wednesday, email, read=True) as (uow, person):
            views = task_log.entries_between(
                uow, person, WEDNESDAY - timedelta(days=DAYS), WEDNESDAY - timedelta(days=1)
            )
        spans = sorted(v.entry.interval for v in views if v.entry.interval is not None)
        assert all(earlier[1] <= later[0] for earlier, later in itertools.pairwise(spans))
        per_day: dict[date, Duration] = {}
        for v in views:
            per_day[v.entry.work_date] = per_day.get(v.entry.work_date, Duration.ZERO) + v.entry.duration
        assert all(Duration.of(hours=5) <= logged <= Duration.of(hours=10) for logged in per_day.values()), email


def test_attendance_has_a_clock_session_with_a_lunch_break_on_every_day_worked(wednesday):
    with acting(wednesday, "carl@brightline.example", read=True) as (uow, carl):
        last_week = attendance.week_summary(uow, carl, Week.containing(WEDNESDAY - timedelta(days=7), 0))
        worked = [d for d in last_week.days if d.present > Duration.ZERO]
        assert len(worked) >= 4
        assert all(Duration.of(hours=6) < d.present < Duration.of(hours=11) for d in worked)
        assert all(Duration.of(minutes=30) <= d.breaks <= Duration.of(hours=1) for d in worked)
    sessions = raw_rows(wednesday.db.path, "SELECT count(*) FROM attendance_sessions WHERE clock_out IS NULL")
    assert sessions == [(3,)]  # everyone at work on Wednesday morning is still clocked in


def test_today_stops_at_now_with_the_signed_in_admin_s_timer_running_and_the_clock_put_back(wednesday):
    assert wednesday.clock.now() == MID_MORNING
    with acting(wednesday, read=True) as (uow, admin):
        running = timer.running(uow, admin)
        assert running is not None
        assert berlin(8, 30, WEDNESDAY) <= running.timer.started_at < MID_MORNING
        assert uow.attendance.open_session(admin.user.id) is not None
        today = task_log.entries_between(uow, admin, WEDNESDAY, WEDNESDAY)
        assert all(v.entry.ended_at is None or v.entry.ended_at <= running.timer.started_at for v in today)


def test_on_a_saturday_the_week_is_done_no_timer_runs_and_nobody_is_clocked_in(tmp_path):
    ledger = demo(tmp_path, berlin(10, 0, SATURDAY))
    try:
        with acting(ledger, read=True) as (uow, admin):
            assert timer.running(uow, admin) is None
        assert raw_rows(ledger.db.path, "SELECT count(*) FROM running_timers WHERE deleted_at IS NULL") == [(0,)]
        assert raw_rows(ledger.db.path, "SELECT count(*) FROM attendance_sessions WHERE clock_out IS NULL") == [(0,)]
        assert raw_rows(ledger.db.path, "SELECT count(*) FROM attendance_breaks WHERE ended_at IS NULL") == [(0,)]
        assert max(v.entry.work_date for v in everyone_entries(ledger)) == SATURDAY - timedelta(days=1)
    finally:
        ledger.close()


def test_the_same_seed_and_now_give_the_same_demo_and_another_seed_another(wednesday, tmp_path):
    again, other = demo(tmp_path, MID_MORNING, seed=1), demo(tmp_path, MID_MORNING, seed=2)
    try:
        assert fingerprint(again) == fingerprint(wednesday)
        assert fingerprint(other) != fingerprint(wednesday)
    finally:
        again.close()
        other.close()


def test_the_demo_is_relative_to_the_clock_s_today(tmp_path):
    a_year_later = MID_MORNING + timedelta(days=364)  # also a Wednesday
    ledger = demo(tmp_path, a_year_later)
    try:
        with acting(ledger, read=True) as (uow, admin):
            running = timer.running(uow, admin)
            month = task_log.entries_between(uow, admin, date.min.replace(year=2000), a_year_later.date())
        assert running is not None and running.timer.started_at.date() == a_year_later.date()
        assert min(v.entry.work_date for v in month) >= a_year_later.date() - timedelta(days=DAYS)
    finally:
        ledger.close()


def test_the_demo_needs_a_clock_it_can_move(tmp_path):
    ledger = open_ledger(tmp_path / "live.db", SystemClock())
    try:
        with pytest.raises(TypeError):
            build_demo(ledger, time_zone=BERLIN)
        assert raw_rows(ledger.db.path, "SELECT count(*) FROM organisations") == [(0,)]
    finally:
        ledger.close()


def test_records_carry_the_time_they_were_made_at_not_the_time_the_demo_was_built(wednesday):
    stamps = raw_rows(wednesday.db.path, "SELECT min(updated_at), max(updated_at) FROM task_log_entries")
    oldest, newest = (datetime.fromisoformat(s).replace(tzinfo=UTC) for s in stamps[0])
    assert MID_MORNING - oldest > timedelta(days=DAYS - 3)
    assert newest <= MID_MORNING


def test_the_demo_ledger_is_made_in_a_temporary_folder_at_the_asked_moment_and_deleted_afterwards(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv("TIMELEDGER_DB", str(tmp_path / "real.db"))
    monkeypatch.setenv(DEMO_NOW, "2026-11-18T11:20:00+01:00")
    with demo_ledger() as ledger:
        path = ledger.db.path
        assert path.parent.name.startswith("timeledger-demo-") and path.exists()
        assert abs(ledger.clock.now() - MID_MORNING) < timedelta(minutes=1)  # still ticking from there
        with acting(ledger, read=True) as (uow, admin):
            assert admin.user.email == SIGNED_IN
            assert timer.running(uow, admin) is not None
    assert str(path) in capsys.readouterr().out
    assert not path.parent.exists()
    assert not (tmp_path / "real.db").exists()


def test_a_demo_moment_that_is_not_a_date_and_time_is_refused_with_a_sentence(monkeypatch):
    monkeypatch.setenv(DEMO_NOW, "next tuesday")
    with pytest.raises(SystemExit, match="not a date and time like 2026-11-18T11:20"), demo_ledger():
        pass


def test_the_admin_finds_the_consultants_last_week_waiting_and_the_week_before_approved(wednesday):
    from app.services import approvals

    with acting(wednesday, SIGNED_IN) as (uow, admin):
        waiting = approvals.queue(uow, admin)
        this_week = Week.containing(admin.today(uow.clock), admin.org.week_start)
        assert {(row.week, row.user_email) for row in waiting} == {
            (this_week.shifted(-1), email) for email in ("carl@brightline.example", "mina@brightline.example")
        }
        for email in ("carl@brightline.example", "mina@brightline.example"):
            earlier = approvals.find_timesheet(uow, admin, email, this_week.shifted(-2))
            assert earlier.status.value == "approved"


def test_the_demo_has_a_letterhead_and_invoices_in_every_state(wednesday):
    from app.services import invoice_views

    with acting(wednesday, read=True) as (uow, admin):
        org = admin.org
        assert (org.default_tax_rate, bool(org.address), bool(org.bank_details)) == (19, True, True)
        invoices = [summary.invoice for summary in invoice_views.list_invoices(uow, admin)]
    by_status = {(i.kind.value, i.status.value) for i in invoices}
    assert by_status >= {
        ("invoice", "paid"),
        ("invoice", "partially_paid"),
        ("invoice", "overdue"),
        ("invoice", "sent"),
        ("invoice", "draft"),
        ("invoice", "void"),
        ("credit_note", "sent"),
    }
    drafted = next(i for i in invoices if i.status.value == "draft")
    assert drafted.period_start is not None and drafted.total.amount > 0  # from the approved week's time
    assert all(i.issue_date is None or i.issue_date <= WEDNESDAY for i in invoices)
    paid = next(i for i in invoices if i.status.value == "paid")
    assert paid.paid == paid.total and paid.paid_on is not None
