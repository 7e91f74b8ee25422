"""Workspaces and their members."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from lumenbase.context import Role, WorkspaceContext
from lumenbase.db import auth_session, enter_workspace, next_id
from lumenbase.errors import Conflict, PermissionDenied, ValidationFailed
from lumenbase.models import AppUser, Membership, Workspace
from lumenbase.services import auth
from lumenbase.services.validation import check_email


def create_workspace_with_admin(
    *, workspace_name: str, email: str, full_name: str, password: str, now: datetime
) -> WorkspaceContext:
    """Start a workspace whose first member is a new admin user. Refuses a taken email."""
    workspace_name = workspace_name.strip()
    if not workspace_name:
        raise ValidationFailed({"workspace": "Give the workspace a name."})
    email = check_email(email, field="email")
    full_name = full_name.strip()
    if not full_name:
        raise ValidationFailed({"name": "Enter the person's name."})
    password_hash = auth.hash_password(password)
    with auth_session(login_email=email) as s:
        if s.exec(select(AppUser.id).where(AppUser.email == email)).first() is not None:
            raise Conflict({"email": f"{email} already has an account."})
        user_id = next_id(s, "app_user")
        s.add(
            AppUser(
                id=user_id,
                email=email,
                full_name=full_name,
                password_hash=password_hash,
                created_at=now,
            )
        )
        workspace_id = next_id(s, "workspace")
        s.add(Workspace(id=workspace_id, name=workspace_name, created_at=now))
        s.flush()
        enter_workspace(s, workspace_id, user_id)
        s.add(
            Membership(workspace_id=workspace_id, user_id=user_id, role=Role.ADMIN, created_at=now)
        )
    return WorkspaceContext(workspace_id=workspace_id, user_id=user_id, role=Role.ADMIN)


def add_user(
    s: Session,
    ctx: WorkspaceContext,
    *,
    email: str,
    full_name: str,
    password: str,
    role: Role,
    now: datetime,
) -> int:
    """Create an account and seat it in the caller's workspace. Admins only."""
    if ctx.role is not Role.ADMIN:
        raise PermissionDenied("Only an admin can add users.")
    email = check_email(email, field="email")
    password_hash = auth.hash_password(password)
    user_id = next_id(s, "app_user")
    s.add(
        AppUser(
            id=user_id,
            email=email,
            full_name=full_name.strip(),
            password_hash=password_hash,
            created_at=now,
        )
    )
    s.flush()
    s.add(Membership(workspace_id=ctx.workspace_id, user_id=user_id, role=role, created_at=now))
    s.flush()
    return user_id


def list_members(s: Session, ctx: WorkspaceContext) -> list[tuple[int, str]]:
    """(user id, name) of the workspace's active members, for owner pickers and filters."""
    rows = s.exec(
        select(AppUser.id, AppUser.full_name)
        .join(Membership, Membership.user_id == AppUser.id)
        .where(Membership.workspace_id == ctx.workspace_id, Membership.is_active)
        .order_by(AppUser.full_name)
    ).all()
    return [(row[0], row[1]) for row in rows]


def check_member(s: Session, ctx: WorkspaceContext, raw) -> int | None:
    if raw in (None, ""):
        return None
    if int(raw) not in {user_id for user_id, _ in list_members(s, ctx)}:
        raise ValidationFailed({"owner_id": "Pick a member of this workspace."})
    return int(raw)
