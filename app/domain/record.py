"""What every synced business record carries: identity, organisation and version."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from app.domain.ids import new_id


@dataclass(kw_only=True, eq=False)
class Record:
    """Base of the entities. `version` is kept by storage (optimistic concurrency, sync)."""

    id: UUID = field(default_factory=new_id)
    org_id: UUID
    version: int = 0

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.id == self.id  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self.id)
