"""Test fixtures: one embedded PostgreSQL per run, a fresh `lumenbase_test` database migrated with
alembic, and helpers that act through the app role so row-level security is live in every test."""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime

import pytest

# Before anything imports lumenbase.config: tests use their own database on the same server.
os.environ.setdefault("LUMENBASE_DB_NAME", "lumenbase_test")
os.environ.setdefault("LUMENBASE_MAX_FAILED_LOGINS", "5")

from lumenbase import db  # noqa: E402
from lumenbase.config import settings  # noqa: E402
from lumenbase.context import WorkspaceContext  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def database():
    cfg = settings()
    if cfg.embedded_database:
        from lumenbase import embedded_db

        embedded_db.ensure_database(cfg)  # starts the server
        embedded_db.drop_database(cfg, cfg.database_name)
    from lumenbase.schema import migrate

    migrate(cfg)
    yield
    db.dispose_engines()


@pytest.fixture
def now() -> datetime:
    return datetime(2026, 12, 3, 9, 30, tzinfo=UTC)


def unique_email(prefix: str = "user") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}@example.com"


def make_workspace(now: datetime, name: str = "Acme") -> WorkspaceContext:
    from lumenbase.services.workspaces import create_workspace_with_admin

    return create_workspace_with_admin(
        workspace_name=name,
        email=unique_email("admin"),
        full_name=f"{name} Admin",
        password="correct horse battery staple",
        now=now,
    )


@pytest.fixture
def ws_a(now) -> WorkspaceContext:
    return make_workspace(now, "Acme")


@pytest.fixture
def ws_b(now) -> WorkspaceContext:
    return make_workspace(now, "Globex")
