"""An invoice template: how a firm's invoices look, as data (never code) — page, logo, colours, font, texts
with placeholders, the columns of the lines, language and number formats, custom fields, payment texts.

A template is a frozen value: the designer makes a changed copy for each edit, the renderer draws from it,
and `check()` lists every problem at once (an unknown placeholder is one of them: the renderer leaves it
out, never prints it). It travels as JSON with the logo embedded (see app/domain/template_json.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from babel import localedata

from app.domain import placeholders
from app.domain.document_language import COLUMN_KEYS, LANGUAGES
from app.domain.errors import Problem, RuleViolation
from app.domain.record import Record
from app.domain.text import echo

STYLES = {"classic": "Classic", "modern": "Modern"}
PAGE_SIZES = ("A4", "Letter")
FONTS = ("DejaVu Sans", "DejaVu Sans Condensed", "DejaVu Serif")
POSITIONS = ("left", "centre", "right")
DATE_STYLES = {"iso": "2026-11-20", "short": "short", "medium": "medium", "long": "long"}
AMOUNT_STYLES = {"code": "1,234.50 EUR", "symbol": "€1,234.50"}
FOOTER_PARTS = ("left", "centre", "right")
REQUIRED_COLUMNS = ("description", "net")

MAX_NAME_CHARS = 100
MAX_LOGO_BYTES = 1024 * 1024
MAX_TEXT_CHARS = {"header": 1_000, "footer": 500, "payment_instructions": 2_000, "bank_details": 1_000}
MAX_COLUMN_TITLE_CHARS = 40
MAX_CUSTOM_FIELDS = 8
MAX_CUSTOM_LABEL_CHARS = 60
MAX_CUSTOM_VALUE_CHARS = 300
MARGIN_MM = (5.0, 60.0)
LOGO_WIDTH_MM = (10.0, 120.0)
LOGO_HEIGHT_MM = (5.0, 60.0)
_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
_SVG = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!DOCTYPE[^>]*>\s*)?<svg[\s>]", re.S
)


@dataclass(frozen=True)
class Margins:
    """Millimetres of white around the content; the footer sits inside the bottom one."""

    top: float = 18.0
    right: float = 18.0
    bottom: float = 22.0
    left: float = 18.0


@dataclass(frozen=True)
class TemplateLogo:
    """The template's own logo (PNG, JPEG or SVG), or None to print the organisation's; fitted into width x
    height millimetres without distortion, at the left, centre or right of the top of the first page."""

    image: bytes | None = None
    width: float = 55.0
    height: float = 22.0
    position: str = "left"


@dataclass(frozen=True)
class Column:
    """A column of the lines table; an empty title prints the document language's word for it."""

    key: str
    title: str = ""


@dataclass(frozen=True)
class CustomField:
    """A line printed beside the dates ("Purchase order: PO-4711"): a label and a value, which is fixed text or
    placeholders; left out on documents where the value comes out empty."""

    label: str
    value: str


DEFAULT_COLUMNS = tuple(Column(key) for key in ("description", "quantity", "unit_price", "vat", "net"))


@dataclass(frozen=True)
class InvoiceTemplate:
    name: str = "Classic"
    style: str = "classic"  # the layout: classic (letterhead, filled table header) or modern (see STYLES)
    page_size: str = "A4"
    margins: Margins = field(default_factory=Margins)
    logo: TemplateLogo = field(default_factory=TemplateLogo)
    accent: str = "#264A78"  # headings, the table header, the total
    text_colour: str = "#212126"
    font: str = "DejaVu Sans"
    header: str = ""  # printed under the letterhead of the first page
    footer: tuple[str, str, str] = ("{org.name} · {invoice.heading}", "", "")  # left, centre, right; every page
    columns: tuple[Column, ...] = DEFAULT_COLUMNS
    language: str = "en"  # of every fixed text (see document_language.LANGUAGES)
    locale: str = "en"  # how dates, numbers and amounts are written (a Babel locale: de_DE, en_GB, fr_FR…)
    date_style: str = "iso"
    amount_style: str = "code"
    custom_fields: tuple[CustomField, ...] = (CustomField("Purchase order", "{invoice.purchase_order}"),)
    payment_instructions: str = ""
    bank_details: str = "{org.bank_details}"

    def changed(self, **changes: object) -> InvoiceTemplate:
        return replace(self, **changes)  # type: ignore[arg-type]

    def check(self) -> list[Problem]:
        """Every problem of the template, each a sentence under its field; an empty list when it is fine."""
        found: list[Problem] = []

        def require(ok: bool, code: str, message: str, where: str) -> None:
            if not ok:
                found.append(Problem(code, message, where))

        name = self.name.strip()
        require(bool(name), "missing_name", "The template needs a name.", "name")
        require(
            len(name) <= MAX_NAME_CHARS,
            "too_long",
            f"A template's name has at most {MAX_NAME_CHARS} characters.",
            "name",
        )
        require(not any(ch in name for ch in "\n\r\t"), "bad_name", "A template's name is one line.", "name")
        require(self.style in STYLES, "unknown_style", _choose("style", self.style, STYLES), "style")
        require(
            self.page_size in PAGE_SIZES,
            "unknown_page_size",
            _choose("page size", self.page_size, PAGE_SIZES),
            "page_size",
        )
        for side in ("top", "right", "bottom", "left"):
            found += _in_range(getattr(self.margins, side), MARGIN_MM, f"{side} margin", f"margins.{side}")
        found += self._logo_problems()
        for what, where, colour in (
            ("accent colour", "accent", self.accent),
            ("text colour", "text_colour", self.text_colour),
        ):
            require(
                bool(_COLOUR.fullmatch(colour)),
                "bad_colour",
                f"The {what} '{echo(colour)}' is not a colour; write it as # and six hex digits, such as #264A78.",
                where,
            )
        require(self.font in FONTS, "unknown_font", _choose("font", self.font, FONTS), "font")
        require(
            self.language in LANGUAGES, "unknown_language", _choose("language", self.language, LANGUAGES), "language"
        )
        require(
            localedata.exists(self.locale),
            "unknown_locale",
            f"'{echo(self.locale)}' is not a locale; write a language and a country such as de_DE, en_GB or fr_FR.",
            "locale",
        )
        require(
            self.date_style in DATE_STYLES,
            "unknown_date_style",
            _choose("date style", self.date_style, DATE_STYLES),
            "date_style",
        )
        require(
            self.amount_style in AMOUNT_STYLES,
            "unknown_amount_style",
            _choose("amount style", self.amount_style, AMOUNT_STYLES),
            "amount_style",
        )
        found += self._text_problems()
        found += self._column_problems()
        found += self._custom_field_problems()
        return found

    def to_json(self) -> str:
        """The template as a JSON file's text, its logo embedded (see app/domain/template_json.py)."""
        from app.domain.template_json import to_json

        return to_json(self)

    @staticmethod
    def from_json(text: str | bytes, *, checked: bool = True) -> InvoiceTemplate:
        """The template in a JSON file; every problem of the file and, with `checked`, of the template at once."""
        from app.domain.template_json import from_json

        return from_json(text, checked=checked)

    def validated(self) -> InvoiceTemplate:
        """The template, or a RuleViolation carrying every problem of check()."""
        problems = self.check()
        if problems:
            raise RuleViolation(*problems)
        return self

    def _logo_problems(self) -> list[Problem]:
        logo, found = self.logo, []
        if logo.position not in POSITIONS:
            found.append(
                Problem("unknown_position", _choose("logo position", logo.position, POSITIONS), "logo.position")
            )
        found += _in_range(logo.width, LOGO_WIDTH_MM, "logo's width", "logo.width")
        found += _in_range(logo.height, LOGO_HEIGHT_MM, "logo's height", "logo.height")
        if logo.image is not None:
            if logo_kind(logo.image) is None:
                found.append(
                    Problem(
                        "logo_format",
                        "The logo must be a PNG, JPEG or SVG image; this file is none of them.",
                        "logo.image",
                    )
                )
            if len(logo.image) > MAX_LOGO_BYTES:
                found.append(
                    Problem(
                        "logo_too_large",
                        f"The logo can be at most 1 MB ({MAX_LOGO_BYTES:,} bytes); this one is bigger. "
                        "Save it smaller and try again.",
                        "logo.image",
                    )
                )
        return found

    def _text_problems(self) -> list[Problem]:
        found: list[Problem] = []
        texts = [("header", "header", self.header, False)]
        texts += [
            (f"footer.{part}", f"{part} footer", text, True)
            for part, text in zip(FOOTER_PARTS, self.footer, strict=False)
        ]
        texts += [("payment_instructions", "text of the payment instructions", self.payment_instructions, False)]
        texts += [("bank_details", "text of the bank details", self.bank_details, False)]
        if len(self.footer) != len(FOOTER_PARTS):
            found.append(Problem("bad_footer", "The footer has a left, a centre and a right part.", "footer"))
        for where, what, text, pages in texts:
            most = MAX_TEXT_CHARS[where.split(".")[0]]
            if len(text) > most:
                found.append(Problem("too_long", f"The {what} has at most {most:,} characters.", where))
            found += placeholders.problems(text, where, pages=pages, what=what)
        return found

    def _column_problems(self) -> list[Problem]:
        found: list[Problem] = []
        keys = [column.key for column in self.columns]
        for index, column in enumerate(self.columns):
            where = f"columns[{index}]"
            if column.key not in COLUMN_KEYS:
                found.append(Problem("unknown_column", _choose("column", column.key, COLUMN_KEYS), f"{where}.key"))
            if len(column.title) > MAX_COLUMN_TITLE_CHARS or "\n" in column.title:
                found.append(
                    Problem(
                        "bad_title",
                        f"A column's title is one line of at most {MAX_COLUMN_TITLE_CHARS} characters.",
                        f"{where}.title",
                    )
                )
        for key in sorted({key for key in keys if keys.count(key) > 1}):
            found.append(
                Problem("duplicate_column", f"The {key.replace('_', ' ')} column is shown twice; keep one.", "columns")
            )
        for key in REQUIRED_COLUMNS:
            if key not in keys:
                found.append(Problem("missing_column", f"The lines must show the {key} column.", "columns"))
        return found

    def _custom_field_problems(self) -> list[Problem]:
        found: list[Problem] = []
        if len(self.custom_fields) > MAX_CUSTOM_FIELDS:
            found.append(
                Problem(
                    "too_many_fields", f"A template has at most {MAX_CUSTOM_FIELDS} custom fields.", "custom_fields"
                )
            )
        for index, custom in enumerate(self.custom_fields):
            where = f"custom_fields[{index}]"
            label = custom.label.strip()
            if not label or len(label) > MAX_CUSTOM_LABEL_CHARS or "\n" in label:
                found.append(
                    Problem(
                        "bad_label",
                        f"Custom field {index + 1} needs a label of one line "
                        f"and at most {MAX_CUSTOM_LABEL_CHARS} characters.",
                        f"{where}.label",
                    )
                )
            found += placeholders.problems(custom.label, f"{where}.label", what=f"label of custom field {index + 1}")
            if len(custom.value) > MAX_CUSTOM_VALUE_CHARS:
                found.append(
                    Problem(
                        "too_long",
                        f"The value of custom field {index + 1} has at most {MAX_CUSTOM_VALUE_CHARS} characters.",
                        f"{where}.value",
                    )
                )
            found += placeholders.problems(custom.value, f"{where}.value", what=f"value of custom field {index + 1}")
        return found


def logo_kind(data: bytes) -> str | None:
    """ "png", "jpeg" or "svg" by the file's first bytes (not by a name a user can get wrong), else None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if _SVG.match(data[:4096]):
        return "svg"
    return None


def _choose(what: str, value: object, choices: object) -> str:
    listed = ", ".join(str(choice) for choice in choices)  # type: ignore[attr-defined]
    return f"'{echo(str(value))}' is not a {what}; choose one of {listed}."


def _in_range(value: float, bounds: tuple[float, float], what: str, where: str) -> list[Problem]:
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        return [Problem("out_of_range", f"The {what} must be from {low:g} to {high:g} mm.", where)]
    return []


@dataclass(kw_only=True, eq=False)
class SavedTemplate(Record):
    """A template an organisation keeps (its name is the template's); one of them may be its default."""

    template: InvoiceTemplate
    is_default: bool = False

    @property
    def name(self) -> str:
        return self.template.name
