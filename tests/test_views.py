"""Saved views as the app role: personal vs shared visibility for another member, what a
read-only seat may do, owner-only changes, exact round trip of filters, tenancy."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from lumenbase.context import Role, WorkspaceContext
from lumenbase.db import workspace_session
from lumenbase.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from lumenbase.services import views, workspaces
from tests.conftest import unique_email

LEAD_FILTERS = {"search": "acme", "owner": "mine", "status": ["new", "qualified"], "min_score": 40}


def member(ws, now, role: Role, name: str) -> WorkspaceContext:
    with workspace_session(ws) as s:
        user_id = workspaces.add_user(
            s,
            ws,
            email=unique_email(name.split()[0].lower()),
            full_name=name,
            password="correct horse battery staple",
            role=role,
            now=now,
        )
    return WorkspaceContext(workspace_id=ws.workspace_id, user_id=user_id, role=role)


def save(ctx, now, name: str, *, shared: bool = False, entity_type: str = "contact", **layout):
    with workspace_session(ctx) as s:
        return views.save_view(
            s,
            ctx,
            entity_type=entity_type,
            name=name,
            filters=layout.get("filters", {"search": "ada", "owner": "all"}),
            sort=layout.get("sort", "-name"),
            columns=layout.get("columns", ["name", "email"]),
            is_shared=shared,
            now=now,
        ).id


def names(ctx, entity_type: str = "contact") -> list[str]:
    with workspace_session(ctx) as s:
        return [v.name for v in views.list_views(s, ctx, entity_type=entity_type)]


def test_shared_views_are_seen_by_other_members_personal_ones_are_not(ws_a, now):
    rep = member(ws_a, now, Role.SALES_REP, "Sam Rep")
    personal = save(ws_a, now, "My hot ones")
    shared = save(ws_a, now, "Team pipeline", shared=True)
    save(rep, now, "Sam's own")
    assert names(ws_a) == ["My hot ones", "Team pipeline"]
    # The rep's own views come first, then what others share.
    assert names(rep) == ["Sam's own", "Team pipeline"]
    with workspace_session(rep) as s:
        row = views.read_view(s, rep, shared)
        assert (row.is_mine, row.is_shared, row.owner_name) == (False, True, "Acme Admin")
        with pytest.raises(NotFound):
            views.read_view(s, rep, personal)
        # Even raw SQL as the app role does not reach the admin's personal view.
        hidden = s.execute(text("select count(*) from saved_view where id = :id"), {"id": personal})
        assert hidden.scalar_one() == 0
        # Seeing a shared view does not let you change it.
        with pytest.raises(PermissionDenied):
            views.rename_view(s, rep, shared, name="Mine now", now=now)
        with pytest.raises(PermissionDenied):
            views.delete_view(s, rep, shared, now=now)
        changed = s.execute(
            text("update saved_view set name = 'Hijacked' where id = :id"), {"id": shared}
        ).rowcount
        assert changed == 0


def test_unsharing_hides_a_view_again(ws_a, now):
    rep = member(ws_a, now, Role.MANAGER, "Mia Manager")
    view_id = save(ws_a, now, "For everyone", shared=True)
    assert "For everyone" in names(rep)
    with workspace_session(ws_a) as s:
        views.rename_view(s, ws_a, view_id, name="Just me", is_shared=False, now=now)
    assert "Just me" not in names(rep)
    assert names(ws_a) == ["Just me"]


def test_a_read_only_seat_keeps_personal_views_but_cannot_share(ws_a, now):
    reader = member(ws_a, now, Role.READ_ONLY, "Rita Reader")
    view_id = save(reader, now, "What I watch")
    assert names(reader) == ["What I watch"]
    with pytest.raises(PermissionDenied), workspace_session(reader) as s:
        views.save_view(
            s,
            reader,
            entity_type="contact",
            name="For the team",
            filters={},
            sort="",
            columns=[],
            is_shared=True,
            now=now,
        )
    with pytest.raises(PermissionDenied), workspace_session(reader) as s:
        views.rename_view(s, reader, view_id, name="What I watch", is_shared=True, now=now)
    # The database refuses it too, whatever the service says.
    with pytest.raises(DBAPIError, match="row-level security"), workspace_session(reader) as s:
        s.execute(text("update saved_view set is_shared = true where id = :id"), {"id": view_id})
    with workspace_session(reader) as s:
        views.update_view(s, reader, view_id, filters={"search": "x"}, sort="", columns=[], now=now)
        views.delete_view(s, reader, view_id, now=now)
    assert names(reader) == []


def test_a_view_reopens_exactly_with_a_pages_own_filters(ws_a, now):
    view_id = save(
        ws_a,
        now,
        "Hot leads",
        entity_type="lead",
        filters=LEAD_FILTERS,
        sort="newest",
        columns=["name", "status", "score"],
    )
    with workspace_session(ws_a) as s:
        row = views.read_view(s, ws_a, view_id)
    assert (row.filters, row.sort, row.columns) == (
        LEAD_FILTERS,
        "newest",
        ["name", "status", "score"],
    )
    assert names(ws_a, "contact") == []
    with workspace_session(ws_a) as s:
        changed = views.update_view(
            s, ws_a, view_id, filters={"search": ""}, sort="name", columns=[], now=now
        )
        assert set(changed) == {"filters", "sort", "columns"}
        row = views.read_view(s, ws_a, view_id)
    assert (row.filters, row.sort, row.columns) == ({"search": ""}, "name", [])


def test_bad_names_and_layouts_are_refused_at_the_field(ws_a, now):
    save(ws_a, now, "Weekly")
    cases = [
        ({"name": "weekly "}, "name", Conflict),
        ({"name": "  "}, "name", ValidationFailed),
        ({"entity_type": "task"}, "entity_type", ValidationFailed),
        ({"filters": ["search"]}, "filters", ValidationFailed),
        ({"filters": {"search": {"nested": 1}}}, "filters", ValidationFailed),
        ({"filters": {"Bad Key": 1}}, "filters", ValidationFailed),
        ({"filters": {"search": "x" * 5000}}, "filters", ValidationFailed),
        ({"sort": "name; drop table"}, "sort", ValidationFailed),
        ({"columns": ["name", "name"]}, "columns", ValidationFailed),
    ]
    for change, field_name, error in cases:
        values = {
            "entity_type": "contact",
            "name": "Another",
            "filters": {},
            "sort": "",
            "columns": [],
            **change,
        }
        with pytest.raises(error) as exc, workspace_session(ws_a) as s:
            views.save_view(s, ws_a, now=now, **values)
        assert field_name in exc.value.field_errors, change


def test_other_workspaces_views_are_invisible(ws_a, ws_b, now):
    theirs = save(ws_b, now, "Globex shared", shared=True)
    assert names(ws_a) == []
    with workspace_session(ws_a) as s:
        with pytest.raises(NotFound):
            views.read_view(s, ws_a, theirs)
        with pytest.raises(NotFound):
            views.delete_view(s, ws_a, theirs, now=now)
