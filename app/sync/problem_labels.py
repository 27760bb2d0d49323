"""What a sync problem is about, in words a person recognises ("Entry on ACME-01 · Design, 2026-11-03")."""

from __future__ import annotations

from sqlalchemy import Connection

_NOUNS = {
    "task_log_entries": "Entry",
    "attendance_sessions": "Attendance",
    "attendance_breaks": "Break",
    "running_timers": "Timer",
    "timesheets": "Week",
    "invoices": "Invoice",
    "invoice_lines": "Invoice line",
    "quotes": "Quote",
    "quote_lines": "Quote line",
    "payments": "Payment",
    "clients": "Client",
    "projects": "Project",
    "tasks": "Task",
    "milestones": "Milestone",
    "assignments": "Assignment",
    "rates": "Rate",
    "users": "Person",
    "organisations": "Organisation",
    "blocked_attempts": "Refused attempt",
}
_OPS = {
    "submit_week": "Submitting a week",
    "approve": "Approving a week",
    "reject": "Rejecting a week",
    "reopen": "Reopening a week",
    "finalise_invoice": "Finalising an invoice",
}
_DETAILS = {
    "task_log_entries": (
        "SELECT p.code || ' · ' || t.name || ', ' || e.work_date FROM task_log_entries e "
        "LEFT JOIN projects p ON p.id = e.project_id LEFT JOIN tasks t ON t.id = e.task_id WHERE e.id = ?"
    ),
    "invoices": "SELECT coalesce(number, 'draft') FROM invoices WHERE id = ?",
    "timesheets": "SELECT 'of ' || week_start FROM timesheets WHERE id = ?",
    "clients": "SELECT name FROM clients WHERE id = ?",
    "projects": "SELECT code || ' ' || name FROM projects WHERE id = ?",
    "tasks": "SELECT name FROM tasks WHERE id = ?",
    "users": "SELECT name FROM users WHERE id = ?",
    "attendance_sessions": "SELECT 'from ' || substr(clock_in, 1, 16) || ' UTC' FROM attendance_sessions WHERE id = ?",
}


def label(local: Connection, entity: str | None, entity_hex: str | None, op: str) -> str:
    if entity is None or entity_hex is None:
        return _OPS.get(op, op)
    noun = _NOUNS.get(entity, entity)
    query = _DETAILS.get(entity)
    detail = local.exec_driver_sql(query, (entity_hex,)).scalar() if query else None
    subject = f"{noun} {detail}" if detail else f"{noun} {entity_hex[:8]}"
    return f"{_OPS[op]}: {subject.lower()}" if op in _OPS else subject
