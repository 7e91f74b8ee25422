"""The login form."""

from __future__ import annotations

import asyncio

import reflex as rx

from lumenbase.errors import AuthenticationFailed
from lumenbase.services import auth
from lumenbase.state.session import SessionState, utcnow


class LoginState(SessionState):
    error: str = ""
    submitting: bool = False

    @rx.event
    async def redirect_if_logged_in(self):
        if await self._context() is not None:
            return rx.redirect("/contacts")

    @rx.event
    async def submit(self, form: dict):
        self.error = ""
        email = str(form.get("email", ""))
        password = str(form.get("password", ""))
        try:
            result = await asyncio.to_thread(
                auth.login,
                email=email,
                password=password,
                now=utcnow(),
                ip=self.router.session.client_ip or None,
                user_agent=self.router.headers.user_agent or None,
            )
        except AuthenticationFailed as exc:
            self.error = str(exc)
            return
        self.session_token = result.token
        target = str(self.router.url.query_parameters.get("next", "/contacts"))
        # Only local paths: an open redirect would hand a phishing page a trusted login.
        if not target.startswith("/") or target.startswith("//"):
            target = "/contacts"
        return rx.redirect(target)
