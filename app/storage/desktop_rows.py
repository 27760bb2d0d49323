"""The desktop's own tables: the audit trail, this desktop's settings and the sync outbox and its problems.

They are not business records: they never sync as rows (see app/sync/wire.py).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.rows import Base
from app.storage.types import UtcDateTime


class AuditRow(Base):
    """Append-only history: who changed which record when, with before and after values."""

    __tablename__ = "audit_log"
    __table_args__ = (Index(None, "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    org_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(String(36))
    action: Mapped[str] = mapped_column(String(16))
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)


class LocalSettingRow(Base):
    """Settings of this desktop only (who is signed in here); never synced."""

    __tablename__ = "local_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class SyncOutboxRow(Base):
    """An operation waiting to reach the team server (see docs/sync.md), written in the transaction of the
    change it carries; `refused` ops stay, with the server's reason, until someone looks at them."""

    __tablename__ = "sync_outbox"
    __table_args__ = (Index(None, "state", "seq"), Index(None, "entity_id"))

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    op_id: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True)
    op: Mapped[str] = mapped_column(String(32))
    entity: Mapped[str | None] = mapped_column(String(64))
    entity_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    payload: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    state: Mapped[str] = mapped_column(String(16), server_default="pending")  # pending | refused


class SyncProblemRow(Base):
    """Something sync could not settle on its own: a field changed here and on the server (conflict), or an
    operation the server refused (refused); open until resolved."""

    __tablename__ = "sync_problems"
    __table_args__ = (Index(None, "resolved_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))
    op_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    op: Mapped[str] = mapped_column(String(32))
    entity: Mapped[str | None] = mapped_column(String(64))
    entity_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    field: Mapped[str | None] = mapped_column(String(64))
    mine: Mapped[dict | list | str | int | bool | None] = mapped_column(JSON)
    server: Mapped[dict | list | str | int | bool | None] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
