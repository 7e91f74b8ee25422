"""Leads list and lead page states: thin, they call services and keep what is shown. The Convert
dialog has its own state (state/lead_conversion.py)."""

from __future__ import annotations

import reflex as rx

from lumenbase.errors import LumenbaseError
from lumenbase.services import contacts, leads
from lumenbase.services.common import RecordType
from lumenbase.services.lead_fields import EDITABLE_FIELDS, SETTABLE_STATUSES, LeadStatus
from lumenbase.state.formatting import form_values, show, website_href
from lumenbase.state.new_record import NewRecordMixin
from lumenbase.state.record_detail import RecordDetailMixin
from lumenbase.state.record_list import PAGE_SIZE, RecordListMixin
from lumenbase.state.session import SessionState, call_service, utcnow

NEW_LEAD_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "company_name",
    "title",
    "website",
    "source",
    "status",
)
STATUS_CHOICES = [{"value": str(s), "label": s.label} for s in SETTABLE_STATUSES]


class LeadListState(NewRecordMixin, RecordListMixin, SessionState):
    sort: str = "newest"
    status: str = leads.STATUS_OPEN
    statuses: list[dict[str, str]] = STATUS_CHOICES

    def _entity_type(self) -> str:
        return RecordType.LEAD.value

    def _default_sort(self) -> str:
        return "newest"

    def _extra_filters(self) -> dict:
        # Named as leads.list_leads and leads.lead_filters take them.
        return {"status": self.status}

    def _set_extra_filters(self, filters: dict) -> None:
        self.status = str(filters.get("status") or leads.STATUS_OPEN)

    async def _fetch(self, ctx):
        return await call_service(
            ctx,
            leads.list_leads,
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
            "company": item.company_name,
            "status": item.status,
            "status_label": LeadStatus(item.status).label,
            "score": "" if item.score is None else str(item.score),
            "source": item.source,
            "owner": item.owner_name,
        }

    @rx.event
    async def set_status(self, value: str):
        self.status = value
        return await self._filters_changed()

    def _new_fields(self) -> tuple[str, ...]:
        return NEW_LEAD_FIELDS

    def _new_defaults(self) -> dict[str, str]:
        return {"status": LeadStatus.NEW.value}

    def _create_service(self):
        return leads.create_lead

    def _created(self, record) -> tuple[str, str]:
        return "Lead created.", f"/leads/{record.id}"


class LeadDetailState(RecordDetailMixin, SessionState):
    record_type: str = RecordType.LEAD.value
    statuses: list[dict[str, str]] = STATUS_CHOICES
    converted: bool = False

    def _read(self, s, ctx, record_id: int):
        lead = leads.get_lead(s, ctx, record_id)
        members = dict(self._members_of(s, ctx))
        view = {name: show(getattr(lead, name)) for name in EDITABLE_FIELDS}
        view.update(
            id=str(lead.id),
            name=leads.lead_name(lead),
            status_label=LeadStatus(lead.status).label,
            score=show(lead.score),
            owner_name=members.get(lead.owner_id, ""),
            created_at=show(lead.created_at),
            updated_at=show(lead.updated_at),
            converted_at=show(lead.converted_at),
            website_href=website_href(lead.website),
            **self._converted_contact(s, ctx, lead),
        )
        extra = {"converted": lead.status == LeadStatus.CONVERTED}
        return view, form_values(lead, EDITABLE_FIELDS), extra

    @staticmethod
    def _converted_contact(s, ctx, lead) -> dict[str, str]:
        none = {"contact_id": "", "contact_name": ""}
        if not lead.converted_contact_id:
            return none
        try:
            contact = contacts.get_contact(s, ctx, lead.converted_contact_id)
        except LumenbaseError:  # the contact went to the trash since
            return none
        return {"contact_id": str(contact.id), "contact_name": contact.full_name}

    def _update(self, s, ctx, record_id: int, values: dict):
        return leads.update_lead(s, ctx, record_id, now=utcnow(), **values)

    def _delete(self, s, ctx, record_id: int):
        leads.delete_lead(s, ctx, record_id, now=utcnow())

    def _list_route(self) -> str:
        return "/leads"

    @rx.event
    async def change_status(self, value: str | list[str]):
        """The status buttons beside the record: one field, saved at once."""
        value = value[0] if isinstance(value, list) and value else str(value or "")
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        try:
            changed = await call_service(ctx, self._update, self._record_id, {"status": value})
        except LumenbaseError as exc:
            return rx.toast.error(str(exc))
        await self._reload(ctx)
        if changed:
            return rx.toast.success(f"Status: {LeadStatus(value).label}.")
