"""Which deals a caller sees (the access function for one deal, the filter for many), and what
entering a stage does to a deal. Shared by deals.py, deal_contacts.py and deal_board.py."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import any_, func, or_, select
from sqlmodel import Session

from lumenbase.context import WorkspaceContext
from lumenbase.errors import NotFound, ValidationFailed
from lumenbase.models import Company, Deal, PipelineStage
from lumenbase.services.common import like_pattern, owner_condition
from lumenbase.services.deal_fields import DealStatus, ForecastCategory
from lumenbase.services.pipeline_access import live_stages

UNKNOWN_STAGE = "Unknown stage: pick one of this deal's pipeline."


def get_deal(s: Session, ctx: WorkspaceContext, deal_id: int) -> Deal:
    """The one access function for a deal by id: NotFound alike for missing, trashed and another
    workspace's deal."""
    deal = s.get(Deal, int(deal_id))
    if deal is None:
        raise NotFound("deal")
    if deal.workspace_id != ctx.workspace_id:
        raise NotFound("deal")
    if deal.deleted_at is not None:
        raise NotFound("deal")
    return deal


def deal_filters(
    ctx: WorkspaceContext,
    *,
    search: str = "",
    owner: str | int | None = None,
    pipeline_id: int | str | None = None,
    stage_id: int | str | None = None,
    status: str | None = None,
) -> list:
    """The WHERE conditions of a deal list or board: deal name or company name, owner ('mine'
    included), pipeline, stage, status."""
    conditions = [Deal.workspace_id == ctx.workspace_id, Deal.deleted_at.is_(None)]
    term = (search or "").strip()
    if term:
        pattern = func.lb_fold(like_pattern(term))
        matching_companies = select(Company.id).where(
            Company.workspace_id == ctx.workspace_id,
            Company.deleted_at.is_(None),
            Company.search_text.like(pattern),
        )
        # `= ANY(ARRAY(subquery))` rather than `IN (subquery)`: the company ids are found first
        # (one InitPlan), so both arms of the OR can use an index on deal and PostgreSQL combines
        # them (BitmapOr) instead of scanning every deal: 1 ms against 200 ms on 200,000 deals.
        in_companies = Deal.company_id == any_(func.array(matching_companies.scalar_subquery()))
        conditions.append(or_(Deal.search_text.like(pattern), in_companies))
    by_owner = owner_condition(Deal.owner_id, ctx, owner)
    if by_owner is not None:
        conditions.append(by_owner)
    if pipeline_id not in (None, "", "all"):
        conditions.append(Deal.pipeline_id == as_id(pipeline_id, "pipeline_id"))
    if stage_id not in (None, "", "all"):
        conditions.append(Deal.stage_id == as_id(stage_id, "stage_id"))
    if status not in (None, "", "all"):
        if status not in set(DealStatus):
            raise ValidationFailed({"status": "Choose open, won or lost."})
        conditions.append(Deal.status == status)
    return conditions


def as_id(raw, field: str) -> int:
    try:
        return int(raw)
    except (TypeError, ValueError) as exc:
        raise ValidationFailed({field: f"'{raw}' is not a valid choice."}) from exc


def stage_of_pipeline(
    s: Session, ctx: WorkspaceContext, pipeline_id: int, stage_id: int | str
) -> PipelineStage:
    """A live stage of `pipeline_id`; ValidationFailed "unknown stage" for anything else (another
    pipeline's stage, a removed one, another workspace's, not a number)."""
    try:
        stage = s.get(PipelineStage, int(stage_id))
    except (TypeError, ValueError):
        stage = None
    if (
        stage is None
        or stage.workspace_id != ctx.workspace_id
        or stage.pipeline_id != pipeline_id
        or stage.deleted_at is not None
    ):
        raise ValidationFailed({"stage_id": UNKNOWN_STAGE})
    return stage


def enter_stage(
    deal: Deal, stage: PipelineStage, *, now: datetime, lost_reason: str | None
) -> None:
    """Put `deal` in `stage`: a won or lost stage closes it (status, closed_at, forecast
    category "closed"), an open one reopens it. The caller has checked the lost reason."""
    deal.stage_id = stage.id
    deal.stage_changed_at = now
    if stage.outcome == DealStatus.OPEN:
        deal.status = DealStatus.OPEN
        deal.closed_at = None
        deal.lost_reason = None
        if deal.forecast_category == ForecastCategory.CLOSED:
            deal.forecast_category = ForecastCategory.PIPELINE
        return
    if deal.status != stage.outcome or deal.closed_at is None:
        deal.closed_at = now
    deal.status = stage.outcome
    deal.forecast_category = ForecastCategory.CLOSED
    deal.lost_reason = lost_reason if stage.outcome == DealStatus.LOST else None


def first_stage(s: Session, ctx: WorkspaceContext, pipeline_id: int, outcome: str) -> PipelineStage:
    for stage in live_stages(s, ctx, pipeline_id):
        if stage.outcome == outcome:
            return stage
    raise ValidationFailed({"stage_id": f"This pipeline has no {outcome} stage."})
