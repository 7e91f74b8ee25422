"""The people on a deal (deal_contact rows): list, add, remove, each change on the deal's
timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session

from lumenbase.context import WorkspaceContext
from lumenbase.errors import NotFound, ValidationFailed
from lumenbase.models import Company, Contact, DealContact
from lumenbase.services.common import RecordType, require_crm_write
from lumenbase.services.contacts import get_contact
from lumenbase.services.deal_access import get_deal
from lumenbase.services.timeline import ActivityKind, record_activity

MAX_CONTACTS_SHOWN = 100


@dataclass(frozen=True)
class DealContactRow:
    id: int
    name: str
    email: str
    title: str
    company_name: str


def list_deal_contacts(s: Session, ctx: WorkspaceContext, deal_id: int) -> list[DealContactRow]:
    """The live contacts on a deal, by name (at most MAX_CONTACTS_SHOWN)."""
    deal = get_deal(s, ctx, deal_id)
    rows = s.execute(
        select(Contact, Company.name)
        .join(DealContact, DealContact.contact_id == Contact.id)
        .outerjoin(Company, Company.id == Contact.company_id)
        .where(
            DealContact.workspace_id == ctx.workspace_id,
            DealContact.deal_id == deal.id,
            DealContact.deleted_at.is_(None),
            Contact.deleted_at.is_(None),
        )
        .order_by(Contact.last_name, Contact.first_name, Contact.id)
        .limit(MAX_CONTACTS_SHOWN)
    ).all()
    return [
        DealContactRow(
            id=contact.id,
            name=contact.full_name,
            email=contact.email or "",
            title=contact.title or "",
            company_name=company_name or "",
        )
        for contact, company_name in rows
    ]


def _link(s: Session, ctx: WorkspaceContext, deal_id: int, contact_id: int) -> DealContact | None:
    return s.execute(
        select(DealContact).where(
            DealContact.workspace_id == ctx.workspace_id,
            DealContact.deal_id == deal_id,
            DealContact.contact_id == contact_id,
        )
    ).scalar_one_or_none()


def _contact(s: Session, ctx: WorkspaceContext, contact_id) -> Contact:
    try:
        return get_contact(s, ctx, int(contact_id))
    except (NotFound, TypeError, ValueError) as exc:
        raise ValidationFailed({"contact_id": "Pick an existing contact."}) from exc


def add_deal_contact(
    s: Session, ctx: WorkspaceContext, deal_id: int, *, contact_id: int, now: datetime
) -> bool:
    """Put a contact on a deal; returns False when it already was."""
    require_crm_write(ctx)
    deal = get_deal(s, ctx, deal_id)
    contact = _contact(s, ctx, contact_id)
    link = _link(s, ctx, deal.id, contact.id)
    if link is not None and link.deleted_at is None:
        return False
    if link is None:
        # One row per (deal, contact) ever: a removed link comes back rather than doubling.
        link = DealContact(workspace_id=ctx.workspace_id, deal_id=deal.id, contact_id=contact.id)
    link.created_at = now
    link.deleted_at = None
    s.add(link)
    s.flush()
    _log(s, ctx, deal.id, f"Added contact {contact.full_name}", now)
    return True


def remove_deal_contact(
    s: Session, ctx: WorkspaceContext, deal_id: int, *, contact_id: int, now: datetime
) -> bool:
    """Take a contact off a deal (the link is kept, marked removed); False when it was not on."""
    require_crm_write(ctx)
    deal = get_deal(s, ctx, deal_id)
    contact = _contact(s, ctx, contact_id)
    link = _link(s, ctx, deal.id, contact.id)
    if link is None or link.deleted_at is not None:
        return False
    link.deleted_at = now
    s.add(link)
    _log(s, ctx, deal.id, f"Removed contact {contact.full_name}", now)
    return True


def _log(s: Session, ctx: WorkspaceContext, deal_id: int, summary: str, now: datetime) -> None:
    record_activity(
        s,
        ctx,
        record_type=RecordType.DEAL,
        record_id=deal_id,
        kind=ActivityKind.UPDATED,
        summary=summary,
        now=now,
    )
