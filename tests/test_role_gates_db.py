"""Role gates enforced by PostgreSQL itself: the same writes a service refuses are refused when
issued as raw SQL in that user's database context."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from lumenbase.context import Role, WorkspaceContext
from lumenbase.db import workspace_session
from lumenbase.errors import PermissionDenied
from lumenbase.services import contacts, workspaces
from tests.conftest import unique_email


@pytest.fixture
def read_only(ws_a, now) -> WorkspaceContext:
    with workspace_session(ws_a) as s:
        user_id = workspaces.add_user(
            s,
            ws_a,
            email=unique_email("viewer"),
            full_name="Vera Viewer",
            password="correct horse battery staple",
            role=Role.READ_ONLY,
            now=now,
        )
    return WorkspaceContext(workspace_id=ws_a.workspace_id, user_id=user_id, role=Role.READ_ONLY)


def test_read_only_seat_is_refused_by_the_service_and_by_postgres(ws_a, read_only, now):
    with workspace_session(ws_a) as s:
        contact_id = contacts.create_contact(
            s, ws_a, now=now, first_name="Ada", email=unique_email()
        ).id
    with pytest.raises(PermissionDenied), workspace_session(read_only) as s:
        contacts.update_contact(s, read_only, contact_id, now=now, first_name="Eve")
    with pytest.raises(DBAPIError, match="row-level security"), workspace_session(read_only) as s:
        s.execute(
            text("insert into contact (workspace_id, first_name) values (:w, 'Mallory')"),
            {"w": read_only.workspace_id},
        )
    with workspace_session(read_only) as s:
        updated = s.execute(
            text("update contact set first_name = 'Eve' where id = :id"), {"id": contact_id}
        ).rowcount
        assert updated == 0
        # It can still read the record.
        assert (
            s.execute(
                text("select first_name from contact where id = :id"), {"id": contact_id}
            ).scalar()
            == "Ada"
        )


def test_only_an_admin_changes_roles(ws_a, read_only):
    with workspace_session(read_only) as s:
        changed = s.execute(
            text("update membership set role = 'admin' where user_id = :u"),
            {"u": read_only.user_id},
        ).rowcount
        assert changed == 0
    with workspace_session(ws_a) as s:
        role = s.execute(
            text("select role from membership where user_id = :u"), {"u": read_only.user_id}
        ).scalar()
        assert role == "read_only"


def test_a_member_cannot_overwrite_another_users_password(ws_a, read_only):
    with workspace_session(read_only) as s:
        changed = s.execute(
            text("update app_user set password_hash = 'x' where id = :admin"),
            {"admin": ws_a.user_id},
        ).rowcount
        assert changed == 0
        # But the admin is visible as a fellow member.
        assert (
            s.execute(
                text("select count(*) from app_user where id = :a"), {"a": ws_a.user_id}
            ).scalar()
            == 1
        )
