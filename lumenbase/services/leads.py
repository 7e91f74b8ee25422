"""Leads: list (search, owner and status filters, sort, page, all in SQL), read, create, edit,
soft delete, and conversion into a contact, a company and optionally a deal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased
from sqlmodel import Session

from lumenbase.context import WorkspaceContext
from lumenbase.errors import Conflict, NotFound, ValidationFailed
from lumenbase.models import AppUser, Contact, Lead
from lumenbase.services import lead_conversion, lead_deal
from lumenbase.services.common import (
    Page,
    RecordType,
    capped_count,
    clamp_paging,
    like_pattern,
    owner_condition,
    require_crm_write,
)
from lumenbase.services.lead_conversion import ConversionPlan, ConversionResult
from lumenbase.services.lead_fields import (
    STATUS_ANY,
    STATUS_OPEN,
    LeadStatus,
    lead_name,
    validate_lead_fields,
)
from lumenbase.services.record_changes import move_to_trash, save_edits
from lumenbase.services.timeline import ActivityKind, record_activity

MAX_BIGINT = 2**63

LEAD_SORTS = {
    "newest": (Lead.created_at.desc(), Lead.id.desc()),
    "oldest": (Lead.created_at, Lead.id),
    "name": (Lead.last_name, Lead.first_name, Lead.id),
    "-name": (Lead.last_name.desc(), Lead.first_name.desc(), Lead.id.desc()),
    "score": (Lead.score.desc().nulls_last(), Lead.id.desc()),
    "company": (Lead.company_name.nulls_last(), Lead.id),
}


@dataclass(frozen=True)
class LeadRow:
    id: int
    name: str
    email: str
    company_name: str
    status: str
    score: int | None
    source: str
    owner_name: str
    created_at: datetime


def lead_filters(
    ctx: WorkspaceContext,
    *,
    search: str = "",
    owner: str | int | None = None,
    status: str = STATUS_ANY,
) -> list:
    conditions = [Lead.workspace_id == ctx.workspace_id, Lead.deleted_at.is_(None)]
    term = (search or "").strip()
    if term:
        conditions.append(Lead.search_text.like(func.lb_fold(like_pattern(term))))
    by_owner = owner_condition(Lead.owner_id, ctx, owner)
    if by_owner is not None:
        conditions.append(by_owner)
    if status in (None, "", STATUS_ANY):
        pass
    elif status == STATUS_OPEN:
        # Still being worked: neither converted nor ruled out.
        conditions.append(
            Lead.status.in_([LeadStatus.NEW, LeadStatus.CONTACTED, LeadStatus.QUALIFIED])
        )
    elif status in set(LeadStatus):
        conditions.append(Lead.status == status)
    else:
        raise ValidationFailed({"status": f"Unknown status filter '{status}'."})
    return conditions


def list_leads(
    s: Session,
    ctx: WorkspaceContext,
    *,
    search: str = "",
    owner: str | int | None = None,
    status: str = STATUS_ANY,
    sort: str = "newest",
    page: int = 1,
    page_size: int = 25,
) -> Page[LeadRow]:
    """One page of live leads matching name, email, company or phone digits, with the total."""
    if sort not in LEAD_SORTS:
        raise ValidationFailed({"sort": f"Unknown sort '{sort}'."})
    page, page_size = clamp_paging(page, page_size)
    conditions = lead_filters(ctx, search=search, owner=owner, status=status)
    total, capped = capped_count(s, Lead, conditions)
    owner_user = aliased(AppUser)
    rows = s.execute(
        select(Lead, owner_user.full_name)
        .outerjoin(owner_user, owner_user.id == Lead.owner_id)
        .where(*conditions)
        .order_by(*LEAD_SORTS[sort])
        .limit(page_size)
        .offset((page - 1) * page_size)
    ).all()
    items = [
        LeadRow(
            id=lead.id,
            name=lead_name(lead),
            email=lead.email or "",
            company_name=lead.company_name or "",
            status=lead.status,
            score=lead.score,
            source=lead.source or "",
            owner_name=owner_name or "",
            created_at=lead.created_at,
        )
        for lead, owner_name in rows
    ]
    return Page(items=items, total=total, page=page, page_size=page_size, total_is_capped=capped)


def get_lead(s: Session, ctx: WorkspaceContext, lead_id: int) -> Lead:
    """The one access function for a lead by id: NotFound alike for missing, trashed and
    another workspace's lead."""
    lead_id = int(lead_id)
    if not 0 < lead_id < MAX_BIGINT:
        raise NotFound("lead")
    lead = s.get(Lead, lead_id)
    if lead is None:
        raise NotFound("lead")
    if lead.workspace_id != ctx.workspace_id:
        raise NotFound("lead")
    if lead.deleted_at is not None:
        raise NotFound("lead")
    return lead


def create_lead(s: Session, ctx: WorkspaceContext, *, now: datetime, **values) -> Lead:
    """A new lead owned by the caller unless `owner_id` says otherwise. Refuses a lead with
    neither a name nor an email, malformed fields, the status "converted", and an email already
    used by another open lead."""
    require_crm_write(ctx)
    values.setdefault("owner_id", ctx.user_id)
    clean = validate_lead_fields(s, ctx, values)
    if not (clean.get("first_name") or clean.get("last_name") or clean.get("email")):
        raise ValidationFailed({"first_name": "Enter a name or an email."})
    lead = Lead(
        workspace_id=ctx.workspace_id,
        created_at=now,
        created_by=ctx.user_id,
        updated_at=now,
        updated_by=ctx.user_id,
        **clean,
    )
    s.add(lead)
    s.flush()
    record_activity(
        s,
        ctx,
        record_type=RecordType.LEAD,
        record_id=lead.id,
        kind=ActivityKind.CREATED,
        summary="Lead created",
        now=now,
    )
    return lead


def update_lead(
    s: Session, ctx: WorkspaceContext, lead_id: int, *, now: datetime, **values
) -> dict:
    """Change some fields (status included, but never to or from "converted"); returns
    {field: [old, new]} and records it on the timeline."""
    require_crm_write(ctx)
    lead = get_lead(s, ctx, lead_id)
    clean = validate_lead_fields(s, ctx, values, lead=lead)
    merged = [clean.get(name, getattr(lead, name)) for name in ("first_name", "last_name", "email")]
    if not any(merged):
        raise ValidationFailed({"first_name": "A lead needs a name or an email."})
    return save_edits(s, ctx, lead, record_type=RecordType.LEAD, clean=clean, now=now)


def delete_lead(s: Session, ctx: WorkspaceContext, lead_id: int, *, now: datetime) -> None:
    """Move a lead to the trash: hidden everywhere, kept in the database, restorable."""
    require_crm_write(ctx)
    lead = get_lead(s, ctx, lead_id)
    move_to_trash(s, ctx, lead, record_type=RecordType.LEAD, now=now)


def plan_conversion(s: Session, ctx: WorkspaceContext, lead_id: int) -> ConversionPlan:
    """What converting this lead would link and what it would create, without writing: the
    preview the Convert dialog shows. Refuses an already converted lead."""
    lead = get_lead(s, ctx, lead_id)
    _refuse_converted(s, ctx, lead)
    return lead_conversion.plan(s, ctx, lead, lead_name(lead))


def convert_lead(
    s: Session,
    ctx: WorkspaceContext,
    lead_id: int,
    *,
    create_deal: bool,
    deal_name: str | None = None,
    deal_amount: object = None,
    currency: str = "USD",
    pipeline_id: int | str | None = None,
    now: datetime,
) -> ConversionResult:
    """Turn a lead into a contact (the live contact with its email if there is one), a company
    (the one with its website's or email's domain, else its company name, if any) and, when
    asked, a deal in the first open stage of `pipeline_id` (default: the workspace's default
    pipeline, created if there is none). All of it or nothing: any failure rolls back every
    write made here, and the caller's transaction stays usable. Refuses read-only seats, an
    already converted lead, and bad deal input (at the field: deal_name, deal_amount, currency,
    pipeline_id)."""
    require_crm_write(ctx)
    lead = get_lead(s, ctx, lead_id)
    _refuse_converted(s, ctx, lead)
    deal = (
        lead_deal.check_deal_input(
            s, ctx, name=deal_name, amount=deal_amount, currency=currency, pipeline_id=pipeline_id
        )
        if create_deal
        else None
    )
    try:
        with s.begin_nested():
            # Lock the lead: a second conversion of it waits here, then finds it converted.
            s.refresh(lead, with_for_update=True)
            _refuse_converted(s, ctx, lead)
            result = lead_conversion.convert(s, ctx, lead, lead_name(lead), deal=deal, now=now)
            lead.status = LeadStatus.CONVERTED
            lead.converted_at = now
            lead.converted_contact_id = result.contact_id
            lead.updated_at = now
            lead.updated_by = ctx.user_id
            s.add(lead)
            s.flush()
    except IntegrityError as exc:
        raise Conflict(
            {"lead": "Someone changed these records at the same moment; try converting again."}
        ) from exc
    return result


def _refuse_converted(s: Session, ctx: WorkspaceContext, lead: Lead) -> None:
    if lead.status != LeadStatus.CONVERTED:
        return
    contact = s.get(Contact, lead.converted_contact_id) if lead.converted_contact_id else None
    into = f" into the contact {contact.full_name}" if contact and not contact.deleted_at else ""
    when = f" on {lead.converted_at:%b %-d, %Y}" if lead.converted_at else ""
    raise Conflict({"status": f"This lead was already converted{into}{when}."})
