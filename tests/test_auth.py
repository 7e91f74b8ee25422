"""Login, lockout, password limits and server-side sessions (lumenbase.services.auth)."""

from __future__ import annotations

import statistics
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from lumenbase import db
from lumenbase.config import settings
from lumenbase.context import Role, WorkspaceContext
from lumenbase.errors import AuthenticationFailed, ValidationFailed
from lumenbase.services import auth
from lumenbase.services.auth import LOGIN_FAILED_MESSAGE, MAX_PASSWORD_LENGTH
from lumenbase.services.workspaces import create_workspace_with_admin
from tests.conftest import unique_email

NOW = datetime(2026, 12, 3, 9, 30, tzinfo=UTC)
PASSWORD = "correct horse battery staple"


def make_account(
    password: str = PASSWORD, email: str | None = None
) -> tuple[str, WorkspaceContext]:
    email = email or unique_email("login")
    ctx = create_workspace_with_admin(
        workspace_name="Auth Co", email=email, full_name="Ada Auth", password=password, now=NOW
    )
    return email, ctx


@pytest.fixture
def account() -> tuple[str, WorkspaceContext]:
    return make_account()


def refused(email: str, password: str, now: datetime = NOW) -> str:
    with pytest.raises(AuthenticationFailed) as exc:
        auth.login(email=email, password=password, now=now)
    return str(exc.value)


def owner_rows(sql: str, **params) -> list:
    """As the owner role (bypasses RLS): to look at what is really stored."""
    with db.bootstrap_session() as s:
        return s.execute(text(sql), params).all()


def owner_update(sql: str, **params) -> int:
    """As the owner role: an admin-side change made behind the app's back."""
    with db.bootstrap_session() as s:
        return s.execute(text(sql), params).rowcount


def throttle_state(email: str):
    rows = owner_rows(
        "select failed_count, locked_until from login_throttle where email = :e", e=email
    )
    return tuple(rows[0]) if rows else None


# --- login ---------------------------------------------------------------------------------


def test_login_returns_token_and_context(account):
    email, ctx = account
    result = auth.login(email=f"  {email.upper()} ", password=PASSWORD, now=NOW, ip="10.0.0.1")
    assert len(result.token) >= 32
    assert result.context.workspace_id == ctx.workspace_id
    assert result.context.user_id == ctx.user_id
    assert result.context.role is Role.ADMIN
    assert result.context.ip == "10.0.0.1"
    # Two logins are two sessions with different tokens.
    assert auth.login(email=email, password=PASSWORD, now=NOW).token != result.token


def test_wrong_password_and_unknown_email_fail_alike(account):
    email, _ = account
    wrong = refused(email, "correct horse battery stapler")
    unknown = refused(unique_email("nobody"), PASSWORD)
    empty = refused("", PASSWORD)
    assert wrong == unknown == empty == LOGIN_FAILED_MESSAGE


def test_wrong_password_and_unknown_email_take_similar_time(account):
    """Behaviour, not a benchmark: an unknown email must cost a password verification too,
    or timing would tell which emails have accounts."""
    email, _ = account
    known_times, unknown_times = [], []
    for i in range(5):
        # Interleaved, so drift in machine load hits both alike. Fresh `now` per attempt keeps
        # the lockout out of it (each attempt is past the previous lock).
        at = NOW + timedelta(hours=i)
        for target, times in ((email, known_times), (unique_email("ghost"), unknown_times)):
            start = time.perf_counter()
            refused(target, "not the password at all", now=at)
            times.append(time.perf_counter() - start)
    ratio = statistics.median(unknown_times) / statistics.median(known_times)
    assert 0.5 <= ratio <= 2.0, (ratio, known_times, unknown_times)


def test_deactivated_user_cannot_log_in(account):
    email, ctx = account
    owner_update("update app_user set is_active = false where id = :u", u=ctx.user_id)
    assert refused(email, PASSWORD) == LOGIN_FAILED_MESSAGE


# --- lockout -------------------------------------------------------------------------------


def test_lockout_after_max_failed_logins(account):
    email, _ = account
    max_failures = settings().max_failed_logins
    lockout = timedelta(minutes=settings().lockout_minutes)
    assert max_failures == 5
    for i in range(max_failures):
        refused(email, f"wrong password {i}", now=NOW + timedelta(seconds=i))
    last_failure = NOW + timedelta(seconds=max_failures - 1)

    # Locked: the right password is refused, with the same message.
    assert refused(email, PASSWORD, now=last_failure + timedelta(minutes=1)) == LOGIN_FAILED_MESSAGE
    # That attempt counted too; the lock now runs from it.
    locked_until = throttle_state(email)[1]
    assert locked_until == last_failure + timedelta(minutes=1) + lockout
    # Once the lock has passed, the right password works and clears the count.
    result = auth.login(email=email, password=PASSWORD, now=locked_until + timedelta(minutes=1))
    assert result.token
    assert throttle_state(email) == (0, None)


def test_one_failure_short_of_the_limit_is_not_locked(account):
    email, _ = account
    for i in range(settings().max_failed_logins - 1):
        refused(email, f"wrong password {i}")
    assert auth.login(email=email, password=PASSWORD, now=NOW).token
    # The success reset the count: another run of (limit - 1) failures does not lock either.
    for i in range(settings().max_failed_logins - 1):
        refused(email, f"wrong again {i}")
    assert auth.login(email=email, password=PASSWORD, now=NOW).token


def test_lockout_applies_to_unknown_emails_too(account):
    """No enumeration: an email without an account is throttled exactly like one with."""
    known, _ = account
    unknown = unique_email("later")
    for i in range(settings().max_failed_logins):
        refused(known, f"guess {i}")
        refused(unknown, f"guess {i}")
    assert throttle_state(unknown) == throttle_state(known)
    assert throttle_state(unknown)[1] == NOW + timedelta(minutes=settings().lockout_minutes)

    # Someone now registers that email: the lock still holds for it, then passes.
    make_account(email=unknown)
    assert refused(unknown, PASSWORD, now=NOW + timedelta(minutes=1)) == LOGIN_FAILED_MESSAGE
    later = NOW + timedelta(minutes=1 + settings().lockout_minutes, seconds=1)
    assert auth.login(email=unknown, password=PASSWORD, now=later).token


# --- password length -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "password",
    [
        "a" * MAX_PASSWORD_LENGTH,
        "ünïcødé 密码 🔐 " * 2,
        ("🔐" * MAX_PASSWORD_LENGTH),  # 1024 characters, 4096 bytes of UTF-8
        "é" * (MAX_PASSWORD_LENGTH - 1) + "!",
    ],
    ids=["ascii-max", "mixed-unicode", "emoji-max", "accented-max"],
)
def test_long_and_unicode_passwords_work(password):
    email, ctx = make_account(password=password)
    assert auth.login(email=email, password=password, now=NOW).context.user_id == ctx.user_id
    # Not truncated or normalised away: a one-character change is a wrong password.
    assert refused(email, password[:-1] + "x") == LOGIN_FAILED_MESSAGE


def test_too_long_password_is_refused_cleanly():
    too_long = "a" * (MAX_PASSWORD_LENGTH + 1)
    with pytest.raises(ValidationFailed) as exc:
        auth.hash_password(too_long)
    assert "password" in exc.value.field_errors
    with pytest.raises(ValidationFailed):
        make_account(password=too_long)

    email, _ = make_account(password="a" * MAX_PASSWORD_LENGTH)
    # The right password plus one character, and a megabyte: refused, same message, no crash.
    assert refused(email, too_long) == LOGIN_FAILED_MESSAGE
    start = time.perf_counter()
    assert refused(email, "a" * 1_000_000) == LOGIN_FAILED_MESSAGE
    assert time.perf_counter() - start < 5


# --- sessions ------------------------------------------------------------------------------


def test_token_is_stored_only_hashed(account):
    email, _ = account
    token = auth.login(email=email, password=PASSWORD, now=NOW).token
    stored = owner_rows(
        "select count(*) from login_session where token_hash = :h", h=auth.hash_token(token)
    )
    assert stored[0][0] == 1
    with db.bootstrap_session() as s:
        tables = s.execute(
            text(
                "select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace "
                "where n.nspname = 'public' and c.relkind = 'r'"
            )
        ).scalars()
        leaks = [
            t
            for t in tables
            if s.execute(
                text(f"select count(*) from {t} x where position(:tok in x::text) > 0"),
                {"tok": token},
            ).scalar_one()
        ]
    assert not leaks, f"the raw session token is stored in {leaks}"


def test_resolve_session_lifecycle(account):
    email, ctx = account
    token = auth.login(email=email, password=PASSWORD, now=NOW).token
    other_device = auth.login(email=email, password=PASSWORD, now=NOW).token

    info = auth.resolve_session(token, now=NOW + timedelta(minutes=5))
    assert info is not None
    assert (info.context.workspace_id, info.context.user_id, info.context.role) == (
        ctx.workspace_id,
        ctx.user_id,
        Role.ADMIN,
    )
    assert info.user_email == email
    assert info.workspace_name == "Auth Co"

    # Another tab holding the same token logs out: every holder of that token is out...
    auth.logout(token, now=NOW + timedelta(minutes=6))
    assert auth.resolve_session(token, now=NOW + timedelta(minutes=7)) is None
    # ...but not the user's other session, and a second logout is harmless.
    auth.logout(token, now=NOW + timedelta(minutes=8))
    assert auth.resolve_session(other_device, now=NOW + timedelta(minutes=7)) is not None


def test_resolve_session_expires():
    email, _ = make_account()
    token = auth.login(email=email, password=PASSWORD, now=NOW).token
    expiry = NOW + timedelta(days=settings().session_days)
    assert auth.resolve_session(token, now=expiry - timedelta(seconds=1)) is not None
    assert auth.resolve_session(token, now=expiry) is None
    assert auth.resolve_session(token, now=expiry + timedelta(days=1)) is None


def test_resolve_session_rejects_garbage(account):
    email, _ = account
    token = auth.login(email=email, password=PASSWORD, now=NOW).token
    for garbage in (None, "", "garbage", token[:-1], token + "x", "' or 1=1 --", "\x00"):
        assert auth.resolve_session(garbage, now=NOW) is None, garbage
    # The stored hash is not a token either (a leaked database row must not log anyone in).
    assert auth.resolve_session(auth.hash_token(token), now=NOW) is None
    assert auth.resolve_session(token, now=NOW) is not None


def test_deactivated_membership_ends_access(account):
    email, ctx = account
    token = auth.login(email=email, password=PASSWORD, now=NOW).token
    assert auth.resolve_session(token, now=NOW) is not None
    changed = owner_update(
        "update membership set is_active = false where workspace_id = :w and user_id = :u",
        w=ctx.workspace_id,
        u=ctx.user_id,
    )
    assert changed == 1
    assert auth.resolve_session(token, now=NOW) is None
    assert refused(email, PASSWORD) == LOGIN_FAILED_MESSAGE


def test_deactivated_user_ends_access(account):
    email, ctx = account
    token = auth.login(email=email, password=PASSWORD, now=NOW).token
    owner_update("update app_user set is_active = false where id = :u", u=ctx.user_id)
    assert auth.resolve_session(token, now=NOW) is None


def test_role_change_applies_on_next_call(account):
    email, ctx = account
    token = auth.login(email=email, password=PASSWORD, now=NOW).token
    assert auth.resolve_session(token, now=NOW).context.role is Role.ADMIN
    for role in (Role.READ_ONLY, Role.SALES_REP, Role.MANAGER):
        owner_update(
            "update membership set role = :r where workspace_id = :w and user_id = :u",
            r=role.value,
            w=ctx.workspace_id,
            u=ctx.user_id,
        )
        assert auth.resolve_session(token, now=NOW).context.role is role
