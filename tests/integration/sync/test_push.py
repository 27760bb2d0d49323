"""`tl_push` on the real PostgreSQL, as a person's login role: each operation applied exactly once, refusals
kept with a sentence, drafts edited on two desktops merged field by field."""

from __future__ import annotations

import threading
import time
import uuid
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg.types.json import Jsonb

from sync.team import MONDAY, TeamServer, team_server


@pytest.fixture
def team(tmp_path: Path):  # type: ignore[no-untyped-def]
    with team_server(tmp_path) as made:
        yield made


def push(connection: psycopg.Connection, *ops: dict[str, Any]) -> list[dict[str, Any]]:
    return connection.execute("SELECT tl_push(%s)", (Jsonb(list(ops)),)).fetchone()[0]


def entry_row(team: TeamServer, entry_id: uuid.UUID, **changes: Any) -> dict[str, Any]:
    """Every column of a new draft entry of Carl's on WEB, as a desktop sends it."""
    row = {
        "id": str(entry_id),
        "org_id": str(team.org_id),
        "user_id": str(team.consultant_a.user_id),
        "project_id": str(team.web_id),
        "task_id": str(team.web_task_id),
        "work_date": MONDAY.isoformat(),
        "started_at": "2026-11-16T09:00:00+01:00",
        "ended_at": "2026-11-16T10:00:00+01:00",
        "duration_seconds": 3600,
        "note": "",
        "billable": True,
        "status": "draft",
        "rate_minor": 15000,
        "rate_currency": "EUR",
        "rate_source": "project",
        "cap_override_by": None,
        "cap_override_reason": "",
        "invoice_id": None,
        "deleted_at": None,
    }
    return row | changes


def insert_op(team: TeamServer, entry_id: uuid.UUID, **changes: Any) -> dict[str, Any]:
    return {
        "op_id": str(uuid.uuid4()),
        "op": "insert",
        "entity": "task_log_entries",
        "id": str(entry_id),
        "row": entry_row(team, entry_id, **changes),
    }


def update_op(entry_id: uuid.UUID, base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    return {
        "op_id": str(uuid.uuid4()),
        "op": "update",
        "entity": "task_log_entries",
        "id": str(entry_id),
        "base": base,
        "set": changes,
    }


def server_entry(team: TeamServer, entry_id: uuid.UUID) -> tuple:
    return team.sql("SELECT note, duration_seconds, version FROM task_log_entries WHERE id = %s", entry_id)[0]


def test_an_insert_is_applied_with_the_servers_version_and_time(team: TeamServer) -> None:
    entry_id = uuid.uuid4()
    op = insert_op(team, entry_id, note="Workshop") | {}
    op["row"] |= {"version": 41, "updated_at": "2001-01-01T00:00:00+00:00"}  # a desktop's clock decides nothing

    with team.connect(team.consultant_a) as carl:
        assert push(carl, op) == [{"op_id": op["op_id"], "status": "applied", "conflicts": []}]

    assert team.sql(
        "SELECT note, version, updated_at > now() - interval '1 minute' FROM task_log_entries WHERE id = %s", entry_id
    ) == [("Workshop", 1, True)]
    assert team.sql("SELECT count(*) FROM tl_change_log WHERE row_id = %s", entry_id) == [(1,)]
    assert team.sql("SELECT user_id, result->>'status' FROM tl_applied_ops WHERE op_id = %s", op["op_id"]) == [
        (team.consultant_a.user_id, "applied")
    ]


def test_a_repeated_op_id_gets_the_stored_result_and_changes_nothing_again(team: TeamServer) -> None:
    entry_id = uuid.uuid4()
    with team.connect(team.consultant_a) as carl:
        push(carl, insert_op(team, entry_id, note="a"))
        op = update_op(entry_id, {"note": "a"}, {"note": "b"})
        first = push(carl, op)
        team.sql("UPDATE task_log_entries SET note = 'a' WHERE id = %s", entry_id)  # would apply again if re-run

        again = push(carl, op, op)

    assert again == first + first
    assert server_entry(team, entry_id) == ("a", 3600, 2)


def test_a_refused_op_is_stored_with_its_reason_and_answers_the_same_when_asked_again(team: TeamServer) -> None:
    bea_entry = team.insert_entry(team.consultant_b, note="Bea's")
    op = update_op(bea_entry, {"note": "Bea's"}, {"note": "Carl was here"})
    with team.connect(team.consultant_a) as carl:
        refused = push(carl, op)
        assert refused == [
            {
                "op_id": op["op_id"],
                "status": "refused",
                "conflicts": [],
                "reason": "This time entry is not on the server, or not yours to change.",
            }
        ]
        team.sql("UPDATE task_log_entries SET user_id = %s WHERE id = %s", team.consultant_a.user_id, bea_entry)

        assert push(carl, op) == refused  # even though it would now pass

    assert team.sql("SELECT note FROM task_log_entries WHERE id = %s", bea_entry) == [("Bea's",)]


def test_an_insert_for_someone_else_is_refused_with_a_sentence(team: TeamServer) -> None:
    entry_id = uuid.uuid4()
    op = insert_op(team, entry_id, user_id=str(team.consultant_b.user_id))
    with team.connect(team.consultant_a) as carl:
        (result,) = push(carl, op)
    assert result["status"] == "refused"
    assert result["reason"] == "You may not change this time entry on the server."
    assert team.sql("SELECT count(*) FROM task_log_entries WHERE id = %s", entry_id) == [(0,)]


def test_one_refused_op_does_not_stop_the_others(team: TeamServer) -> None:
    first, second = uuid.uuid4(), uuid.uuid4()
    with team.connect(team.consultant_a) as carl:
        results = push(
            carl,
            insert_op(team, first),
            insert_op(team, uuid.uuid4(), duration_seconds=-5),
            insert_op(team, second),
        )
    assert [r["status"] for r in results] == ["applied", "refused", "applied"]
    assert "time entry" in results[1]["reason"]
    assert team.sql("SELECT count(*) FROM task_log_entries WHERE id IN (%s, %s)", first, second) == [(2,)]


def test_edits_of_different_fields_on_two_desktops_merge(team: TeamServer) -> None:
    entry_id = uuid.uuid4()
    with team.connect(team.consultant_a) as carl:
        push(carl, insert_op(team, entry_id, note="draft"))
        laptop = update_op(entry_id, {"note": "draft"}, {"note": "Workshop"})
        desktop = update_op(entry_id, {"duration_seconds": 3600}, {"duration_seconds": 5400})

        results = push(carl, laptop) + push(carl, desktop)

    assert [(r["status"], r["conflicts"]) for r in results] == [("applied", []), ("applied", [])]
    assert server_entry(team, entry_id) == ("Workshop", 5400, 3)


def test_the_same_field_edited_on_two_desktops_is_a_conflict_left_as_the_server_has_it(team: TeamServer) -> None:
    entry_id = uuid.uuid4()
    with team.connect(team.consultant_a) as carl:
        push(carl, insert_op(team, entry_id, note="draft"))
        push(carl, update_op(entry_id, {"note": "draft"}, {"note": "From the laptop"}))
        desktop = update_op(
            entry_id,
            {"note": "draft", "duration_seconds": 3600},
            {"note": "From the desktop", "duration_seconds": 7200},
        )

        (result,) = push(carl, desktop)

    assert result["status"] == "applied"
    assert result["conflicts"] == [{"field": "note", "server": "From the laptop", "mine": "From the desktop"}]
    assert server_entry(team, entry_id) == ("From the laptop", 7200, 3)


def test_values_compare_as_their_column_type_reads_them(team: TeamServer) -> None:
    entry_id = uuid.uuid4()
    with team.connect(team.consultant_a) as carl:
        push(carl, insert_op(team, entry_id))
        # The same instant in another offset is the same value: no conflict, and it applies.
        op = update_op(entry_id, {"ended_at": "2026-11-16T09:00:00Z"}, {"ended_at": "2026-11-16T11:30:00+01:00"})

        (result,) = push(carl, op)

    assert result == {"op_id": op["op_id"], "status": "applied", "conflicts": []}
    assert team.sql("SELECT ended_at::text FROM task_log_entries WHERE id = %s", entry_id) == [
        ("2026-11-16 10:30:00+00",)
    ]


def test_an_insert_of_an_id_the_server_has_merges_as_an_update_with_an_empty_base(team: TeamServer) -> None:
    entry_id = uuid.uuid4()
    with team.connect(team.consultant_a) as carl:
        push(carl, insert_op(team, entry_id, note="first"))
        same = push(carl, insert_op(team, entry_id, note="first"))
        other = push(carl, insert_op(team, entry_id, note="second"))

    assert same[0]["conflicts"] == []
    assert other[0]["conflicts"] == [{"field": "note", "server": "first", "mine": "second"}]
    assert server_entry(team, entry_id) == ("first", 3600, 1)


def test_a_field_the_server_does_not_know_is_refused_and_nothing_changes(team: TeamServer) -> None:
    entry_id = uuid.uuid4()
    with team.connect(team.consultant_a) as carl:
        push(carl, insert_op(team, entry_id))
        (result,) = push(carl, update_op(entry_id, {"mood": None, "note": ""}, {"mood": "happy", "note": "x"}))
    assert result["status"] == "refused"
    assert result["reason"] == (
        "The server's time entry has no field mood; update the server with `timeledger server init`."
    )
    assert server_entry(team, entry_id) == ("", 3600, 1)


def test_sync_bookkeeping_cannot_be_written_through_push(team: TeamServer) -> None:
    op = {
        "op_id": str(uuid.uuid4()),
        "op": "insert",
        "entity": "tl_applied_ops",
        "id": str(uuid.uuid4()),
        "row": {"user_id": str(team.consultant_a.user_id)},
    }
    with team.connect(team.consultant_a) as carl:
        (result,) = push(
            carl,
            op,
        )
    assert result["status"] == "refused" and "no records of the kind" in result["reason"]


def test_a_login_that_is_no_timeledger_user_cannot_push(team: TeamServer) -> None:
    with (
        team.connect() as superuser,
        pytest.raises(psycopg.errors.InsufficientPrivilege, match="not a Timeledger user"),
    ):
        push(superuser, insert_op(team, uuid.uuid4()))


def test_a_twin_of_an_op_still_running_elsewhere_waits_and_then_gets_its_result(team: TeamServer) -> None:
    """A desktop whose connection dropped retries while the first attempt still runs on the server."""
    entry_id = uuid.uuid4()
    op = insert_op(team, entry_id, note="once")
    answers: list[list[dict[str, Any]]] = []

    def retry_elsewhere() -> None:
        with team.connect(team.consultant_a) as second:
            answers.append(push(second, op))

    with team.connect(team.consultant_a, autocommit=False) as first:
        answers.append(push(first, op))  # applied, not yet committed
        retry = threading.Thread(target=retry_elsewhere)
        retry.start()
        retry.join(timeout=1)
        assert retry.is_alive()  # waiting for the first attempt's claim
        first.commit()
    retry.join(timeout=10)

    assert answers[0] == answers[1]
    assert team.sql("SELECT count(*), max(version) FROM task_log_entries WHERE id = %s", entry_id) == [(1, 1)]


def test_ten_thousand_single_field_updates_push_in_batches(team: TeamServer) -> None:
    entries = 1000
    team.sql(
        "INSERT INTO task_log_entries (id, org_id, version, updated_at, user_id, project_id, task_id, work_date, "
        "duration_seconds, note, billable, status, cap_override_reason) "
        "SELECT gen_random_uuid(), %s, 1, now(), %s, %s, %s, %s, 3600, 'n0', true, 'draft', '' "
        "FROM generate_series(1, %s)",
        team.org_id,
        team.consultant_a.user_id,
        team.web_id,
        team.web_task_id,
        MONDAY,
        entries,
    )
    ids = [row[0] for row in team.sql("SELECT id FROM task_log_entries ORDER BY id")]
    ops = [
        update_op(ids[k % entries], {"note": f"n{k // entries}"}, {"note": f"n{k // entries + 1}"})
        for k in range(10_000)
    ]

    started = time.perf_counter()
    with team.connect(team.consultant_a) as carl:
        results = [r for batch in range(0, len(ops), 1000) for r in push(carl, *ops[batch : batch + 1000])]
    elapsed = time.perf_counter() - started

    print(f"\npushed 10,000 single-field update ops in {elapsed:.2f} s ({len(ops) / elapsed:,.0f} ops/s)")
    assert {(r["status"], len(r["conflicts"])) for r in results} == {("applied", 0)}
    assert team.sql("SELECT DISTINCT note, version FROM task_log_entries") == [("n10", 11)]
