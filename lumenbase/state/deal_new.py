"""The "New deal" dialog, shared by the deals table and the board."""

from __future__ import annotations

import reflex as rx

from lumenbase.errors import LumenbaseError, PermissionDenied, ValidationFailed
from lumenbase.services import companies, deals, pipelines
from lumenbase.services.deal_fields import COMMON_CURRENCIES
from lumenbase.state.session import call_service, utcnow

NEW_DEAL_FIELDS = (
    "name",
    "amount",
    "currency",
    "expected_close_date",
    "pipeline_id",
    "stage_id",
    "company_id",
)


def pipelines_for(s, ctx) -> list[pipelines.PipelineInfo]:
    """The workspace's pipelines; the first visit of someone who may create one also creates
    the default pipeline (a read-only seat just sees none)."""
    found = pipelines.list_pipelines(s, ctx)
    if not found:
        try:
            pipelines.ensure_default_pipeline(s, ctx, now=utcnow())
        except PermissionDenied:
            return []
        found = pipelines.list_pipelines(s, ctx)
    return found


def pipeline_options(found: list[pipelines.PipelineInfo]) -> tuple[list[dict], dict]:
    """([{id, name}], {pipeline id: [{id, name, outcome, probability}]}) for pickers."""
    options = [{"id": str(p.id), "name": p.name} for p in found]
    stages = {
        str(p.id): [
            {
                "id": str(x.id),
                "name": x.name,
                "outcome": x.outcome,
                "probability": str(x.probability),
            }
            for x in p.stages
        ]
        for p in found
    }
    return options, stages


class NewDealMixin(rx.State, mixin=True):
    new_open: bool = False
    new_form: dict[str, str] = {}
    new_errors: dict[str, str] = {}
    new_stages: list[dict[str, str]] = []
    new_pipelines: list[dict[str, str]] = []
    company_query: str = ""
    company_options: list[dict[str, str]] = []
    currencies: list[str] = list(COMMON_CURRENCIES)
    _new_stage_map: dict[str, list[dict[str, str]]] = {}

    def _default_pipeline_id(self) -> str:
        """The pipeline the page shows, if any (the board overrides this)."""
        return ""

    @rx.event
    async def open_new(self):
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        found = await call_service(ctx, pipelines_for)
        self.new_pipelines, self._new_stage_map = pipeline_options(found)
        pipeline_id = self._default_pipeline_id() or (str(found[0].id) if found else "")
        self.new_form = {name: "" for name in NEW_DEAL_FIELDS}
        self.new_form.update(currency="USD", pipeline_id=pipeline_id)
        self._pick_stages(pipeline_id)
        self.new_errors = {}
        self.company_query = ""
        self.company_options = []
        self.new_open = True

    def _pick_stages(self, pipeline_id: str) -> None:
        stages = [x for x in self._new_stage_map.get(pipeline_id, []) if x["outcome"] == "open"]
        self.new_stages = stages
        self.new_form["stage_id"] = stages[0]["id"] if stages else ""

    @rx.event
    def set_new_open(self, value: bool):
        self.new_open = value

    @rx.event
    def set_new_field(self, name: str, value: str):
        if name in NEW_DEAL_FIELDS:
            self.new_form[name] = value
        if name == "pipeline_id":
            self._pick_stages(value)

    @rx.event
    async def search_companies(self, value: str):
        self.company_query = value
        self.new_form["company_id"] = ""
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        if not value.strip():
            self.company_options = []
            return
        page = await call_service(ctx, companies.list_companies, search=value, page_size=6)
        self.company_options = [{"id": str(c.id), "name": c.name} for c in page.items]

    @rx.event
    def pick_company(self, company_id: str, name: str):
        self.new_form["company_id"] = company_id
        self.company_query = name
        self.company_options = []

    @rx.event
    async def create(self):
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        values = {k: v for k, v in self.new_form.items() if k in NEW_DEAL_FIELDS}
        try:
            deal = await call_service(ctx, deals.create_deal, now=utcnow(), **values)
        except ValidationFailed as exc:
            self.new_errors = exc.field_errors
            return
        except LumenbaseError as exc:
            self.new_errors = {"form": str(exc)}
            return
        self.new_open = False
        return [rx.toast.success("Deal created."), rx.redirect(f"/deals/{deal.id}")]
