"""The "New …" dialog every list page has: open it, type, create, land on the new record."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from lumenbase.errors import LumenbaseError, ValidationFailed
from lumenbase.state.session import call_service, utcnow


class NewRecordMixin(rx.State, mixin=True):
    new_open: bool = False
    new_form: dict[str, str] = {}
    new_errors: dict[str, str] = {}

    # --- what a page provides ---
    def _new_fields(self) -> tuple[str, ...]:
        raise NotImplementedError

    def _new_defaults(self) -> dict[str, str]:
        return {}

    def _create_service(self) -> Callable:
        """The service that creates the record: `fn(s, ctx, *, now, **fields)`."""
        raise NotImplementedError

    def _created(self, record) -> tuple[str, str]:
        """(toast message, route of the new record's page)."""
        raise NotImplementedError

    def _before_open(self) -> None:
        """Hook for extra dialog state (e.g. a company picker)."""

    # --- shared behaviour ---
    @rx.event
    def open_new(self):
        self.new_form = {name: "" for name in self._new_fields()} | self._new_defaults()
        self.new_errors = {}
        self._before_open()
        self.new_open = True

    @rx.event
    def set_new_open(self, value: bool):
        self.new_open = value

    @rx.event
    def set_new_field(self, name: str, value: str):
        if name in self._new_fields():
            self.new_form[name] = value

    @rx.event
    async def create(self):
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        values = {k: v for k, v in self.new_form.items() if k in self._new_fields()}
        try:
            record = await call_service(ctx, self._create_service(), now=utcnow(), **values)
        except ValidationFailed as exc:
            self.new_errors = exc.field_errors
            return
        except LumenbaseError as exc:
            self.new_errors = {"form": str(exc)}
            return
        self.new_open = False
        message, route = self._created(record)
        return [rx.toast.success(message), rx.redirect(route)]
