"""Contacts list and contact page states: thin, they call services and keep what is shown."""

from __future__ import annotations

import reflex as rx

from lumenbase.services import companies, contacts
from lumenbase.services.common import RecordType
from lumenbase.state.formatting import form_values, show
from lumenbase.state.new_record import NewRecordMixin
from lumenbase.state.record_detail import RecordDetailMixin
from lumenbase.state.record_list import PAGE_SIZE, RecordListMixin
from lumenbase.state.session import SessionState, call_service, utcnow

NEW_CONTACT_FIELDS = ("first_name", "last_name", "email", "phone", "title", "company_id")


class ContactListState(NewRecordMixin, RecordListMixin, SessionState):
    company_query: str = ""
    company_options: list[dict[str, str]] = []

    def _entity_type(self) -> str:
        return RecordType.CONTACT.value

    async def _fetch(self, ctx):
        return await call_service(
            ctx,
            contacts.list_contacts,
            **self._filters(),
            sort=self.sort,
            page=self.page,
            page_size=PAGE_SIZE,
        )

    def _row(self, item) -> dict[str, str]:
        return {
            "id": str(item.id),
            "name": item.name,
            "email": item.email,
            "phone": item.phone,
            "title": item.title,
            "company_id": str(item.company_id or ""),
            "company": item.company_name,
            "owner": item.owner_name,
        }

    def _new_fields(self) -> tuple[str, ...]:
        return NEW_CONTACT_FIELDS

    def _create_service(self):
        return contacts.create_contact

    def _created(self, record) -> tuple[str, str]:
        return "Contact created.", f"/contacts/{record.id}"

    def _before_open(self) -> None:
        self.company_query = ""
        self.company_options = []

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


class ContactDetailState(RecordDetailMixin, SessionState):
    record_type: str = RecordType.CONTACT.value
    company_query: str = ""
    company_options: list[dict[str, str]] = []

    def _read(self, s, ctx, record_id: int):
        contact = contacts.get_contact(s, ctx, record_id)
        company = companies.get_company(s, ctx, contact.company_id) if contact.company_id else None
        members = dict(self._members_of(s, ctx))
        view = {name: show(getattr(contact, name)) for name in contacts.EDITABLE_FIELDS}
        view.update(
            id=str(contact.id),
            name=contact.full_name,
            company_name=company.name if company else "",
            owner_name=members.get(contact.owner_id, ""),
            created_at=show(contact.created_at),
            updated_at=show(contact.updated_at),
        )
        return view, form_values(contact, contacts.EDITABLE_FIELDS), {}

    def _update(self, s, ctx, record_id: int, values: dict):
        return contacts.update_contact(s, ctx, record_id, now=utcnow(), **values)

    def _delete(self, s, ctx, record_id: int):
        contacts.delete_contact(s, ctx, record_id, now=utcnow())

    def _list_route(self) -> str:
        return "/contacts"

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

    def _before_edit(self) -> None:
        self.company_query = self.record.get("company_name", "")
        self.company_options = []
