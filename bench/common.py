"""What the bench scripts share: the database they may use, and how to find the bench workspace.

Import this before anything from `lumenbase`: it points LUMENBASE_DB_NAME at the bench
database unless the caller chose one, and refuses names without "bench" in them, since the
generator drops and recreates the database it is given.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("LUMENBASE_DB_NAME", "lumenbase_bench")

from lumenbase.config import OWNER_ROLE, Settings, settings  # noqa: E402
from lumenbase.context import Role, WorkspaceContext  # noqa: E402

BENCH_DIR = Path(__file__).resolve().parent
OUT_DIR = BENCH_DIR / "out"
WORKSPACE_NAME = "Bench workspace"


def bench_settings() -> Settings:
    """Settings for the bench database; exits if they name any other database."""
    cfg = settings()
    if "bench" not in cfg.database_name:
        sys.exit(
            f"refusing to use database '{cfg.database_name}': bench scripts only run on a "
            "database whose name contains 'bench' (LUMENBASE_DB_NAME=lumenbase_bench)."
        )
    return cfg


def owner_url(cfg: Settings) -> str:
    """libpq URL of the owner role (BYPASSRLS) on the bench database."""
    from lumenbase.db import database_url

    return database_url(OWNER_ROLE)


def superuser_url(cfg: Settings) -> str | None:
    """The embedded server's superuser on the bench database (None with DATABASE_URL)."""
    if not cfg.embedded_database:
        return None
    from lumenbase import embedded_db

    return embedded_db.superuser_url(cfg, cfg.database_name)


@dataclass(frozen=True)
class BenchWorkspace:
    workspace_id: int
    members: dict[Role, list[int]]

    def context(self, role: Role) -> WorkspaceContext:
        return WorkspaceContext(
            workspace_id=self.workspace_id, user_id=self.members[role][0], role=role
        )


def find_workspace(conn) -> BenchWorkspace:
    """The generated workspace and its members by role, read through a BYPASSRLS connection."""
    row = conn.execute(
        "select id from workspace where name = %s order by id desc limit 1", (WORKSPACE_NAME,)
    ).fetchone()
    if row is None:
        sys.exit("no bench workspace: run bench/generate_workspace.py first.")
    members: dict[Role, list[int]] = {}
    for user_id, role in conn.execute(
        "select user_id, role from membership where workspace_id = %s order by user_id",
        (row[0],),
    ):
        members.setdefault(Role(role), []).append(user_id)
    return BenchWorkspace(workspace_id=row[0], members=members)
