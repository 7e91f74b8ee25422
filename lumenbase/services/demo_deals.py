"""The demo workspace's two pipelines and their deals, with contacts attached and each deal's
history on its timeline."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlmodel import Session

from lumenbase.context import WorkspaceContext
from lumenbase.models import Company, Contact, Deal, DealContact, Pipeline, PipelineStage
from lumenbase.services.common import RecordType
from lumenbase.services.demo_data import (
    CURRENCIES,
    HISTORY_DAYS,
    LOST_REASONS,
    PRODUCTS,
    pick_owner,
    weighted,
)
from lumenbase.services.timeline import ActivityKind, record_activity

# (name, probability, outcome, weight of deals drawn into it)
SALES_STAGES = (
    ("Qualification", 10, "open", 12),
    ("Discovery", 25, "open", 10),
    ("Proposal", 50, "open", 9),
    ("Negotiation", 75, "open", 6),
    ("Closed won", 100, "won", 8),
    ("Closed lost", 0, "lost", 5),
)
RENEWAL_STAGES = (
    ("Upcoming", 40, "open", 4),
    ("In discussion", 70, "open", 3),
    ("Renewed", 100, "won", 3),
    ("Churned", 0, "lost", 1),
)
DEAL_COUNT = 60
RENEWAL_SHARE = 0.2


def _create_pipeline(
    s: Session, admin: WorkspaceContext, name: str, position: int, stages, now: datetime
) -> list[PipelineStage]:
    pipeline = Pipeline(
        workspace_id=admin.workspace_id,
        name=name,
        position=position,
        is_default=position == 0,
        owner_id=admin.user_id,
        created_at=now,
        created_by=admin.user_id,
        updated_at=now,
        updated_by=admin.user_id,
    )
    s.add(pipeline)
    s.flush()
    rows = [
        PipelineStage(
            workspace_id=admin.workspace_id,
            pipeline_id=pipeline.id,
            name=stage_name,
            position=index,
            probability=probability,
            outcome=outcome,
            created_at=now,
        )
        for index, (stage_name, probability, outcome, _weight) in enumerate(stages)
    ]
    s.add_all(rows)
    s.flush()
    return rows


def create_deals(
    s: Session,
    admin: WorkspaceContext,
    rng: random.Random,
    team: list[WorkspaceContext],
    now: datetime,
) -> list[Deal]:
    """Two pipelines and DEAL_COUNT deals across them, with companies and contacts attached."""
    start = now - timedelta(days=HISTORY_DAYS)
    sales = _create_pipeline(s, admin, "Sales", 0, SALES_STAGES, start)
    renewals = _create_pipeline(s, admin, "Renewals", 1, RENEWAL_STAGES, start)
    book = s.execute(
        select(Company.id, Company.name)
        .where(Company.workspace_id == admin.workspace_id)
        .order_by(Company.id)
    ).all()
    people: dict[int | None, list[int]] = {}
    for contact_id, company_id in s.execute(
        select(Contact.id, Contact.company_id)
        .where(Contact.workspace_id == admin.workspace_id)
        .order_by(Contact.id)
    ):
        people.setdefault(company_id, []).append(contact_id)
    book = book or [(None, "New prospect")]
    staffed = [row for row in book if row[0] in people] or book
    deals = []
    for _ in range(DEAL_COUNT):
        renewal = rng.random() < RENEWAL_SHARE
        company_id, company_name = rng.choice(staffed if rng.random() < 0.8 else book)
        stages = renewals if renewal else sales
        weights = RENEWAL_STAGES if renewal else SALES_STAGES
        stage = rng.choices(stages, weights=[w[-1] for w in weights])[0]
        deal = _make_deal(rng, team, stage, company_id, company_name, renewal, now)
        s.add(deal)
        s.flush()
        _attach_contacts(s, rng, deal, people.get(company_id) or people.get(None, []))
        _log_deal_history(s, team, deal, stages, stage)
        deals.append(deal)
    return deals


def _make_deal(
    rng: random.Random,
    team: list[WorkspaceContext],
    stage: PipelineStage,
    company_id: int | None,
    company_name: str,
    renewal: bool,
    now: datetime,
) -> Deal:
    owner = pick_owner(rng, team)
    # Created at least 30 days ago, so every task and note on it comes later.
    created = now - timedelta(days=rng.randint(30, HISTORY_DAYS - 2), hours=rng.randint(0, 8))
    moved = now - timedelta(days=rng.randint(1, 30), hours=rng.randint(0, 8))
    moved = max(moved, created + timedelta(hours=1))
    closed = stage.outcome != "open"
    if renewal:
        name = f"{company_name}: renewal {now.year + (0 if closed else 1)}"
        amount = Decimal(rng.randrange(6, 120) * 250)
    else:
        name = f"{company_name}: {rng.choice(PRODUCTS)}"
        amount = Decimal(rng.randrange(8, 240) * 500)
    return Deal(
        workspace_id=owner.workspace_id,
        name=name,
        pipeline_id=stage.pipeline_id,
        stage_id=stage.id,
        amount=amount,
        currency=weighted(rng, CURRENCIES),
        expected_close_date=moved.date() if closed else _close_date(rng, now.date()),
        company_id=company_id,
        forecast_category=_forecast(stage),
        status=stage.outcome,
        lost_reason=rng.choice(LOST_REASONS) if stage.outcome == "lost" else None,
        closed_at=moved if closed else None,
        stage_changed_at=moved,
        owner_id=owner.user_id,
        created_at=created,
        created_by=owner.user_id,
        updated_at=moved,
        updated_by=owner.user_id,
    )


def _close_date(rng: random.Random, today: date) -> date:
    # A few open deals are already past their date, as in any real pipeline.
    return today + timedelta(
        days=rng.choice((-9, -3, 5, 12, 20, 30, 45, 60, 90)) + rng.randint(0, 6)
    )


def _forecast(stage: PipelineStage) -> str:
    if stage.outcome != "open":
        return "closed"
    if stage.probability >= 75:
        return "commit"
    return "best_case" if stage.probability >= 50 else "pipeline"


def _attach_contacts(s: Session, rng: random.Random, deal: Deal, pool: list[int]) -> None:
    for contact_id in rng.sample(pool, min(len(pool), rng.randint(1, 3))):
        s.add(
            DealContact(
                workspace_id=deal.workspace_id,
                deal_id=deal.id,
                contact_id=contact_id,
                created_at=deal.created_at,
            )
        )


def _log_deal_history(
    s: Session,
    team: list[WorkspaceContext],
    deal: Deal,
    stages: list[PipelineStage],
    stage: PipelineStage,
) -> None:
    actor = next(member for member in team if member.user_id == deal.owner_id)
    entries = [(deal.created_at, ActivityKind.CREATED, "Deal created", {})]
    if stage.position:
        # Closed deals came from the last open stage, open ones from the stage before.
        before = [x for x in stages[: stage.position] if x.outcome == "open"][-1].name
        details = {"changes": {"stage": [before, stage.name]}}
        entries.append(
            (deal.stage_changed_at, ActivityKind.UPDATED, f"Moved to {stage.name}", details)
        )
    if deal.status == "won":
        entries.append((deal.stage_changed_at, "won", "Deal won", {}))
    if deal.status == "lost":
        entries.append((deal.stage_changed_at, "lost", f"Deal lost: {deal.lost_reason}", {}))
    for when, kind, summary, details in entries:
        record_activity(
            s,
            actor,
            record_type=RecordType.DEAL,
            record_id=deal.id,
            kind=kind,
            summary=summary,
            now=when,
            details=details,
        )
