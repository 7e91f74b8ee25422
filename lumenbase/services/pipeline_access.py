"""Which pipelines and stages a caller sees (one access function each, NotFound alike for
missing, removed and another workspace's), and the pipeline's own history on the timeline."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlmodel import Session

from lumenbase.context import WorkspaceContext
from lumenbase.errors import NotFound
from lumenbase.models import Pipeline, PipelineStage
from lumenbase.services.timeline import record_activity

PIPELINE_ACTIVITY = "pipeline"  # the timeline's record_type for a pipeline's own history


class StageOutcome(StrEnum):
    OPEN = "open"
    WON = "won"
    LOST = "lost"


def live_pipelines(s: Session, ctx: WorkspaceContext) -> list[Pipeline]:
    return list(
        s.execute(
            select(Pipeline)
            .where(Pipeline.workspace_id == ctx.workspace_id, Pipeline.deleted_at.is_(None))
            .order_by(Pipeline.is_default.desc(), Pipeline.position, Pipeline.id)
        ).scalars()
    )


def live_stages(s: Session, ctx: WorkspaceContext, pipeline_id: int) -> list[PipelineStage]:
    """A pipeline's stages in board order (the trash left out)."""
    return list(
        s.execute(
            select(PipelineStage)
            .where(
                PipelineStage.workspace_id == ctx.workspace_id,
                PipelineStage.pipeline_id == int(pipeline_id),
                PipelineStage.deleted_at.is_(None),
            )
            .order_by(PipelineStage.position, PipelineStage.id)
        ).scalars()
    )


def get_pipeline(s: Session, ctx: WorkspaceContext, pipeline_id: int) -> Pipeline:
    """The one access function for a pipeline: NotFound alike for missing, removed and another
    workspace's."""
    pipeline = s.get(Pipeline, int(pipeline_id))
    if pipeline is None:
        raise NotFound("pipeline")
    if pipeline.workspace_id != ctx.workspace_id:
        raise NotFound("pipeline")
    if pipeline.deleted_at is not None:
        raise NotFound("pipeline")
    return pipeline


def get_stage(s: Session, ctx: WorkspaceContext, stage_id: int) -> PipelineStage:
    """The one access function for a stage: NotFound alike for missing, removed and another
    workspace's."""
    stage = s.get(PipelineStage, int(stage_id))
    if stage is None:
        raise NotFound("stage")
    if stage.workspace_id != ctx.workspace_id:
        raise NotFound("stage")
    if stage.deleted_at is not None:
        raise NotFound("stage")
    return stage


def touch(s: Session, ctx: WorkspaceContext, pipeline: Pipeline, now: datetime) -> None:
    pipeline.updated_at = now
    pipeline.updated_by = ctx.user_id
    s.add(pipeline)


def log_change(
    s: Session,
    ctx: WorkspaceContext,
    pipeline: Pipeline,
    kind: str,
    summary: str,
    now: datetime,
    details: dict | None = None,
) -> None:
    record_activity(
        s,
        ctx,
        record_type=PIPELINE_ACTIVITY,
        record_id=pipeline.id,
        kind=kind,
        summary=summary,
        now=now,
        details=details,
    )
