"""Benchmark of the deals board (lumenbase.services.deals.board) on a workspace with 200,000 deals,
against the same SQL without row-level security.

    LUMENBASE_DB_NAME=lumenbase_bench_deals .venv/bin/python bench/kanban_board.py \
        [--generate] [--runs 15]

Generates the workspace with bench/generate_deals.py first when it is missing (or with
--generate). For each scenario it times, interleaved run by run so background load hits them
alike:

  app       deals.board() inside lumenbase.db.workspace_session, as the app role (RLS on):
            what the server spends on one board load.
  rls sql   the statements that call sent, compiled with literal binds, run by psycopg as the
            app role in one transaction with the same settings: the database's share of `app`.
  baseline  the same statements as the embedded server's superuser: no policy applied.

It prints medians and the ratios app / baseline and rls sql / baseline, and writes the table to
bench/out/kanban_board.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("LUMENBASE_DB_NAME", "lumenbase_bench_deals")  # before lumenbase reads it
sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402
import generate_deals  # noqa: E402
import psycopg  # noqa: E402
from sqlalchemy import event  # noqa: E402
from sqlalchemy.dialects import postgresql  # noqa: E402
from sqlalchemy.sql import Select  # noqa: E402

from lumenbase import embedded_db  # noqa: E402
from lumenbase.config import APP_ROLE, settings  # noqa: E402
from lumenbase.context import Role, WorkspaceContext  # noqa: E402
from lumenbase.db import (  # noqa: E402
    SETTING_ROLE,
    SETTING_USER,
    SETTING_WORKSPACE,
    database_url,
    engine,
    workspace_session,
)
from lumenbase.services import deals  # noqa: E402

OUT = common.OUT_DIR / "kanban_board.md"


@dataclass
class Scenario:
    key: str
    title: str
    ctx: WorkspaceContext
    kwargs: dict
    statements: list[str] = field(default_factory=list)
    deals: int = 0
    app: list[float] = field(default_factory=list)
    rls: list[float] = field(default_factory=list)
    base: list[float] = field(default_factory=list)

    def median(self, name: str) -> float:
        return statistics.median(getattr(self, name)) * 1000


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--generate", action="store_true", help="recreate the workspace first")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=3)
    return parser.parse_args(argv)


def find_workspace(conn) -> tuple[int, dict[Role, int], dict[str, int]] | None:
    row = conn.execute(
        "select id from workspace where name = %s order by id desc limit 1",
        (generate_deals.WORKSPACE_NAME,),
    ).fetchone()
    if row is None:
        return None
    members = dict(
        conn.execute(
            "select role, min(user_id) from membership where workspace_id = %s group by role",
            (row[0],),
        ).fetchall()
    )
    pipelines = dict(
        conn.execute(
            "select name, id from pipeline where workspace_id = %s and deleted_at is null",
            (row[0],),
        ).fetchall()
    )
    return row[0], {Role(k): v for k, v in members.items()}, pipelines


def scenarios(workspace_id: int, members: dict[Role, int], pipelines: dict[str, int]):
    admin = WorkspaceContext(workspace_id, members[Role.ADMIN], Role.ADMIN)
    rep = WorkspaceContext(workspace_id, members[Role.SALES_REP], Role.SALES_REP)
    sales, renewals = pipelines["Sales"], pipelines["Renewals"]
    return [
        Scenario("a", "Sales board, all owners", admin, {"pipeline_id": sales}),
        Scenario(
            "b", "Sales board, owner 'mine' (a rep)", rep, {"pipeline_id": sales, "owner": "mine"}
        ),
        Scenario(
            "c",
            "Sales board, search 'acme' (4% of deals)",
            admin,
            {"pipeline_id": sales, "search": "acme"},
        ),
        Scenario(
            "d",
            "Sales board, search without a match",
            admin,
            {"pipeline_id": sales, "search": "zzqx"},
        ),
        Scenario("e", "Renewals board, all owners", admin, {"pipeline_id": renewals}),
    ]


def capture(sc: Scenario) -> None:
    """Run the service once; keep the SELECTs it sent, compiled with literal binds."""

    def on_execute(conn, clauseelement, multiparams, params, execution_options):
        if isinstance(clauseelement, Select):
            compiled = clauseelement.compile(
                dialect=postgresql.dialect(paramstyle="named"),
                compile_kwargs={"literal_binds": True},
            )
            sc.statements.append(str(compiled))

    event.listen(engine(APP_ROLE), "before_execute", on_execute)
    try:
        with workspace_session(sc.ctx) as s:
            sc.deals = deals.board(s, sc.ctx, **sc.kwargs).count
    finally:
        event.remove(engine(APP_ROLE), "before_execute", on_execute)


def run_sql(conn, statements: list[str], ctx: WorkspaceContext | None) -> None:
    with conn.transaction():
        if ctx is not None:
            names = (SETTING_WORKSPACE, SETTING_USER, SETTING_ROLE)
            calls = ", ".join(f"set_config('{name}', %s, true)" for name in names)
            conn.execute(
                f"select {calls}", (str(ctx.workspace_id), str(ctx.user_id), str(ctx.role))
            )
        for statement in statements:
            conn.execute(statement).fetchall()


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def measure(sc: Scenario, app_conn, base_conn, args) -> None:
    def app():
        with workspace_session(sc.ctx) as s:
            deals.board(s, sc.ctx, **sc.kwargs)

    def rls():
        run_sql(app_conn, sc.statements, sc.ctx)

    def base():
        run_sql(base_conn, sc.statements, None)

    for _ in range(args.warmup):
        app(), rls(), base()
    for _ in range(args.runs):
        sc.app.append(timed(app))
        sc.rls.append(timed(rls))
        sc.base.append(timed(base))


def machine(conn) -> str:
    version = conn.execute("show server_version").fetchone()[0]
    shown = ", ".join(
        f"{name}={conn.execute(f'show {name}').fetchone()[0]}"
        for name in (
            "shared_buffers",
            "work_mem",
            "random_page_cost",
            "max_parallel_workers_per_gather",
        )
    )
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.machine()} {os.cpu_count()} cores, "
        f"PostgreSQL {version} ({shown}), load average {load}"
    )


def table(results: list[Scenario]) -> str:
    lines = [
        "| scenario | deals on the board | app (RLS) ms | rls sql ms | baseline ms | app/base | rls sql/base |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for sc in results:
        app, rls, base = sc.median("app"), sc.median("rls"), sc.median("base")
        lines.append(
            f"| {sc.key}: {sc.title} | {sc.deals:,} | {app:.1f} | {rls:.1f} | {base:.1f} "
            f"| {app / base:.2f} | {rls / base:.2f} |"
        )
    return "\n".join(lines)


def main(argv=None) -> None:
    args = parse_args(argv)
    cfg = settings()
    generate_deals.bench_database()
    embedded_db.ensure_database(cfg)
    with psycopg.connect(generate_deals.owner_url(), autocommit=True) as conn:
        found = None if args.generate else find_workspace(conn)
    if found is None:
        generate_deals.generate(generate_deals.parse_args([]))
        with psycopg.connect(generate_deals.owner_url(), autocommit=True) as conn:
            found = find_workspace(conn)
    superuser = common.superuser_url(cfg)
    with (
        psycopg.connect(superuser, autocommit=True) as base_conn,
        psycopg.connect(database_url(APP_ROLE), autocommit=True) as app_conn,
    ):
        total = base_conn.execute(
            "select count(*) from deal where workspace_id = %s", (found[0],)
        ).fetchone()[0]
        results = scenarios(*found)
        for sc in results:
            capture(sc)
            measure(sc, app_conn, base_conn, args)
            print(
                f"{sc.key}: app {sc.median('app'):.1f} ms, base {sc.median('base'):.1f} ms",
                flush=True,
            )
        report = (
            f"{machine(base_conn)}; workspace of {total:,} deals; {args.runs} runs after "
            f"{args.warmup} warm-up, medians\n\n{table(results)}\n"
        )
    print("\n" + report)
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(report)


if __name__ == "__main__":
    main()
