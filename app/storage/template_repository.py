"""The organisation's invoice templates in the database: settings as JSON, the logo in a column of its own,
and which template each client's invoices print in (clients.template_id)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select

from app.domain.errors import refuse
from app.domain.invoice_template import SavedTemplate
from app.domain.template_json import from_spec, template_spec
from app.storage import rows
from app.storage.repositories import SqlRepository


def template_values(saved: SavedTemplate) -> dict[str, Any]:
    """The row's columns for a saved template (without version and timestamps)."""
    template = saved.template
    return {
        "id": saved.id,
        "org_id": saved.org_id,
        "name": template.name,
        "is_default": saved.is_default,
        "spec": template_spec(template, with_logo=False),
        "logo": template.logo.image,
    }


def saved_template(row: rows.InvoiceTemplateRow) -> SavedTemplate:
    # Stored templates were checked when they were saved; one synced from a newer desktop may hold settings this
    # version does not know, and it is read as far as it can be rather than not at all.
    template = from_spec(row.spec, logo=row.logo, checked=False, strict=False) if _readable(row.spec) else None
    if template is None:
        raise refuse("unreadable_template", f"The template {row.name} cannot be read by this version of Timeledger.")
    return SavedTemplate(
        id=row.id, org_id=row.org_id, version=row.version, template=template, is_default=row.is_default
    )


def _readable(spec: Any) -> bool:
    return isinstance(spec, dict)


class InvoiceTemplateRepository(SqlRepository[SavedTemplate]):
    entity, row = SavedTemplate, rows.InvoiceTemplateRow

    def get(self, record_id: uuid.UUID) -> SavedTemplate | None:
        row = self.session.get(rows.InvoiceTemplateRow, record_id)
        return None if row is None or row.deleted_at is not None else saved_template(row)

    def all(self, org_id: uuid.UUID) -> list[SavedTemplate]:
        r = rows.InvoiceTemplateRow
        found = self.session.scalars(self._live().where(r.org_id == org_id).order_by(func.lower(r.name), r.id))
        return [saved_template(row) for row in found]

    def by_name(self, org_id: uuid.UUID, name: str) -> SavedTemplate | None:
        """The live template of that name, whatever its case."""
        r = rows.InvoiceTemplateRow
        statement = self._live().where(r.org_id == org_id, func.lower(r.name) == name.strip().lower())
        row = self.session.scalars(statement.limit(1)).first()
        return None if row is None else saved_template(row)

    def default(self, org_id: uuid.UUID) -> SavedTemplate | None:
        r = rows.InvoiceTemplateRow
        row = self.session.scalars(self._live().where(r.org_id == org_id, r.is_default).limit(1)).first()
        return None if row is None else saved_template(row)

    def add(self, entity: SavedTemplate) -> SavedTemplate:
        entity.version = 1
        self.session.add(rows.InvoiceTemplateRow(**template_values(entity), version=1, updated_at=self.now))
        self.session.flush()  # clients may point at it in the same unit of work
        return entity

    def save(self, entity: SavedTemplate) -> SavedTemplate:
        row = self.session.get(rows.InvoiceTemplateRow, entity.id)
        if row is None or row.deleted_at is not None:
            raise refuse("gone", "This template was deleted in the meantime; nothing was changed.")
        if row.version != entity.version:
            raise refuse("changed", "This template was changed elsewhere in the meantime; reload it and try again.")
        changed = False
        for key, value in template_values(entity).items():
            if getattr(row, key) != value:
                setattr(row, key, value)
                changed = True
        if changed:
            row.version += 1
            row.updated_at = self.now
        entity.version = row.version
        return entity

    def chosen_for(self, client_id: uuid.UUID) -> uuid.UUID | None:
        """The template a client's invoices print in, if one was chosen for it."""
        row = self.session.get(rows.ClientRow, client_id)
        return None if row is None else row.template_id

    def choose_for(self, client_id: uuid.UUID, template_id: uuid.UUID | None) -> None:
        row = self.session.get(rows.ClientRow, client_id)
        if row is None or row.deleted_at is not None:
            raise refuse("gone", "This client was deleted in the meantime; nothing was changed.")
        if row.template_id != template_id:
            row.template_id = template_id
            row.version += 1
            row.updated_at = self.now

    def clients_using(self, template_id: uuid.UUID) -> list[uuid.UUID]:
        r = rows.ClientRow
        return list(self.session.scalars(select(r.id).where(r.template_id == template_id, r.deleted_at.is_(None))))

    def choices(self, org_id: uuid.UUID) -> dict[uuid.UUID, uuid.UUID]:
        """Client id -> template id, for the clients that have one chosen."""
        r = rows.ClientRow
        statement = select(r.id, r.template_id).where(
            r.org_id == org_id, r.template_id.is_not(None), r.deleted_at.is_(None)
        )
        return {client_id: template_id for client_id, template_id in self.session.execute(statement)}
