"""The steps of converting a lead (services.leads.convert_lead runs them in one savepoint):
find or create its contact and company, optionally open a deal, and note it on every timeline.

Never duplicates: the contact is the live one with the lead's email when there is one; the
company is the one with the lead's website or email domain, else with its (folded) name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from lumenbase.context import WorkspaceContext
from lumenbase.models import Company, Contact, Lead
from lumenbase.services import companies, contacts, lead_deal, workspaces
from lumenbase.services.common import RecordType
from lumenbase.services.lead_deal import DealInput
from lumenbase.services.timeline import ActivityKind, record_activity
from lumenbase.services.validation import clean_text, normalise_domain

# Mailbox providers and reserved example domains: an address there says nothing about where
# the person works, so it never picks or names a company.
SHARED_MAIL_DOMAINS = frozenset(
    """gmail.com googlemail.com yahoo.com yahoo.co.uk yahoo.fr ymail.com hotmail.com
    hotmail.co.uk hotmail.fr outlook.com live.com msn.com icloud.com me.com mac.com aol.com
    proton.me protonmail.com gmx.com gmx.de gmx.net web.de mail.com yandex.ru yandex.com qq.com
    163.com 126.com zoho.com fastmail.com hey.com example.com example.net example.org""".split()  # noqa: SIM905
)


@dataclass(frozen=True)
class ConversionPlan:
    """What a conversion would do. An id of None means "will be created"."""

    lead_name: str
    contact_id: int | None
    contact_name: str
    company_id: int | None
    company_name: str  # "" when no company will be linked or created
    deal_name: str
    pipelines: list[tuple[int, str]]  # default first; empty when a "Sales" one will be made


@dataclass(frozen=True)
class ConversionResult:
    contact_id: int
    contact_created: bool
    company_id: int | None
    company_created: bool
    deal_id: int | None


def company_email_domain(email: str | None) -> str | None:
    """The domain of a work address; None for a mailbox provider's."""
    if not email or "@" not in email:
        return None
    domain = normalise_domain(email.rsplit("@", 1)[1])
    return domain if domain and domain not in SHARED_MAIL_DOMAINS else None


def _existing_contact(s: Session, ctx: WorkspaceContext, lead: Lead) -> Contact | None:
    return contacts.find_contact_by_email(s, ctx, lead.email) if lead.email else None


def _company_match(
    s: Session, ctx: WorkspaceContext, lead: Lead, contact: Contact | None
) -> tuple[Company | None, dict | None]:
    """(an existing company to link, or the values of one to create, or neither)."""
    website_domain = normalise_domain(lead.website)
    email_domain = company_email_domain(lead.email)
    for domain in (website_domain, email_domain):
        found = companies.find_company(s, ctx, domain=domain) if domain else None
        if found is not None:
            return found, None
    name = clean_text(lead.company_name, max_length=300)
    if name:
        found = companies.find_company(s, ctx, name=name)
        if found is not None:
            return found, None
        return None, {"name": name, "domain": website_domain or email_domain}
    if contact is not None and contact.company_id:
        return companies.get_company(s, ctx, contact.company_id), None
    return None, None


def plan(s: Session, ctx: WorkspaceContext, lead: Lead, lead_name: str) -> ConversionPlan:
    contact = _existing_contact(s, ctx, lead)
    company, new_company = _company_match(s, ctx, lead, contact)
    company_name = company.name if company else (new_company or {}).get("name", "")
    return ConversionPlan(
        lead_name=lead_name,
        contact_id=contact.id if contact else None,
        contact_name=contact.full_name if contact else lead_name,
        company_id=company.id if company else None,
        company_name=company_name,
        deal_name=f"{company_name or lead_name} deal",
        pipelines=lead_deal.pipeline_choices(s, ctx),
    )


def convert(
    s: Session,
    ctx: WorkspaceContext,
    lead: Lead,
    lead_name: str,
    *,
    deal: DealInput | None,
    now: datetime,
) -> ConversionResult:
    """Write the contact, company and deal of a conversion (the caller wraps it in one
    savepoint and marks the lead)."""
    owner_id = _owner(s, ctx, lead)
    contact = _existing_contact(s, ctx, lead)
    company, new_company = _company_match(s, ctx, lead, contact)
    if new_company is not None:
        company = companies.create_company(
            s, ctx, now=now, owner_id=owner_id, website=lead.website, **new_company
        )
    company_id = company.id if company else None
    contact_created = contact is None
    if contact is None:
        contact = contacts.create_contact(
            s, ctx, now=now, owner_id=owner_id, **_contact_values(lead, company_id)
        )
    elif company_id and not contact.company_id:
        contacts.update_contact(s, ctx, contact.id, now=now, company_id=company_id)
    deal_id = (
        lead_deal.open_deal(s, ctx, deal, lead_name, contact, company, owner_id, now)
        if deal
        else None
    )
    _log_conversion(
        s, ctx, lead, lead_name, contact, contact_created, company, new_company, deal_id, now
    )
    return ConversionResult(
        contact_id=contact.id,
        contact_created=contact_created,
        company_id=company_id,
        company_created=new_company is not None,
        deal_id=deal_id,
    )


def _owner(s: Session, ctx: WorkspaceContext, lead: Lead) -> int:
    """The lead's owner while still a member, else the person converting."""
    members = {user_id for user_id, _ in workspaces.list_members(s, ctx)}
    return lead.owner_id if lead.owner_id in members else ctx.user_id


def _contact_values(lead: Lead, company_id: int | None) -> dict:
    return {
        "first_name": lead.first_name,
        "last_name": lead.last_name,
        "email": lead.email,
        "phone": lead.phone,
        "title": lead.title,
        "source": lead.source,
        "company_id": company_id,
    }


def _log_conversion(
    s, ctx, lead, lead_name, contact, contact_created, company, new_company, deal_id, now
) -> None:
    details = {"lead_id": lead.id, "contact_id": contact.id, "deal_id": deal_id}
    details["company_id"] = company.id if company else None
    parts = [f"contact {contact.full_name}" + ("" if contact_created else " (existing)")]
    if company is not None:
        parts.append(f"company {company.name}" + ("" if new_company else " (existing)"))
    if deal_id is not None:
        parts.append("a new deal")
    entries = [
        (RecordType.LEAD, lead.id, "Converted to " + ", ".join(parts)),
        (
            RecordType.CONTACT,
            contact.id,
            f"{'Created from' if contact_created else 'Linked to'} lead {lead_name}",
        ),
    ]
    if company is not None:
        entries.append((RecordType.COMPANY, company.id, f"Lead {lead_name} converted"))
    if deal_id is not None:
        entries.append((RecordType.DEAL, deal_id, f"Opened by converting lead {lead_name}"))
    for record_type, record_id, summary in entries:
        record_activity(
            s,
            ctx,
            record_type=record_type,
            record_id=record_id,
            kind=ActivityKind.CONVERTED,
            summary=summary,
            now=now,
            details=details,
        )
