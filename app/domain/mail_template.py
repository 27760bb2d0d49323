"""The message that carries an invoice: its subject and body as the organisation writes them, with the same
placeholders as the invoice templates ({invoice.number}, {client.name}, … in app/domain/placeholders.py),
filled in when it is sent.

Unlike a printed template, a message is never sent with a placeholder left out: an unknown name or a stray
brace is refused with a sentence, when the template is saved and again when it is filled.
"""

from __future__ import annotations

from collections.abc import Mapping

from app.domain import placeholders
from app.domain.errors import RuleViolation, refuse
from app.domain.text import clean_name, clean_text, label

SUBJECT_MAX_CHARS = 500
BODY_MAX_CHARS = 10_000
PLACEHOLDERS = placeholders.PLACEHOLDERS


def _checked(text: str, field: str) -> str:
    found = placeholders.problems(text, field)
    if found:
        raise RuleViolation(*found)
    return text


def check_subject(text: object, field: str = "mail_subject") -> str:
    """A subject template: one line, not empty, only known placeholders."""
    return _checked(clean_name(str(text), field, max_len=SUBJECT_MAX_CHARS), field)


def check_body(text: object, field: str = "mail_body") -> str:
    """A message template: several lines, not empty, only known placeholders."""
    cleaned = clean_text(str(text), field, BODY_MAX_CHARS)
    if not cleaned:
        raise refuse("required", f"The {label(field)} cannot be empty.", field)
    return _checked(cleaned, field)


def fill(text: str, values: Mapping[str, str], field: str) -> str:
    """The template with its placeholders replaced by `values`; refused if it names anything unknown."""
    return placeholders.fill(_checked(text, field), values)


def one_line(text: str) -> str:
    """A filled subject on one line: a client's name with a line break in it must not break the header."""
    return " ".join(text.split())
