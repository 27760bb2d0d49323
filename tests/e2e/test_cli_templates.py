"""`timeledger template list|export|import|default|use|delete`: templates as JSON files, the default one, the
template of a client, and `invoice pdf` printing in it; bad files refused whole with exit 3."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli import CONSULTANT, Cli, assert_refused, fingerprint, run_in_one_process
from pypdf import PdfReader

pytestmark = pytest.mark.slow


def setup(cli: Cli, *argvs: list[str]) -> str:
    result = run_in_one_process([["--db", str(cli.db), *argv] for argv in argvs], env=cli.env)
    assert result.returncode == 0, result
    return result.stdout


def issued(cli: Cli) -> str:
    """An issued invoice to Globex with a purchase order; its number."""
    ref = cli.json("invoice", "new", "--client", "Globex")["reference"].removeprefix("draft ")
    setup(
        cli,
        ["invoice", "line", "add", ref, "--description", "Beratung", "--quantity", "1.5", "--unit-price", "1234.50"],
    )
    return cli.json("invoice", "finalize", ref)["number"]


def pdf_text(cli: Cli, number: str, target: Path) -> str:
    cli.ok("invoice", "pdf", number, "-o", str(target))
    return "\n".join(page.extract_text() for page in PdfReader(target).pages).replace("\xa0", " ")


def test_list_shows_the_shipped_templates_with_classic_the_default(cli: Cli):
    listed = cli.json("template", "list")

    assert [(t["name"], t["shipped"], t["default"], t["style"]) for t in listed] == [
        ("Classic", True, True, "classic"),
        ("Modern", True, False, "modern"),
    ]
    lines = cli.ok("template", "list").stdout.splitlines()
    assert lines[0].split() == ["Name", "Style", "Language", "Locale", "Default", "Clients", "Kind"]
    assert lines[2].split() == ["Classic", "Classic", "English", "en", "yes", "shipped"]


def test_an_exported_template_changed_and_imported_becomes_the_default_and_invoices_print_in_it(
    cli: Cli, tmp_path: Path
):
    exported = tmp_path / "modern.json"
    cli.ok("template", "export", "modern", "-o", str(exported))
    spec = json.loads(exported.read_text(encoding="utf-8"))
    spec.update(name="Deutsch", language="de", locale="de_DE")
    spec["custom_fields"] = [
        {"label": "Bestellnummer", "value": "{invoice.purchase_order}"},
        {"label": "Projekt", "value": "Relaunch"},
    ]
    changed = tmp_path / "deutsch.json"
    changed.write_text(json.dumps(spec), encoding="utf-8")

    imported = cli.json("template", "import", str(changed))
    default = cli.ok("template", "default", "deutsch")
    number = issued(cli)
    shown = pdf_text(cli, number, tmp_path / "invoice.pdf")

    assert imported["template"] == "Deutsch"
    assert default.stdout == "Invoices now print in Deutsch unless their client has a template of its own.\n"
    assert next((t["name"], t["default"], t["shipped"]) for t in cli.json("template", "list")) == (
        "Deutsch",
        True,
        False,
    )
    for expected in (
        "Rechnung",
        number,
        "RECHNUNG AN",
        "Beschreibung",
        "1.851,75 EUR",
        "PROJEKT",
        "Relaunch",
        "Seite 1 von 1",
    ):
        assert expected in shown, expected
    assert "Invoice" not in shown and "{" not in shown


def test_a_client_can_have_a_template_of_its_own(cli: Cli, tmp_path: Path):
    chosen = cli.json("template", "use", "Modern", "--client", "Globex")
    number = issued(cli)
    shown = pdf_text(cli, number, tmp_path / "invoice.pdf")
    back = cli.ok("template", "use", "default", "--client", "Globex")

    assert chosen == {"client": "Globex", "template": "Modern"}
    assert "FROM" in shown and "BILL TO" in shown  # the modern layout
    assert back.stdout == "Globex's invoices print in the default template.\n"
    assert [(t["name"], t["shipped"], t["clients"]) for t in cli.json("template", "list")] == [
        ("Modern", False, 0),  # kept as the organisation's own once chosen
        ("Classic", True, 0),
    ]


def test_a_bad_template_file_is_refused_whole_with_every_problem(cli: Cli, tmp_path: Path):
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "format": "timeledger-invoice-template",
                "name": "Broken",
                "header": "{client.nmae}",
                "colours": {"accent": "navy"},
                "locale": "xx_YY",
                "columns": [{"key": "description"}],
            }
        ),
        encoding="utf-8",
    )
    before = fingerprint(cli.db)

    refused = cli("template", "import", str(bad))

    assert_refused(refused, problems=4)
    assert (
        "error: The header names {client.nmae}, which is not a placeholder; did you mean {client.name}?"
        in refused.stderr
    )
    assert "The lines must show the net column." in refused.stderr
    assert fingerprint(cli.db) == before


@pytest.mark.parametrize(
    ("content", "sentence"),
    [
        (b"\x89PNG\r\n\x1a\n", "error: The file is not a template: it is not text (UTF-8 JSON).\n"),
        (b'{"name": "x"}', 'error: The file is not a Timeledger invoice template (it has no "format": '),
    ],
)
def test_a_file_that_is_not_a_template_is_refused(cli: Cli, tmp_path: Path, content: bytes, sentence: str):
    path = tmp_path / "file.json"
    path.write_bytes(content)

    refused = cli("template", "import", str(path))

    assert_refused(refused)
    assert refused.stderr.startswith(sentence)


def test_an_existing_name_is_replaced_only_when_asked(cli: Cli, tmp_path: Path):
    path = tmp_path / "classic.json"
    cli.ok("template", "export", "Classic", "-o", str(path))
    cli.ok("template", "import", str(path))

    again = cli("template", "import", str(path))
    replaced = cli.json("template", "import", str(path), "--replace")

    assert_refused(again)
    assert "already exists; import with --replace" in again.stderr
    assert replaced["template"] == "Classic"


def test_missing_files_folders_and_templates_are_sentences(cli: Cli, tmp_path: Path):
    results = [
        cli("template", "import", str(tmp_path / "nothing.json")),
        cli("template", "export", "Classic", "-o", str(tmp_path / "no" / "such" / "x.json")),
        cli("template", "export", "Fancy", "-o", str(tmp_path / "x.json")),
        cli("template", "delete", "Classic"),
    ]

    for result in results:
        assert_refused(result)
    assert "cannot be read: No such file or directory" in results[0].stderr
    assert "does not exist; choose a file in an existing folder" in results[1].stderr
    assert results[2].stderr == "error: There is no template 'Fancy'; there are Classic, Modern.\n"
    assert "shipped with Timeledger; it cannot be deleted" in results[3].stderr


def test_a_deleted_template_sends_its_clients_back_to_the_default(cli: Cli, tmp_path: Path):
    path = tmp_path / "mine.json"
    cli.ok("template", "export", "Modern", "-o", str(path))
    path.write_text(path.read_text(encoding="utf-8").replace('"name": "Modern"', '"name": "Mine"'), encoding="utf-8")
    setup(cli, ["template", "import", str(path)], ["template", "use", "Mine", "--client", "Globex"])

    deleted = cli.json("template", "delete", "mine")

    assert deleted == {"template": "mine", "deleted": True, "clients_moved": 1}


def test_consultants_cannot_import_or_change_templates(cli: Cli, tmp_path: Path):
    path = tmp_path / "classic.json"
    cli.ok("template", "export", "Classic", "-o", str(path))

    refused = cli("--as", CONSULTANT, "template", "import", str(path))

    assert_refused(refused)
