"""Settings typed as FIELD=VALUE on the command line (`org set iban=DE89...`, `client set Globex city=Berlin`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from app.domain.errors import Checks
from app.domain.text import echo

YES_NO = {"yes": True, "no": False}


def parse_assignments(
    checks: Checks, texts: Sequence[str], known: Iterable[str], noun: str, flags: Iterable[str] = ()
) -> dict[str, object]:
    """The values given, by field; a malformed, unknown or repeated field is one more problem in `checks`, so the
    values that could be read are still checked and every problem is reported at once.

    Fields are matched case-insensitively, "-" read as "_"; `flags` take yes/no (anything else goes on as typed,
    for the rule to refuse with its sentence). A value may be empty (`iban=`): that clears an optional setting.
    """
    names = {name.casefold(): name for name in known}
    yes_no = set(flags)
    given: dict[str, object] = {}
    for text in texts:
        key, equals, value = text.partition("=")
        name = names.get(key.strip().replace("-", "_").casefold())
        if not equals or not key.strip():
            checks.require(
                False, "usage", f"'{echo(text)}' is not a setting; write FIELD=VALUE, such as city=Berlin.", noun
            )
        elif name is None:
            checks.require(
                False,
                "unknown_field",
                f"'{echo(key.strip())}' is not a setting of {noun}; choose from {', '.join(sorted(names.values()))}.",
                key.strip(),
            )
        elif name in given:
            checks.require(False, "repeated_field", f"{name} is given twice; give it once.", name)
        else:
            given[name] = YES_NO.get(value.strip().casefold(), value) if name in yes_no else value
    return given
