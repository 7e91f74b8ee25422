"""The deal step of a lead conversion: its input checked before anything is written, and the
deal opened in the first open stage of the chosen (or default) pipeline, linked to the contact
and company.

Amount and currency rules match the deal service's; once deals land on main, this module should
use theirs (`deal_fields.parse_amount`, `check_currency`) instead of its own copies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlmodel import Session

from lumenbase.context import WorkspaceContext
from lumenbase.errors import ValidationFailed
from lumenbase.models import Company, Contact, Deal, DealContact, Pipeline, PipelineStage
from lumenbase.services.common import RecordType
from lumenbase.services.pipelines import ensure_default_pipeline
from lumenbase.services.timeline import ActivityKind, record_activity
from lumenbase.services.validation import clean_text

# What the conversion dialog offers (any 3-letter code is accepted).
COMMON_CURRENCIES = ("USD", "EUR", "GBP", "CAD", "AUD", "CHF", "JPY", "SEK", "INR", "BRL")
MAX_AMOUNT = Decimal("999999999999.99")  # numeric(14, 2)
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_AMOUNT_DECORATION = re.compile(r"[\s,$€£¥]")


@dataclass(frozen=True)
class DealInput:
    name: str | None
    amount: Decimal | None
    currency: str
    pipeline: Pipeline | None  # None: the workspace's default pipeline


def parse_amount(raw: object, *, field: str = "deal_amount") -> Decimal | None:
    """A money amount of 0 or more with at most 2 decimals ("12,500.50", "$900"), or None
    for empty."""
    text = clean_text(raw, max_length=40)
    if text is None:
        return None
    try:
        amount = Decimal(_AMOUNT_DECORATION.sub("", text))
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite():
        raise ValidationFailed({field: f"'{text}' is not an amount; use digits such as 12500.50."})
    if amount < 0:
        raise ValidationFailed({field: "The amount cannot be negative."})
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationFailed({field: "Use at most 2 decimals."})
    if amount > MAX_AMOUNT:
        raise ValidationFailed({field: "The amount is too large."})
    return amount.quantize(Decimal("0.01"))


def check_currency(raw: object, *, field: str = "currency") -> str:
    code = (clean_text(raw, max_length=10) or "USD").upper()
    if not _CURRENCY.match(code):
        raise ValidationFailed({field: "Use a 3-letter ISO currency code such as USD or EUR."})
    return code


def check_deal_input(
    s: Session, ctx: WorkspaceContext, *, name, amount, currency, pipeline_id
) -> DealInput:
    """Every deal field checked before anything is written; all problems at once."""
    errors: dict[str, str] = {}
    values: dict = {"name": clean_text(name, max_length=200)}
    checks = (
        ("amount", lambda: parse_amount(amount)),
        ("currency", lambda: check_currency(currency)),
        ("pipeline", lambda: _pipeline(s, ctx, pipeline_id)),
    )
    for key, check in checks:
        try:
            values[key] = check()
        except ValidationFailed as exc:
            errors.update(exc.field_errors)
    if errors:
        raise ValidationFailed(errors)
    return DealInput(**values)


def _pipeline(s: Session, ctx: WorkspaceContext, raw) -> Pipeline | None:
    if raw in (None, ""):
        return None
    try:
        pipeline_id = int(raw)
    except (TypeError, ValueError):
        pipeline_id = 0
    pipeline = s.get(Pipeline, pipeline_id) if 0 < pipeline_id < 2**63 else None
    if pipeline is None or pipeline.workspace_id != ctx.workspace_id or pipeline.deleted_at:
        raise ValidationFailed({"pipeline_id": "Pick one of this workspace's pipelines."})
    _first_open_stage(s, pipeline)
    return pipeline


def _first_open_stage(s: Session, pipeline: Pipeline) -> PipelineStage:
    stage = s.execute(
        select(PipelineStage)
        .where(
            PipelineStage.pipeline_id == pipeline.id,
            PipelineStage.outcome == "open",
            PipelineStage.deleted_at.is_(None),
        )
        .order_by(PipelineStage.position)
        .limit(1)
    ).scalar_one_or_none()
    if stage is None:
        raise ValidationFailed({"pipeline_id": f"{pipeline.name} has no open stage."})
    return stage


def pipeline_choices(s: Session, ctx: WorkspaceContext) -> list[tuple[int, str]]:
    rows = s.execute(
        select(Pipeline.id, Pipeline.name)
        .where(Pipeline.workspace_id == ctx.workspace_id, Pipeline.deleted_at.is_(None))
        .order_by(Pipeline.is_default.desc(), Pipeline.position, Pipeline.id)
    ).all()
    return [(row[0], row[1]) for row in rows]


def open_deal(
    s: Session,
    ctx: WorkspaceContext,
    deal: DealInput,
    lead_name: str,
    contact: Contact,
    company: Company | None,
    owner_id: int,
    now: datetime,
) -> int:
    pipeline = deal.pipeline or ensure_default_pipeline(s, ctx, now=now)
    stage = _first_open_stage(s, pipeline)
    record = Deal(
        workspace_id=ctx.workspace_id,
        name=deal.name or f"{company.name if company else lead_name} deal",
        pipeline_id=pipeline.id,
        stage_id=stage.id,
        amount=deal.amount,
        currency=deal.currency,
        company_id=company.id if company else None,
        stage_changed_at=now,
        owner_id=owner_id,
        created_at=now,
        created_by=ctx.user_id,
        updated_at=now,
        updated_by=ctx.user_id,
    )
    s.add(record)
    s.flush()
    s.add(
        DealContact(
            workspace_id=ctx.workspace_id, deal_id=record.id, contact_id=contact.id, created_at=now
        )
    )
    record_activity(
        s,
        ctx,
        record_type=RecordType.DEAL,
        record_id=record.id,
        kind=ActivityKind.CREATED,
        summary=f"Deal created from lead {lead_name} in {pipeline.name} · {stage.name}",
        now=now,
    )
    return record.id
