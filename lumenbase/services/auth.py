"""Passwords, login, server-side sessions, logout.

The browser holds a random session token; the database holds only its SHA-256. A login costs
the same whether or not the email exists (a dummy hash is verified for unknown emails), and
answers with the same message for an unknown email, a wrong password and a locked account.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from passlib.context import CryptContext
from sqlmodel import Session, select

from lumenbase.config import settings
from lumenbase.context import Role, WorkspaceContext
from lumenbase.db import auth_session
from lumenbase.errors import AuthenticationFailed, ValidationFailed
from lumenbase.models import AppUser, LoginSession, LoginThrottle, Membership, Workspace

# argon2 has no input limit of its own, but hashing megabytes per attempt would let anyone tie
# up the CPU; 1024 characters is far beyond any passphrase.
MAX_PASSWORD_LENGTH = 1024
MIN_PASSWORD_LENGTH = 10
LOGIN_FAILED_MESSAGE = "Email or password is incorrect, or the account is locked for a while."

_passwords = CryptContext(schemes=["argon2"], deprecated="auto")
_DUMMY_HASH = _passwords.hash("lumenbase-timing-equaliser")


def hash_password(password: str) -> str:
    check_password_rules(password)
    return _passwords.hash(password)


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationFailed({"password": f"Use at least {MIN_PASSWORD_LENGTH} characters."})
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValidationFailed({"password": f"Use at most {MAX_PASSWORD_LENGTH} characters."})


def normalise_email(email: str) -> str:
    return email.replace("\u00a0", " ").strip().lower()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class LoginResult:
    token: str
    context: WorkspaceContext


def login(
    *,
    email: str,
    password: str,
    now: datetime,
    ip: str | None = None,
    user_agent: str | None = None,
) -> LoginResult:
    """Check the password and open a session in the user's first active workspace.

    Refuses, with one message for every cause: unknown email, wrong password, deactivated user,
    no active membership, or too many recent failures for this email.
    """
    email = normalise_email(email)
    if not email or len(password) > MAX_PASSWORD_LENGTH:
        _passwords.verify("x", _DUMMY_HASH)
        raise AuthenticationFailed(LOGIN_FAILED_MESSAGE)
    cfg = settings()
    with auth_session(login_email=email) as s:
        throttle = s.get(LoginThrottle, email)
        user = s.exec(select(AppUser).where(AppUser.email == email)).first()
        locked = (
            throttle is not None
            and throttle.locked_until is not None
            and throttle.locked_until > now
        )
        password_ok = _verify(user, password)
        if locked or not password_ok or user is None or not user.is_active:
            _record_failure(s, throttle, email, now, cfg.max_failed_logins, cfg.lockout_minutes)
            failed = True
        else:
            failed = False
            if throttle is not None:
                throttle.failed_count = 0
                throttle.locked_until = None
                s.add(throttle)
            if _passwords.needs_update(user.password_hash):
                user.password_hash = _passwords.hash(password)
            user_id = user.id
    # The failure is committed above even though we raise now.
    if failed:
        raise AuthenticationFailed(LOGIN_FAILED_MESSAGE)
    with auth_session(user_id=user_id) as s:
        membership = s.exec(
            select(Membership)
            .where(Membership.user_id == user_id, Membership.is_active)
            .order_by(Membership.id)
        ).first()
        if membership is None:
            raise AuthenticationFailed(LOGIN_FAILED_MESSAGE)
        user = s.get(AppUser, user_id)
        user.last_login_at = now
        token = secrets.token_urlsafe(32)
        s.add(
            LoginSession(
                workspace_id=membership.workspace_id,
                user_id=user_id,
                token_hash=hash_token(token),
                created_at=now,
                last_seen_at=now,
                expires_at=now + timedelta(days=cfg.session_days),
                ip=ip,
                user_agent=(user_agent or "")[:500] or None,
            )
        )
        return LoginResult(
            token=token,
            context=WorkspaceContext(
                workspace_id=membership.workspace_id,
                user_id=user_id,
                role=Role(membership.role),
                ip=ip,
                user_agent=user_agent,
            ),
        )


def _verify(user: AppUser | None, password: str) -> bool:
    if user is None:
        _passwords.verify(password, _DUMMY_HASH)
        return False
    return _passwords.verify(password, user.password_hash)


def _record_failure(
    s: Session,
    throttle: LoginThrottle | None,
    email: str,
    now: datetime,
    max_failures: int,
    lockout_minutes: int,
) -> None:
    window = timedelta(minutes=lockout_minutes)
    if throttle is None:
        throttle = LoginThrottle(email=email, failed_count=0, first_failed_at=now)
    if now - throttle.first_failed_at > window and not (
        throttle.locked_until and throttle.locked_until > now
    ):
        throttle.failed_count = 0
        throttle.first_failed_at = now
    throttle.failed_count += 1
    if throttle.failed_count >= max_failures:
        throttle.locked_until = now + window
    s.add(throttle)


@dataclass(frozen=True)
class SessionInfo:
    context: WorkspaceContext
    user_name: str
    user_email: str
    workspace_name: str


# Touching last_seen_at on every event would turn every click into a write.
_TOUCH_INTERVAL = timedelta(minutes=1)


def resolve_session(
    token: str | None, *, now: datetime, ip: str | None = None
) -> SessionInfo | None:
    """The caller behind a browser's token, or None if the session is unknown, ended, expired,
    or its user or membership has been deactivated. The role is read fresh every time, so a
    role change applies on the user's next action."""
    if not token:
        return None
    with auth_session(session_token_hash=hash_token(token)) as s:
        login_session = s.exec(
            select(LoginSession).where(LoginSession.token_hash == hash_token(token))
        ).first()
        if (
            login_session is None
            or login_session.ended_at is not None
            or login_session.expires_at <= now
        ):
            return None
        user_id, workspace_id = login_session.user_id, login_session.workspace_id
        if now - login_session.last_seen_at > _TOUCH_INTERVAL:
            login_session.last_seen_at = now
            s.add(login_session)
    with auth_session(user_id=user_id) as s:
        row = s.exec(
            select(AppUser, Membership, Workspace)
            .join(Membership, Membership.user_id == AppUser.id)
            .join(Workspace, Workspace.id == Membership.workspace_id)
            .where(AppUser.id == user_id, Membership.workspace_id == workspace_id)
        ).first()
    if row is None:
        return None
    user, membership, workspace = row
    if not user.is_active or not membership.is_active:
        return None
    return SessionInfo(
        context=WorkspaceContext(
            workspace_id=workspace_id, user_id=user_id, role=Role(membership.role), ip=ip
        ),
        user_name=user.full_name,
        user_email=user.email,
        workspace_name=workspace.name,
    )


def logout(token: str | None, *, now: datetime) -> None:
    """End the session behind `token` for every tab and device that holds it."""
    if not token:
        return
    with auth_session(session_token_hash=hash_token(token)) as s:
        login_session = s.exec(
            select(LoginSession).where(LoginSession.token_hash == hash_token(token))
        ).first()
        if login_session is not None and login_session.ended_at is None:
            login_session.ended_at = now
            s.add(login_session)


def context_for_email(email: str) -> WorkspaceContext:
    """The context of a user named on the command line (first active workspace). For the CLI
    and jobs, which act as a real member and so are held to that member's role."""
    email = normalise_email(email)
    with auth_session(login_email=email) as s:
        user = s.exec(select(AppUser).where(AppUser.email == email)).first()
        if user is None or not user.is_active:
            raise AuthenticationFailed(f"No active user with the email {email}.")
        user_id = user.id
    with auth_session(user_id=user_id) as s:
        membership = s.exec(
            select(Membership)
            .where(Membership.user_id == user_id, Membership.is_active)
            .order_by(Membership.id)
        ).first()
    if membership is None:
        raise AuthenticationFailed(f"{email} has no active workspace.")
    return WorkspaceContext(
        workspace_id=membership.workspace_id, user_id=user_id, role=Role(membership.role)
    )
