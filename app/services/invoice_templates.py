"""Invoice templates: the organisation's own and the shipped ones (classic, modern), the default, the template
each client's invoices print in, saving from the designer, and moving templates in and out as JSON files.

A shipped template is there for everyone, read-only; setting it as the default or choosing it for a client
keeps a copy with the organisation (a template of the same name shadows the shipped one). The template an
invoice prints in is its client's, else the organisation's default, else the shipped classic.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from app.domain.client import Client
from app.domain.errors import NotFound, Problem, refuse
from app.domain.invoice import Invoice
from app.domain.invoice_template import InvoiceTemplate, SavedTemplate
from app.domain.printable import PrintableDocument
from app.services.identity import Actor, require_manager
from app.services.invoice_facts import invoice_facts
from app.services.invoice_views import printable
from app.services.ports import UnitOfWork
from app.shipped_templates import CLASSIC, shipped_template, shipped_templates


@dataclass(frozen=True)
class TemplateEntry:
    """One template of the list: the organisation's (`saved`) or a shipped one (`saved` is None)."""

    template: InvoiceTemplate
    saved: SavedTemplate | None
    is_default: bool
    clients: int = 0  # clients whose invoices print in it

    @property
    def name(self) -> str:
        return self.template.name

    @property
    def shipped(self) -> bool:
        return self.saved is None


def list_templates(uow: UnitOfWork, actor: Actor) -> list[TemplateEntry]:
    """The organisation's templates, then the shipped ones it has not replaced by a template of the same name."""
    require_manager(actor, "see invoice templates")
    stored = uow.invoice_templates.all(actor.org.id)
    chosen = list(uow.invoice_templates.choices(actor.org.id).values())
    has_default = any(saved.is_default for saved in stored)
    classic = shipped_template(CLASSIC).name.casefold()  # without a default, what is called Classic prints

    def is_default(saved: SavedTemplate | None, template: InvoiceTemplate) -> bool:
        return saved.is_default if has_default and saved else not has_default and template.name.casefold() == classic

    entries = [TemplateEntry(s.template, s, is_default(s, s.template), chosen.count(s.id)) for s in stored]
    names = {saved.name.casefold() for saved in stored}
    for template in shipped_templates():
        if template.name.casefold() not in names:
            entries.append(TemplateEntry(template, None, is_default(None, template)))
    return entries


def find_template(uow: UnitOfWork, actor: Actor, name: str) -> TemplateEntry:
    """A template by name, whatever its case."""
    wanted = name.strip().casefold()
    entries = list_templates(uow, actor)
    for entry in entries:
        if entry.name.casefold() == wanted:
            return entry
    names = ", ".join(entry.name for entry in entries)
    raise NotFound(
        Problem("unknown_template", f"There is no template '{name.strip()}'; there are {names}.", "template")
    )


def save_template(
    uow: UnitOfWork, actor: Actor, template: InvoiceTemplate, *, replacing: uuid.UUID | None = None
) -> SavedTemplate:
    """Keep the template (every problem refused at once): as a new one, or as the changed `replacing` one."""
    require_manager(actor, "change invoice templates")
    template = template.changed(name=template.name.strip()).validated()
    same_name = uow.invoice_templates.by_name(actor.org.id, template.name)
    if same_name is not None and same_name.id != replacing:
        raise refuse(
            "duplicate_template",
            f"A template called {same_name.name} already exists; choose another name.",
            "name",
        )
    if replacing is None:
        return uow.invoice_templates.add(SavedTemplate(org_id=actor.org.id, template=template))
    saved = uow.invoice_templates.get(replacing)
    if saved is None:
        raise refuse("gone", "This template was deleted in the meantime; nothing was changed.")
    saved.template = template
    return uow.invoice_templates.save(saved)


def import_template(uow: UnitOfWork, actor: Actor, text: str | bytes, *, replace: bool = False) -> SavedTemplate:
    """A template from a JSON file; one of the same name is replaced only when asked."""
    require_manager(actor, "import invoice templates")
    template = InvoiceTemplate.from_json(text)
    existing = uow.invoice_templates.by_name(actor.org.id, template.name)
    if existing is not None and not replace:
        raise refuse(
            "duplicate_template",
            f"A template called {existing.name} already exists; import with --replace to overwrite it, "
            "or give the template another name in the file.",
            "name",
        )
    return save_template(uow, actor, template, replacing=existing.id if existing else None)


def export_template(uow: UnitOfWork, actor: Actor, name: str) -> str:
    """The template as a JSON file's text, its logo embedded."""
    return find_template(uow, actor, name).template.to_json()


def kept(uow: UnitOfWork, actor: Actor, entry: TemplateEntry) -> SavedTemplate:
    """The organisation's copy of the template: a shipped one is stored the first time it is chosen."""
    if entry.saved is not None:
        return entry.saved
    return uow.invoice_templates.add(SavedTemplate(org_id=actor.org.id, template=entry.template))


def set_default(uow: UnitOfWork, actor: Actor, name: str) -> SavedTemplate:
    """Make the template the one invoices print in unless their client has its own."""
    require_manager(actor, "choose the default invoice template")
    chosen = kept(uow, actor, find_template(uow, actor, name))
    for saved in uow.invoice_templates.all(actor.org.id):
        if saved.is_default and saved.id != chosen.id:
            saved.is_default = False
            uow.invoice_templates.save(saved)
    if not chosen.is_default:
        chosen.is_default = True
        uow.invoice_templates.save(chosen)
    return chosen


def duplicate_template(uow: UnitOfWork, actor: Actor, name: str, new_name: str | None = None) -> SavedTemplate:
    """A copy of the template under `new_name` ("Modern copy" when none is given)."""
    require_manager(actor, "change invoice templates")
    original = find_template(uow, actor, name).template
    taken = {entry.name.casefold() for entry in list_templates(uow, actor)}
    if new_name is None or not new_name.strip():
        new_name, number = f"{original.name} copy", 2
        while new_name.casefold() in taken:
            new_name, number = f"{original.name} copy {number}", number + 1
    return save_template(uow, actor, original.changed(name=new_name))


def delete_template(uow: UnitOfWork, actor: Actor, name: str) -> int:
    """Delete one of the organisation's templates; its clients go back to the default. Returns how many."""
    require_manager(actor, "delete invoice templates")
    entry = find_template(uow, actor, name)
    if entry.saved is None:
        raise refuse("shipped_template", f"{entry.name} is a template shipped with Timeledger; it cannot be deleted.")
    clients = uow.invoice_templates.clients_using(entry.saved.id)
    for client_id in clients:
        uow.invoice_templates.choose_for(client_id, None)
    uow.invoice_templates.remove(entry.saved)
    return len(clients)


def choose_for_client(uow: UnitOfWork, actor: Actor, client: Client, name: str | None) -> SavedTemplate | None:
    """The template the client's invoices print in; None (or "default") for the organisation's default."""
    require_manager(actor, "choose invoice templates for clients")
    if name is None or name.strip().casefold() in ("", "default", "none"):
        uow.invoice_templates.choose_for(client.id, None)
        return None
    saved = kept(uow, actor, find_template(uow, actor, name))
    uow.invoice_templates.choose_for(client.id, saved.id)
    return saved


def client_template_name(uow: UnitOfWork, actor: Actor, client_id: uuid.UUID) -> str | None:
    """The name of the template chosen for the client, None when it prints in the default."""
    chosen = uow.invoice_templates.chosen_for(client_id)
    saved = uow.invoice_templates.get(chosen) if chosen else None
    return saved.name if saved else None


def template_for_client(uow: UnitOfWork, actor: Actor, client_id: uuid.UUID | None) -> InvoiceTemplate:
    """The client's template, else the organisation's default, else the shipped classic."""
    chosen = uow.invoice_templates.chosen_for(client_id) if client_id else None
    saved = uow.invoice_templates.get(chosen) if chosen else None
    saved = saved or uow.invoice_templates.default(actor.org.id)
    classic = shipped_template(CLASSIC)
    saved = saved or uow.invoice_templates.by_name(actor.org.id, classic.name)  # the organisation's own Classic
    return saved.template if saved else classic


def invoice_document(
    uow: UnitOfWork, actor: Actor, invoice: Invoice, template: InvoiceTemplate | None = None
) -> tuple[PrintableDocument, InvoiceTemplate]:
    """The invoice as printed, with every fact its template's placeholders may name, and the template it prints
    in (its client's, the default, or `template` when given, as the designer's preview does)."""
    document = printable(uow, actor, invoice)
    client = uow.clients.get(invoice.client_id)
    credited = uow.invoices.get(invoice.credited_id) if invoice.credited_id else None
    facts = invoice_facts(actor.org, client, invoice, credited.number if credited else None) if client else {}
    chosen = template or template_for_client(uow, actor, invoice.client_id)
    return replace(document, facts=facts), chosen
