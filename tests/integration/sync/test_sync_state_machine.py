"""Three desktops and the team server, driven by Hypothesis: random time logged, edited and deleted, weeks
submitted, approved, rejected and reopened, sync rounds (some losing the server's answer or breaking off a
pull), problems settled either way. However they interleave, once every desktop has settled its problems
and nothing waits to be sent, each desktop holds exactly what the server shows that person."""

from __future__ import annotations

import functools
import sqlite3
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, closing, contextmanager
from pathlib import Path
from typing import Any

from approval_helpers import LAST_WEEK, WEEK
from helpers import acting
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, rule, run_state_machine_as_test

from app.domain.clock import FixedClock
from app.domain.errors import RuleViolation
from app.ledger import Ledger, open_ledger
from app.services import approvals, entries, task_log
from app.services.sync_status import ServerUnreachable
from app.sync.local_rows import server_columns
from app.sync.wire import table
from sync.tcp_proxy import FaultyProxy
from sync.team import FRIDAY_MORNING, Person, TeamServer, team_server

DESKTOPS = ("carl's desk", "carl's laptop", "mona's")
DAYS = tuple(day for week in (LAST_WEEK, WEEK) for day in week.days()[:5])  # Monday to Friday
HOURS = ("0:30", "1:00", "2:00", "3:00")
NOTES = ("", "call", "review", "Überarbeitung")
CHANGES = st.one_of(st.builds(dict, note=st.sampled_from(NOTES)), st.builds(dict, hours=st.sampled_from(HOURS)))
COMPARED = ("task_log_entries", "timesheets")
SETTLING_ROUNDS = 6


def _step(action: Callable[..., None]) -> Callable[..., None]:
    """A rule that, when it fails, tells teardown not to judge the end state (the failure is the finding)."""

    @functools.wraps(action)
    def run(self: TeamAtWork, *args: Any, **kwargs: Any) -> None:
        try:
            action(self, *args, **kwargs)
        except BaseException:
            self.broken = True
            raise

    return run


@contextmanager
def _may_be_refused(what: str) -> Iterator[None]:
    """The app's own rules may refuse a step (a week already submitted, a day full): a legitimate no-op."""
    try:
        yield
    except RuleViolation as refusal:
        event(f"{what}: refused ({refusal.code})")
    else:
        event(f"{what}: done")


def _rows(path: Path, name: str) -> list[tuple[Any, ...]]:
    t = table(name)
    columns = ", ".join(f'"{c.name}"' for c in t.c)
    with closing(sqlite3.connect(path)) as plain:
        return plain.execute(f'SELECT {columns} FROM "{name}" ORDER BY id').fetchall()


class TeamAtWork(RuleBasedStateMachine):
    """Carl on two desktops and Mona, his manager, on hers, every desktop reaching the server through one proxy."""

    def __init__(self) -> None:
        super().__init__()
        self.broken = False
        self.resources = ExitStack()
        try:
            folder = Path(self.resources.enter_context(tempfile.TemporaryDirectory(prefix="timeledger-sync-")))
            self.team: TeamServer = self.resources.enter_context(team_server(folder))
            self.proxy = self.resources.enter_context(FaultyProxy())
            people = (self.team.consultant_a, self.team.consultant_a, self.team.manager)
            self.people: dict[str, Person] = dict(zip(DESKTOPS, people, strict=True))
            self.desktops: dict[str, Ledger] = {}
            for number, (name, person) in enumerate(self.people.items()):
                ledger = open_ledger(folder / f"desktop-{number}.db", FixedClock(FRIDAY_MORNING))
                self.resources.callback(ledger.close)
                ledger.sync.setup(self.proxy.url(person.url))
                self.desktops[name] = ledger
        except BaseException:
            self.resources.close()
            raise

    def _own_entries(self, name: str) -> list[tuple[str, int]]:
        """(id, version) of the desktop person's live draft entries, as that desktop has them."""
        user = self.people[name].user_id.hex
        with closing(sqlite3.connect(self.desktops[name].db.path)) as plain:
            return plain.execute(
                "SELECT id, version FROM task_log_entries WHERE user_id = ? AND status = 'draft' "
                "AND deleted_at IS NULL ORDER BY id",
                (user,),
            ).fetchall()

    # -- work on a desktop (a refusal by the app's own rules is a legitimate no-op)

    @rule(
        desk=st.sampled_from(DESKTOPS),
        day=st.sampled_from(DAYS),
        hours=st.sampled_from(HOURS),
        note=st.sampled_from(NOTES),
    )
    @_step
    def log_time(self, desk: str, day: Any, hours: str, note: str) -> None:
        with _may_be_refused("logging time"), acting(self.desktops[desk]) as (uow, actor):
            task_log.log_entry(uow, actor, "WEB/General", day=day, hours=hours, note=note)
            uow.commit()

    @rule(
        desk=st.sampled_from(DESKTOPS),
        pick=st.integers(0, 99),
        change=CHANGES,
    )
    @_step
    def edit_time(self, desk: str, pick: int, change: dict[str, str]) -> None:
        own = self._own_entries(desk)
        if not own:
            return
        entry_hex, _version = own[pick % len(own)]
        with _may_be_refused("editing time"), acting(self.desktops[desk]) as (uow, actor):
            entries.edit_entry(uow, actor, uuid.UUID(hex=entry_hex), **change)
            uow.commit()

    @rule(pick=st.integers(0, 99), on_desk=CHANGES, on_laptop=CHANGES)
    @_step
    def carl_edits_on_both_desktops(self, pick: int, on_desk: dict[str, str], on_laptop: dict[str, str]) -> None:
        """The same entry changed on both of Carl's desktops before either syncs: a merge or a conflict."""
        both = sorted({i for i, _ in self._own_entries(DESKTOPS[0])} & {i for i, _ in self._own_entries(DESKTOPS[1])})
        if not both:
            return
        entry_id = uuid.UUID(hex=both[pick % len(both)])
        for desk, change in zip(DESKTOPS[:2], (on_desk, on_laptop), strict=True):
            with _may_be_refused("editing time on both"), acting(self.desktops[desk]) as (uow, actor):
                entries.edit_entry(uow, actor, entry_id, **change)
                uow.commit()

    @rule(desk=st.sampled_from(DESKTOPS), pick=st.integers(0, 99))
    @_step
    def delete_time(self, desk: str, pick: int) -> None:
        own = self._own_entries(desk)
        if not own:
            return
        entry_hex, version = own[pick % len(own)]
        with _may_be_refused("deleting time"), acting(self.desktops[desk]) as (uow, actor):
            entries.delete_entries(uow, actor, [(uuid.UUID(hex=entry_hex), version)])
            uow.commit()

    @rule(desk=st.sampled_from(DESKTOPS[:2]), week=st.sampled_from((LAST_WEEK, WEEK)))
    @_step
    def submit_week(self, desk: str, week: Any) -> None:
        with _may_be_refused("submitting a week"), acting(self.desktops[desk]) as (uow, actor):
            approvals.submit(uow, actor, week)
            uow.commit()

    @rule(pick=st.integers(0, 99), approves=st.booleans(), looks_first=st.booleans())
    @_step
    def manager_decides(self, pick: int, approves: bool, looks_first: bool) -> None:
        """Mona approves or rejects one of Carl's submitted weeks, or reopens an approved one, as her desktop
        shows them (the server may know better: that is a refusal coming back)."""
        mona = self.desktops["mona's"]
        if looks_first:  # her queue is up to date when she decides (else she decides on what her desktop has)
            mona.sync.run_once()
        with closing(sqlite3.connect(mona.db.path)) as plain:
            sheets = plain.execute(
                "SELECT id, status FROM timesheets WHERE user_id = ? AND status IN ('submitted', 'approved') "
                "ORDER BY id",
                (self.team.consultant_a.user_id.hex,),
            ).fetchall()
        if not sheets:
            return
        sheet_hex, status = sheets[pick % len(sheets)]
        decision = "reopen" if status == "approved" else "approve" if approves else "reject"
        extra = {} if decision == "approve" else {"reason": f"{decision}ed by the state machine"}
        with _may_be_refused(decision), acting(mona) as (uow, actor):
            getattr(approvals, decision)(uow, actor, uuid.UUID(hex=sheet_hex), **extra)
            uow.commit()

    # -- sync

    @rule(desk=st.sampled_from(DESKTOPS))
    @_step
    def sync_round(self, desk: str) -> None:
        report = self.desktops[desk].sync.run_once()
        for kind, count in (("refusals", report.refused), ("conflicts", report.conflicts)):
            if count:
                event(f"a round brought {kind}")

    @rule(order=st.permutations(DESKTOPS))
    @_step
    def everyone_syncs(self, order: list[str]) -> None:
        for desk in order:
            self.sync_round(desk)

    @rule(
        desk=st.sampled_from(DESKTOPS),
        fault=st.one_of(
            st.just(("answer", b"tl_push", None)),
            st.tuples(st.just("pull"), st.just(b"REPEATABLE READ"), st.sampled_from((0, 500, 5000))),
        ),
    )
    @_step
    def failing_round(self, desk: str, fault: tuple[str, bytes, int | None]) -> None:
        kind, trigger, forward_bytes = fault
        if kind == "answer":
            self.proxy.cut_answer(trigger)
        else:
            assert forward_bytes is not None
            self.proxy.cut_after(trigger, forward_bytes)
        cuts = self.proxy.cuts
        try:
            self.desktops[desk].sync.run_once()
        except ServerUnreachable:
            assert self.proxy.cuts == cuts + 1, "only the injected fault may make a round fail"
            event(f"a round cut ({kind})")
        else:
            assert self.proxy.cuts == cuts, "a round whose connection was cut cannot have succeeded"
        finally:
            self.proxy.disarm()  # a fault whose trigger never came (nothing to push, a short pull)

    @rule(desk=st.sampled_from(DESKTOPS), pick=st.integers(0, 99), keep_mine=st.booleans())
    @_step
    def settle_a_problem(self, desk: str, pick: int, keep_mine: bool) -> None:
        ledger = self.desktops[desk]
        problems = ledger.sync.problems()
        if problems:
            problem = problems[pick % len(problems)]
            ledger.sync.resolve(problem.id, keep_mine=keep_mine)
            event(f"a {problem.kind} settled keeping {'mine' if keep_mine else 'the server version'}")

    # -- the end: everyone settles, syncs until nothing waits, and sees what the server shows them

    def _settle_everything(self) -> None:
        for _ in range(SETTLING_ROUNDS):
            for ledger in self.desktops.values():
                ledger.sync.run_once()
                for problem in ledger.sync.problems():
                    ledger.sync.resolve(problem.id, keep_mine=False)
            if all(_quiet(ledger) for ledger in self.desktops.values()):
                break
        for ledger in self.desktops.values():  # the last changes reach every desktop
            ledger.sync.run_once()

    def _check_everyone_sees_the_server(self) -> None:
        for name, ledger in self.desktops.items():
            status = ledger.sync.status()
            assert (status.pending, status.conflicts, status.rejected) == (0, 0, 0), (name, status)
            with self.team.connect(self.people[name]) as server:
                for compared in COMPARED:
                    t = table(compared)
                    theirs = server.execute(f'SELECT {server_columns(t)} FROM "{compared}" ORDER BY id').fetchall()
                    assert _rows(ledger.db.path, compared) == theirs, (name, compared)

    def teardown(self) -> None:
        try:
            if not self.broken:
                self._settle_everything()
                self._check_everyone_sees_the_server()
        finally:
            self.resources.close()


def _quiet(ledger: Ledger) -> bool:
    status = ledger.sync.status()
    return status.pending == 0 and status.conflicts == 0 and status.rejected == 0


def test_three_desktops_working_through_faults_end_with_what_the_server_shows_each_person():
    run_state_machine_as_test(
        TeamAtWork,
        settings=settings(
            max_examples=15,
            stateful_step_count=20,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
