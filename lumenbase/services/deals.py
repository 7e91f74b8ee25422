"""Deals: list (search, owner, pipeline, stage and status filters, sort, page, all in SQL),
create, edit and soft delete.

The access function and stage rules are in deal_access.py, stage moves (won and lost included)
in deal_moves.py, the people on a deal in deal_contacts.py and the kanban board in deal_board.py;
their public functions are re-exported here so callers have one module for deals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from lumenbase.context import WorkspaceContext
from lumenbase.errors import ValidationFailed
from lumenbase.models import AppUser, Company, Deal, PipelineStage
from lumenbase.services import pipelines
from lumenbase.services.common import (
    Page,
    RecordType,
    apply_changes,
    clamp_paging,
    require_crm_write,
)
from lumenbase.services.deal_access import (
    as_id,
    deal_filters,
    enter_stage,
    first_stage,
    get_deal,
    stage_of_pipeline,
)
from lumenbase.services.deal_board import Board as Board
from lumenbase.services.deal_board import BoardCard as BoardCard
from lumenbase.services.deal_board import BoardColumn as BoardColumn
from lumenbase.services.deal_board import board as board
from lumenbase.services.deal_contacts import DealContactRow as DealContactRow
from lumenbase.services.deal_contacts import add_deal_contact
from lumenbase.services.deal_contacts import list_deal_contacts as list_deal_contacts
from lumenbase.services.deal_contacts import remove_deal_contact as remove_deal_contact
from lumenbase.services.deal_fields import (
    DealStatus,
    check_currency,
    check_forecast,
    clean_deal_name,
    clean_lost_reason,
    parse_amount,
    parse_close_date,
)
from lumenbase.services.deal_moves import mark_lost as mark_lost
from lumenbase.services.deal_moves import mark_won as mark_won
from lumenbase.services.deal_moves import move_to_stage as move_to_stage
from lumenbase.services.record_changes import move_to_trash
from lumenbase.services.timeline import ActivityKind, record_activity
from lumenbase.services.workspaces import check_member, list_members

DEAL_SORTS = {
    "name": (Deal.name, Deal.id),
    "-amount": (Deal.amount.desc().nulls_last(), Deal.id.desc()),
    "amount": (Deal.amount.asc().nulls_last(), Deal.id),
    "close": (Deal.expected_close_date.asc().nulls_last(), Deal.id),
    "newest": (Deal.created_at.desc(), Deal.id.desc()),
}

EDITABLE_FIELDS = (
    "name",
    "amount",
    "currency",
    "expected_close_date",
    "owner_id",
    "company_id",
    "forecast_category",
)


@dataclass(frozen=True)
class DealRow:
    id: int
    name: str
    company_id: int | None
    company_name: str
    pipeline_id: int
    stage_id: int
    stage_name: str
    probability: int
    amount: Decimal | None
    currency: str
    expected_close_date: date | None
    owner_name: str
    status: str


def list_deals(
    s: Session,
    ctx: WorkspaceContext,
    *,
    search: str = "",
    owner: str | int | None = None,
    pipeline_id: int | str | None = None,
    stage_id: int | str | None = None,
    status: str | None = None,
    sort: str = "close",
    page: int = 1,
    page_size: int = 25,
) -> Page[DealRow]:
    """One page of live deals with their company, stage and owner, and the total count."""
    if sort not in DEAL_SORTS:
        raise ValidationFailed({"sort": f"Unknown sort '{sort}'."})
    page, page_size = clamp_paging(page, page_size)
    conditions = deal_filters(
        ctx,
        search=search,
        owner=owner,
        pipeline_id=pipeline_id,
        stage_id=stage_id,
        status=status,
    )
    total = s.execute(select(func.count()).select_from(Deal).where(*conditions)).scalar_one()
    owner_user = aliased(AppUser)
    rows = s.execute(
        select(
            Deal, Company.name, PipelineStage.name, PipelineStage.probability, owner_user.full_name
        )
        .join(PipelineStage, PipelineStage.id == Deal.stage_id)
        .outerjoin(Company, Company.id == Deal.company_id)
        .outerjoin(owner_user, owner_user.id == Deal.owner_id)
        .where(*conditions)
        .order_by(*DEAL_SORTS[sort])
        .limit(page_size)
        .offset((page - 1) * page_size)
    ).all()
    items = [
        DealRow(
            id=deal.id,
            name=deal.name,
            company_id=deal.company_id,
            company_name=company_name or "",
            pipeline_id=deal.pipeline_id,
            stage_id=deal.stage_id,
            stage_name=stage_name,
            probability=probability,
            amount=deal.amount,
            currency=deal.currency,
            expected_close_date=deal.expected_close_date,
            owner_name=owner_name or "",
            status=deal.status,
        )
        for deal, company_name, stage_name, probability, owner_name in rows
    ]
    return Page(items=items, total=total, page=page, page_size=page_size)


def validate_deal_fields(s: Session, ctx: WorkspaceContext, values: dict) -> dict:
    """Normalise and check user input for a deal; raises ValidationFailed with every field that
    needs fixing at once."""
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationFailed({name: "This field cannot be set." for name in sorted(unknown)})
    errors: dict[str, str] = {}
    clean: dict = {}
    for name, raw in values.items():
        try:
            clean[name] = _clean_field(s, ctx, name, raw)
        except ValidationFailed as exc:
            errors.update(exc.field_errors)
    if errors:
        raise ValidationFailed(errors)
    return clean


def _clean_field(s: Session, ctx: WorkspaceContext, name: str, raw):
    if name == "name":
        return clean_deal_name(raw)
    if name == "amount":
        return parse_amount(raw)
    if name == "currency":
        return check_currency(raw)
    if name == "expected_close_date":
        return parse_close_date(raw)
    if name == "forecast_category":
        return check_forecast(raw)
    if name == "owner_id":
        return check_member(s, ctx, raw)
    return _check_company(s, ctx, raw)


def _check_company(s: Session, ctx: WorkspaceContext, raw) -> int | None:
    if raw in (None, ""):
        return None
    company = s.get(Company, as_id(raw, "company_id"))
    if (
        company is None
        or company.workspace_id != ctx.workspace_id
        or company.deleted_at is not None
    ):
        raise ValidationFailed({"company_id": "Pick an existing company."})
    return company.id


def create_deal(
    s: Session,
    ctx: WorkspaceContext,
    *,
    now: datetime,
    pipeline_id: int | str | None = None,
    stage_id: int | str | None = None,
    contact_ids: tuple[int, ...] | list[int] = (),
    lost_reason: str | None = None,
    **values,
) -> Deal:
    """A new deal owned by the caller unless `owner_id` says otherwise, in the given pipeline and
    stage (the default pipeline and its first stage otherwise). Refuses a deal without a name, a
    negative amount, an unknown currency, a close date that is not a date, and a stage of
    another pipeline."""
    require_crm_write(ctx)
    values.setdefault("owner_id", ctx.user_id)
    values.setdefault("currency", "USD")
    values.setdefault("name", "")
    clean = validate_deal_fields(s, ctx, values)
    if pipeline_id in (None, ""):
        pipeline = pipelines.ensure_default_pipeline(s, ctx, now=now)
    else:
        pipeline = pipelines.get_pipeline(s, ctx, as_id(pipeline_id, "pipeline_id"))
    if stage_id in (None, ""):
        stage = first_stage(s, ctx, pipeline.id, DealStatus.OPEN)
    else:
        stage = stage_of_pipeline(s, ctx, pipeline.id, stage_id)
    if stage.outcome == DealStatus.LOST:
        lost_reason = clean_lost_reason(lost_reason)
    deal = Deal(
        workspace_id=ctx.workspace_id,
        pipeline_id=pipeline.id,
        stage_id=stage.id,
        created_at=now,
        created_by=ctx.user_id,
        updated_at=now,
        updated_by=ctx.user_id,
        stage_changed_at=now,
        **clean,
    )
    enter_stage(deal, stage, now=now, lost_reason=lost_reason)
    s.add(deal)
    s.flush()
    record_activity(
        s,
        ctx,
        record_type=RecordType.DEAL,
        record_id=deal.id,
        kind=ActivityKind.CREATED,
        summary=f"Deal created in {stage.name}",
        now=now,
    )
    for contact_id in contact_ids:
        add_deal_contact(s, ctx, deal.id, contact_id=contact_id, now=now)
    return deal


def update_deal(
    s: Session, ctx: WorkspaceContext, deal_id: int, *, now: datetime, **values
) -> dict:
    """Change some fields; returns {field: [old, new]} and records it on the timeline (names, not
    ids, for the company and the owner). Stages change through move_to_stage."""
    require_crm_write(ctx)
    deal = get_deal(s, ctx, deal_id)
    clean = validate_deal_fields(s, ctx, values)
    before = {"company_id": deal.company_id, "owner_id": deal.owner_id}
    changed = apply_changes(deal, clean)
    if not changed:
        return changed
    deal.updated_at = now
    deal.updated_by = ctx.user_id
    s.add(deal)
    s.flush()
    shown = dict(changed)
    if "company_id" in shown:
        shown["company"] = [
            _company_name(s, before["company_id"]),
            _company_name(s, deal.company_id),
        ]
        del shown["company_id"]
    if "owner_id" in shown:
        names = dict(list_members(s, ctx))
        shown["owner"] = [names.get(before["owner_id"]), names.get(deal.owner_id)]
        del shown["owner_id"]
    record_activity(
        s,
        ctx,
        record_type=RecordType.DEAL,
        record_id=deal.id,
        kind=ActivityKind.UPDATED,
        summary="Edited " + ", ".join(name.replace("_", " ") for name in shown),
        now=now,
        details={"changes": shown},
    )
    return changed


def _company_name(s: Session, company_id: int | None) -> str | None:
    return s.get(Company, company_id).name if company_id else None


def delete_deal(s: Session, ctx: WorkspaceContext, deal_id: int, *, now: datetime) -> None:
    """Move a deal to the trash: hidden from lists and the board, kept, restorable."""
    require_crm_write(ctx)
    deal = get_deal(s, ctx, deal_id)
    move_to_trash(s, ctx, deal, record_type=RecordType.DEAL, now=now)
