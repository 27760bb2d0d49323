"""Numbering issued documents (invoices, credit notes, quotes): the next number of a series, from its pattern.

The counter is taken in the transaction that issues the document, so numbers are gapless and never shared
(see invoice_issue).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

from app.domain.errors import refuse
from app.domain.numbering import NumberPattern
from app.domain.organisation import Organisation
from app.services.ports import UnitOfWork


def next_number(
    uow: UnitOfWork,
    org: Organisation,
    series: str,
    pattern_text: str,
    today: date,
    taken: Callable[[uuid.UUID, str], object | None],
    noun: str,
) -> str:
    """The next number of the organisation's `series` for a document issued today, formatted by its pattern.

    `taken` finds the document that already has a number (e.g. uow.quotes.by_number): a pattern changed to
    one that gives an older number again is refused rather than numbering two documents alike. `noun` names
    the pattern to change in Settings ("invoice", "credit note", "quote").
    """
    pattern = NumberPattern(pattern_text, org.numbering_yearly)
    number = pattern.format(uow.counters.next(org.id, series, pattern.period(today)), today)
    if taken(org.id, number) is not None:
        raise refuse(
            "number_taken",
            f"Number {number} is already used by another document; change the {noun} numbering pattern in Settings.",
        )
    return number
