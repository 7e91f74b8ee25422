"""Engines and the one helper that opens a database session.

Nothing else in Lumenbase talks to the database. Each unit of work is one transaction that
starts by setting the caller's workspace, user and role with `set_config(name, value, true)`:
transaction-local, so nothing survives on a pooled connection, and an unset value matches no
row in the row-level security policies (fail closed).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from functools import lru_cache

from sqlalchemy import Engine, create_engine, text
from sqlmodel import Session

from lumenbase.config import APP_ROLE, MAINTENANCE_ROLE, OWNER_ROLE, settings
from lumenbase.context import WorkspaceContext

# Every setting the policies read. All are set in every transaction, to '' when not in play.
SETTING_WORKSPACE = "lumenbase.workspace_id"
SETTING_USER = "lumenbase.user_id"
SETTING_ROLE = "lumenbase.role"
SETTING_LOGIN_EMAIL = "lumenbase.login_email"
SETTING_SESSION_TOKEN = "lumenbase.session_token_hash"
ALL_SETTINGS = (
    SETTING_WORKSPACE,
    SETTING_USER,
    SETTING_ROLE,
    SETTING_LOGIN_EMAIL,
    SETTING_SESSION_TOKEN,
)


def _sqlalchemy_url(url: str) -> str:
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def database_url(role: str) -> str:
    """libpq URL for one of our three roles, embedded or configured."""
    cfg = settings()
    if cfg.embedded_database:
        from lumenbase import embedded_db

        return embedded_db.role_url(cfg, role)
    return {
        OWNER_ROLE: cfg.owner_database_url,
        APP_ROLE: cfg.app_database_url,
        MAINTENANCE_ROLE: cfg.maintenance_database_url,
    }[role]


@lru_cache(maxsize=4)
def engine(role: str = APP_ROLE) -> Engine:
    return create_engine(
        _sqlalchemy_url(database_url(role)),
        pool_pre_ping=True,
        pool_size=10,
        max_overflow=20,
    )


def dispose_engines() -> None:
    for role in (APP_ROLE, OWNER_ROLE, MAINTENANCE_ROLE):
        if engine.cache_info().currsize:
            engine(role).dispose()
    engine.cache_clear()


@contextmanager
def scoped_session(values: dict[str, str], *, role: str = APP_ROLE) -> Iterator[Session]:
    """A session in one transaction with the given policy settings; commits on success."""
    unknown = set(values) - set(ALL_SETTINGS)
    if unknown:
        raise ValueError(f"unknown session settings: {sorted(unknown)}")
    with Session(engine(role), expire_on_commit=False) as session, session.begin():
        params = {f"v{i}": values.get(name, "") for i, name in enumerate(ALL_SETTINGS)}
        calls = ", ".join(
            f"set_config('{name}', :v{i}, true)" for i, name in enumerate(ALL_SETTINGS)
        )
        session.execute(text(f"select {calls}"), params)
        yield session


def workspace_session(ctx: WorkspaceContext) -> AbstractContextManager[Session]:
    """The usual unit of work: acting as `ctx.user_id` inside `ctx.workspace_id`."""
    return scoped_session(
        {
            SETTING_WORKSPACE: str(ctx.workspace_id),
            SETTING_USER: str(ctx.user_id),
            SETTING_ROLE: str(ctx.role),
        }
    )


def auth_session(
    *, login_email: str = "", session_token_hash: str = "", user_id: int | None = None
) -> AbstractContextManager[Session]:
    """Before a workspace is known: find a user by the email typed at login, a session by the
    hash of the token its browser holds, or a user's own memberships."""
    return scoped_session(
        {
            SETTING_LOGIN_EMAIL: login_email,
            SETTING_SESSION_TOKEN: session_token_hash,
            SETTING_USER: str(user_id) if user_id else "",
        }
    )


def bootstrap_session() -> AbstractContextManager[Session]:
    """Owner connection for setup work that precedes any workspace (creating one, seeding)."""
    return scoped_session({}, role=OWNER_ROLE)


def next_id(s: Session, table: str) -> int:
    """Take the next id of `table` before inserting, for the two inserts whose rows the caller
    cannot see yet (a new workspace, a new user), so no RETURNING has to pass a policy."""
    return s.execute(
        text("select nextval(pg_get_serial_sequence(:t, 'id'))"), {"t": table}
    ).scalar_one()


def enter_workspace(s: Session, workspace_id: int, user_id: int) -> None:
    """Switch the open transaction to a workspace just created in it, as its first admin (and
    only then)."""
    s.execute(
        text(
            f"select set_config('{SETTING_WORKSPACE}', :w, true), "
            f"set_config('{SETTING_USER}', :u, true), set_config('{SETTING_ROLE}', 'admin', true)"
        ),
        {"w": str(workspace_id), "u": str(user_id)},
    )
