"""The template designer's form: every setting of an invoice template, each problem of the template (an unknown
placeholder among them) in red under the field it is about, checked as you type.

The form holds no state of its own beyond its inputs: `template()` reads them into a template value,
`show_template()` puts one into them, and `edited` fires on every change a person makes.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from app.domain.document_language import COLUMN_KEYS, LANGUAGES, Labels
from app.domain.errors import RuleViolation
from app.domain.invoice_template import (
    AMOUNT_STYLES,
    FONTS,
    LOGO_HEIGHT_MM,
    LOGO_WIDTH_MM,
    MARGIN_MM,
    MAX_CUSTOM_FIELDS,
    PAGE_SIZES,
    POSITIONS,
    STYLES,
    Column,
    CustomField,
    InvoiceTemplate,
    Margins,
    TemplateLogo,
)
from app.domain.placeholders import PAGE_PLACEHOLDERS, PLACEHOLDERS
from app.ui.colour_field import ColourField
from app.ui.forms import FieldForm, choices, line, text_box
from app.ui.template_logo import TemplateLogoPicker

LOCALES = ("en", "en_GB", "en_US", "de_DE", "de_AT", "de_CH", "fr_FR", "fr_BE", "fr_CH", "es_ES", "nl_NL", "nl_BE")
DATE_CHOICES = (("iso", "2026-11-20 (ISO)"), ("short", "Short"), ("medium", "Medium"), ("long", "Long"))
SIDES = ("top", "right", "bottom", "left")
PROBLEM_STYLE = "border: 1px solid #b00020;"


def _spin(bounds: tuple[float, float], suffix: str = " mm") -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(*bounds)
    box.setDecimals(1)
    box.setSingleStep(1.0)
    box.setSuffix(suffix)
    return box


def _row(*widgets: QWidget) -> QWidget:
    holder = QWidget()
    layout = QHBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    layout.addStretch()
    return holder


class TemplateForm(FieldForm):
    edited = Signal()  # a person changed a setting

    def __init__(self) -> None:
        super().__init__()
        self._quiet = False
        self.name = self.add("name", "Name", line(hint="e.g. Classic, German clients"))
        self.style = self.add("style", "Style", choices(STYLES.items()))
        self.page_size = self.add("page_size", "Page size", choices((size, size) for size in PAGE_SIZES))
        self.margins = {side: _spin(MARGIN_MM) for side in SIDES}
        for side, box in self.margins.items():
            box.setToolTip(f"The {side} margin")
        self.add(
            "margins",
            "Margins (top, right, bottom, left)",
            _row(*self.margins.values()),
            also=[f"margins.{s}" for s in SIDES],
        )
        self.logo = self.add("logo.image", "Logo", TemplateLogoPicker())
        self.logo_width, self.logo_height = _spin(LOGO_WIDTH_MM), _spin(LOGO_HEIGHT_MM)
        self.add(
            "logo.size",
            "Logo size (width × height)",
            _row(self.logo_width, QLabel("×"), self.logo_height),
            also=["logo.width", "logo.height"],
        )
        self.logo_position = self.add("logo.position", "Logo position", choices((p, p.capitalize()) for p in POSITIONS))
        self.accent = self.add("accent", "Accent colour", ColourField())
        self.text_colour = self.add("text_colour", "Text colour", ColourField())
        self.font = self.add("font", "Font", choices((font, font) for font in FONTS))
        self.language = self.add("language", "Document language", choices(LANGUAGES.items()))
        self.locale = self.add("locale", "Formats of (locale)", QComboBox())
        self.locale.setEditable(True)
        self.locale.addItems(LOCALES)
        self.date_style = self.add("date_style", "Dates", choices(DATE_CHOICES))
        self.amount_style = self.add("amount_style", "Amounts", choices(AMOUNT_STYLES.items()))
        self.placeholder, self.insert = self._placeholders()
        self.header = self.add("header", "Header", text_box(lines=2))
        self.footer = {
            part: self.add(f"footer.{part}", f"Footer, {part}", text_box(lines=2))
            for part in ("left", "centre", "right")
        }
        self.columns, self.column_titles = self._columns()
        self.custom = self.add(
            "custom_fields",
            "Custom fields",
            self._custom_table(),
            also=[f"custom_fields[{n}].{part}" for n in range(MAX_CUSTOM_FIELDS) for part in ("label", "value")],
        )
        self.payment_instructions = self.add("payment_instructions", "Payment instructions", text_box(lines=2))
        self.bank_details = self.add("bank_details", "Bank details", text_box(lines=2))
        self._connect()
        self.dirty = False  # filling the drop-downs is no typing

    # Building

    def _placeholders(self) -> tuple[QComboBox, QPushButton]:
        """A list of every placeholder and a button putting the chosen one where the cursor was in a text."""
        names = QComboBox()
        for name, about in {**PLACEHOLDERS, **PAGE_PLACEHOLDERS}.items():
            names.addItem(f"{{{name}}} — {about}", name)
        insert = QPushButton("Insert")
        insert.setToolTip("Put the placeholder where the cursor is in the header, a footer or the payment texts")
        insert.clicked.connect(self.insert_placeholder)
        self.last_text: QPlainTextEdit | None = None
        QApplication.instance().focusChanged.connect(self._focus_moved)  # type: ignore[union-attr]
        self.rows.addRow("Placeholders", _row(names, insert))
        return names, insert

    def _focus_moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        if isinstance(new, QPlainTextEdit) and self.isAncestorOf(new):
            self.last_text = new

    def insert_placeholder(self) -> None:
        box = self.last_text or self.header
        box.insertPlainText(f"{{{self.placeholder.currentData()}}}")
        box.setFocus()

    def _columns(self) -> tuple[dict[str, QCheckBox], dict[str, QLineEdit]]:
        holder = QWidget()
        grid = QGridLayout(holder)
        grid.setContentsMargins(0, 0, 0, 0)
        shown, titles = {}, {}
        english = Labels("en")
        for row, key in enumerate(COLUMN_KEYS):
            shown[key] = QCheckBox(english[key] if key != "position" else "Position (#)")
            titles[key] = line(hint="title in the document's language")
            grid.addWidget(shown[key], row, 0)
            grid.addWidget(titles[key], row, 1)
        also = ["columns"] + [f"columns[{n}].{part}" for n in range(len(COLUMN_KEYS) + 2) for part in ("key", "title")]
        self.add("columns", "Columns of the lines", holder, also=also)
        return shown, titles

    def _custom_table(self) -> QTableWidget:
        table = QTableWidget(MAX_CUSTOM_FIELDS, 2)
        table.setHorizontalHeaderLabels(["Label", "Value (text or placeholders)"])
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.verticalHeader().hide()
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        rows = 4
        table.setFixedHeight(table.horizontalHeader().height() + table.rowHeight(0) * rows + 4)
        return table

    def _connect(self) -> None:
        for widget in (self.name, *self.column_titles.values()):
            widget.textEdited.connect(self._changed)
        for box in (self.header, *self.footer.values(), self.payment_instructions, self.bank_details):
            box.textChanged.connect(self._changed)
        for combo in (self.style, self.page_size, self.logo_position, self.font, self.language, self.date_style):
            combo.currentIndexChanged.connect(self._changed)
        self.amount_style.currentIndexChanged.connect(self._changed)
        self.locale.currentTextChanged.connect(self._changed)
        for box in (*self.margins.values(), self.logo_width, self.logo_height):
            box.valueChanged.connect(self._changed)
        for check in self.columns.values():
            check.toggled.connect(self._changed)
        for colour in (self.accent, self.text_colour):
            colour.changed.connect(self._changed)
        self.logo.changed.connect(self._changed)
        self.custom.itemChanged.connect(self._changed)

    def _changed(self, *_: object) -> None:
        if not self._quiet:
            self.dirty = True
            self.edited.emit()

    # Values in and out

    def show_template(self, template: InvoiceTemplate) -> None:
        """Put `template` into the inputs (no `edited` for that)."""
        self._quiet = True
        try:
            with self.filling():
                self.name.setText(template.name)
                _select(self.style, template.style)
                _select(self.page_size, template.page_size)
                for side, box in self.margins.items():
                    box.setValue(getattr(template.margins, side))
                self.logo.show_image(template.logo.image)
                self.logo_width.setValue(template.logo.width)
                self.logo_height.setValue(template.logo.height)
                _select(self.logo_position, template.logo.position)
                self.accent.set_colour(template.accent)
                self.text_colour.set_colour(template.text_colour)
                _select(self.font, template.font)
                _select(self.language, template.language)
                self.locale.setCurrentText(template.locale)
                _select(self.date_style, template.date_style)
                _select(self.amount_style, template.amount_style)
                self.header.setPlainText(template.header)
                for part, text in zip(self.footer.values(), template.footer, strict=False):
                    part.setPlainText(text)
                titles = {column.key: column.title for column in template.columns}
                for key in COLUMN_KEYS:
                    self.columns[key].setChecked(key in titles)
                    self.column_titles[key].setText(titles.get(key, ""))
                for row in range(MAX_CUSTOM_FIELDS):
                    custom = template.custom_fields[row] if row < len(template.custom_fields) else None
                    self.custom.setItem(row, 0, QTableWidgetItem(custom.label if custom else ""))
                    self.custom.setItem(row, 1, QTableWidgetItem(custom.value if custom else ""))
                self.payment_instructions.setPlainText(template.payment_instructions)
                self.bank_details.setPlainText(template.bank_details)
        finally:
            self._quiet = False
        self.show_problems(template)

    def template(self) -> InvoiceTemplate:
        """The template as the inputs say it now."""
        return InvoiceTemplate(
            name=self.name.text().strip(),
            style=self.style.currentData(),
            page_size=self.page_size.currentData(),
            margins=Margins(**{side: box.value() for side, box in self.margins.items()}),
            logo=TemplateLogo(
                self.logo.data, self.logo_width.value(), self.logo_height.value(), self.logo_position.currentData()
            ),
            accent=self.accent.colour(),
            text_colour=self.text_colour.colour(),
            font=self.font.currentData(),
            header=self.header.toPlainText(),
            footer=tuple(box.toPlainText() for box in self.footer.values()),  # type: ignore[arg-type]
            columns=tuple(
                Column(key, self.column_titles[key].text().strip())
                for key in COLUMN_KEYS
                if self.columns[key].isChecked()
            ),
            language=self.language.currentData(),
            locale=self.locale.currentText().strip(),
            date_style=self.date_style.currentData(),
            amount_style=self.amount_style.currentData(),
            custom_fields=tuple(self._custom_fields()),
            payment_instructions=self.payment_instructions.toPlainText(),
            bank_details=self.bank_details.toPlainText(),
        )

    def _custom_fields(self) -> list[CustomField]:
        found = []
        for row in range(self.custom.rowCount()):
            label, value = (self.custom.item(row, column) for column in (0, 1))
            label_text, value_text = (label.text() if label else ""), (value.text() if value else "")
            if label_text.strip() or value_text.strip():
                found.append(CustomField(label_text.strip(), value_text))
        return found

    def show_problems(self, template: InvoiceTemplate) -> list[str]:
        """Every problem of `template` under its field, the inputs concerned outlined in red; the sentences."""
        problems = template.check()
        for widget in self.inputs.values():
            widget.setStyleSheet("")
        if not problems:
            self.clear_problems()
            return []
        self.show_failure(RuleViolation(*problems))
        for problem in problems:
            key = self.owner.get(problem.field or "")
            if key:
                self.inputs[key].setStyleSheet(PROBLEM_STYLE)
        return [problem.message for problem in problems]


def _select(combo: QComboBox, value: str) -> None:
    index = combo.findData(value)
    if index < 0:  # a value this version does not offer (check() says so): shown as it is
        combo.addItem(value, value)
        index = combo.count() - 1
    combo.setCurrentIndex(index)
