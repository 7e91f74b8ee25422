"""Companies list and company page states."""

from __future__ import annotations

from lumenbase.services import companies, contacts
from lumenbase.services.common import RecordType
from lumenbase.state.formatting import form_values, show, website_href
from lumenbase.state.new_record import NewRecordMixin
from lumenbase.state.record_detail import RecordDetailMixin
from lumenbase.state.record_list import PAGE_SIZE, RecordListMixin
from lumenbase.state.session import SessionState, call_service, utcnow

NEW_COMPANY_FIELDS = ("name", "domain", "industry", "country", "employee_count")


class CompanyListState(NewRecordMixin, RecordListMixin, SessionState):
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

    def _new_fields(self) -> tuple[str, ...]:
        return NEW_COMPANY_FIELDS

    def _create_service(self):
        return companies.create_company

    def _created(self, record) -> tuple[str, str]:
        return "Company created.", f"/companies/{record.id}"


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
