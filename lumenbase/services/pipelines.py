"""Pipelines and their stages."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, text
from sqlmodel import Session

from lumenbase.context import WorkspaceContext
from lumenbase.models import Pipeline, PipelineStage
from lumenbase.services.common import require_crm_write

DEFAULT_PIPELINE_NAME = "Sales"
# (name, probability, outcome), in board order.
DEFAULT_STAGES = (
    ("Qualification", 10, "open"),
    ("Discovery", 25, "open"),
    ("Proposal", 50, "open"),
    ("Negotiation", 75, "open"),
    ("Closed won", 100, "won"),
    ("Closed lost", 0, "lost"),
)


def ensure_default_pipeline(s: Session, ctx: WorkspaceContext, *, now: datetime) -> Pipeline:
    """The workspace's default pipeline (the one marked default, else the first live one); a
    workspace with none gets a "Sales" pipeline with the standard stages. Refuses read-only
    seats, since it may write."""
    require_crm_write(ctx)
    # Two first conversions at once in an empty workspace must not make two "Sales" pipelines.
    s.execute(
        text("select pg_advisory_xact_lock(hashtextextended('lumenbase.default_pipeline', :ws))"),
        {"ws": ctx.workspace_id},
    )
    existing = s.execute(
        select(Pipeline)
        .where(Pipeline.workspace_id == ctx.workspace_id, Pipeline.deleted_at.is_(None))
        .order_by(Pipeline.is_default.desc(), Pipeline.position, Pipeline.id)
        .limit(1)
    ).scalar_one_or_none()
    if existing is not None:
        return existing
    position = s.execute(
        select(func.coalesce(func.max(Pipeline.position) + 1, 0)).where(
            Pipeline.workspace_id == ctx.workspace_id
        )
    ).scalar_one()
    pipeline = Pipeline(
        workspace_id=ctx.workspace_id,
        name=DEFAULT_PIPELINE_NAME,
        position=position,
        is_default=True,
        owner_id=ctx.user_id,
        created_at=now,
        created_by=ctx.user_id,
        updated_at=now,
        updated_by=ctx.user_id,
    )
    s.add(pipeline)
    s.flush()
    s.add_all(
        PipelineStage(
            workspace_id=ctx.workspace_id,
            pipeline_id=pipeline.id,
            name=name,
            position=index,
            probability=probability,
            outcome=outcome,
            created_at=now,
        )
        for index, (name, probability, outcome) in enumerate(DEFAULT_STAGES)
    )
    s.flush()
    return pipeline
