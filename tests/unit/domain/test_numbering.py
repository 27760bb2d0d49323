"""Document numbers from patterns: the tokens, the yearly restart, and the patterns refused."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.errors import RuleViolation
from app.domain.numbering import NumberPattern, clean_pattern


@pytest.mark.parametrize(
    ("pattern", "sequence", "expected"),
    [
        ("{YYYY}-{SEQ:4}", 1, "2026-0001"),
        ("{YYYY}-{SEQ:4}", 12345, "2026-12345"),
        ("INV/{YY}{MM}/{SEQ}", 7, "INV/2611/7"),
        ("CN-{YYYY}-{SEQ:3}", 42, "CN-2026-042"),
    ],
)
def test_patterns_fill_in_the_date_and_the_sequence(pattern, sequence, expected):
    assert NumberPattern(pattern).format(sequence, date(2026, 11, 20)) == expected


def test_a_yearly_series_restarts_per_year_and_a_running_one_never():
    assert NumberPattern("{YYYY}-{SEQ}").period(date(2026, 1, 1)) == "2026"
    assert NumberPattern("A{SEQ:6}", yearly=False).period(date(2026, 1, 1)) == ""


@pytest.mark.parametrize(
    ("pattern", "yearly", "code"),
    [
        ("", True, "invalid_pattern"),
        ("{YYYY}-{NUM}", True, "invalid_pattern"),
        ("{YYYY}-{SEQ:0}", True, "invalid_pattern"),
        ("{YYYY-{SEQ}", True, "invalid_pattern"),
        ("{YYYY}", True, "pattern_without_sequence"),
        ("{SEQ}{SEQ}-{YYYY}", True, "pattern_without_sequence"),
        ("INV-{SEQ:4}", True, "pattern_without_year"),
        ("X" * 41 + "{SEQ}", False, "invalid_pattern"),
    ],
)
def test_patterns_that_could_repeat_or_not_parse_are_refused(pattern, yearly, code):
    with pytest.raises(RuleViolation) as refused:
        clean_pattern(pattern, yearly)
    assert refused.value.code == code


def test_a_running_series_needs_no_year():
    assert clean_pattern(" INV-{SEQ:5} ", yearly=False) == NumberPattern("INV-{SEQ:5}", False)
