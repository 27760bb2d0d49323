"""An invoice template as a JSON file: what `template export` writes and `template import` reads, with the logo
embedded as a base64 data URI, so one file carries the whole look.

Reading collects every problem at once: a value of the wrong kind, a key this version does not know, and
then everything the template's own check() finds. Keys left out take the classic template's values, so a
short hand-written file is a template too.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from typing import Any

from app.domain.errors import Problem, RuleViolation
from app.domain.invoice_template import (
    FOOTER_PARTS,
    Column,
    CustomField,
    InvoiceTemplate,
    Margins,
    TemplateLogo,
    logo_kind,
)
from app.domain.text import echo

FORMAT = "timeledger-invoice-template"
VERSION = 1
_MIME = {"png": "image/png", "jpeg": "image/jpeg", "svg": "image/svg+xml"}


def template_spec(template: InvoiceTemplate, *, with_logo: bool = True) -> dict[str, Any]:
    """The template as plain JSON data; without the logo for the database, which keeps it in a column of its own."""
    logo = template.logo
    image = None
    if with_logo and logo.image is not None:
        mime = _MIME.get(logo_kind(logo.image) or "", "application/octet-stream")
        image = f"data:{mime};base64,{base64.b64encode(logo.image).decode('ascii')}"
    margins = template.margins
    return {
        "format": FORMAT,
        "version": VERSION,
        "name": template.name,
        "style": template.style,
        "page": {
            "size": template.page_size,
            "margins_mm": {"top": margins.top, "right": margins.right, "bottom": margins.bottom, "left": margins.left},
        },
        "logo": {"image": image, "width_mm": logo.width, "height_mm": logo.height, "position": logo.position},
        "colours": {"accent": template.accent, "text": template.text_colour},
        "font": template.font,
        "language": template.language,
        "locale": template.locale,
        "formats": {"dates": template.date_style, "amounts": template.amount_style},
        "header": template.header,
        "footer": dict(zip(FOOTER_PARTS, template.footer, strict=False)),
        "columns": [{"key": column.key, "title": column.title} for column in template.columns],
        "custom_fields": [{"label": custom.label, "value": custom.value} for custom in template.custom_fields],
        "payment_instructions": template.payment_instructions,
        "bank_details": template.bank_details,
    }


def to_json(template: InvoiceTemplate) -> str:
    return json.dumps(template_spec(template), ensure_ascii=False, indent=2) + "\n"


def from_json(text: str | bytes, *, checked: bool = True) -> InvoiceTemplate:
    """The template in a JSON file's text; every problem of the file (and with `checked`, of the template) at once."""
    try:
        data = json.loads(text)
    except UnicodeDecodeError:
        raise RuleViolation(Problem("not_json", "The file is not a template: it is not text (UTF-8 JSON).")) from None
    except json.JSONDecodeError as error:
        raise RuleViolation(
            Problem("not_json", f"The file is not a template: it is not JSON (line {error.lineno}: {error.msg}).")
        ) from None
    return from_spec(data, checked=checked)


def from_spec(data: object, *, logo: bytes | None = None, checked: bool = True, strict: bool = True) -> InvoiceTemplate:
    """The template in JSON data (as template_spec makes it); `logo` given apart from the data (the database's).
    Not `strict`: what cannot be read takes the default instead of being refused (a template stored by a newer
    version of Timeledger, which this one reads as far as it can)."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise RuleViolation(
            Problem(
                "not_a_template",
                'The file is not a Timeledger invoice template (it has no "format": "' + FORMAT + '").',
            )
        )
    read = _Reader(data)
    version = read.value("version", int, VERSION)
    if isinstance(version, int) and version > VERSION:
        read.problem(
            "newer_template",
            "The template was made by a newer version of Timeledger; update Timeledger to use it.",
            "version",
        )
    default = InvoiceTemplate()
    page = read.section("page")
    margins = read.section("page.margins_mm")
    logo_data = read.section("logo")
    colours = read.section("colours")
    formats = read.section("formats")
    footer = read.section("footer")
    image = logo if logo is not None else read.image("logo.image")
    template = InvoiceTemplate(
        name=read.value("name", str, default.name),
        style=read.value("style", str, default.style),
        page_size=read.value("page.size", str, default.page_size, page),
        margins=Margins(
            **{
                side: read.number(f"page.margins_mm.{side}", getattr(default.margins, side), margins)
                for side in ("top", "right", "bottom", "left")
            }
        ),
        logo=TemplateLogo(
            image=image,
            width=read.number("logo.width_mm", default.logo.width, logo_data),
            height=read.number("logo.height_mm", default.logo.height, logo_data),
            position=read.value("logo.position", str, default.logo.position, logo_data),
        ),
        accent=read.value("colours.accent", str, default.accent, colours),
        text_colour=read.value("colours.text", str, default.text_colour, colours),
        font=read.value("font", str, default.font),
        header=read.value("header", str, default.header),
        footer=tuple(read.value(f"footer.{part}", str, "", footer) for part in FOOTER_PARTS)
        if "footer" in data
        else default.footer,  # type: ignore[arg-type]
        columns=read.items(
            "columns",
            lambda item, at: Column(read.value(f"{at}.key", str, "", item), read.value(f"{at}.title", str, "", item)),
            default.columns,
        ),
        language=read.value("language", str, default.language),
        locale=read.value("locale", str, default.locale),
        date_style=read.value("formats.dates", str, default.date_style, formats),
        amount_style=read.value("formats.amounts", str, default.amount_style, formats),
        custom_fields=read.items(
            "custom_fields",
            lambda item, at: CustomField(
                read.value(f"{at}.label", str, "", item), read.value(f"{at}.value", str, "", item)
            ),
            default.custom_fields,
        ),
        payment_instructions=read.value("payment_instructions", str, default.payment_instructions),
        bank_details=read.value("bank_details", str, default.bank_details),
    )
    read.unknown_keys()
    problems = (read.problems if strict else []) + (template.check() if checked else [])
    if problems:
        raise RuleViolation(*problems)
    return template


_KEYS = {
    "": {
        "format",
        "version",
        "name",
        "style",
        "page",
        "logo",
        "colours",
        "font",
        "language",
        "locale",
        "formats",
        "header",
        "footer",
        "columns",
        "custom_fields",
        "payment_instructions",
        "bank_details",
    },
    "page": {"size", "margins_mm"},
    "page.margins_mm": {"top", "right", "bottom", "left"},
    "logo": {"image", "width_mm", "height_mm", "position"},
    "colours": {"accent", "text"},
    "formats": {"dates", "amounts"},
    "footer": set(FOOTER_PARTS),
}


class _Reader:
    """Reads values out of the JSON data, noting a Problem for each one of the wrong kind (and using the default)."""

    def __init__(self, data: dict) -> None:
        self.data = data
        self.problems: list[Problem] = []
        self.sections: dict[str, dict] = {"": data}

    def problem(self, code: str, message: str, where: str) -> None:
        self.problems.append(Problem(code, message, where))

    def section(self, path: str) -> dict:
        parent_path, _, key = path.rpartition(".")
        parent = self.sections.get(parent_path, {})
        value = parent.get(key, {})
        if not isinstance(value, dict):
            self.problem("bad_value", f'In the template, "{path}" must be an object of settings.', path)
            value = {}
        self.sections[path] = value
        return value

    def value(self, path: str, kind: type, default: Any, within: dict | None = None) -> Any:
        key = path.rpartition(".")[2]
        source = self.data if within is None else within
        if key not in source or source[key] is None:
            return default
        value = source[key]
        if not isinstance(value, kind) or isinstance(value, bool):
            noun = {str: "text", int: "a whole number"}.get(kind, kind.__name__)
            self.problem("bad_value", f'In the template, "{path}" must be {noun}, not {echo(json.dumps(value))}.', path)
            return default
        return value

    def number(self, path: str, default: float, within: dict) -> float:
        key = path.rpartition(".")[2]
        if key not in within or within[key] is None:
            return default
        value = within[key]
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problem(
                "bad_value",
                f'In the template, "{path}" must be a number of millimetres, not {echo(json.dumps(value))}.',
                path,
            )
            return default
        return float(value)

    def image(self, path: str) -> bytes | None:
        value = self.value(path, str, None, self.sections.get("logo", {}))
        if value is None:
            return None
        _, comma, encoded = value.partition(",")
        if not value.startswith("data:") or not comma or ";base64" not in value[: value.find(",")]:
            self.problem(
                "bad_logo", "In the template, the logo must be a data URI such as data:image/png;base64,….", path
            )
            return None
        try:
            return base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            self.problem(
                "bad_logo", "In the template, the logo's base64 data is damaged; export the template again.", path
            )
            return None

    def items(self, path: str, make: Callable[[dict, str], Any], default: tuple) -> tuple:
        if path not in self.data or self.data[path] is None:
            return default
        listed = self.data[path]
        if not isinstance(listed, list):
            self.problem("bad_value", f'In the template, "{path}" must be a list.', path)
            return default
        made = []
        for index, item in enumerate(listed):
            at = f"{path}[{index}]"
            if not isinstance(item, dict):
                self.problem("bad_value", f"In the template, {at} must be an object.", at)
                continue
            made.append(make(item, at))
        return tuple(made)

    def unknown_keys(self) -> None:
        for path, allowed in _KEYS.items():
            section = self.sections.get(path, {})
            for key in sorted(set(section) - allowed):
                where = f"{path}.{key}" if path else key
                self.problem(
                    "unknown_setting",
                    f'The template has a setting "{echo(where)}" that Timeledger does not know.',
                    where,
                )
