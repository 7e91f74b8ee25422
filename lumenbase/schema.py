"""Bring a database to the current schema: roles, database, extensions, then alembic.

Embedded: everything is created here with the server's superuser. External (DATABASE_URL):
the roles and database must exist or the owner must be allowed to create the roles; see README.
"""

from __future__ import annotations

import logging

import psycopg
from alembic import command
from alembic.config import Config
from psycopg import sql

from lumenbase.config import (
    APP_ROLE,
    MAINTENANCE_ROLE,
    OWNER_ROLE,
    PROJECT_ROOT,
    Settings,
    settings,
)
from lumenbase.db import _sqlalchemy_url, database_url

log = logging.getLogger(__name__)

# Row-level security only lets the planner use an index for a condition whose operator is
# LEAKPROOF (otherwise the condition could see rows before the policy filters them). LIKE and
# trigram similarity are not marked so by default, which would turn every search into a scan
# of the workspace. They reveal nothing beyond true/false for the row being compared, so with
# superuser rights we mark them, and search keeps its trigram index under RLS.
LEAKPROOF_FUNCTIONS = [
    "textlike(text, text)",
    "texticlike(text, text)",
    "similarity_op(text, text)",
    "word_similarity_op(text, text)",
    "strict_word_similarity_op(text, text)",
]


def alembic_config(url: str) -> Config:
    cfg = Config(str(PROJECT_ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    cfg.attributes["connection_url"] = _sqlalchemy_url(url)
    return cfg


def mark_search_operators_leakproof(superuser_url: str) -> bool:
    try:
        with psycopg.connect(superuser_url, autocommit=True) as conn:
            is_super = conn.execute(
                "select rolsuper from pg_roles where rolname = current_user"
            ).fetchone()
            if not is_super or not is_super[0]:
                return False
            for signature in LEAKPROOF_FUNCTIONS:
                conn.execute(f"alter function {signature} leakproof")
        return True
    except psycopg.Error as exc:
        log.warning("could not mark search operators leakproof: %s", exc)
        return False


def ensure_external_roles(cfg: Settings) -> None:
    """With DATABASE_URL, create the app and maintenance roles when the owner may do so."""
    with psycopg.connect(cfg.owner_database_url, autocommit=True) as conn:
        for role, options in ((APP_ROLE, "nobypassrls"), (MAINTENANCE_ROLE, "")):
            if conn.execute("select 1 from pg_roles where rolname = %s", (role,)).fetchone():
                continue
            conn.execute(
                sql.SQL(f"create role {{}} login {options} password {{}}").format(
                    sql.Identifier(role), sql.Literal(cfg.app_db_password)
                )
            )


def migrate(cfg: Settings | None = None) -> None:
    """Create what is missing and upgrade the schema to head. Safe to run repeatedly."""
    cfg = cfg or settings()
    if cfg.embedded_database:
        from lumenbase import embedded_db

        embedded_db.ensure_database(cfg)
        mark_search_operators_leakproof(embedded_db.superuser_url(cfg, cfg.database_name))
    else:
        ensure_external_roles(cfg)
        if not mark_search_operators_leakproof(cfg.owner_database_url):
            log.warning(
                "The owner is not a superuser: search works but scans instead of using its "
                "trigram index under row-level security. See README, 'Production database'."
            )
    command.upgrade(alembic_config(database_url(OWNER_ROLE)), "head")
