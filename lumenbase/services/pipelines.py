"""Pipelines: list them with their ordered stages, the default one, create and rename. Stage
management lives in pipeline_stages.py and the access functions in pipeline_access.py; both are
re-exported here so callers have one module for pipelines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, text
from sqlmodel import Session

from lumenbase.context import WorkspaceContext
from lumenbase.errors import ValidationFailed
from lumenbase.models import Deal, Pipeline, PipelineStage
from lumenbase.services.common import require_crm_write
from lumenbase.services.pipeline_access import StageOutcome, live_pipelines, log_change, touch
from lumenbase.services.pipeline_access import get_pipeline as get_pipeline
from lumenbase.services.pipeline_access import get_stage as get_stage
from lumenbase.services.pipeline_access import live_stages as live_stages
from lumenbase.services.pipeline_stages import add_stage as add_stage
from lumenbase.services.pipeline_stages import check_outcomes, check_unique_names, stage_spec
from lumenbase.services.pipeline_stages import remove_stage as remove_stage
from lumenbase.services.pipeline_stages import reorder_stages as reorder_stages
from lumenbase.services.pipeline_stages import update_stage as update_stage
from lumenbase.services.timeline import ActivityKind
from lumenbase.services.validation import clean_text

PIPELINE_NAME_MAX = 80
DEFAULT_PIPELINE_NAME = "Sales"
# (name, win probability in %, outcome)
DEFAULT_STAGES: tuple[tuple[str, int, StageOutcome], ...] = (
    ("Qualification", 10, StageOutcome.OPEN),
    ("Discovery", 25, StageOutcome.OPEN),
    ("Proposal", 50, StageOutcome.OPEN),
    ("Negotiation", 75, StageOutcome.OPEN),
    ("Closed won", 100, StageOutcome.WON),
    ("Closed lost", 0, StageOutcome.LOST),
)


@dataclass(frozen=True)
class StageInfo:
    id: int
    name: str
    position: int
    probability: int
    outcome: str


@dataclass(frozen=True)
class PipelineInfo:
    id: int
    name: str
    is_default: bool
    stages: list[StageInfo]


def _stage_info(stage: PipelineStage) -> StageInfo:
    return StageInfo(stage.id, stage.name, stage.position, stage.probability, stage.outcome)


def list_pipelines(s: Session, ctx: WorkspaceContext) -> list[PipelineInfo]:
    """Every live pipeline, the default first, each with its ordered stages."""
    pipelines = live_pipelines(s, ctx)
    stages: dict[int, list[StageInfo]] = {p.id: [] for p in pipelines}
    rows = s.execute(
        select(PipelineStage)
        .where(
            PipelineStage.workspace_id == ctx.workspace_id,
            PipelineStage.deleted_at.is_(None),
            PipelineStage.pipeline_id.in_(list(stages)),
        )
        .order_by(PipelineStage.position, PipelineStage.id)
    ).scalars()
    for stage in rows:
        stages[stage.pipeline_id].append(_stage_info(stage))
    return [PipelineInfo(p.id, p.name, p.is_default, stages[p.id]) for p in pipelines]


def ensure_default_pipeline(s: Session, ctx: WorkspaceContext, *, now: datetime) -> Pipeline:
    """The workspace's default pipeline (the one marked default, else the first live one); a
    workspace with none gets "Sales" with the usual stages, which needs a CRM-writing role."""
    pipelines = live_pipelines(s, ctx)
    if pipelines:
        return pipelines[0]
    require_crm_write(ctx)
    # Two first deals (or lead conversions) at once must not make two "Sales" pipelines.
    s.execute(
        text("select pg_advisory_xact_lock(hashtextextended('lumenbase.default_pipeline', :ws))"),
        {"ws": ctx.workspace_id},
    )
    pipelines = live_pipelines(s, ctx)
    if pipelines:
        return pipelines[0]
    return create_pipeline(s, ctx, name=DEFAULT_PIPELINE_NAME, now=now)


def create_pipeline(
    s: Session,
    ctx: WorkspaceContext,
    *,
    name: str,
    now: datetime,
    stages: tuple[tuple[str, int, str], ...] = DEFAULT_STAGES,
) -> Pipeline:
    """A new pipeline with `stages` (the usual sales stages unless given); the workspace's first
    pipeline becomes its default. Refuses an empty or taken name and read-only seats."""
    require_crm_write(ctx)
    name = _pipeline_name(s, ctx, name)
    existing = live_pipelines(s, ctx)
    specs = [stage_spec(n, p, o) for n, p, o in stages]
    check_outcomes([outcome for _, _, outcome in specs])
    check_unique_names([stage_name for stage_name, _, _ in specs])
    pipeline = Pipeline(
        workspace_id=ctx.workspace_id,
        name=name,
        position=max((p.position for p in existing), default=-1) + 1,
        is_default=not existing,
        owner_id=ctx.user_id,
        created_at=now,
        created_by=ctx.user_id,
        updated_at=now,
        updated_by=ctx.user_id,
    )
    s.add(pipeline)
    s.flush()
    for position, (stage_name, probability, outcome) in enumerate(specs):
        s.add(
            PipelineStage(
                workspace_id=ctx.workspace_id,
                pipeline_id=pipeline.id,
                name=stage_name,
                position=position,
                probability=probability,
                outcome=outcome,
                created_at=now,
            )
        )
    s.flush()
    log_change(s, ctx, pipeline, ActivityKind.CREATED, f"Pipeline {name} created", now)
    return pipeline


def rename_pipeline(
    s: Session, ctx: WorkspaceContext, pipeline_id: int, *, name: str, now: datetime
) -> None:
    """Give a pipeline a new name. Refuses an empty or taken name."""
    require_crm_write(ctx)
    pipeline = get_pipeline(s, ctx, pipeline_id)
    name = _pipeline_name(s, ctx, name, pipeline_id=pipeline.id)
    if name == pipeline.name:
        return
    old = pipeline.name
    pipeline.name = name
    touch(s, ctx, pipeline, now)
    log_change(s, ctx, pipeline, ActivityKind.UPDATED, f"Renamed from {old} to {name}", now)


def _pipeline_name(
    s: Session, ctx: WorkspaceContext, raw: object, *, pipeline_id: int | None = None
) -> str:
    name = clean_text(raw, max_length=PIPELINE_NAME_MAX)
    if not name:
        raise ValidationFailed({"name": "Give the pipeline a name."})
    for other in live_pipelines(s, ctx):
        if other.id != pipeline_id and other.name.lower() == name.lower():
            raise ValidationFailed({"name": f"There is already a pipeline called {other.name}."})
    return name


def stage_deal_counts(s: Session, ctx: WorkspaceContext, pipeline_id: int) -> dict[int, int]:
    """How many live deals each stage of a pipeline holds (stages without deals left out)."""
    pipeline = get_pipeline(s, ctx, pipeline_id)
    rows = s.execute(
        select(Deal.stage_id, func.count())
        .where(
            Deal.workspace_id == ctx.workspace_id,
            Deal.pipeline_id == pipeline.id,
            Deal.deleted_at.is_(None),
        )
        .group_by(Deal.stage_id)
    ).all()
    return {stage_id: count for stage_id, count in rows}
