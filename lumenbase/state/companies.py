"""Companies list and company page states."""

from __future__ import annotations

import reflex as rx

from lumenbase.errors import LumenbaseError, ValidationFailed
from lumenbase.services import companies, contacts
from lumenbase.services.common import RecordType
from lumenbase.state.formatting import form_values, show, website_href
from lumenbase.state.record_detail import RecordDetailMixin
from lumenbase.state.record_list import PAGE_SIZE, RecordListMixin
from lumenbase.state.session import SessionState, call_service, utcnow

NEW_COMPANY_FIELDS = ("name", "domain", "industry", "country", "employee_count")


class CompanyListState(RecordListMixin, SessionState):
    new_open: bool = False
    new_form: dict[str, str] = {}
    new_errors: dict[str, str] = {}

    def _entity_type(self) -> str:
        return RecordType.COMPANY.value

    async def _fetch(self, ctx):
        return await call_service(
            ctx,
            companies.list_companies,
            **self._filters(),
            sort=self.sort,
            page=self.page,
            page_size=PAGE_SIZE,
        )

    def _row(self, item) -> dict[str, str]:
        return {
            "id": str(item.id),
            "name": item.name,
            "domain": item.domain,
            "industry": item.industry,
            "country": item.country,
            "employees": f"{item.employee_count:,}" if item.employee_count is not None else "",
            "contacts": f"{item.contact_count:,}",
            "owner": item.owner_name,
        }

    @rx.event
    def open_new(self):
        self.new_form = {name: "" for name in NEW_COMPANY_FIELDS}
        self.new_errors = {}
        self.new_open = True

    @rx.event
    def set_new_open(self, value: bool):
        self.new_open = value

    @rx.event
    def set_new_field(self, name: str, value: str):
        if name in NEW_COMPANY_FIELDS:
            self.new_form[name] = value

    @rx.event
    async def create(self):
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        values = {k: v for k, v in self.new_form.items() if k in NEW_COMPANY_FIELDS}
        try:
            company = await call_service(ctx, companies.create_company, now=utcnow(), **values)
        except ValidationFailed as exc:
            self.new_errors = exc.field_errors
            return
        except LumenbaseError as exc:
            self.new_errors = {"form": str(exc)}
            return
        self.new_open = False
        return [rx.toast.success("Company created."), rx.redirect(f"/companies/{company.id}")]


class CompanyDetailState(RecordDetailMixin, SessionState):
    record_type: str = RecordType.COMPANY.value
    people: list[dict[str, str]] = []
    people_total: int = 0

    def _read(self, s, ctx, record_id: int):
        company = companies.get_company(s, ctx, record_id)
        members = dict(self._members_of(s, ctx))
        people = contacts.list_contacts(s, ctx, company_id=company.id, page_size=50)
        view = {name: show(getattr(company, name)) for name in companies.EDITABLE_FIELDS}
        view.update(
            id=str(company.id),
            owner_name=members.get(company.owner_id, ""),
            created_at=show(company.created_at),
            updated_at=show(company.updated_at),
            website_href=website_href(company.website),
        )
        extra = {
            "people": [
                {"id": str(p.id), "name": p.name, "email": p.email, "title": p.title}
                for p in people.items
            ],
            "people_total": people.total,
        }
        return view, form_values(company, companies.EDITABLE_FIELDS), extra

    def _update(self, s, ctx, record_id: int, values: dict):
        return companies.update_company(s, ctx, record_id, now=utcnow(), **values)

    def _delete(self, s, ctx, record_id: int):
        companies.delete_company(s, ctx, record_id, now=utcnow())

    def _list_route(self) -> str:
        return "/companies"
