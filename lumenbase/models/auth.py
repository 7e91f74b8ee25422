"""Workspaces, people who log in, their memberships and their login sessions."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from lumenbase.models.base import fk, id_field, utc_field


class Workspace(SQLModel, table=True):
    __tablename__ = "workspace"

    id: int | None = id_field()
    name: str
    created_at: datetime = utc_field(nullable=False)


class AppUser(SQLModel, table=True):
    """A person who can log in. Global: one person may belong to several workspaces."""

    __tablename__ = "app_user"

    id: int | None = id_field()
    email: str = Field(unique=True)
    full_name: str
    password_hash: str
    is_active: bool = True
    last_login_at: datetime | None = utc_field()
    created_at: datetime = utc_field(nullable=False)


class Membership(SQLModel, table=True):
    """A user's seat in a workspace, with the role that decides what they may do there."""

    __tablename__ = "membership"

    id: int | None = id_field()
    workspace_id: int = fk("workspace.id", nullable=False)
    user_id: int = fk("app_user.id", nullable=False)
    role: str
    is_active: bool = True
    created_at: datetime = utc_field(nullable=False)


class LoginSession(SQLModel, table=True):
    """A server-side session. The browser holds a random token; only its hash is stored."""

    __tablename__ = "login_session"

    id: int | None = id_field()
    workspace_id: int = fk("workspace.id", nullable=False)
    user_id: int = fk("app_user.id", nullable=False)
    token_hash: str = Field(unique=True)
    created_at: datetime = utc_field(nullable=False)
    last_seen_at: datetime = utc_field(nullable=False)
    expires_at: datetime = utc_field(nullable=False)
    ended_at: datetime | None = utc_field()
    ip: str | None = None
    user_agent: str | None = None


class LoginThrottle(SQLModel, table=True):
    """Failed logins per typed email (existing account or not), for lockout."""

    __tablename__ = "login_throttle"

    email: str = Field(primary_key=True)
    failed_count: int = 0
    first_failed_at: datetime = utc_field(nullable=False)
    locked_until: datetime | None = utc_field()
