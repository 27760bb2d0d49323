"""The invoice templates shipped in resources/templates (classic, modern): the built-in looks every organisation
has, and what documents print in when no template is chosen."""

from __future__ import annotations

import functools

from app.domain.invoice_template import InvoiceTemplate
from app.resources import resource

SHIPPED = ("classic", "modern")
CLASSIC = "classic"


@functools.cache
def shipped_template(key: str) -> InvoiceTemplate:
    """A shipped template by its file's name ("classic"); read once per process."""
    if key not in SHIPPED:
        raise KeyError(key)
    return InvoiceTemplate.from_json(resource("templates", f"{key}.json").read_bytes())


def shipped_templates() -> list[InvoiceTemplate]:
    return [shipped_template(key) for key in SHIPPED]
