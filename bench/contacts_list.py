"""Benchmark of the contacts list, exactly as the app runs it, against a no-RLS baseline.

    LUMENBASE_DB_NAME=lumenbase_bench .venv/bin/python bench/contacts_list.py [--runs 15]

Needs the workspace made by bench/generate_workspace.py. For each scenario it times three
things, interleaved run by run so background load hits them alike:

  app       lumenbase.services.contacts.list_contacts inside lumenbase.db.workspace_session,
            as the app role (row-level security on): what a page load costs the server.
  rls sql   the two statements that call ran (count, then the page), compiled with literal
            binds, run by psycopg as the app role in one transaction with the same settings:
            the database's share of `app`, without SQLAlchemy.
  baseline  the same two statements as the owner role (BYPASSRLS), no policy applied.

It prints the medians, ratio app / baseline (what the aim is about: it includes the app's
fixed cost per page, session, set_config and ORM, a few ms) and rls sql / baseline (what
row-level security itself adds), writes the table to bench/out/, and EXPLAIN (ANALYZE,
BUFFERS) of the slowest scenario (or --explain all) under RLS and without. With --proposed
it times bench/proposals.py's variant of the service instead (same scenarios, same columns).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402  (sets LUMENBASE_DB_NAME before lumenbase reads it)
import psycopg  # noqa: E402
from sqlalchemy import event  # noqa: E402
from sqlalchemy.dialects import postgresql  # noqa: E402
from sqlalchemy.sql import Select  # noqa: E402

from lumenbase.config import APP_ROLE  # noqa: E402
from lumenbase.context import Role, WorkspaceContext  # noqa: E402
from lumenbase.db import (  # noqa: E402
    SETTING_ROLE,
    SETTING_USER,
    SETTING_WORKSPACE,
    database_url,
    engine,
    workspace_session,
)
from lumenbase.services.contacts import list_contacts  # noqa: E402

# The function under test; --proposed swaps in bench/proposals.py's variant.
SERVICE = {"list": list_contacts}
AIM_MS = 50.0
AIM_RATIO = 1.3


@dataclass
class Scenario:
    key: str
    title: str
    kwargs: dict
    statements: list[str] = field(default_factory=list)
    total: int = 0
    app: list[float] = field(default_factory=list)
    rls: list[float] = field(default_factory=list)
    base: list[float] = field(default_factory=list)

    def median(self, name: str) -> float:
        return statistics.median(getattr(self, name)) * 1000


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs per scenario")
    parser.add_argument("--warmup", type=int, default=3, help="untimed runs first")
    parser.add_argument("--only", default="", help="scenario keys to run, e.g. 'a,e'")
    parser.add_argument(
        "--proposed", action="store_true", help="time proposals.proposed_list_contacts instead"
    )
    parser.add_argument("--explain", choices=("worst", "all", "none"), default="worst")
    parser.add_argument("--email-term", default="", help="default: part of a real email")
    parser.add_argument("--name-term", default="", help="default: an accented name, folded")
    parser.add_argument("--company-term", default="", help="default: a company's name")
    return parser.parse_args(argv)


def pick_terms(conn, ws: common.BenchWorkspace, args: argparse.Namespace) -> dict[str, str]:
    """Search terms taken from the data (fixed offsets, so a given seed gives the same terms)."""
    live = "workspace_id = %s and deleted_at is null"
    email = (
        args.email_term
        or conn.execute(
            f"select split_part(email::text, '@', 1) from contact where {live} and email ~ '^[a-z]+\\.[a-z]+@' "
            "order by id offset 370000 limit 1",
            (ws.workspace_id,),
        ).fetchone()[0]
    )
    # A contact whose name has accents; typed without them and in capitals.
    name = (
        args.name_term
        or conn.execute(
            f"select upper(unaccent(first_name || ' ' || last_name)) from contact where {live} "
            "and unaccent(first_name || last_name) <> first_name || last_name "
            "order by id offset 777 limit 1",
            (ws.workspace_id,),
        ).fetchone()[0]
    )
    company = (
        args.company_term
        or conn.execute(
            f"select name from company where {live} order by id offset 49 limit 1",
            (ws.workspace_id,),
        ).fetchone()[0]
    )
    return {"email": email, "name": name, "company": company}


def scenarios(terms: dict[str, str]) -> list[Scenario]:
    return [
        Scenario("a", "first page, sort by name", {"sort": "name"}),
        Scenario("b", f"search email fragment '{terms['email']}'", {"search": terms["email"]}),
        Scenario("c", f"search name '{terms['name']}'", {"search": terms["name"]}),
        Scenario("d", "owner 'mine', sort newest", {"owner": "mine", "sort": "newest"}),
        Scenario("e", "page 400, sort by name", {"sort": "name", "page": 400}),
        Scenario("f", f"search company '{terms['company']}'", {"search": terms["company"]}),
    ]


def capture_statements(ctx: WorkspaceContext, kwargs: dict) -> tuple[list[str], int]:
    """Run the service once and return the SELECTs it sent, compiled with literal binds."""
    captured: list[str] = []

    def on_execute(conn, clauseelement, multiparams, params, execution_options):
        if isinstance(clauseelement, Select):
            # "named" paramstyle: '%' stays '%' (psycopg runs it without parameters).
            compiled = clauseelement.compile(
                dialect=postgresql.dialect(paramstyle="named"),
                compile_kwargs={"literal_binds": True},
            )
            captured.append(str(compiled))

    event.listen(engine(APP_ROLE), "before_execute", on_execute)
    try:
        with workspace_session(ctx) as s:
            page = SERVICE["list"](s, ctx, page_size=25, **kwargs)
    finally:
        event.remove(engine(APP_ROLE), "before_execute", on_execute)
    return captured, page.total


def settings_sql(ctx: WorkspaceContext) -> tuple[str, tuple]:
    names = (SETTING_WORKSPACE, SETTING_USER, SETTING_ROLE)
    calls = ", ".join(f"set_config('{name}', %s, true)" for name in names)
    return f"select {calls}", (str(ctx.workspace_id), str(ctx.user_id), str(ctx.role))


def run_sql(conn: psycopg.Connection, statements: list[str], ctx: WorkspaceContext | None):
    with conn.transaction():
        if ctx is not None:
            conn.execute(*settings_sql(ctx))
        for statement in statements:
            conn.execute(statement).fetchall()


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def measure(sc: Scenario, ctx: WorkspaceContext, app_conn, base_conn, args) -> None:
    def app() -> None:
        with workspace_session(ctx) as s:
            SERVICE["list"](s, ctx, page_size=25, **sc.kwargs)

    def rls() -> None:
        run_sql(app_conn, sc.statements, ctx)

    def base() -> None:
        run_sql(base_conn, sc.statements, None)

    for _ in range(args.warmup):
        app(), rls(), base()
    for _ in range(args.runs):
        sc.app.append(timed(app))
        sc.rls.append(timed(rls))
        sc.base.append(timed(base))


def explain(sc: Scenario, ctx: WorkspaceContext, app_conn, base_conn) -> str:
    parts = [f"# scenario {sc.key}: {sc.title} (total {sc.total:,})\n"]
    for label, conn, context in (
        ("app role, RLS on", app_conn, ctx),
        ("baseline", base_conn, None),
    ):
        for statement in sc.statements:
            with conn.transaction():
                if context is not None:
                    conn.execute(*settings_sql(context))
                plan = conn.execute("explain (analyze, buffers, settings) " + statement).fetchall()
            parts.append(f"## {label}\n\n{statement}\n\n")
            parts.append("\n".join(row[0] for row in plan) + "\n\n")
    return "".join(parts)


def table(results: list[Scenario]) -> str:
    lines = [
        "| scenario | total | app (RLS) ms | rls sql ms | baseline ms | ratio app/base "
        "| ratio rls sql/base |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for sc in results:
        app, rls, base = sc.median("app"), sc.median("rls"), sc.median("base")
        flag = " **over aim**" if app > AIM_MS or app / base > AIM_RATIO else ""
        lines.append(
            f"| {sc.key}: {sc.title} | {sc.total:,} | {app:.1f} | {rls:.1f} | {base:.1f} "
            f"| {app / base:.2f}{flag} | {rls / base:.2f} |"
        )
    return "\n".join(lines)


def machine(conn) -> str:
    version = conn.execute("show server_version").fetchone()[0]
    shown = ", ".join(
        f"{name}={conn.execute(f'show {name}').fetchone()[0]}"
        for name in ("shared_buffers", "work_mem", "random_page_cost", "jit")
    )
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.machine()} {os.cpu_count()} cores, "
        f"PostgreSQL {version} ({shown}), load average {load}"
    )


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    cfg = common.bench_settings()
    suffix = ""
    if args.proposed:
        import proposals

        SERVICE["list"], suffix = proposals.proposed_list_contacts, "_proposed"
    with (
        psycopg.connect(common.owner_url(cfg), autocommit=True) as base_conn,
        psycopg.connect(database_url(APP_ROLE), autocommit=True) as app_conn,
    ):
        ws = common.find_workspace(base_conn)
        ctx = ws.context(Role.SALES_REP)
        terms = pick_terms(base_conn, ws, args)
        chosen = [sc for sc in scenarios(terms) if not args.only or sc.key in args.only]
        for sc in chosen:
            sc.statements, sc.total = capture_statements(ctx, sc.kwargs)
            measure(sc, ctx, app_conn, base_conn, args)
            print(f"{sc.key}: app {sc.median('app'):.1f} ms, total {sc.total:,}", flush=True)
        report = f"{machine(base_conn)}; {args.runs} runs after {args.warmup} warm-up, medians"
        report += " (proposed variant)\n\n" if args.proposed else "\n\n"
        report += table(chosen) + "\n"
        print("\n" + report)
        common.OUT_DIR.mkdir(exist_ok=True)
        (common.OUT_DIR / f"contacts_list{suffix}.md").write_text(report)
        if args.explain != "none":
            worst = max(chosen, key=lambda sc: sc.median("app"))
            for sc in chosen if args.explain == "all" else [worst]:
                path = common.OUT_DIR / f"explain{suffix}_{sc.key}.txt"
                path.write_text(explain(sc, ctx, app_conn, base_conn))
                print(f"EXPLAIN ANALYZE of {sc.key} ({sc.title}) -> {path}")


if __name__ == "__main__":
    main()
