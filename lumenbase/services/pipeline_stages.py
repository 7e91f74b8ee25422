"""A pipeline's stages: add, edit (name, win probability, outcome), reorder, remove (soft).
Every pipeline keeps at least one open, one won and one lost stage, and a stage that holds deals
is neither removed nor turned from open to won or lost."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlmodel import Session

from lumenbase.context import WorkspaceContext
from lumenbase.errors import ValidationFailed
from lumenbase.models import Deal, PipelineStage
from lumenbase.services.common import require_crm_write
from lumenbase.services.pipeline_access import (
    StageOutcome,
    get_pipeline,
    get_stage,
    live_stages,
    log_change,
    touch,
)
from lumenbase.services.timeline import ActivityKind
from lumenbase.services.validation import clean_text, parse_int

STAGE_NAME_MAX = 60
# Positions are unique per pipeline; a renumbering parks stages here first (see _place).
_PARKING = 1_000_000


def add_stage(
    s: Session,
    ctx: WorkspaceContext,
    pipeline_id: int,
    *,
    name: str,
    probability: int | str,
    now: datetime,
    outcome: str = StageOutcome.OPEN,
) -> PipelineStage:
    """A new stage: an open one goes after the last open stage, a won or lost one at the end."""
    require_crm_write(ctx)
    pipeline = get_pipeline(s, ctx, pipeline_id)
    name, probability, outcome = stage_spec(name, probability, outcome)
    stages = live_stages(s, ctx, pipeline.id)
    check_unique_names([stage.name for stage in stages] + [name])
    stage = PipelineStage(
        workspace_id=ctx.workspace_id,
        pipeline_id=pipeline.id,
        name=name,
        position=_PARKING * 2,
        probability=probability,
        outcome=outcome,
        created_at=now,
    )
    s.add(stage)
    s.flush()
    index = len(stages)
    if outcome == StageOutcome.OPEN:
        open_positions = [i for i, x in enumerate(stages) if x.outcome == StageOutcome.OPEN]
        index = open_positions[-1] + 1 if open_positions else 0
    _place(s, [*stages[:index], stage, *stages[index:]])
    touch(s, ctx, pipeline, now)
    log_change(s, ctx, pipeline, ActivityKind.UPDATED, f"Added stage {name} ({probability}%)", now)
    return stage


def update_stage(
    s: Session,
    ctx: WorkspaceContext,
    stage_id: int,
    *,
    now: datetime,
    name: str | None = None,
    probability: int | str | None = None,
    outcome: str | None = None,
) -> dict:
    """Rename a stage, change its win probability or its outcome; returns {field: [old, new]}.
    Refuses to change the outcome of a stage that holds deals, and to leave a pipeline without
    an open, a won or a lost stage."""
    require_crm_write(ctx)
    stage = get_stage(s, ctx, stage_id)
    new_name, new_probability, new_outcome = stage_spec(
        stage.name if name is None else name,
        stage.probability if probability is None else probability,
        stage.outcome if outcome is None else outcome,
    )
    siblings = [x for x in live_stages(s, ctx, stage.pipeline_id) if x.id != stage.id]
    check_unique_names([x.name for x in siblings] + [new_name])
    if new_outcome != stage.outcome:
        held = _deal_count(s, ctx, stage.id)
        if held:
            raise ValidationFailed(
                {"outcome": f"{_deals(held)} in {stage.name}: move them before changing won/lost."}
            )
        check_outcomes([x.outcome for x in siblings] + [new_outcome])
    changed = {}
    for field, new in (("name", new_name), ("probability", new_probability)):
        if getattr(stage, field) != new:
            changed[field] = [getattr(stage, field), new]
    if new_outcome != stage.outcome:
        changed["outcome"] = [stage.outcome, str(new_outcome)]
    if not changed:
        return changed
    stage.name, stage.probability, stage.outcome = new_name, new_probability, new_outcome
    s.add(stage)
    pipeline = get_pipeline(s, ctx, stage.pipeline_id)
    touch(s, ctx, pipeline, now)
    summary = f"Changed stage {changed.get('name', [stage.name])[0]}"
    log_change(s, ctx, pipeline, ActivityKind.UPDATED, summary, now, {"changes": changed})
    return changed


def reorder_stages(
    s: Session, ctx: WorkspaceContext, pipeline_id: int, *, stage_ids: list[int], now: datetime
) -> None:
    """Put a pipeline's stages in the given order; `stage_ids` must name each live stage once."""
    require_crm_write(ctx)
    pipeline = get_pipeline(s, ctx, pipeline_id)
    stages = {stage.id: stage for stage in live_stages(s, ctx, pipeline.id)}
    try:
        wanted = [int(stage_id) for stage_id in stage_ids]
    except (TypeError, ValueError) as exc:
        raise ValidationFailed({"stages": "Unknown stage in the new order."}) from exc
    if sorted(wanted) != sorted(stages):
        raise ValidationFailed({"stages": "The new order must list every stage once."})
    if wanted == list(stages):
        return
    _place(s, [stages[stage_id] for stage_id in wanted])
    touch(s, ctx, pipeline, now)
    order = ", ".join(stages[stage_id].name for stage_id in wanted)
    log_change(s, ctx, pipeline, ActivityKind.UPDATED, f"Reordered stages: {order}", now)


def remove_stage(s: Session, ctx: WorkspaceContext, stage_id: int, *, now: datetime) -> None:
    """Move a stage to the trash. Refuses while deals are in it, and when it is the pipeline's
    last open, won or lost stage."""
    require_crm_write(ctx)
    stage = get_stage(s, ctx, stage_id)
    held = _deal_count(s, ctx, stage.id)
    if held:
        raise ValidationFailed(
            {"stage": f"{_deals(held)} in {stage.name}: move them to another stage first."}
        )
    rest = [x for x in live_stages(s, ctx, stage.pipeline_id) if x.id != stage.id]
    check_outcomes([x.outcome for x in rest])
    stage.deleted_at = now
    stage.deleted_by = ctx.user_id
    # Out of the way of the live stages' positions (unique per pipeline), and unique itself.
    stage.position = -stage.id
    s.add(stage)
    s.flush()
    _place(s, rest)
    pipeline = get_pipeline(s, ctx, stage.pipeline_id)
    touch(s, ctx, pipeline, now)
    log_change(s, ctx, pipeline, ActivityKind.UPDATED, f"Removed stage {stage.name}", now)


# --- rules and helpers ---


def stage_spec(name: object, probability: object, outcome: object) -> tuple[str, int, str]:
    errors = {}
    clean_name = clean_text(name, max_length=STAGE_NAME_MAX)
    if not clean_name:
        errors["name"] = "Give the stage a name."
    try:
        percent = parse_int(probability, field="probability")
    except ValidationFailed as exc:
        errors.update(exc.field_errors)
        percent = 0
    if percent is None or not 0 <= percent <= 100:
        errors.setdefault("probability", "Enter a win probability from 0 to 100.")
    if outcome not in set(StageOutcome):
        errors["outcome"] = "Choose open, won or lost."
    if errors:
        raise ValidationFailed(errors)
    return clean_name, percent, StageOutcome(outcome).value


def check_outcomes(outcomes: list[str]) -> None:
    for outcome, label in (
        (StageOutcome.OPEN, "open"),
        (StageOutcome.WON, "won"),
        (StageOutcome.LOST, "lost"),
    ):
        if outcome not in outcomes:
            raise ValidationFailed({"stage": f"A pipeline needs at least one {label} stage."})


def check_unique_names(names: list[str]) -> None:
    seen: set[str] = set()
    for name in names:
        if name.lower() in seen:
            raise ValidationFailed({"name": f"This pipeline already has a stage called {name}."})
        seen.add(name.lower())


def _deal_count(s: Session, ctx: WorkspaceContext, stage_id: int) -> int:
    return s.execute(
        select(func.count())
        .select_from(Deal)
        .where(
            Deal.workspace_id == ctx.workspace_id,
            Deal.stage_id == stage_id,
            Deal.deleted_at.is_(None),
        )
    ).scalar_one()


def _deals(count: int) -> str:
    return "1 deal is" if count == 1 else f"{count:,} deals are"


def _place(s: Session, stages: list[PipelineStage]) -> None:
    """Number `stages` 0, 1, 2… in this order. Positions are unique per pipeline and checked row
    by row, so every stage is parked on a free number first."""
    for index, stage in enumerate(stages):
        stage.position = _PARKING + index
        s.add(stage)
    s.flush()
    for index, stage in enumerate(stages):
        stage.position = index
        s.add(stage)
    s.flush()
