"""The base state: who is calling, resolved from the server-side session on every event.

The browser keeps only a random token (cookie). Every handler of every page state calls
`self._context()` first; a stale tab after logout, an expired session or a deactivated user
gets None and is sent to the login page. Ids and the token never decide anything by themselves:
services check the caller's permissions again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import reflex as rx

from lumenbase.context import WorkspaceContext
from lumenbase.db import workspace_session
from lumenbase.services import auth

SESSION_COOKIE = "lumenbase_session"


def utcnow() -> datetime:
    return datetime.now(UTC)


async def call_service(
    ctx: WorkspaceContext, fn: Callable[..., Any], *args: Any, **kwargs: Any
) -> Any:
    """Run `fn(s, ctx, ...)` in one workspace transaction, off the event loop."""

    def work() -> Any:
        with workspace_session(ctx) as s:
            return fn(s, ctx, *args, **kwargs)

    return await asyncio.to_thread(work)


class SessionState(rx.State):
    session_token: str = rx.Cookie(
        "", name=SESSION_COOKIE, same_site="strict", max_age=14 * 24 * 3600
    )
    user_name: str = ""
    user_email: str = ""
    workspace_name: str = ""
    role_label: str = ""
    can_write: bool = False

    async def _context(self) -> WorkspaceContext | None:
        info = await asyncio.to_thread(
            auth.resolve_session,
            self.session_token,
            now=utcnow(),
            ip=self.router.session.client_ip or None,
        )
        if info is None:
            return None
        self.user_name = info.user_name
        self.user_email = info.user_email
        self.workspace_name = info.workspace_name
        self.role_label = info.context.role.label
        self.can_write = info.context.role.can_write_crm
        return info.context

    def _to_login(self) -> rx.event.EventSpec:
        path = self.router.url.path or "/"
        target = "/login" if path in ("/", "/login") else f"/login?next={path}"
        return rx.redirect(target)

    @rx.event
    async def require_login(self):
        """on_load of every protected page."""
        if await self._context() is None:
            return self._to_login()

    @rx.event
    async def logout(self):
        await asyncio.to_thread(auth.logout, self.session_token, now=utcnow())
        self.session_token = ""
        self.user_name = self.user_email = self.workspace_name = self.role_label = ""
        return rx.redirect("/login")

    @rx.event
    async def go_home(self):
        """`/`: the contacts list for a signed-in user, the login page otherwise."""
        if await self._context() is None:
            return rx.redirect("/login")
        return rx.redirect("/contacts")
