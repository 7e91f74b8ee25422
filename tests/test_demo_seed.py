"""The demo workspace: team, real CSV data, deals, tasks and notes; reproducible from a seed;
skipped when it exists; generated people without CSV files; nothing outside its workspace."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from lumenbase.context import Role
from lumenbase.db import workspace_session
from lumenbase.models import (
    Activity,
    AppUser,
    Company,
    Contact,
    Deal,
    DealContact,
    Lead,
    Membership,
    Note,
    Pipeline,
    PipelineStage,
    Task,
)
from lumenbase.services import demo
from lumenbase.services.auth import context_for_email, login
from tests.conftest import make_workspace, unique_email

NOW = datetime(2026, 12, 3, 9, 30, tzinfo=UTC)
PASSWORD = "demo-password-123"
TENANT_MODELS = (
    Company,
    Contact,
    Lead,
    Pipeline,
    PipelineStage,
    Deal,
    DealContact,
    Task,
    Note,
    Activity,
)


def _seed(seed: int = 7, **kwargs) -> demo.DemoResult:
    kwargs.setdefault("data_dir", demo.DEFAULT_DATA_DIR)
    return demo.seed_demo_workspace(
        admin_email=unique_email("admin"), admin_password=PASSWORD, seed=seed, now=NOW, **kwargs
    )


def _context(result: demo.DemoResult):
    return context_for_email(result.admin_email)


def _count(s, model, workspace_id: int) -> int:
    return s.execute(
        select(func.count()).select_from(model).where(model.workspace_id == workspace_id)
    ).scalar_one()


def _deals(result: demo.DemoResult) -> list[tuple]:
    ctx = _context(result)
    with workspace_session(ctx) as s:
        return s.execute(
            select(Deal.name, Deal.amount, Deal.currency, Deal.status, Deal.expected_close_date)
            .where(Deal.workspace_id == ctx.workspace_id)
            .order_by(Deal.id)
        ).all()


@pytest.fixture(scope="module")
def seeded():
    """One demo workspace from the real CSV files, next to a bystander workspace."""
    if not demo.DEFAULT_DATA_DIR.is_dir():
        pytest.skip("the shared real CSV files are not present")
    bystander = make_workspace(NOW, "Bystander")
    return _seed(), bystander


def test_seed_creates_team_and_records(seeded):
    result, _ = seeded
    assert result.used_real_files == [name for name, _ in demo.REAL_FILES]
    assert result.users == 5
    assert result.companies >= 100
    assert result.contacts >= 1000
    assert result.leads >= 90
    assert (result.deals, result.tasks) == (60, 80)
    assert result.notes >= 100
    assert f"log in as {result.admin_email} / {PASSWORD}" in result.summary()
    ctx = login(email=result.admin_email, password=PASSWORD, now=NOW).context
    assert ctx.role is Role.ADMIN
    assert ctx.workspace_id == result.workspace_id
    with workspace_session(ctx) as s:
        roles = s.execute(
            select(AppUser.email, Membership.role)
            .join(Membership, Membership.user_id == AppUser.id)
            .where(Membership.workspace_id == ctx.workspace_id)
        ).all()
        owners = s.execute(
            select(func.count(func.distinct(Contact.owner_id))).where(
                Contact.workspace_id == ctx.workspace_id
            )
        ).scalar_one()
        stages = s.execute(
            select(PipelineStage.name, PipelineStage.probability, PipelineStage.outcome)
            .join(Pipeline, Pipeline.id == PipelineStage.pipeline_id)
            .where(Pipeline.workspace_id == ctx.workspace_id, Pipeline.name == "Sales")
            .order_by(PipelineStage.position)
        ).all()
        tasks = s.execute(
            select(Task.due_at, Task.completed_at).where(Task.workspace_id == ctx.workspace_id)
        ).all()
        linked = _count(s, DealContact, ctx.workspace_id)
    assert (
        sorted(role for _, role in roles) == ["admin", "manager", "sales_rep"] + ["sales_rep"] * 2
    )
    assert "maria.lopez+" + result.admin_email.split("@")[0] + "@example.com" in dict(roles)
    assert owners == 5
    assert stages[0] == ("Qualification", 10, "open")
    assert stages[-2:] == [("Closed won", 100, "won"), ("Closed lost", 0, "lost")]
    assert any(done is None and due < NOW for due, done in tasks)
    assert any(done is None and due.date() == NOW.date() and due > NOW for due, done in tasks)
    assert any(done is not None for _, done in tasks)
    assert linked >= 60


def test_same_seed_gives_same_deals(seeded):
    first, _ = seeded
    second = _seed()
    assert second.workspace_id != first.workspace_id
    deals = _deals(second)
    assert len(deals) == 60
    assert deals == _deals(first)


def test_if_missing_skips_an_existing_demo(seeded):
    result, _ = seeded
    again = demo.seed_demo_workspace(
        admin_email=result.admin_email.upper(),
        admin_password=PASSWORD,
        seed=7,
        now=NOW,
        if_missing=True,
    )
    assert again.skipped
    assert again.summary().startswith("Demo workspace already exists; log in as ")
    with workspace_session(_context(result)) as s:
        assert _count(s, Deal, result.workspace_id) == 60


def test_seed_leaves_other_workspaces_alone(seeded):
    _, bystander = seeded
    with workspace_session(bystander) as s:
        for model in TENANT_MODELS:
            assert _count(s, model, bystander.workspace_id) == 0, model.__name__


def test_without_csv_files_people_are_generated(tmp_path, ws_b):
    result = _seed(seed=3, data_dir=tmp_path)
    other_seed = _seed(seed=4, data_dir=tmp_path)
    assert _deals(other_seed) != _deals(result)
    assert result.used_real_files == []
    assert result.companies == 80
    assert result.contacts == 320
    assert result.leads == 60
    assert result.deals == 60
    with workspace_session(ws_b) as s:
        for model in TENANT_MODELS:
            assert _count(s, model, ws_b.workspace_id) == 0, model.__name__
