"""The deals table: search, owner, pipeline, stage and status filters, sort, paging; the services
do all of it in SQL."""

from __future__ import annotations

import reflex as rx

from lumenbase.services import deals
from lumenbase.services.common import RecordType
from lumenbase.state.deal_new import NewDealMixin, pipeline_options, pipelines_for
from lumenbase.state.formatting import money, show
from lumenbase.state.record_list import PAGE_SIZE, RecordListMixin
from lumenbase.state.session import SessionState, call_service

STATUS_LABELS = {"open": "Open", "won": "Won", "lost": "Lost"}


class DealListState(NewDealMixin, RecordListMixin, SessionState):
    sort: str = "close"
    pipeline: str = "all"
    stage: str = "all"
    status: str = "all"
    pipelines: list[dict[str, str]] = []
    stages: list[dict[str, str]] = []
    _stage_map: dict[str, list[dict[str, str]]] = {}

    def _entity_type(self) -> str:
        return RecordType.DEAL.value

    def _default_sort(self) -> str:
        return "close"

    def _extra_filters(self) -> dict:
        # Named as deals.list_deals and deals.deal_filters take them.
        return {"pipeline_id": self.pipeline, "stage_id": self.stage, "status": self.status}

    def _set_extra_filters(self, filters: dict) -> None:
        self.pipeline = str(filters.get("pipeline_id") or "all")
        self.status = str(filters.get("status") or "all")
        self.stage = str(filters.get("stage_id") or "all")
        self._fill_stages()

    async def _fetch(self, ctx):
        return await call_service(
            ctx,
            deals.list_deals,
            **self._filters(),
            sort=self.sort,
            page=self.page,
            page_size=PAGE_SIZE,
        )

    def _row(self, item) -> dict[str, str]:
        return {
            "id": str(item.id),
            "name": item.name,
            "company_id": str(item.company_id or ""),
            "company": item.company_name,
            "stage": item.stage_name,
            "probability": f"{item.probability}%",
            "amount": money(item.amount, item.currency),
            "close": show(item.expected_close_date),
            "owner": item.owner_name,
            "status": item.status,
            "status_label": STATUS_LABELS.get(item.status, item.status),
        }

    @rx.event
    async def load_deals(self):
        """on_load: the pipelines for the filters, then the first page."""
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        found = await call_service(ctx, pipelines_for)
        self.pipelines, self._stage_map = pipeline_options(found)
        # The board's "more in the table" links name a stage (and so its pipeline).
        wanted_stage = self.router.url.query_parameters.get("stage", "")
        for pipeline_id, stages in self._stage_map.items():
            if wanted_stage in {x["id"] for x in stages}:
                self.pipeline, self.stage, self.status, self.page = (
                    pipeline_id,
                    wanted_stage,
                    "all",
                    1,
                )
        self._fill_stages()
        return await self.load()

    def _fill_stages(self) -> None:
        self.stages = self._stage_map.get(self.pipeline, [])
        if self.stage not in {x["id"] for x in self.stages}:
            self.stage = "all"

    @rx.event
    async def set_pipeline(self, value: str):
        self.pipeline = value
        self._fill_stages()
        return await self._filters_changed()

    @rx.event
    async def set_stage(self, value: str):
        self.stage = value
        return await self._filters_changed()

    @rx.event
    async def set_status(self, value: str):
        self.status = value
        return await self._filters_changed()

    @rx.var
    def filtered(self) -> bool:
        return (self.pipeline, self.stage, self.status) != ("all", "all", "all")
