"""My tasks on a real PostgreSQL as the app role: buckets decided by `now`, counts, the record
each task belongs to, done / not done / rescheduled with history, who may see whose tasks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from lumenbase.context import Role, WorkspaceContext
from lumenbase.db import workspace_session
from lumenbase.errors import NotFound, PermissionDenied, ValidationFailed
from lumenbase.models import Activity
from lumenbase.services import companies, contacts, tasks, workspaces
from tests.conftest import unique_email

NOW = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)


def member(ws, role: Role, name: str) -> WorkspaceContext:
    with workspace_session(ws) as s:
        user_id = workspaces.add_user(
            s,
            ws,
            email=unique_email(name.split()[0].lower()),
            full_name=name,
            password="correct horse battery staple",
            role=role,
            now=NOW,
        )
    return WorkspaceContext(workspace_id=ws.workspace_id, user_id=user_id, role=role)


def add(ctx, title: str, due=None, **kwargs) -> int:
    with workspace_session(ctx) as s:
        return tasks.create_task(s, ctx, title=title, due=due, now=NOW, **kwargs).id


def bucket(ctx, name: str, now: datetime = NOW, **kwargs) -> tasks.TaskList:
    with workspace_session(ctx) as s:
        return tasks.list_my_tasks(s, ctx, bucket=name, now=now, **kwargs)


def titles(result: tasks.TaskList) -> list[str]:
    return [t.title for t in result.page.items]


@pytest.fixture
def day_of_tasks(ws_a) -> dict[str, int]:
    return {
        "late": add(ws_a, "Late", NOW - timedelta(days=2)),
        "this morning": add(ws_a, "This morning", NOW.replace(hour=8)),
        "bare date today": add(ws_a, "Bare date today", "2026-12-03"),
        "tonight": add(ws_a, "Tonight", NOW.replace(hour=23, minute=59)),
        "tomorrow": add(ws_a, "Tomorrow", "2026-12-04"),
        "someday": add(ws_a, "Someday"),
    }


def test_buckets_follow_the_utc_day_of_now(ws_a, day_of_tasks):
    assert titles(bucket(ws_a, "overdue")) == ["Late"]
    # Due earlier today is still today (a bare date is midnight), until the day ends.
    assert titles(bucket(ws_a, "today")) == ["Bare date today", "This morning", "Tonight"]
    assert titles(bucket(ws_a, "upcoming")) == ["Tomorrow", "Someday"]
    assert bucket(ws_a, "done").counts == {"overdue": 1, "today": 3, "upcoming": 2, "done": 0}

    next_day = NOW + timedelta(days=1)
    assert titles(bucket(ws_a, "overdue", next_day)) == [
        "Late",
        "Bare date today",
        "This morning",
        "Tonight",
    ]
    assert titles(bucket(ws_a, "today", next_day)) == ["Tomorrow"]


def test_done_reopen_and_reschedule_move_tasks_and_leave_history(ws_a, day_of_tasks):
    late = day_of_tasks["late"]
    later = NOW + timedelta(minutes=5)
    with workspace_session(ws_a) as s:
        assert tasks.complete_task(s, ws_a, late, now=later) is True
        assert tasks.complete_task(s, ws_a, late, now=later) is False
    done = bucket(ws_a, "done")
    assert titles(done) == ["Late"]
    assert done.page.items[0].completed_at == later
    assert done.counts["overdue"] == 0
    with workspace_session(ws_a) as s:
        assert tasks.reopen_task(s, ws_a, late, now=later) is True
        assert tasks.reschedule_task(s, ws_a, late, due="2026-12-10", now=later) is True
        assert tasks.reschedule_task(s, ws_a, late, due="2026-12-10", now=later) is False
    assert titles(bucket(ws_a, "upcoming")) == ["Tomorrow", "Late", "Someday"]
    with workspace_session(ws_a) as s:
        history = s.execute(
            select(Activity.summary)
            .where(Activity.record_type == "task", Activity.record_id == late)
            .order_by(Activity.id)
        ).scalars()
        assert list(history) == [
            "Task “Late” created",
            "Marked done",
            "Marked not done",
            "Due date set to Dec 10, 2026",
        ]
        with pytest.raises(ValidationFailed) as exc:
            tasks.reschedule_task(s, ws_a, late, due="next week", now=later)
        assert "due" in exc.value.field_errors


def test_each_task_names_its_live_record(ws_a):
    with workspace_session(ws_a) as s:
        contact = contacts.create_contact(
            s, ws_a, now=NOW, first_name="Ada", last_name="Byron", email=unique_email("ada")
        )
        company = companies.create_company(s, ws_a, now=NOW, name="Initech")
    add(ws_a, "Call Ada", "2026-12-03", record_type="contact", record_id=contact.id)
    add(ws_a, "Renew Initech", "2026-12-03", record_type="company", record_id=company.id)
    add(ws_a, "Plan the week", "2026-12-03")
    rows = {t.title: t for t in bucket(ws_a, "today").page.items}
    assert (rows["Call Ada"].record_type, rows["Call Ada"].record_name) == ("contact", "Ada Byron")
    assert rows["Call Ada"].record_id == contact.id
    assert rows["Renew Initech"].record_name == "Initech"
    assert (rows["Plan the week"].record_type, rows["Plan the week"].record_name) == ("", "")
    with workspace_session(ws_a) as s:
        contacts.delete_contact(s, ws_a, contact.id, now=NOW)
    rows = {t.title: t for t in bucket(ws_a, "today").page.items}
    assert rows["Call Ada"].record_name == ""  # the record is in the trash: no link to it


def test_new_tasks_refuse_bad_input(ws_a, ws_b):
    with workspace_session(ws_b) as s:
        foreign = contacts.create_contact(s, ws_b, now=NOW, first_name="Bob").id
    cases = [
        ({"title": "  "}, ValidationFailed),
        ({"due": "someday"}, ValidationFailed),
        ({"assignee_id": ws_b.user_id}, ValidationFailed),
        ({"record_type": "invoice", "record_id": 1}, ValidationFailed),
        ({"record_type": "contact", "record_id": foreign}, NotFound),
    ]
    for values, error in cases:
        with pytest.raises(error), workspace_session(ws_a) as s:
            tasks.create_task(s, ws_a, **{"title": "Valid", "now": NOW, **values})


def test_paging_within_a_bucket(ws_a):
    for i in range(7):
        add(ws_a, f"Upcoming {i}", NOW + timedelta(days=i + 1))
    first = bucket(ws_a, "upcoming", page=1, page_size=5)
    second = bucket(ws_a, "upcoming", page=2, page_size=5)
    assert (first.page.total, first.page.page_count) == (7, 2)
    assert titles(first) + titles(second) == [f"Upcoming {i}" for i in range(7)]


def test_managers_see_a_members_tasks_reps_do_not(ws_a):
    rep = member(ws_a, Role.SALES_REP, "Rae Rep")
    manager = member(ws_a, Role.MANAGER, "Max Manager")
    add(ws_a, "For Rae", "2026-12-03", assignee_id=rep.user_id)
    add(ws_a, "Admin's own", "2026-12-03")
    assert titles(bucket(rep, "today")) == ["For Rae"]
    assert titles(bucket(manager, "today")) == []
    assert titles(bucket(manager, "today", assignee_id=str(rep.user_id))) == ["For Rae"]
    assert tasks.can_see_others_tasks(manager) and not tasks.can_see_others_tasks(rep)
    with pytest.raises(PermissionDenied):
        bucket(rep, "today", assignee_id=ws_a.user_id)
    with pytest.raises(ValidationFailed):
        bucket(manager, "today", assignee_id=10**12)


def test_read_only_seat_reads_its_tasks_but_cannot_change_them(ws_a):
    reader = member(ws_a, Role.READ_ONLY, "Rita Reader")
    task_id = add(ws_a, "For Rita", "2026-12-03", assignee_id=reader.user_id)
    assert titles(bucket(reader, "today")) == ["For Rita"]
    with workspace_session(reader) as s:
        for action in (
            lambda: tasks.complete_task(s, reader, task_id, now=NOW),
            lambda: tasks.reschedule_task(s, reader, task_id, due="2026-12-09", now=NOW),
            lambda: tasks.create_task(s, reader, title="Mine", now=NOW),
        ):
            with pytest.raises(PermissionDenied):
                action()


def test_other_workspaces_tasks_are_invisible(ws_a, ws_b):
    theirs = add(ws_b, "Globex secret", "2026-12-03")
    add(ws_a, "Acme task", "2026-12-03")
    result = bucket(ws_a, "today")
    assert titles(result) == ["Acme task"]
    assert sum(result.counts.values()) == 1
    with workspace_session(ws_a) as s:
        for action in (
            lambda: tasks.get_task(s, ws_a, theirs),
            lambda: tasks.complete_task(s, ws_a, theirs, now=NOW),
            lambda: tasks.reschedule_task(s, ws_a, theirs, due=None, now=NOW),
        ):
            with pytest.raises(NotFound):
                action()
    with pytest.raises(ValidationFailed):
        bucket(ws_a, "someday")
