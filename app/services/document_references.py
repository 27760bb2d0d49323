"""How people name invoices and quotes: by number once issued, a draft by the end of its id as lists show it."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import Protocol, TypeVar

from app.domain.errors import NotFound, Problem, refuse
from app.domain.priced_document import PricedDocument

# Drafts have no number; lists show the last characters of their id instead (the random end of a UUIDv7:
# its start is a timestamp, shared by drafts made in the same moment).
SHORT_ID = 8
MIN_PREFIX = 6  # the fewest characters of a draft's id that find it
_HEX = frozenset("0123456789abcdef")

D = TypeVar("D", bound=PricedDocument)
D_co = TypeVar("D_co", bound=PricedDocument, covariant=True)


class NumberedDocuments(Protocol[D_co]):
    """Where documents of one kind are kept: by id and by number (ports.Invoices, ports.Quotes)."""

    def get(self, record_id: uuid.UUID) -> D_co | None: ...
    def by_number(self, org_id: uuid.UUID, number: str) -> D_co | None: ...


def reference(document: PricedDocument) -> str:
    """How lists and messages name a document: its number, or "draft 3f9c27ab"."""
    return document.number or f"draft {document.id.hex[-SHORT_ID:]}"


def find_document(
    documents: NumberedDocuments[D], drafts: Callable[[], Iterable[D]], org_id: uuid.UUID, ref: str, noun: str
) -> D:
    """The organisation's document by number ("2026-0001"), by id, or by the end of a draft's id as lists show
    it ("3f9c27ab", "draft 3f9c27ab"); `drafts` gives the organisation's drafts of that kind."""
    text = ref.strip().removeprefix("draft ").strip()
    found = documents.by_number(org_id, text) if text else None
    key = text.replace("-", "").lower()
    if found is None and len(key) >= MIN_PREFIX and set(key) <= _HEX:
        matches = [draft for draft in drafts() if draft.id.hex.endswith(key)]
        if len(matches) > 1:
            raise refuse(f"ambiguous_{noun}", f"Several draft {noun}s end with '{text}'; give more of the id.", noun)
        found = matches[0] if matches else None
        if found is None and len(key) == 32:
            found = documents.get(uuid.UUID(hex=key))
    if found is None or found.org_id != org_id:
        raise NotFound(
            Problem(f"unknown_{noun}", f"There is no {noun} '{ref.strip()}'; see `timeledger {noun} list`.", noun)
        )
    return found
