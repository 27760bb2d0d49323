"""Plain-text tables: columns line up in a terminal whatever the script of the text."""

from app.cli.output import table, width


def test_wide_characters_take_two_columns():
    assert width("東京") == 4
    assert width("Zoë") == 3
    assert width("e\u0301") == 1  # e + combining accent


def test_columns_line_up_with_cjk_names():
    lines = table(["Client", "Rate"], [["東京商事", "1"], ["Acme", "22"]], right={1})
    assert lines == ["Client    Rate", "--------  ----", "東京商事     1", "Acme        22"]
