"""`timeledger template list|export|import|default|use|delete`: the organisation's invoice templates as JSON files
(logo embedded), the default one, and the template a client's invoices print in."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.output import Output, table
from app.cli.runner import reading, writing
from app.documents.output_file import output_target, write_output
from app.domain.document_language import LANGUAGES
from app.domain.errors import refuse
from app.domain.invoice_template import STYLES
from app.services import invoice_templates
from app.services.clients import find_client
from app.services.identity import Actor
from app.services.invoice_templates import TemplateEntry
from app.services.ports import UnitOfWork

MAX_FILE_BYTES = 4 * 1024 * 1024  # a template with a 1 MB logo is about 1.4 MB of JSON


def entry_data(entry: TemplateEntry) -> dict:
    template = entry.template
    return {
        "name": entry.name,
        "id": entry.saved.id if entry.saved else None,
        "shipped": entry.shipped,
        "default": entry.is_default,
        "clients": entry.clients,
        "style": template.style,
        "language": template.language,
        "locale": template.locale,
        "page_size": template.page_size,
        "font": template.font,
    }


@reading
def list_templates(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    entries = invoice_templates.list_templates(uow, actor)
    rows = [
        (
            entry.name,
            STYLES.get(entry.template.style, entry.template.style),
            LANGUAGES.get(entry.template.language, entry.template.language),
            entry.template.locale,
            "yes" if entry.is_default else "",
            str(entry.clients) if entry.clients else "",
            "shipped" if entry.shipped else "own",
        )
        for entry in entries
    ]
    lines = table(("Name", "Style", "Language", "Locale", "Default", "Clients", "Kind"), rows, right={5})
    return Output([entry_data(entry) for entry in entries], lines)


@reading
def export(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    path = output_target(args.output, "JSON file")
    text = invoice_templates.export_template(uow, actor, args.template)
    write_output(path, text.encode("utf-8"), "template")
    entry = invoice_templates.find_template(uow, actor, args.template)
    return Output(
        {"template": entry.name, "file": str(path), "bytes": len(text.encode("utf-8"))},
        [f"Wrote the template {entry.name} to {path}."],
    )


@writing()
def import_file(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    saved = invoice_templates.import_template(uow, actor, _read(args.file), replace=args.replace)
    return Output(
        {"template": saved.name, "id": saved.id, "default": saved.is_default},
        [f"Imported the template {saved.name}."],
    )


@writing()
def set_default(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    saved = invoice_templates.set_default(uow, actor, args.template)
    return Output(
        {"template": saved.name, "id": saved.id, "default": True},
        [f"Invoices now print in {saved.name} unless their client has a template of its own."],
    )


@writing()
def use(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    client = find_client(uow, actor.org, args.client)
    saved = invoice_templates.choose_for_client(uow, actor, client, args.template)
    if saved is None:
        return Output(
            {"client": client.name, "template": None},
            [f"{client.name}'s invoices print in the default template."],
        )
    return Output({"client": client.name, "template": saved.name}, [f"{client.name}'s invoices print in {saved.name}."])


@writing()
def delete(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    moved = invoice_templates.delete_template(uow, actor, args.template)
    tail = f"; {moved} client{'s' if moved != 1 else ''} went back to the default" if moved else ""
    return Output(
        {"template": args.template, "deleted": True, "clients_moved": moved}, [f"Deleted {args.template}{tail}."]
    )


def _read(name: str) -> bytes:
    path = Path(name).expanduser()
    try:
        with path.open("rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise refuse("unreadable_file", f"The file {name} cannot be read: {error.strerror or error}.", "file") from None
    if len(data) > MAX_FILE_BYTES:
        raise refuse("file_too_large", f"{name} is larger than a template can be (4 MB); is it the right file?", "file")
    return data


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    actions = commands.add_parser("template", help="invoice templates").add_subparsers(required=True, metavar="ACTION")

    def add(name: str, handler, help_text: str) -> argparse.ArgumentParser:  # type: ignore[no-untyped-def]
        parser = actions.add_parser(name, help=help_text, description=help_text, parents=[common])
        parser.set_defaults(handler=handler)
        return parser

    add("list", list_templates, "the organisation's invoice templates and the shipped ones")
    p = add("export", export, "write a template as a JSON file, its logo embedded")
    p.add_argument("template", metavar="NAME")
    p.add_argument("-o", "--output", required=True, metavar="FILE.json")
    p = add("import", import_file, "add a template from a JSON file (managers)")
    p.add_argument("file", metavar="FILE.json")
    p.add_argument("--replace", action="store_true", help="replace the template of the same name")
    p = add("default", set_default, "print invoices in this template unless their client has its own")
    p.add_argument("template", metavar="NAME")
    p = add("use", use, "print a client's invoices in this template (default: the organisation's default)")
    p.add_argument("template", metavar="NAME|default")
    p.add_argument("--client", required=True, metavar="CLIENT", help="the client's name or email")
    p = add("delete", delete, "delete one of the organisation's templates; its clients go back to the default")
    p.add_argument("template", metavar="NAME")
