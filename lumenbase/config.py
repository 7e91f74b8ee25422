"""Settings from the environment, read in one place.

Every other module asks `settings()` instead of reading `os.environ`, so the full list of knobs is
here and a misconfiguration is caught at start-up rather than on first use.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# The development secret is public (it is in this file); production refuses to start with it.
DEVELOPMENT_SECRET = "lumenbase-development-secret-change-me"

# Roles the app creates in PostgreSQL. The owner runs migrations and owns every table; the app
# role is what the web app, CLI and jobs use day to day; the maintenance role runs the purge.
OWNER_ROLE = "lumenbase_owner"
APP_ROLE = "lumenbase_app"
MAINTENANCE_ROLE = "lumenbase_maint"


class ConfigurationError(RuntimeError):
    """The environment asks for something Lumenbase cannot run with."""


@dataclass(frozen=True)
class Settings:
    environment: str
    data_dir: Path
    secret_key: str
    # When all three URLs are None the embedded PostgreSQL under data_dir is used.
    owner_database_url: str | None
    app_database_url: str | None
    maintenance_database_url: str | None
    app_db_password: str
    database_name: str
    session_days: int
    max_failed_logins: int
    lockout_minutes: int
    app_port: int

    @property
    def embedded_database(self) -> bool:
        return self.owner_database_url is None

    @property
    def is_production(self) -> bool:
        return self.environment == "production"


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _with_user(url: str, user: str, password: str) -> str:
    """Same server and database as `url`, but logged in as another role."""
    from sqlalchemy.engine import make_url

    return make_url(url).set(username=user, password=password).render_as_string(hide_password=False)


def load_settings() -> Settings:
    environment = _env("LUMENBASE_ENV", "development")
    secret_key = _env("LUMENBASE_SECRET_KEY", DEVELOPMENT_SECRET)
    if environment == "production" and secret_key == DEVELOPMENT_SECRET:
        raise ConfigurationError(
            "LUMENBASE_SECRET_KEY is still the development placeholder; set a long random value "
            "(for example `python -c 'import secrets; print(secrets.token_urlsafe(48))'`)."
        )
    app_db_password = _env("LUMENBASE_APP_DB_PASSWORD", "lumenbase-app") or ""
    owner_url = _env("DATABASE_OWNER_URL") or _env("DATABASE_URL")
    app_url = _env("DATABASE_APP_URL")
    maintenance_url = _env("DATABASE_MAINTENANCE_URL")
    if owner_url and not app_url:
        app_url = _with_user(owner_url, APP_ROLE, app_db_password)
    if owner_url and not maintenance_url:
        maintenance_url = _with_user(owner_url, MAINTENANCE_ROLE, app_db_password)
    if app_url and not owner_url:
        raise ConfigurationError(
            "DATABASE_APP_URL is set without DATABASE_OWNER_URL (or DATABASE_URL); migrations "
            "need the owner connection."
        )
    data_dir = Path(_env("LUMENBASE_DATA_DIR", str(PROJECT_ROOT / ".lumenbase"))).resolve()
    return Settings(
        environment=environment,
        data_dir=data_dir,
        secret_key=secret_key,
        owner_database_url=owner_url,
        app_database_url=app_url,
        maintenance_database_url=maintenance_url,
        app_db_password=app_db_password,
        database_name=_env("LUMENBASE_DB_NAME", "lumenbase"),
        session_days=int(_env("LUMENBASE_SESSION_DAYS", "14")),
        max_failed_logins=int(_env("LUMENBASE_MAX_FAILED_LOGINS", "5")),
        lockout_minutes=int(_env("LUMENBASE_LOCKOUT_MINUTES", "15")),
        app_port=int(_env("LUMENBASE_PORT", "3000")),
    )


@lru_cache(maxsize=1)
def settings() -> Settings:
    return load_settings()
