"""The deals board: one pipeline's stages as columns with count and total, cards that move by
drag and drop or by a stage menu; moving to a lost stage asks why first."""

from __future__ import annotations

import dataclasses
from datetime import date

import reflex as rx

from lumenbase.errors import LumenbaseError, NotFound, ValidationFailed
from lumenbase.services import deals, workspaces
from lumenbase.state.deal_new import NewDealMixin, pipeline_options, pipelines_for
from lumenbase.state.formatting import money, short_money, show
from lumenbase.state.session import SessionState, call_service, utcnow

CARDS_PER_STAGE = 50


@dataclasses.dataclass
class CardView:
    id: str
    name: str
    company: str
    amount: str
    close: str
    overdue: bool
    owner: str
    initials: str


@dataclasses.dataclass
class ColumnView:
    id: str
    name: str
    probability: str
    outcome: str
    count: int
    count_label: str
    total: str
    cards: list[CardView]
    hidden: int


def _initials(name: str) -> str:
    return "".join(part[0] for part in name.split()[:2]).upper()


def _column(column: deals.BoardColumn, today: date) -> ColumnView:
    totals = " + ".join(short_money(total, currency) for currency, total in column.totals)
    cards = [
        CardView(
            id=str(card.id),
            name=card.name,
            company=card.company_name,
            amount=money(card.amount, card.currency),
            close=show(card.expected_close_date),
            overdue=column.outcome == "open"
            and card.expected_close_date is not None
            and card.expected_close_date < today,
            owner=card.owner_name,
            initials=_initials(card.owner_name),
        )
        for card in column.cards
    ]
    return ColumnView(
        id=str(column.stage_id),
        name=column.name,
        probability=f"{column.probability}%",
        outcome=column.outcome,
        count=column.count,
        count_label=f"{column.count:,}",
        total=totals,
        cards=cards,
        hidden=column.count - len(cards),
    )


class DealBoardState(NewDealMixin, SessionState):
    pipeline_id: str = ""
    pipelines: list[dict[str, str]] = []
    stages: list[dict[str, str]] = []
    search: str = ""
    owner: str = "all"
    members: list[dict[str, str]] = []
    columns: list[ColumnView] = []
    deal_count: str = ""
    board_error: str = ""
    loaded: bool = False
    lost_open: bool = False
    lost_reason: str = ""
    lost_error: str = ""
    lost_deal_name: str = ""
    _pending: tuple[int, int] = (0, 0)
    _stage_map: dict[str, list[dict[str, str]]] = {}

    def _default_pipeline_id(self) -> str:
        return self.pipeline_id

    async def _refresh(self, ctx) -> None:
        try:
            result = await call_service(
                ctx,
                deals.board,
                pipeline_id=self.pipeline_id,
                owner=self.owner,
                search=self.search,
                per_stage=CARDS_PER_STAGE,
            )
        except NotFound:
            self.board_error = "This pipeline no longer exists; pick another one."
            self.columns = []
            return
        except LumenbaseError as exc:
            self.board_error = str(exc)
            return
        today = utcnow().date()
        self.columns = [_column(column, today) for column in result.columns]
        self.deal_count = f"{result.count:,} deal" + ("" if result.count == 1 else "s")
        self.board_error = ""

    @rx.event
    async def load(self):
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        found = await call_service(ctx, pipelines_for)
        self.pipelines, self._stage_map = pipeline_options(found)
        wanted = self.router.url.query_parameters.get("pipeline", "") or self.pipeline_id
        known = [p["id"] for p in self.pipelines]
        self.pipeline_id = wanted if wanted in known else (known[0] if known else "")
        self.stages = self._stage_map.get(self.pipeline_id, [])
        members = await call_service(ctx, workspaces.list_members)
        self.members = [{"id": str(user_id), "name": name} for user_id, name in members]
        if self.pipeline_id:
            await self._refresh(ctx)
        self.loaded = True

    async def _reload(self):
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        await self._refresh(ctx)

    @rx.event
    async def set_pipeline(self, value: str):
        self.pipeline_id = value
        self.stages = self._stage_map.get(value, [])
        return await self._reload()

    @rx.event
    async def set_search(self, value: str):
        self.search = value[:200]
        return await self._reload()

    @rx.event
    async def set_owner(self, value: str):
        self.owner = value
        return await self._reload()

    @rx.event
    async def drop_card(self, stage_id: str, deal_id: str):
        """A card dropped on a column (the browser hands over the dragged deal's id)."""
        return await self.move_card(deal_id, stage_id)

    @rx.event
    async def move_card(self, deal_id: str, stage_id: str):
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        try:
            pending = (int(deal_id), int(stage_id))
        except ValueError:
            return
        stage = next((x for x in self.stages if x["id"] == stage_id), None)
        if stage is not None and stage["outcome"] == "lost":
            self._pending = pending
            self.lost_deal_name = self._card_name(deal_id)
            self.lost_reason, self.lost_error, self.lost_open = "", "", True
            return
        return await self._move(ctx, *pending, None)

    def _card_name(self, deal_id: str) -> str:
        for column in self.columns:
            for card in column.cards:
                if card.id == deal_id:
                    return card.name
        return "this deal"

    async def _move(self, ctx, deal_id: int, stage_id: int, reason: str | None):
        try:
            moved = await call_service(
                ctx,
                deals.move_to_stage,
                deal_id,
                stage_id=stage_id,
                now=utcnow(),
                lost_reason=reason,
            )
        except ValidationFailed as exc:
            if "lost_reason" in exc.field_errors:
                self.lost_error = exc.field_errors["lost_reason"]
                return
            await self._refresh(ctx)
            return rx.toast.error(next(iter(exc.field_errors.values())))
        except LumenbaseError as exc:
            await self._refresh(ctx)
            return rx.toast.error(str(exc))
        self.lost_open = False
        await self._refresh(ctx)
        if moved:
            name = next((x["name"] for x in self.stages if x["id"] == str(stage_id)), "")
            return rx.toast.success(f"Moved to {name}.")

    @rx.event
    def set_lost_reason(self, value: str):
        self.lost_reason = value

    @rx.event
    def set_lost_open(self, value: bool):
        self.lost_open = value

    @rx.event
    async def confirm_lost(self):
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        deal_id, stage_id = self._pending
        return await self._move(ctx, deal_id, stage_id, self.lost_reason)
