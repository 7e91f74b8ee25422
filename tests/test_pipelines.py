"""Pipelines and stages, as the app role with row-level security live."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, text

from lumenbase.context import Role, WorkspaceContext
from lumenbase.db import workspace_session
from lumenbase.errors import NotFound, PermissionDenied, ValidationFailed
from lumenbase.models import Activity
from lumenbase.services import deals, pipelines, workspaces
from tests.conftest import unique_email

SALES = [
    ("Qualification", 10, "open"),
    ("Discovery", 25, "open"),
    ("Proposal", 50, "open"),
    ("Negotiation", 75, "open"),
    ("Closed won", 100, "won"),
    ("Closed lost", 0, "lost"),
]


def _shape(info: pipelines.PipelineInfo) -> list[tuple[str, int, str]]:
    return [(stage.name, stage.probability, stage.outcome) for stage in info.stages]


def _member(ctx: WorkspaceContext, role: Role, now) -> WorkspaceContext:
    with workspace_session(ctx) as s:
        user_id = workspaces.add_user(
            s,
            ctx,
            email=unique_email(role.value),
            full_name=f"{role.label} Person",
            password="correct horse battery staple",
            role=role,
            now=now,
        )
    return WorkspaceContext(workspace_id=ctx.workspace_id, user_id=user_id, role=role)


@pytest.fixture
def sales(ws_a, now) -> int:
    with workspace_session(ws_a) as s:
        return pipelines.ensure_default_pipeline(s, ws_a, now=now).id


def test_default_pipeline_is_created_once_with_the_usual_stages(ws_a, now):
    with workspace_session(ws_a) as s:
        first = pipelines.ensure_default_pipeline(s, ws_a, now=now)
    with workspace_session(ws_a) as s:
        again = pipelines.ensure_default_pipeline(s, ws_a, now=now)
        listed = pipelines.list_pipelines(s, ws_a)
    assert again.id == first.id
    assert [(p.name, p.is_default) for p in listed] == [("Sales", True)]
    assert _shape(listed[0]) == SALES
    assert [stage.position for stage in listed[0].stages] == [0, 1, 2, 3, 4, 5]


def test_read_only_seat_reads_pipelines_but_cannot_create_one(ws_a, sales, now):
    viewer = _member(ws_a, Role.READ_ONLY, now)
    with workspace_session(viewer) as s:
        assert pipelines.ensure_default_pipeline(s, viewer, now=now).id == sales
        with pytest.raises(PermissionDenied):
            pipelines.create_pipeline(s, viewer, name="Renewals", now=now)
        with pytest.raises(PermissionDenied):
            pipelines.add_stage(s, viewer, sales, name="Demo", probability=30, now=now)


def test_read_only_seat_cannot_start_the_default_pipeline(ws_a, now):
    viewer = _member(ws_a, Role.READ_ONLY, now)
    with pytest.raises(PermissionDenied), workspace_session(viewer) as s:
        pipelines.ensure_default_pipeline(s, viewer, now=now)


def test_create_and_rename_pipeline_with_name_rules(ws_a, sales, now):
    with workspace_session(ws_a) as s:
        renewals = pipelines.create_pipeline(
            s,
            ws_a,
            name="  Renewals ",
            now=now,
            stages=(("Upcoming", 40, "open"), ("Renewed", 100, "won"), ("Churned", 0, "lost")),
        )
        assert renewals.name == "Renewals" and not renewals.is_default
        with pytest.raises(ValidationFailed, match="already a pipeline called Sales"):
            pipelines.create_pipeline(s, ws_a, name="sales", now=now)
        with pytest.raises(ValidationFailed, match="Give the pipeline a name"):
            pipelines.rename_pipeline(s, ws_a, renewals.id, name="   ", now=now)
        pipelines.rename_pipeline(s, ws_a, renewals.id, name="Renewals 2027", now=now)
    with workspace_session(ws_a) as s:
        names = [p.name for p in pipelines.list_pipelines(s, ws_a)]
        assert names == ["Sales", "Renewals 2027"]
        history = s.execute(
            select(Activity.summary)
            .where(Activity.record_type == "pipeline", Activity.record_id == renewals.id)
            .order_by(Activity.id)
        ).scalars()
        assert list(history) == [
            "Pipeline Renewals created",
            "Renamed from Renewals to Renewals 2027",
        ]


def test_a_pipeline_needs_open_won_and_lost_stages(ws_a, now):
    with workspace_session(ws_a) as s, pytest.raises(ValidationFailed, match="one lost stage"):
        pipelines.create_pipeline(
            s, ws_a, name="Odd", now=now, stages=(("Open", 10, "open"), ("Won", 100, "won"))
        )


def test_add_stage_goes_after_the_last_open_stage(ws_a, sales, now):
    with workspace_session(ws_a) as s:
        pipelines.add_stage(s, ws_a, sales, name="Legal review", probability="85", now=now)
        pipelines.add_stage(
            s, ws_a, sales, name="Lost to no decision", probability=0, outcome="lost", now=now
        )
    with workspace_session(ws_a) as s:
        names = [stage.name for stage in pipelines.list_pipelines(s, ws_a)[0].stages]
    assert names == [
        "Qualification",
        "Discovery",
        "Proposal",
        "Negotiation",
        "Legal review",
        "Closed won",
        "Closed lost",
        "Lost to no decision",
    ]


@pytest.mark.parametrize(
    ("probability", "outcome", "field", "message"),
    [
        (101, "open", "probability", "from 0 to 100"),
        (-5, "open", "probability", "from 0 to 100"),
        ("half", "open", "probability", "not a whole number"),
        (50, "maybe", "outcome", "open, won or lost"),
    ],
)
def test_stage_input_is_checked(ws_a, sales, now, probability, outcome, field, message):
    with pytest.raises(ValidationFailed) as caught, workspace_session(ws_a) as s:
        pipelines.add_stage(
            s, ws_a, sales, name="Demo", probability=probability, outcome=outcome, now=now
        )
    assert message in caught.value.field_errors[field]


def test_stage_names_are_unique_within_a_pipeline(ws_a, sales, now):
    taken = pytest.raises(ValidationFailed, match="already has a stage called")
    with taken, workspace_session(ws_a) as s:
        pipelines.add_stage(s, ws_a, sales, name="proposal", probability=50, now=now)


def test_rename_and_change_probability_of_a_stage(ws_a, sales, now):
    with workspace_session(ws_a) as s:
        stage = pipelines.live_stages(s, ws_a, sales)[2]
        changed = pipelines.update_stage(
            s, ws_a, stage.id, name="Proposal sent", probability="60", now=now
        )
    assert changed == {"name": ["Proposal", "Proposal sent"], "probability": [50, 60]}
    with workspace_session(ws_a) as s:
        again = pipelines.get_stage(s, ws_a, stage.id)
        assert (again.name, again.probability) == ("Proposal sent", 60)


def test_reorder_stages_swaps_positions_despite_the_unique_constraint(ws_a, sales, now):
    with workspace_session(ws_a) as s:
        ids = [stage.id for stage in pipelines.live_stages(s, ws_a, sales)]
        order = [ids[1], ids[0], *ids[2:]]
        pipelines.reorder_stages(s, ws_a, sales, stage_ids=order, now=now)
    with workspace_session(ws_a) as s:
        assert [stage.id for stage in pipelines.live_stages(s, ws_a, sales)] == order
        with pytest.raises(ValidationFailed, match="every stage once"):
            pipelines.reorder_stages(s, ws_a, sales, stage_ids=order[:-1], now=now)
        with pytest.raises(ValidationFailed, match="every stage once"):
            pipelines.reorder_stages(s, ws_a, sales, stage_ids=[*order[:-1], 999999], now=now)


def test_remove_stage_refuses_while_deals_are_in_it(ws_a, sales, now):
    with workspace_session(ws_a) as s:
        stages = pipelines.live_stages(s, ws_a, sales)
        deal = deals.create_deal(s, ws_a, name="Big one", stage_id=stages[1].id, now=now)
    held = pytest.raises(ValidationFailed, match="1 deal is in Discovery")
    with held, workspace_session(ws_a) as s:
        pipelines.remove_stage(s, ws_a, stages[1].id, now=now)
    with workspace_session(ws_a) as s:
        deals.move_to_stage(s, ws_a, deal.id, stage_id=stages[2].id, now=now)
        pipelines.remove_stage(s, ws_a, stages[1].id, now=now + timedelta(minutes=1))
    with workspace_session(ws_a) as s:
        names = [stage.name for stage in pipelines.live_stages(s, ws_a, sales)]
        assert names == ["Qualification", "Proposal", "Negotiation", "Closed won", "Closed lost"]
        with pytest.raises(NotFound):
            pipelines.get_stage(s, ws_a, stages[1].id)
        # The trashed stage is kept, out of the way of live positions.
        kept = s.execute(
            text("select position, deleted_at is not null from pipeline_stage where id = :id"),
            {"id": stages[1].id},
        ).one()
        assert kept == (-stages[1].id, True)
        # Its name is free again.
        pipelines.add_stage(s, ws_a, sales, name="Discovery", probability=20, now=now)


def test_the_last_won_stage_cannot_be_removed_or_turned_open(ws_a, sales, now):
    with workspace_session(ws_a) as s:
        won = [x for x in pipelines.live_stages(s, ws_a, sales) if x.outcome == "won"][0]
    with pytest.raises(ValidationFailed, match="one won stage"), workspace_session(ws_a) as s:
        pipelines.remove_stage(s, ws_a, won.id, now=now)
    with pytest.raises(ValidationFailed, match="one won stage"), workspace_session(ws_a) as s:
        pipelines.update_stage(s, ws_a, won.id, outcome="open", now=now)


def test_another_workspaces_pipeline_and_stage_are_not_found(ws_a, ws_b, sales, now):
    with workspace_session(ws_b) as s:
        assert pipelines.list_pipelines(s, ws_b) == []
        with pytest.raises(NotFound):
            pipelines.get_pipeline(s, ws_b, sales)
        with pytest.raises(NotFound):
            pipelines.rename_pipeline(s, ws_b, sales, name="Mine now", now=now)
    with workspace_session(ws_a) as s:
        stage_id = pipelines.live_stages(s, ws_a, sales)[0].id
    with workspace_session(ws_b) as s, pytest.raises(NotFound):
        pipelines.update_stage(s, ws_b, stage_id, name="Mine now", now=now)


def test_stage_deal_counts_count_live_deals_only(ws_a, sales, now):
    with workspace_session(ws_a) as s:
        stages = pipelines.live_stages(s, ws_a, sales)
        for name in ("One", "Two"):
            deals.create_deal(s, ws_a, name=name, stage_id=stages[2].id, now=now)
        gone = deals.create_deal(s, ws_a, name="Gone", stage_id=stages[0].id, now=now)
        deals.delete_deal(s, ws_a, gone.id, now=now)
        assert pipelines.stage_deal_counts(s, ws_a, sales) == {stages[2].id: 2}
