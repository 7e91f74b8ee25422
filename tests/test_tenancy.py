"""Tenancy, proven with raw SQL as the app role.

Every statement here goes through `lumenbase.db` sessions (workspace_session / scoped_session),
so it runs as `lumenbase_app` with the same transaction-local settings the app uses. Nothing is
filtered by the application: what these tests see is what row-level security lets through.
The owner role (which bypasses RLS) is used only to check what is really stored.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from lumenbase import db
from lumenbase.config import APP_ROLE
from lumenbase.context import WorkspaceContext
from lumenbase.services import auth
from lumenbase.services.workspaces import create_workspace_with_admin
from tests.conftest import unique_email

NOW = datetime(2026, 12, 3, 9, 30, tzinfo=UTC)
PASSWORD = "correct horse battery staple"
RLS_VIOLATION = "new row violates row-level security policy"


@dataclass
class Tenant:
    ctx: WorkspaceContext
    email: str
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def ws(self) -> int:
        return self.ctx.workspace_id


# One row per tenant table, inserted through the app role in the workspace's own context.
# Order matters (references). `login_session` and `membership` are added by `seed_tenant`.
SEED_SQL = {
    "company": "insert into company (workspace_id, name, domain) values (:ws, :name, :domain)",
    "contact": "insert into contact (workspace_id, first_name, email, company_id) "
    "values (:ws, :name, :email, :company)",
    "contact2": "insert into contact (workspace_id, first_name) values (:ws, :name)",
    "lead": "insert into lead (workspace_id, first_name, company_name) values (:ws, :name, :name)",
    "pipeline": "insert into pipeline (workspace_id, name) values (:ws, :name)",
    "pipeline_stage": "insert into pipeline_stage (workspace_id, pipeline_id, name, position, "
    "probability) values (:ws, :pipeline, :name, 1, 10)",
    "deal": "insert into deal (workspace_id, name, pipeline_id, stage_id, company_id, amount) "
    "values (:ws, :name, :pipeline, :pipeline_stage, :company, 1000)",
    "deal_contact": "insert into deal_contact (workspace_id, deal_id, contact_id) "
    "values (:ws, :deal, :contact)",
    "crm_list": "insert into crm_list (workspace_id, name, entity_type) "
    "values (:ws, :name, 'contact')",
    "list_membership": "insert into list_membership (workspace_id, list_id, record_id) "
    "values (:ws, :crm_list, :contact)",
    "task": "insert into task (workspace_id, title, record_type, record_id) "
    "values (:ws, :name, 'contact', :contact)",
    "note": "insert into note (workspace_id, body, record_type, record_id) "
    "values (:ws, :name, 'contact', :contact)",
    "activity": "insert into activity (workspace_id, record_type, record_id, kind, summary) "
    "values (:ws, 'contact', :contact, 'created', :name)",
    "login_session": "insert into login_session (workspace_id, user_id, token_hash, expires_at) "
    "values (:ws, :user, :token, :expires)",
    "saved_view": "insert into saved_view (workspace_id, entity_type, name, is_shared, owner_id) "
    "values (:ws, 'contact', :name, true, :user)",
}

# An intruder's attempt to write a row into workspace :ws. Each statement is valid on its own:
# run in :ws's own context it succeeds (see test_insert_control_succeeds_in_own_workspace).
# :actor is whoever runs it; :outsider is a user who is not (yet) a member of :ws.
INSERT_SQL = {
    "membership": "insert into membership (workspace_id, user_id, role) "
    "values (:ws, :outsider, 'admin')",
    "login_session": "insert into login_session (workspace_id, user_id, token_hash, expires_at) "
    "values (:ws, :actor, :token, :expires)",
    "company": "insert into company (workspace_id, name) values (:ws, 'Intruder Inc')",
    "contact": "insert into contact (workspace_id, first_name, company_id) "
    "values (:ws, 'Intruder', :company)",
    "lead": "insert into lead (workspace_id, first_name) values (:ws, 'Intruder')",
    "pipeline": "insert into pipeline (workspace_id, name) values (:ws, 'Intruder')",
    "pipeline_stage": "insert into pipeline_stage (workspace_id, pipeline_id, name, position, "
    "probability) values (:ws, :pipeline, 'Intruder', 99, 50)",
    "deal": "insert into deal (workspace_id, name, pipeline_id, stage_id) "
    "values (:ws, 'Intruder', :pipeline, :pipeline_stage)",
    "deal_contact": "insert into deal_contact (workspace_id, deal_id, contact_id) "
    "values (:ws, :deal, :contact2)",
    "crm_list": "insert into crm_list (workspace_id, name, entity_type) "
    "values (:ws, 'Intruder', 'deal')",
    "list_membership": "insert into list_membership (workspace_id, list_id, record_id) "
    "values (:ws, :crm_list, :contact2)",
    "task": "insert into task (workspace_id, title) values (:ws, 'Intruder')",
    "note": "insert into note (workspace_id, body, record_type, record_id) "
    "values (:ws, 'Intruder', 'contact', :contact)",
    "activity": "insert into activity (workspace_id, record_type, record_id, kind, summary) "
    "values (:ws, 'contact', :contact, 'intrusion', 'Intruder')",
    "saved_view": "insert into saved_view (workspace_id, entity_type, name, owner_id) "
    "values (:ws, 'contact', 'Intruder', :actor)",
}

TENANT_TABLES = sorted(INSERT_SQL)
# The app role may not UPDATE the timeline at all (append-only), so it gets a permission error
# instead of a policy error or a zero-row update.
APPEND_ONLY = {"activity"}


def new_tenant(name: str) -> Tenant:
    email = unique_email(name.lower())
    ctx = create_workspace_with_admin(
        workspace_name=name, email=email, full_name=f"{name} Admin", password=PASSWORD, now=NOW
    )
    return Tenant(ctx=ctx, email=email)


def seed_tenant(t: Tenant) -> Tenant:
    """One row in every tenant table of `t`'s workspace, written as the app role."""
    tag = uuid.uuid4().hex[:8]
    with db.workspace_session(t.ctx) as s:
        for key, sql in SEED_SQL.items():
            params = {
                "ws": t.ws,
                "user": t.ctx.user_id,
                "name": f"{key} {tag}",
                "domain": f"{tag}.example.com",
                "email": f"c-{tag}@example.com",
                "token": uuid.uuid4().hex,
                "expires": NOW + timedelta(days=1),
                **t.rows,
            }
            t.rows[key] = s.execute(text(sql + " returning id"), params).scalar_one()
        t.rows["membership"] = s.execute(
            text("select id from membership where workspace_id = :ws"), {"ws": t.ws}
        ).scalar_one()
    return t


def insert_params(target: Tenant, *, actor: Tenant, outsider: Tenant) -> dict:
    return {
        **target.rows,
        "ws": target.ws,
        "actor": actor.ctx.user_id,
        "outsider": outsider.ctx.user_id,
        "token": uuid.uuid4().hex,
        "expires": NOW + timedelta(days=1),
    }


def attempt(ctx: WorkspaceContext, sql: str, params: dict) -> tuple[DBAPIError | None, int]:
    """Run one statement as the app role in `ctx` and undo it whatever happens, so a write
    that wrongly succeeds cannot disturb the other tests. Returns (error, rowcount)."""
    with db.workspace_session(ctx) as s:
        savepoint = s.begin_nested()
        try:
            return None, s.execute(text(sql), params).rowcount
        except DBAPIError as exc:
            return exc, 0
        finally:
            savepoint.rollback()


def sqlstate(exc: DBAPIError) -> str:
    return getattr(exc.orig, "sqlstate", "")


@pytest.fixture(scope="module")
def a() -> Tenant:
    return seed_tenant(new_tenant("Acme"))


@pytest.fixture(scope="module")
def b() -> Tenant:
    return seed_tenant(new_tenant("Globex"))


def catalog_tenant_tables() -> set[str]:
    with db.scoped_session({}) as s:
        return set(
            s.execute(
                text(
                    """
                    select c.relname
                    from pg_class c
                    join pg_namespace n on n.oid = c.relnamespace
                    join pg_attribute att on att.attrelid = c.oid
                    where n.nspname = 'public' and c.relkind in ('r', 'p')
                      and att.attname = 'workspace_id' and not att.attisdropped
                    """
                )
            ).scalars()
        )


def test_every_tenant_table_is_covered_here():
    """A new table with workspace_id must be added to SEED_SQL/INSERT_SQL, or the proofs
    below would silently skip it."""
    missing = catalog_tenant_tables() - set(TENANT_TABLES)
    assert not missing, f"add these tenant tables to tests/test_tenancy.py: {sorted(missing)}"


# --- 1. Another workspace's rows are invisible ---------------------------------------------


@pytest.mark.parametrize("table", TENANT_TABLES)
def test_other_workspace_rows_are_invisible(a, b, table):
    with db.bootstrap_session() as owner:
        stored = owner.execute(
            text(f"select count(*) from {table} where workspace_id = :ws"), {"ws": b.ws}
        ).scalar_one()
    assert stored > 0, f"B has no {table} rows stored: the check below would prove nothing"

    with db.workspace_session(a.ctx) as s:
        visible = s.execute(text(f"select workspace_id, id from {table}")).all()
        by_id = s.execute(
            text(f"select count(*) from {table} where id = :id"), {"id": b.rows[table]}
        ).scalar_one()
        by_ws = s.execute(
            text(f"select count(*) from {table} where workspace_id = :ws"), {"ws": b.ws}
        ).scalar_one()
    assert visible, f"A sees none of its own {table} rows"
    assert {ws for ws, _ in visible} == {a.ws}, f"A sees foreign {table} rows: {visible}"
    assert b.rows[table] not in {row_id for _, row_id in visible}
    assert by_id == 0
    assert by_ws == 0


def test_workspace_and_user_tables_show_only_own_workspace(a, b):
    with db.workspace_session(a.ctx) as s:
        workspaces = s.execute(text("select id from workspace")).scalars().all()
        users = s.execute(text("select id from app_user")).scalars().all()
        by_email = s.execute(
            text("select count(*) from app_user where email = :e"), {"e": b.email}
        ).scalar_one()
        throttles = s.execute(text("select count(*) from login_throttle")).scalar_one()
    assert workspaces == [a.ws]
    assert users == [a.ctx.user_id]
    assert by_email == 0
    assert throttles == 0


# --- 2. Writing into another workspace fails ------------------------------------------------


@pytest.mark.parametrize("table", TENANT_TABLES)
def test_insert_control_succeeds_in_own_workspace(a, b, table):
    """The statements used below are valid: in B's own context they insert a row."""
    error, rowcount = attempt(b.ctx, INSERT_SQL[table], insert_params(b, actor=b, outsider=a))
    assert error is None
    assert rowcount == 1


@pytest.mark.parametrize("table", TENANT_TABLES)
def test_insert_into_other_workspace_fails(a, b, table):
    error, _ = attempt(a.ctx, INSERT_SQL[table], insert_params(b, actor=a, outsider=a))
    assert error is not None, f"A inserted a {table} row into workspace B"
    assert sqlstate(error) == "42501"
    assert f'{RLS_VIOLATION} for table "{table}"' in str(error)


@pytest.mark.parametrize("table", TENANT_TABLES)
def test_moving_own_row_into_other_workspace_fails(a, b, table):
    error, _ = attempt(
        a.ctx,
        f"update {table} set workspace_id = :other where id = :id",
        {"other": b.ws, "id": a.rows[table]},
    )
    assert error is not None, f"A moved its {table} row into workspace B"
    assert sqlstate(error) == "42501"
    if table in APPEND_ONLY:
        assert f"permission denied for table {table}" in str(error)
    else:
        assert f'{RLS_VIOLATION} for table "{table}"' in str(error)


@pytest.mark.parametrize("table", sorted(set(TENANT_TABLES) - APPEND_ONLY))
def test_updating_other_workspace_row_changes_nothing(a, b, table):
    # Control: the same statement updates A's own row.
    error, own = attempt(
        a.ctx,
        f"update {table} set workspace_id = :ws where id = :id",
        {"ws": a.ws, "id": a.rows[table]},
    )
    assert (error, own) == (None, 1)
    error, foreign = attempt(
        a.ctx,
        f"update {table} set workspace_id = :ws where id = :id",
        {"ws": a.ws, "id": b.rows[table]},
    )
    assert error is None
    assert foreign == 0, f"A updated B's {table} row"
    with db.workspace_session(a.ctx) as s:
        visible = s.execute(text(f"select count(*) from {table}")).scalar_one()
    error, everything = attempt(a.ctx, f"update {table} set workspace_id = workspace_id", {})
    assert error is None
    assert everything == visible, f"an unqualified update of {table} reached other workspaces"


def test_updating_timeline_is_refused_outright(a):
    with pytest.raises(DBAPIError) as exc, db.workspace_session(a.ctx) as s:
        s.execute(
            text("update activity set summary = 'x' where id = :id"), {"id": a.rows["activity"]}
        )
    assert "permission denied for table activity" in str(exc.value)


@pytest.mark.parametrize("table", TENANT_TABLES)
def test_app_role_cannot_delete(a, table):
    with pytest.raises(DBAPIError) as exc, db.workspace_session(a.ctx) as s:
        s.execute(text(f"delete from {table} where id = :id"), {"id": a.rows[table]})
    assert f"permission denied for table {table}" in str(exc.value)


def test_cannot_join_other_workspace_by_moving_membership(a, b):
    """The escalation that matters most: seating yourself in B from A's context."""
    with pytest.raises(DBAPIError) as exc, db.workspace_session(a.ctx) as s:
        s.execute(
            text("update membership set workspace_id = :b where id = :id"),
            {"b": b.ws, "id": a.rows["membership"]},
        )
    assert RLS_VIOLATION in str(exc.value)
    with db.scoped_session({db.SETTING_USER: str(a.ctx.user_id)}) as s:
        # Without a workspace, the user can see exactly their own memberships.
        assert s.execute(text("select workspace_id from membership")).scalars().all() == [a.ws]
        assert s.execute(text("select id from workspace")).scalars().all() == [a.ws]


# --- 3. One pooled connection, alternating tenants, and no context -------------------------


@pytest.fixture
def single_connection_engine(monkeypatch):
    """Make every app-role session share ONE pooled connection. Sessions are still opened by
    db.scoped_session / db.workspace_session, the helpers the app uses."""
    one = create_engine(
        db._sqlalchemy_url(db.database_url(APP_ROLE)),
        pool_size=1,
        max_overflow=0,
        pool_timeout=5,
    )
    original = db.engine
    monkeypatch.setattr(
        db, "engine", lambda role=APP_ROLE: one if role == APP_ROLE else original(role)
    )
    yield one
    one.dispose()


def _readable_tables() -> list[str]:
    with db.scoped_session({}) as s:
        return list(
            s.execute(
                text(
                    """
                    select c.relname from pg_class c
                    join pg_namespace n on n.oid = c.relnamespace
                    where n.nspname = 'public' and c.relkind in ('r', 'p')
                      and has_table_privilege(:role, c.oid, 'select')
                    order by 1
                    """
                ),
                {"role": APP_ROLE},
            ).scalars()
        )


def test_single_pooled_connection_never_leaks_between_tenants(single_connection_engine):
    c, d = seed_tenant(new_tenant("Initech")), seed_tenant(new_tenant("Umbrella"))
    # A failed login leaves a login_throttle row, so that table is not trivially empty.
    with pytest.raises(auth.AuthenticationFailed):
        auth.login(email=c.email, password="not the password", now=NOW)

    tables = _readable_tables()
    assert {"workspace", "app_user", "login_throttle", *TENANT_TABLES} <= set(tables)
    with db.bootstrap_session() as owner:
        empty = [
            t for t in tables if not owner.execute(text(f"select count(*) from {t}")).scalar_one()
        ]
    assert not empty, f"nothing stored in {empty}: the no-context check would prove nothing"

    pids: set[int] = set()
    made: dict[int, list[str]] = {c.ws: [], d.ws: []}
    for round_no in range(5):
        for tenant in (c, d):
            name = f"{tenant.ctx.workspace_id}-{round_no}"
            with db.workspace_session(tenant.ctx) as s:
                pids.add(s.execute(text("select pg_backend_pid()")).scalar_one())
                s.execute(
                    text("insert into contact (workspace_id, last_name) values (:ws, :n)"),
                    {"ws": tenant.ws, "n": name},
                )
                made[tenant.ws].append(name)
                rows = s.execute(text("select workspace_id, last_name from contact")).all()
                assert {ws for ws, _ in rows} == {tenant.ws}
                assert {n for _, n in rows} >= set(made[tenant.ws])
                assert s.execute(text("select id from workspace")).scalars().all() == [tenant.ws]

            with db.scoped_session({}) as s:
                pids.add(s.execute(text("select pg_backend_pid()")).scalar_one())
                counts = {
                    t: s.execute(text(f"select count(*) from {t}")).scalar_one() for t in tables
                }
            assert not any(counts.values()), f"no context, yet rows visible: {counts}"

            # Not even a bare transaction on the same pooled connection inherits the settings.
            with single_connection_engine.connect() as conn:
                pids.add(conn.execute(text("select pg_backend_pid()")).scalar_one())
                leftover = conn.execute(
                    text(
                        "select coalesce(current_setting('lumenbase.workspace_id', true), ''),"
                        " coalesce(current_setting('lumenbase.user_id', true), '')"
                    )
                ).one()
                assert tuple(leftover) == ("", "")
                assert conn.execute(text("select count(*) from contact")).scalar_one() == 0

    assert len(pids) == 1, f"expected one pooled connection, got backends {pids}"


def test_failed_transaction_leaves_no_context_behind(single_connection_engine):
    c = seed_tenant(new_tenant("Hooli"))

    class Boom(Exception):
        pass

    with pytest.raises(Boom), db.workspace_session(c.ctx) as s:
        assert s.execute(text("select count(*) from contact")).scalar_one() > 0
        raise Boom
    with pytest.raises(DBAPIError), db.workspace_session(c.ctx) as s:
        s.execute(text("select 1/0"))
    with db.scoped_session({}) as s:
        assert s.execute(text("select count(*) from contact")).scalar_one() == 0
        assert s.execute(text("select count(*) from workspace")).scalar_one() == 0
