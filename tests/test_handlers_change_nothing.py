"""Every public event handler of every page state, called directly with crafted arguments by a
caller with no session, by a read-only seat and by an admin of another workspace, changes
nothing in the target workspace. Handlers are enumerated, so a new one is covered on arrival."""

from __future__ import annotations

import asyncio
import contextvars
import hashlib
import inspect
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
import reflex as rx
from sqlalchemy import text

import lumenbase.lumenbase  # noqa: F401  (registers every page state)
from lumenbase.config import OWNER_ROLE
from lumenbase.context import Role
from lumenbase.db import scoped_session, workspace_session
from lumenbase.services import auth, companies, contacts, workspaces
from tests.conftest import unique_email

PASSWORD = "correct horse battery staple"
# What a workspace holds; login bookkeeping (sessions, last login) legitimately changes.
FINGERPRINT_TABLES = [
    "company",
    "contact",
    "lead",
    "pipeline",
    "pipeline_stage",
    "deal",
    "deal_contact",
    "crm_list",
    "list_membership",
    "task",
    "note",
    "activity",
    "membership",
    "saved_view",
]
# Reflex's own generic setter only touches the caller's UI state; logout ends the caller's own
# session, which would turn every later call into a no-session call.
SKIP_HANDLERS = {"setvar", "logout"}


def page_states() -> list[type[rx.State]]:
    found, todo = [], list(rx.State.get_substates())
    while todo:
        cls = todo.pop()
        todo.extend(cls.get_substates())
        if cls.__module__.startswith("lumenbase."):
            found.append(cls)
    return sorted(found, key=lambda c: c.get_full_name())


def fingerprint(workspace_id: int, tables: list[str]) -> str:
    digest = hashlib.sha256()
    with scoped_session({}, role=OWNER_ROLE) as s:
        for table in tables:
            rows = s.execute(
                text(
                    f"select md5(coalesce(string_agg(t::text, '|' order by t.id), '')) "
                    f"from {table} t where workspace_id = :w"
                ),
                {"w": workspace_id},
            ).scalar()
            digest.update(f"{table}:{rows};".encode())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def target():
    """Workspace A with one record of each kind, plus the three callers."""
    now = datetime(2026, 12, 3, 9, 30, tzinfo=UTC)
    admin_email = unique_email("owner")
    admin = workspaces.create_workspace_with_admin(
        workspace_name="Target",
        email=admin_email,
        full_name="Tara Target",
        password=PASSWORD,
        now=now,
    )
    viewer_email = unique_email("viewer")
    with workspace_session(admin) as s:
        company = companies.create_company(s, admin, now=now, name="Target Co")
        contact = contacts.create_contact(
            s, admin, now=now, first_name="Tim", email=unique_email(), company_id=company.id
        )
        workspaces.add_user(
            s,
            admin,
            email=viewer_email,
            full_name="Vic Viewer",
            password=PASSWORD,
            role=Role.READ_ONLY,
            now=now,
        )
        ids = {"company": company.id, "contact": contact.id}
    outsider_email = unique_email("outsider")
    workspaces.create_workspace_with_admin(
        workspace_name="Elsewhere",
        email=outsider_email,
        full_name="Oscar Outsider",
        password=PASSWORD,
        now=now,
    )
    tokens = {
        "the workspace's own admin": auth.login(
            email=admin_email, password=PASSWORD, now=now
        ).token,
        "no session": "",
        "read-only seat": auth.login(email=viewer_email, password=PASSWORD, now=now).token,
        "other workspace's admin": auth.login(
            email=outsider_email, password=PASSWORD, now=now
        ).token,
    }
    return admin.workspace_id, ids, tokens


def run_in_own_loop(coroutine):
    """asyncio.run in a worker thread: the browser suite's Playwright keeps an event loop running
    in the main thread for the whole session."""
    context = contextvars.copy_context()  # Reflex keeps its registry in a context variable
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(context.run, asyncio.run, coroutine).result()


def crafted_arguments(handler, ids: dict) -> list[list]:
    """Two argument lists aimed at the target's records, shaped by the handler's signature."""
    params = [p for p in inspect.signature(handler).parameters.values() if p.name != "self"]
    record_id = str(ids["contact"])
    as_dict = {
        "first_name": "Mallory",
        "email": "mallory@example.com",
        "name": "Mallory",
        "id": record_id,
        "company_id": str(ids["company"]),
        "password": PASSWORD,
    }
    by_type = {
        bool: [True, False],
        int: [ids["contact"], ids["company"]],
        dict: [as_dict, {}],
        list: [[record_id], []],
    }
    calls = []
    for variant in (0, 1):
        args = []
        for p in params:
            values = by_type.get(p.annotation if isinstance(p.annotation, type) else None)
            if values is None:
                values = (
                    [record_id, "Mallory"] if "name" not in p.name else ["first_name", "Mallory"]
                )
            args.append(values[variant])
        calls.append(args)
    return calls


async def run_every_handler(token: str, ids: dict) -> list[str]:
    """Each state gets every handler twice over with both argument variants, on one instance,
    so what one handler sets up (a form, a selection) reaches the next (create, save)."""
    refusals = []
    for cls in page_states():
        root = rx.State(_reflex_internal_init=True)
        state = root.get_substate(cls.get_full_name().split(".")[1:])
        state.session_token = token
        if hasattr(state, "_record_id"):
            state._record_id = ids["contact"]
        handlers = [(n, h) for n, h in cls.event_handlers.items() if n not in SKIP_HANDLERS]
        for _ in range(2):
            for name, handler in handlers:
                for args in crafted_arguments(handler.fn, ids):
                    try:
                        result = handler.fn(state, *args)
                        if inspect.isawaitable(result):
                            await result
                    except Exception as exc:  # refusing loudly is fine; changing data is not
                        refusals.append(f"{cls.__name__}.{name}: {type(exc).__name__}")
    return refusals


@pytest.mark.parametrize("caller", ["no session", "read-only seat", "other workspace's admin"])
def test_no_handler_changes_another_workspace_or_a_read_only_one(target, caller):
    workspace_id, ids, tokens = target
    # A read-only seat may keep personal saved views; everything else must stay as it was.
    tables = [
        t for t in FINGERPRINT_TABLES if not (caller == "read-only seat" and t == "saved_view")
    ]
    before = fingerprint(workspace_id, tables)
    run_in_own_loop(run_every_handler(tokens[caller], ids))
    assert fingerprint(workspace_id, tables) == before


def test_the_same_calls_by_the_workspaces_own_admin_do_change_it(target):
    # The control: without it, a harness that reached no handler would pass the test above.
    workspace_id, ids, tokens = target
    before = fingerprint(workspace_id, FINGERPRINT_TABLES)
    run_in_own_loop(run_every_handler(tokens["the workspace's own admin"], ids))
    assert fingerprint(workspace_id, FINGERPRINT_TABLES) != before


def test_the_enumeration_reaches_the_handlers_that_write():
    names = {f"{cls.__name__}.{name}" for cls in page_states() for name in cls.event_handlers}
    assert {
        "ContactDetailState.save",
        "ContactDetailState.delete",
        "ContactListState.create",
        "LeadListState.create",
        "CompanyDetailState.add_note",
    } <= names
