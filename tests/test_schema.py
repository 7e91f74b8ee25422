"""The migrated database, read from the catalog: row-level security on every tenant table, an
app role that can neither bypass nor own anything, and SQLModel classes that match the tables."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy import types as sa_types
from sqlmodel import SQLModel

import lumenbase.models  # noqa: F401  (registers every table on SQLModel.metadata)
from lumenbase import db
from lumenbase.config import APP_ROLE, MAINTENANCE_ROLE, OWNER_ROLE


def rows(sql: str, **params) -> list:
    """Catalog queries run as the app role: the catalog is readable to it like to anyone."""
    with db.scoped_session({}) as s:
        return s.execute(text(sql), params).all()


TENANT_TABLES_SQL = """
    select c.oid, c.relname, c.relrowsecurity, c.relforcerowsecurity
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p')
      and exists (
          select 1 from pg_attribute a
          where a.attrelid = c.oid and a.attname = 'workspace_id' and not a.attisdropped
      )
    order by c.relname
"""


def test_tenant_tables_enable_and_force_row_level_security():
    tables = rows(TENANT_TABLES_SQL)
    assert len(tables) >= 14, [t.relname for t in tables]
    offenders = [
        f"{t.relname} (enabled={t.relrowsecurity}, forced={t.relforcerowsecurity})"
        for t in tables
        if not (t.relrowsecurity and t.relforcerowsecurity)
    ]
    assert not offenders, f"tenant tables without ENABLE+FORCE row level security: {offenders}"


def test_tenant_tables_have_a_policy_with_using_and_with_check_for_the_app():
    tables = rows(TENANT_TABLES_SQL)
    offenders = []
    for t in tables:
        policies = rows(
            """
            select p.polname,
                   p.polcmd,
                   pg_get_expr(p.polqual, p.polrelid) as using_expr,
                   pg_get_expr(p.polwithcheck, p.polrelid) as check_expr,
                   p.polroles = '{0}' or (select oid from pg_roles where rolname = :role)
                       = any(p.polroles) as applies_to_app
            from pg_policy p where p.polrelid = :oid
            """,
            oid=t.oid,
            role=APP_ROLE,
        )
        if not any(p.using_expr and p.check_expr and p.applies_to_app for p in policies):
            offenders.append(t.relname)
    assert not offenders, (
        f"tenant tables without a policy that has both USING and WITH CHECK for {APP_ROLE}: "
        f"{offenders}"
    )


def test_tenant_policies_are_keyed_on_the_workspace_and_never_trivially_true():
    offenders = rows(
        """
        select c.relname, p.polname,
               pg_get_expr(p.polqual, p.polrelid) as using_expr,
               pg_get_expr(p.polwithcheck, p.polrelid) as check_expr
        from pg_policy p
        join pg_class c on c.oid = p.polrelid
        join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid and a.attname = 'workspace_id'
        where n.nspname = 'public'
          and (coalesce(pg_get_expr(p.polqual, p.polrelid), '') in ('true', '(true)')
               or coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '') in ('true', '(true)')
               or (pg_get_expr(p.polqual, p.polrelid) is not null
                   and pg_get_expr(p.polqual, p.polrelid) not like '%lb_workspace()%'))
        """
    )
    assert not offenders, [tuple(o) for o in offenders]


def test_every_table_the_app_can_read_is_under_forced_row_level_security():
    offenders = rows(
        """
        select c.relname from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'f')
          and has_table_privilege(:role, c.oid, 'select')
          and not (c.relrowsecurity and c.relforcerowsecurity)
        """,
        role=APP_ROLE,
    )
    assert not offenders, f"readable by {APP_ROLE} without forced RLS: {offenders}"


def test_app_role_owns_nothing():
    owned = rows(
        """
        select 'relation' as kind, c.relname::text as name from pg_class c
            where c.relowner = (select oid from pg_roles where rolname = :role)
        union all
        select 'function', p.oid::regprocedure::text from pg_proc p
            where p.proowner = (select oid from pg_roles where rolname = :role)
        union all
        select 'schema', n.nspname::text from pg_namespace n
            where n.nspowner = (select oid from pg_roles where rolname = :role)
        union all
        select 'type', t.typname::text from pg_type t
            where t.typowner = (select oid from pg_roles where rolname = :role)
        union all
        select 'database', d.datname::text from pg_database d
            where d.datdba = (select oid from pg_roles where rolname = :role)
        """,
        role=APP_ROLE,
    )
    assert not owned, f"{APP_ROLE} owns: {[tuple(o) for o in owned]}"
    # Owner is the one running migrations: it should own the tables (control for the above).
    tables = rows(
        "select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace "
        "where n.nspname = 'public' and c.relkind = 'r' and pg_get_userbyid(c.relowner) = :o",
        o=OWNER_ROLE,
    )
    assert tables[0][0] >= 14


def test_app_role_attributes():
    (role,) = rows(
        "select rolsuper, rolbypassrls, rolcreaterole, rolcreatedb, rolcanlogin "
        "from pg_roles where rolname = :role",
        role=APP_ROLE,
    )
    assert not role.rolsuper
    assert not role.rolbypassrls
    assert not role.rolcreaterole
    assert not role.rolcreatedb
    assert role.rolcanlogin
    # Nor may it become a role that has those powers (membership allows SET ROLE).
    powerful = rows(
        """
        select r.rolname from pg_roles r
        where r.rolname <> :role and pg_has_role(:role, r.oid, 'member')
          and (r.rolsuper or r.rolbypassrls
               or r.rolname in (:owner, :maint, 'pg_write_all_data', 'pg_database_owner'))
        """,
        role=APP_ROLE,
        owner=OWNER_ROLE,
        maint=MAINTENANCE_ROLE,
    )
    assert not powerful, f"{APP_ROLE} is a member of {powerful}"
    # And it cannot create objects that could shadow ours (functions the policies call).
    (can_create,) = rows(
        "select has_schema_privilege(:role, 'public', 'create') "
        "or has_database_privilege(:role, current_database(), 'create')",
        role=APP_ROLE,
    )
    assert not can_create[0]


def test_app_role_cannot_delete_or_truncate_anything():
    offenders = rows(
        """
        select c.relname, has_table_privilege(:role, c.oid, 'delete') as can_delete,
               has_table_privilege(:role, c.oid, 'truncate') as can_truncate
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p')
          and (has_table_privilege(:role, c.oid, 'delete')
               or has_table_privilege(:role, c.oid, 'truncate'))
        """,
        role=APP_ROLE,
    )
    assert not offenders, f"{APP_ROLE} may delete/truncate: {[tuple(o) for o in offenders]}"
    # Control: the maintenance role, which runs the purge, can.
    (maint,) = rows("select has_table_privilege(:m, 'contact', 'delete')", m=MAINTENANCE_ROLE)
    assert maint[0]


def test_timeline_is_append_only_for_the_app():
    (privs,) = rows(
        "select has_table_privilege(:role, 'activity', 'insert'), "
        "has_table_privilege(:role, 'activity', 'update')",
        role=APP_ROLE,
    )
    assert tuple(privs) == (True, False)


# --- SQLModel classes vs. the migrated database --------------------------------------------

# Differences that are not about tables and columns: indexes and unique constraints live only in
# the migration (the models do not repeat them), and server defaults are the migration's too.
IGNORED_DIFFS = {
    "add_index",
    "remove_index",
    "add_constraint",
    "remove_constraint",
    "modify_default",
    "modify_comment",
    "add_table_comment",
    "remove_table_comment",
}


def _type_family(t: sa_types.TypeEngine) -> str:
    """Compare types roughly: text, varchar, char and citext are all strings to Python."""
    if isinstance(t, sa_types.TypeDecorator):  # sqlmodel's AutoString wraps String
        t = t.impl_instance
    if isinstance(t, sa_types.String) or type(t).__name__.upper() == "CITEXT":
        return "string"
    if isinstance(t, sa_types.BigInteger):
        return "bigint"
    if isinstance(t, sa_types.SmallInteger):
        return "smallint"
    if isinstance(t, sa_types.Integer):
        return "integer"
    if isinstance(t, sa_types.Numeric) and not isinstance(t, sa_types.Float):
        return f"numeric({t.precision},{t.scale})"
    if isinstance(t, sa_types.DateTime):
        return f"timestamp(tz={bool(t.timezone)})"
    return type(t).__name__.lower()


def _flatten(diffs) -> list:
    out = []
    for diff in diffs:
        out.extend(diff if isinstance(diff, list) else [diff])
    return out


def schema_drift() -> list[str]:
    with db.engine(OWNER_ROLE).connect() as conn:
        ctx = MigrationContext.configure(
            conn, opts={"compare_type": True, "compare_server_default": False}
        )
        diffs = _flatten(compare_metadata(ctx, SQLModel.metadata))
    problems = []
    for diff in diffs:
        kind = diff[0]
        if kind in IGNORED_DIFFS:
            continue
        if kind == "modify_type":
            _, _, table, column, _, db_type, model_type = diff
            if _type_family(db_type) == _type_family(model_type):
                continue
            problems.append(f"{table}.{column}: database {db_type!r}, model {model_type!r}")
            continue
        if kind == "modify_nullable":
            _, _, table, column, _, db_null, model_null = diff
            problems.append(f"{table}.{column}: nullable in database={db_null}, model={model_null}")
            continue
        if kind in ("add_column", "remove_column"):
            _, _, table, column = diff
            where = "model only" if kind == "add_column" else "database only"
            problems.append(f"{table}.{column.name}: column in {where}")
            continue
        if kind in ("add_table", "remove_table"):
            where = "model only" if kind == "add_table" else "database only"
            problems.append(f"table {diff[1].name}: {where}")
            continue
        problems.append(repr(diff))
    return problems


def test_models_match_migrated_schema():
    drift = schema_drift()
    assert not drift, "SQLModel classes and the migrated database differ:\n" + "\n".join(drift)


@pytest.mark.parametrize(
    "table, column", [("contact", "email"), ("deal", "amount"), ("membership", "role")]
)
def test_drift_check_notices_nullability(table, column, monkeypatch):
    """The drift check is not blind: flipping a model column's nullability shows up."""
    col = SQLModel.metadata.tables[table].c[column]
    monkeypatch.setattr(col, "nullable", not col.nullable)
    assert any(p.startswith(f"{table}.{column}: nullable") for p in schema_drift())


def test_drift_check_notices_types_and_columns(monkeypatch):
    contact = SQLModel.metadata.tables["contact"]
    monkeypatch.setattr(contact.c["first_name"], "type", sa_types.Integer())
    monkeypatch.setattr(contact.c["city"], "type", sa_types.Text())  # same family: not drift
    drift = schema_drift()
    assert any(p.startswith("contact.first_name: database") for p in drift), drift
    assert not any(p.startswith("contact.city") for p in drift), drift
    monkeypatch.undo()

    deal = SQLModel.metadata.tables["deal"]
    column = deal.c["lost_reason"]
    deal._columns.remove(column)
    try:
        drift = schema_drift()
    finally:
        deal.append_column(column, replace_existing=True)
    assert "deal.lost_reason: column in database only" in drift, drift
    assert not schema_drift()
