"""The demo workspace: a team, real CSV data, pipelines, deals, tasks, notes and activity.

Everything after the CSV import comes from one `random.Random(seed)` drawing over queries in a
fixed order, so the same seed and the same files give the same workspace. Times are derived from
`now`: the team starts HISTORY_DAYS earlier by importing its spreadsheets, then works deals, notes
and tasks up to today, so tasks are overdue, due today and upcoming relative to `now`.

It acts as the demo admin through the same services and row-level security as any user; it never
touches another workspace, and it refuses (via `create_workspace_with_admin`) an admin email that
already has an account, unless `if_missing` asks to skip quietly instead.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select, update
from sqlmodel import Session

from lumenbase.config import PROJECT_ROOT
from lumenbase.context import Role, WorkspaceContext
from lumenbase.db import auth_session, workspace_session
from lumenbase.errors import LumenbaseError
from lumenbase.models import AppUser, Company, Contact, Deal, Lead, Membership, Note, Task
from lumenbase.services import csv_import, workspaces
from lumenbase.services.auth import normalise_email
from lumenbase.services.demo_activity import create_notes, create_tasks, log_touches
from lumenbase.services.demo_data import HISTORY_DAYS, generate_people, pick_owner
from lumenbase.services.demo_deals import create_deals

DEMO_WORKSPACE_NAME = "Northwind Trading (demo)"
DEMO_ADMIN_NAME = "Avery Admin"
DEFAULT_DATA_DIR = PROJECT_ROOT.parent / "shared" / "data" / "real"

# (file, entity) in import order: companies first, so contacts can link to them by name.
REAL_FILES = (
    ("organizations-100.csv", "companies"),
    ("customers-100.csv", "contacts"),
    ("people-1000.csv", "contacts"),
    ("contacts.csv", "contacts"),
    ("leads-100.csv", "leads"),
)
TEAM = (
    ("Maria", "Lopez", Role.MANAGER),
    ("Sam", "Okafor", Role.SALES_REP),
    ("Priya", "Natarajan", Role.SALES_REP),
    ("Jonas", "Berg", Role.SALES_REP),
)


@dataclass
class DemoResult:
    workspace_name: str
    admin_email: str
    admin_password: str
    skipped: bool = False
    workspace_id: int | None = None
    users: int = 0
    contacts: int = 0
    companies: int = 0
    leads: int = 0
    deals: int = 0
    tasks: int = 0
    notes: int = 0
    used_real_files: list[str] = field(default_factory=list)
    rows_not_imported: int = 0
    failed_files: list[str] = field(default_factory=list)

    def summary(self) -> str:
        login = f"log in as {self.admin_email} / {self.admin_password}"
        if self.skipped:
            return f"Demo workspace already exists; {login}"
        counts = ", ".join(
            f"{getattr(self, name):,} {name}"
            for name in ("contacts", "companies", "leads", "deals", "tasks", "notes")
        )
        text = f"Demo workspace '{self.workspace_name}': {counts}; {login}"
        if self.rows_not_imported == 1:
            text += " (1 CSV row was a duplicate or invalid)"
        elif self.rows_not_imported:
            text += f" ({self.rows_not_imported:,} CSV rows were duplicates or invalid)"
        if self.failed_files:
            text += f"\nCould not import: {'; '.join(self.failed_files)}"
        return text


def seed_demo_workspace(
    *,
    admin_email: str,
    admin_password: str,
    seed: int,
    now: datetime,
    data_dir: Path | None = None,
    if_missing: bool = False,
    workspace_name: str = DEMO_WORKSPACE_NAME,
) -> DemoResult:
    """Create the demo workspace, its team and its records. Imports the real CSV files from
    `data_dir` (default: the shared data folder), or generates people from the seed when none is
    there. Refuses an admin email that already has an account, or returns a skipped result when
    `if_missing` is set."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    now = now.astimezone(UTC)
    start = now - timedelta(days=HISTORY_DAYS)
    admin_email = normalise_email(admin_email)
    result = DemoResult(workspace_name, admin_email, admin_password)
    if if_missing and _account_exists(admin_email):
        result.skipped = True
        return result
    rng = random.Random(seed)
    admin = workspaces.create_workspace_with_admin(
        workspace_name=workspace_name,
        email=admin_email,
        full_name=DEMO_ADMIN_NAME,
        password=admin_password,
        now=start,
    )
    team = _add_team(admin, admin_email, admin_password, start)
    _import_real_files(admin, data_dir or DEFAULT_DATA_DIR, start, result)
    with workspace_session(admin) as s:
        if not result.used_real_files:
            generate_people(s, admin, rng, start)
        _spread_ownership(s, rng, team)
        deals = create_deals(s, admin, rng, team, now)
        create_tasks(s, rng, team, deals, now)
        create_notes(s, rng, team, deals, now)
        log_touches(s, rng, team, now)
        _count(s, admin, result)
    return result


def _account_exists(email: str) -> bool:
    # The app role sees a user before login only by the exact email typed.
    with auth_session(login_email=email) as s:
        return s.exec(select(AppUser.id).where(AppUser.email == email)).first() is not None


def _team_email(admin_email: str, first: str, last: str) -> str:
    """maria.lopez@<admin's domain>; tagged with the admin's name unless it is plain 'admin', so
    several demo workspaces (tests) can live side by side."""
    local, _, domain = admin_email.partition("@")
    tag = "" if local == "admin" else f"+{local}"
    return f"{first}.{last}{tag}@{domain}".lower()


def _add_team(
    admin: WorkspaceContext, admin_email: str, password: str, now: datetime
) -> list[WorkspaceContext]:
    """The admin followed by a manager and three reps, as contexts to act as."""
    team = [admin]
    with workspace_session(admin) as s:
        for first, last, role in TEAM:
            user_id = workspaces.add_user(
                s,
                admin,
                email=_team_email(admin_email, first, last),
                full_name=f"{first} {last}",
                password=password,
                role=role,
                now=now,
            )
            team.append(WorkspaceContext(admin.workspace_id, user_id, role))
    return team


def _import_real_files(
    admin: WorkspaceContext, folder: Path, now: datetime, result: DemoResult
) -> None:
    for name, entity in REAL_FILES:
        path = folder / name
        if not path.is_file():
            continue
        try:
            report = csv_import.import_file(admin, path=path, entity=entity, now=now)
        except LumenbaseError as exc:
            # One unreadable file should not leave a half-made demo that --if-missing then skips.
            result.failed_files.append(f"{name}: {exc}")
            continue
        if report.error:
            result.failed_files.append(f"{name}: {report.error}")
            continue
        result.used_real_files.append(name)
        result.rows_not_imported += report.skipped + report.failed


def _spread_ownership(s: Session, rng: random.Random, team: list[WorkspaceContext]) -> None:
    """Hand the imported book to the team. Seed data, so no timeline entry per record."""
    for model in (Company, Contact, Lead):
        ids = s.execute(
            select(model.id).where(model.workspace_id == team[0].workspace_id).order_by(model.id)
        ).scalars()
        rows = [{"id": i, "owner_id": pick_owner(rng, team).user_id} for i in ids]
        if rows:
            s.execute(update(model), rows)


def _count(s: Session, admin: WorkspaceContext, result: DemoResult) -> None:
    result.workspace_id = admin.workspace_id
    for name, model in (
        ("contacts", Contact),
        ("companies", Company),
        ("leads", Lead),
        ("deals", Deal),
        ("tasks", Task),
        ("notes", Note),
    ):
        total = s.execute(
            select(func.count())
            .select_from(model)
            .where(model.workspace_id == admin.workspace_id, model.deleted_at.is_(None))
        ).scalar_one()
        setattr(result, name, total)
    result.users = s.execute(
        select(func.count())
        .select_from(Membership)
        .where(Membership.workspace_id == admin.workspace_id)
    ).scalar_one()
