"""Stage moves: to any stage of the deal's pipeline, won, lost; each one on the deal's timeline
as "Moved from A to B" with who and when, which is the deal's stage history."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from lumenbase.context import WorkspaceContext
from lumenbase.models import PipelineStage
from lumenbase.services.common import RecordType, require_crm_write
from lumenbase.services.deal_access import enter_stage, first_stage, get_deal, stage_of_pipeline
from lumenbase.services.deal_fields import DealStatus, clean_lost_reason
from lumenbase.services.timeline import ActivityKind, record_activity


def move_to_stage(
    s: Session,
    ctx: WorkspaceContext,
    deal_id: int,
    *,
    stage_id: int | str,
    now: datetime,
    lost_reason: str | None = None,
) -> bool:
    """Move a deal to another stage of its pipeline and write "Moved from A to B" on its
    timeline. A won or lost stage closes the deal (status, closed_at); a lost one needs a
    reason; an open one reopens it. Refuses a stage of another pipeline ("unknown stage").
    Returns whether the deal moved."""
    require_crm_write(ctx)
    deal = get_deal(s, ctx, deal_id)
    stage = stage_of_pipeline(s, ctx, deal.pipeline_id, stage_id)
    if stage.id == deal.stage_id:
        return False
    if stage.outcome == DealStatus.LOST:
        lost_reason = clean_lost_reason(lost_reason)
    old_stage = s.get(PipelineStage, deal.stage_id)
    was = deal.status
    enter_stage(deal, stage, now=now, lost_reason=lost_reason)
    deal.updated_at = now
    deal.updated_by = ctx.user_id
    s.add(deal)
    details = {"from_stage_id": old_stage.id, "to_stage_id": stage.id}
    entries = [(ActivityKind.STAGE, f"Moved from {old_stage.name} to {stage.name}", details)]
    if deal.status == DealStatus.WON and was != DealStatus.WON:
        entries.append((ActivityKind.WON, "Deal won", {}))
    if deal.status == DealStatus.LOST:
        entries.append((ActivityKind.LOST, f"Deal lost: {deal.lost_reason}", {}))
    for kind, summary, extra in entries:
        record_activity(
            s,
            ctx,
            record_type=RecordType.DEAL,
            record_id=deal.id,
            kind=kind,
            summary=summary,
            now=now,
            details=extra,
        )
    return True


def mark_won(s: Session, ctx: WorkspaceContext, deal_id: int, *, now: datetime) -> bool:
    """Move the deal to its pipeline's (first) won stage."""
    deal = get_deal(s, ctx, deal_id)
    stage = first_stage(s, ctx, deal.pipeline_id, DealStatus.WON)
    return move_to_stage(s, ctx, deal.id, stage_id=stage.id, now=now)


def mark_lost(
    s: Session, ctx: WorkspaceContext, deal_id: int, *, reason: str, now: datetime
) -> bool:
    """Move the deal to its pipeline's (first) lost stage, with the reason it was lost."""
    deal = get_deal(s, ctx, deal_id)
    stage = first_stage(s, ctx, deal.pipeline_id, DealStatus.LOST)
    return move_to_stage(s, ctx, deal.id, stage_id=stage.id, now=now, lost_reason=reason)
