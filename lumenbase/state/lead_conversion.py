"""The lead page's Convert dialog: a preview of what will be linked or created, the optional
deal, and the conversion itself (one service call, all or nothing)."""

from __future__ import annotations

import reflex as rx

from lumenbase.errors import LumenbaseError, NotFound, ValidationFailed
from lumenbase.services import leads
from lumenbase.services.lead_deal import COMMON_CURRENCIES
from lumenbase.state.session import SessionState, call_service, utcnow

# Errors shown at a field of the dialog; anything else goes in the callout at its top.
DIALOG_FIELDS = ("deal_name", "deal_amount", "currency", "pipeline_id")


class LeadConvertState(SessionState):
    open: bool = False
    lead_name: str = ""
    contact_line: str = ""
    company_line: str = ""
    # "link", "create" or "" for each, as the preview's badges show it.
    contact_action: str = ""
    company_action: str = ""
    create_deal: bool = False
    deal_name: str = ""
    deal_amount: str = ""
    currency: str = "USD"
    currencies: list[str] = list(COMMON_CURRENCIES)
    pipeline_id: str = ""
    pipelines: list[dict[str, str]] = []
    errors: dict[str, str] = {}
    converting: bool = False

    def _lead_id(self) -> int:
        return int(self.router.url.path.rstrip("/").rsplit("/", 1)[-1])

    @rx.event
    async def start(self):
        """Open the dialog with a fresh preview (someone may have added a contact since)."""
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        try:
            plan = await call_service(ctx, leads.plan_conversion, self._lead_id())
        except (LumenbaseError, ValueError) as exc:
            message = str(exc)
            if isinstance(exc, ValidationFailed):
                message = " ".join(exc.field_errors.values())
            return rx.toast.error(message)
        self.lead_name = plan.lead_name
        self.contact_action = "link" if plan.contact_id is not None else "create"
        self.contact_line = (
            f"Will link to existing contact {plan.contact_name}"
            if plan.contact_id is not None
            else f"Will create contact {plan.contact_name}"
        )
        self.company_action, self.company_line = _company_preview(plan)
        self.pipelines = [{"id": str(pid), "name": name} for pid, name in plan.pipelines]
        self.pipeline_id = self.pipelines[0]["id"] if self.pipelines else ""
        self.deal_name, self.deal_amount, self.currency = plan.deal_name, "", "USD"
        self.create_deal, self.errors, self.converting = False, {}, False
        self.open = True

    @rx.event
    def set_open(self, value: bool):
        self.open = value

    @rx.event
    def set_create_deal(self, value: bool):
        self.create_deal = bool(value)

    @rx.event
    def set_deal_name(self, value: str):
        self.deal_name = value[:200]
        self.errors.pop("deal_name", None)

    @rx.event
    def set_deal_amount(self, value: str):
        self.deal_amount = value[:40]
        self.errors.pop("deal_amount", None)

    @rx.event
    def set_currency(self, value: str):
        self.currency = value

    @rx.event
    def set_pipeline_id(self, value: str):
        self.pipeline_id = value

    @rx.event
    async def convert(self):
        ctx = await self._context()
        if ctx is None:
            yield self._to_login()
            return
        self.converting = True
        yield
        try:
            result = await call_service(
                ctx,
                leads.convert_lead,
                self._lead_id(),
                create_deal=self.create_deal,
                deal_name=self.deal_name,
                deal_amount=self.deal_amount,
                currency=self.currency,
                pipeline_id=self.pipeline_id or None,
                now=utcnow(),
            )
        except ValidationFailed as exc:
            self.errors = _dialog_errors(exc.field_errors)
            return
        except (NotFound, ValueError):
            self.errors = {"form": "This lead no longer exists; it may have been deleted."}
            return
        except LumenbaseError as exc:
            self.errors = {"form": str(exc)}
            return
        finally:
            self.converting = False
        self.open = False
        made = "with a new deal" if result.deal_id else "without a deal"
        yield rx.toast.success(f"{self.lead_name} converted {made}.")
        yield rx.redirect(f"/contacts/{result.contact_id}")


def _company_preview(plan) -> tuple[str, str]:
    if plan.company_id is not None:
        return "link", f"Will link to existing company {plan.company_name}"
    if plan.company_name:
        return "create", f"Will create company {plan.company_name}"
    return "", "No company: the lead names none and has no work email domain."


def _dialog_errors(field_errors: dict[str, str]) -> dict[str, str]:
    errors = {k: v for k, v in field_errors.items() if k in DIALOG_FIELDS}
    others = [v for k, v in field_errors.items() if k not in DIALOG_FIELDS]
    if others:
        errors["form"] = " ".join(others)
    return errors
