"""Invoices ▸ Templates: the designer's form, checked as you type, and beside it the live preview of the real PDF,
rendered off the GUI thread after each edit (read back with pypdf)."""

from __future__ import annotations

import json
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QMessageBox, QWidget

from app.services import invoice_templates
from app.services.identity import current_actor
from app.ui.views.invoice_templates import InvoiceTemplatesView, InvoiceTemplatesWindow, show_templates

Fatal = QAbstractItemModelTester.FailureReportingMode.Fatal
WAIT_MS = 20_000


def pdf_text(view: InvoiceTemplatesView) -> str:
    pdf = view.preview.pdf.pdf
    assert pdf is not None
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages).replace("\xa0", " ")


@pytest.fixture
def view(qtbot, ctx, team):  # type: ignore[no-untyped-def]
    designer = InvoiceTemplatesView(ctx)
    qtbot.addWidget(designer)
    designer.resize(1400, 900)
    designer.show()
    qtbot.waitUntil(lambda: designer.preview.pdf.pdf is not None, timeout=WAIT_MS)
    return designer


def edit(qtbot, view: InvoiceTemplatesView, change) -> None:  # type: ignore[no-untyped-def]
    """Make a change in the form as a person would, and wait for the preview of the result."""
    with qtbot.waitSignal(view.preview.rendered, timeout=WAIT_MS):
        change()


def test_the_list_shows_the_shipped_templates_and_the_form_shows_the_default(view):
    QAbstractItemModelTester(view.templates.model, Fatal)

    assert [row.name for row in view.templates.model.rows] == ["Classic", "Modern"]
    assert view.form.name.text() == "Classic"
    assert "Invoice 2026-0042" in pdf_text(view)  # the sample invoice
    assert view.buttons["delete"].isEnabled() is False  # a shipped template cannot be deleted


def test_typing_a_header_updates_the_preview(qtbot, view):
    edit(qtbot, view, lambda: view.form.header.setPlainText("Consulting that ships · {org.name}"))

    assert "Consulting that ships · Acme" in pdf_text(view)
    assert view.form.shown() == {}


def test_a_bad_placeholder_is_flagged_in_red_and_left_out_of_the_preview(qtbot, view):
    edit(qtbot, view, lambda: view.form.header.setPlainText("For {client.nmae} with love"))

    shown = view.form.shown()
    assert shown == {
        "header": "The header names {client.nmae}, which is not a placeholder; did you mean {client.name}?"
    }
    assert "#b00020" in view.form.header.styleSheet()
    text = pdf_text(view)
    assert "For  with love" in text and "nmae" not in text and "{" not in text


def test_switching_the_language_prints_german_and_a_custom_field(qtbot, view):
    form = view.form
    edit(qtbot, view, lambda: form.language.setCurrentIndex(form.language.findData("de")))
    edit(qtbot, view, lambda: form.locale.setCurrentText("de_DE"))
    edit(qtbot, view, lambda: _custom(form, 1, "Projekt", "Relaunch {client.name}"))

    text = pdf_text(view)
    assert "Rechnung 2026-0042" in text and "Gesamtbetrag" in text and "Seite 1 von" in text
    assert "PROJEKT" in text and "Relaunch Globex Corporation" in " ".join(text.split())
    assert "PO-4711" in text  # the sample's purchase order, under the template's "Purchase order"


def test_the_modern_style_and_a_smaller_page(qtbot, view):
    form = view.form
    edit(qtbot, view, lambda: form.style.setCurrentIndex(form.style.findData("modern")))
    edit(qtbot, view, lambda: form.page_size.setCurrentIndex(form.page_size.findData("Letter")))

    page = PdfReader(BytesIO(view.preview.pdf.pdf)).pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == (612, 792)
    assert "FROM" in pdf_text(view)


def test_saving_keeps_the_template_and_lists_it_as_the_organisation_s_own(qtbot, view, team):
    form = view.form
    edit(qtbot, view, lambda: form.accent.set_colour("#AA3300") or form.accent.changed.emit())
    form.name.setText("House style")
    form.name.textEdited.emit("House style")

    with qtbot.waitSignal(view.loaded, timeout=WAIT_MS):
        view.save()

    assert next((row.name, row.shipped) for row in view.templates.model.rows) == ("House style", False)
    with team.ledger.read() as uow:
        saved = uow.invoice_templates.by_name(current_actor(uow).org.id, "House style")
    assert saved is not None and saved.template.accent == "#AA3300"


def test_a_template_with_problems_is_not_saved_and_says_why(qtbot, view, team):
    form = view.form
    edit(qtbot, view, lambda: form.footer["left"].setPlainText("{org.nam}"))
    edit(qtbot, view, lambda: form.columns["net"].setChecked(False))

    with qtbot.waitSignal(view.saved, timeout=WAIT_MS):
        view.save()

    assert set(form.shown()) == {"footer.left", "columns"}
    assert "not saved" in view.message.text()
    with team.ledger.read() as uow:
        assert uow.invoice_templates.all(current_actor(uow).org.id) == []


def test_new_duplicate_default_and_delete(qtbot, view, team, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(view.loaded, timeout=WAIT_MS):
        view.duplicate()  # of Classic
    view.templates.select("classic copy")
    view._chosen()
    with qtbot.waitSignal(view.loaded, timeout=WAIT_MS):
        view.set_default()
    with qtbot.waitSignal(view.loaded, timeout=WAIT_MS):
        view.delete()

    assert [(row.name, row.is_default) for row in view.templates.model.rows] == [("Classic", True), ("Modern", False)]


def test_import_and_export_as_json_files(qtbot, view, tmp_path: Path):
    exported = tmp_path / "out.json"
    edit(qtbot, view, lambda: view.form.header.setPlainText("Exported header"))
    view.export_file(exported)
    spec = json.loads(exported.read_text(encoding="utf-8"))
    spec["name"] = "Imported"
    source = tmp_path / "in.json"
    source.write_text(json.dumps(spec), encoding="utf-8")

    with qtbot.waitSignal(view.loaded, timeout=WAIT_MS):
        view.import_file(source)

    assert spec["header"] == "Exported header"
    assert "Imported" in [row.name for row in view.templates.model.rows]


def test_the_preview_can_show_a_real_invoice(qtbot, view, team):
    with team.ledger.work() as uow:
        actor = current_actor(uow)
        from app.services import invoice_drafts
        from app.services.clients import find_client

        draft = invoice_drafts.new_draft(uow, actor, find_client(uow, actor.org, "Globex"))
        invoice_drafts.add_line(uow, actor, draft, description="Real work", quantity="2", unit_price="99.00")
        uow.commit()
    preview = view.preview
    view.ctx.events.invoices_changed.emit()
    qtbot.waitUntil(lambda: preview.chooser.count() == 2, timeout=WAIT_MS)

    edit(qtbot, view, lambda: preview.chooser.setCurrentIndex(1))

    text = pdf_text(view)
    assert "Real work" in text and "Invoice (draft)" in text


def test_the_invoices_section_opens_one_designer_window(qtbot, ctx, team):
    section = QWidget()
    qtbot.addWidget(section)

    window = show_templates(ctx, section)
    qtbot.waitUntil(lambda: window.view.templates.model.rows != [], timeout=WAIT_MS)

    assert isinstance(window, InvoiceTemplatesWindow) and window.isVisible()
    assert show_templates(ctx, section) is window


def _custom(form, row: int, label: str, value: str) -> None:  # type: ignore[no-untyped-def]
    form.custom.item(row, 0).setText(label)
    form.custom.item(row, 1).setText(value)


def test_invoice_templates_service_is_what_the_view_lists(view, team):
    with team.ledger.read() as uow:
        listed = invoice_templates.list_templates(uow, current_actor(uow))

    assert [entry.name for entry in listed] == [row.name for row in view.templates.model.rows]


def test_a_placeholder_is_inserted_where_the_cursor_was(qtbot, view):
    form = view.form
    box = form.footer["right"]
    box.setFocus()
    qtbot.waitUntil(lambda: form.last_text is box, timeout=WAIT_MS)
    form.placeholder.setCurrentIndex(form.placeholder.findData("org.iban"))

    edit(qtbot, view, form.insert_placeholder)

    assert box.toPlainText() == "{org.iban}"
    assert form.template().footer[2] == "{org.iban}"
