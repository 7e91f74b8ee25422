"""The deal page: fields, the stage progress bar, Mark won / Mark lost, the people on the deal,
and the timeline (RecordDetailMixin)."""

from __future__ import annotations

import reflex as rx

from lumenbase.errors import LumenbaseError, ValidationFailed
from lumenbase.services import companies, contacts, deals, pipelines
from lumenbase.services.common import RecordType
from lumenbase.services.deal_fields import COMMON_CURRENCIES, ForecastCategory
from lumenbase.state.formatting import form_values, money, show
from lumenbase.state.record_detail import RecordDetailMixin
from lumenbase.state.session import SessionState, call_service, utcnow


def _progress(stages, current_id: int) -> list[dict[str, str]]:
    """Each stage with where the deal stands: done, current or ahead."""
    position = next((x.position for x in stages if x.id == current_id), -1)
    return [
        {
            "id": str(x.id),
            "name": x.name,
            "outcome": x.outcome,
            "probability": f"{x.probability}%",
            "state": "current"
            if x.id == current_id
            else ("done" if x.position < position and x.outcome == "open" else "ahead"),
        }
        for x in stages
    ]


class DealDetailState(RecordDetailMixin, SessionState):
    record_type: str = RecordType.DEAL.value
    stages: list[dict[str, str]] = []
    people: list[dict[str, str]] = []
    status: str = "open"
    company_query: str = ""
    company_options: list[dict[str, str]] = []
    contact_query: str = ""
    contact_options: list[dict[str, str]] = []
    currencies: list[str] = list(COMMON_CURRENCIES)
    lost_open: bool = False
    lost_reason: str = ""
    lost_error: str = ""

    def _read(self, s, ctx, record_id: int):
        deal = deals.get_deal(s, ctx, record_id)
        pipeline = pipelines.get_pipeline(s, ctx, deal.pipeline_id)
        stages = pipelines.live_stages(s, ctx, deal.pipeline_id)
        stage = next(x for x in stages if x.id == deal.stage_id)
        company = companies.get_company(s, ctx, deal.company_id) if deal.company_id else None
        members = dict(self._members_of(s, ctx))
        view = {name: show(getattr(deal, name)) for name in deals.EDITABLE_FIELDS}
        view.update(
            id=str(deal.id),
            amount=money(deal.amount, deal.currency),
            forecast_category=ForecastCategory(deal.forecast_category).label,
            company_name=company.name if company else "",
            owner_name=members.get(deal.owner_id, ""),
            pipeline_name=pipeline.name,
            stage_name=stage.name,
            probability=f"{stage.probability}%",
            lost_reason=deal.lost_reason or "",
            closed_at=show(deal.closed_at),
            stage_changed_at=show(deal.stage_changed_at),
            created_at=show(deal.created_at),
            updated_at=show(deal.updated_at),
        )
        people = [
            {"id": str(p.id), "name": p.name, "title": p.title, "email": p.email}
            for p in deals.list_deal_contacts(s, ctx, deal.id)
        ]
        extra = {
            "stages": _progress(stages, deal.stage_id),
            "people": people,
            "status": deal.status,
        }
        return view, form_values(deal, deals.EDITABLE_FIELDS), extra

    def _update(self, s, ctx, record_id: int, values: dict):
        return deals.update_deal(s, ctx, record_id, now=utcnow(), **values)

    def _delete(self, s, ctx, record_id: int):
        deals.delete_deal(s, ctx, record_id, now=utcnow())

    def _list_route(self) -> str:
        return "/deals"

    def _before_edit(self) -> None:
        self.company_query = self.record.get("company_name", "")
        self.company_options = []

    async def _act(self, fn, **kwargs):
        """Run a stage change, then show the deal as it is now."""
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        try:
            await call_service(ctx, fn, self._record_id, now=utcnow(), **kwargs)
        except ValidationFailed as exc:
            if "lost_reason" in exc.field_errors:
                self.lost_error = exc.field_errors["lost_reason"]
                return
            return rx.toast.error(next(iter(exc.field_errors.values())))
        except LumenbaseError as exc:
            return rx.toast.error(str(exc))
        self.lost_open = False
        self.timeline_page = 1
        await self._reload(ctx)

    @rx.event
    async def move_stage(self, stage_id: str):
        stage = next((x for x in self.stages if x["id"] == stage_id), None)
        if stage is not None and stage["outcome"] == "lost":
            return self.open_lost()
        return await self._act(deals.move_to_stage, stage_id=stage_id)

    @rx.event
    async def mark_won(self):
        return await self._act(deals.mark_won)

    @rx.event
    def open_lost(self):
        self.lost_reason, self.lost_error, self.lost_open = "", "", True

    @rx.event
    def set_lost_open(self, value: bool):
        self.lost_open = value

    @rx.event
    def set_lost_reason(self, value: str):
        self.lost_reason = value

    @rx.event
    async def confirm_lost(self):
        return await self._act(deals.mark_lost, reason=self.lost_reason)

    @rx.event
    async def search_companies(self, value: str):
        self.company_query = value
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        if not value.strip():
            self.company_options = []
            self.form["company_id"] = ""
            return
        page = await call_service(ctx, companies.list_companies, search=value, page_size=6)
        self.company_options = [{"id": str(c.id), "name": c.name} for c in page.items]

    @rx.event
    def pick_company(self, company_id: str, name: str):
        self.form["company_id"] = company_id
        self.company_query = name
        self.company_options = []

    @rx.event
    async def search_contacts(self, value: str):
        self.contact_query = value
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        if not value.strip():
            self.contact_options = []
            return
        page = await call_service(ctx, contacts.list_contacts, search=value, page_size=6)
        on_deal = {p["id"] for p in self.people}
        self.contact_options = [
            {"id": str(c.id), "name": c.name, "detail": c.email or c.company_name}
            for c in page.items
            if str(c.id) not in on_deal
        ]

    @rx.event
    async def add_contact(self, contact_id: str):
        self.contact_query, self.contact_options = "", []
        return await self._act(deals.add_deal_contact, contact_id=contact_id)

    @rx.event
    async def remove_contact(self, contact_id: str):
        return await self._act(deals.remove_deal_contact, contact_id=contact_id)
