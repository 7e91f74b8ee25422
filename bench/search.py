"""Benchmark of the search box, exactly as the app runs it, against a no-RLS baseline.

    LUMENBASE_DB_NAME=lumenbase_bench .venv/bin/python bench/search.py [--runs 15]

Needs the workspace made by bench/generate_workspace.py (1,000,000 contacts, 100,000
companies). It first brings the database to the current schema (`lumenbase migrate` is
idempotent). Search terms are taken from the data at fixed offsets, so a given seed gives the
same terms. For each scenario it times, interleaved run by run so background load hits all alike:

  app       lumenbase.services.search.search_all (contacts, companies, leads and deals, five
            of each) inside lumenbase.db.workspace_session, as the app role, row-level security
            on: what one keystroke in the search box costs the server.
  rls sql   the statements that call sent, with the same parameters, run by psycopg as the app
            role in one transaction with the same settings: the database's share of `app`.
  baseline  the same statements as the superuser, to whom no policy applies.

It prints medians and ratio = app / baseline, and how the contact and company tables were read
under RLS (the trigram index, or for a two-letter query a sequential scan that stops at the
match cap); writes the table to bench/out/search.md and EXPLAIN (ANALYZE, BUFFERS) of each
scenario's contact and company statements, under RLS and without, to
bench/out/search_explain_<key>.txt.
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
from lumenbase.services.search import search_all  # noqa: E402

AIM_MS = 100.0


@dataclass
class Scenario:
    key: str
    title: str
    query: str
    statements: list[tuple[str, dict]] = field(default_factory=list)
    found: str = ""
    app: list[float] = field(default_factory=list)
    rls: list[float] = field(default_factory=list)
    base: list[float] = field(default_factory=list)

    def median(self, name: str) -> float:
        return statistics.median(getattr(self, name)) * 1000


def settings_sql(ctx: WorkspaceContext) -> tuple[str, tuple]:
    """The policy settings workspace_session makes, for statements run by psycopg directly."""
    names = (SETTING_WORKSPACE, SETTING_USER, SETTING_ROLE)
    calls = ", ".join(f"set_config('{name}', %s, true)" for name in names)
    return f"select {calls}", (str(ctx.workspace_id), str(ctx.user_id), str(ctx.role))


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


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


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs per scenario")
    parser.add_argument("--warmup", type=int, default=3, help="untimed runs first")
    parser.add_argument("--only", default="", help="scenario keys to run, e.g. 'a,c'")
    return parser.parse_args(argv)


def _swap_typo(word: str) -> str:
    """Two neighbouring letters swapped in the middle of a word: "Smith" -> "Smiht"."""
    i = max(1, len(word) // 2 - 1)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def _typo_email(email: str) -> str:
    """Two letters swapped before the '@', where people type rather than paste."""
    local, domain = email.split("@", 1)
    return f"{_swap_typo(local)}@{domain}"


def _drop_letter(word: str) -> str:
    """The middle letter left out: "Mathieu" -> "Matieu"."""
    return word[: len(word) // 2] + word[len(word) // 2 + 1 :]


def _spaced_phone(phone: str) -> str:
    """'+916442483059' as a person would type it: '+91 644 248 3059'."""
    digits = phone.lstrip("+")
    return f"+{digits[:-10]} {digits[-10:-7]} {digits[-7:-4]} {digits[-4:]}"


def pick_scenarios(conn, ws: common.BenchWorkspace) -> list[Scenario]:
    """Terms taken from live rows at fixed offsets, so a given seed gives the same terms."""
    live = "workspace_id = %s and deleted_at is null"

    def one(sql: str):
        return conn.execute(sql.format(live=live), (ws.workspace_id,)).fetchone()

    email, first, last = one(
        "select email::text, first_name, last_name from contact where {live} "
        "and email ~ '^[a-z]+\\.[a-z]+@' and length(first_name) >= 4 and length(last_name) >= 5 "
        "and unaccent(first_name || last_name) <> first_name || last_name "
        "order by id offset 777 limit 1"
    )
    (phone,) = one(
        "select phone from contact where {live} and phone ~ '^\\+[0-9]{{11,13}}$' "
        "order by id offset 4242 limit 1"
    )
    (domain,) = one("select domain::text from company where {live} order by id offset 49 limit 1")
    (common_first,) = one(
        "select first_name from contact where {live} and first_name ~ '^[A-Z][a-z]{{4,}}$' "
        "order by id offset 10 limit 1"
    )
    plain = conn.execute("select unaccent(%s), unaccent(%s)", (first, last)).fetchone()
    return [
        Scenario("a", f"exact email '{email}'", email),
        Scenario("b", f"name, unaccented capitals '{plain[0].upper()} {plain[1].upper()}'",
                 f"{plain[0].upper()} {plain[1].upper()}"),
        Scenario("c", f"name substring '{last[:5].lower()}'", last[:5].lower()),
        Scenario("d", f"typo name '{_swap_typo(first)} {_swap_typo(last)}'",
                 f"{_swap_typo(first)} {_swap_typo(last)}"),
        Scenario("e", f"phone '{_spaced_phone(phone)}'", _spaced_phone(phone)),
        Scenario("f", f"phone, national digits '{phone[-10:]}'", phone[-10:]),
        Scenario("g", f"company domain '{domain}'", domain),
        Scenario("h", f"common first name '{common_first}'", common_first),
        Scenario("i", "two letters 'ma'", "ma"),
        Scenario("j", f"typo email '{_typo_email(email)}'", _typo_email(email)),
        Scenario("k", f"typo name, a letter missing '{first} {_drop_letter(last)}'",
                 f"{first} {_drop_letter(last)}"),
    ]  # fmt: skip


def capture(ctx: WorkspaceContext, sc: Scenario) -> None:
    """Run the service once; keep the statements it sent and a summary of what it found."""
    sent: list[tuple[str, dict]] = []

    def on_execute(conn, cursor, statement, parameters, context, executemany):
        if "set_config('lumenbase." not in statement:  # the session's own settings
            sent.append((statement, dict(parameters or {})))

    event.listen(engine(APP_ROLE), "before_cursor_execute", on_execute)
    try:
        with workspace_session(ctx) as s:
            results = search_all(s, ctx, query=sc.query)
    finally:
        event.remove(engine(APP_ROLE), "before_cursor_execute", on_execute)
    sc.statements = sent
    sc.found = ", ".join(
        f"{g.total:,}{'+' if g.capped else ''} {g.record_type}" for g in results.groups if g.total
    )
    top = results.hits[0].title if results.hits else "nothing"
    sc.found = f"{sc.found or 'none'}; first: {top}"


def run_sql(conn: psycopg.Connection, sc: Scenario, ctx: WorkspaceContext | None) -> None:
    with conn.transaction():
        if ctx is not None:
            conn.execute(*settings_sql(ctx))
        for statement, params in sc.statements:
            conn.execute(statement, params).fetchall()


def measure(sc: Scenario, ctx: WorkspaceContext, app_conn, base_conn, args) -> None:
    def app() -> None:
        with workspace_session(ctx) as s:
            search_all(s, ctx, query=sc.query)

    def rls() -> None:
        run_sql(app_conn, sc, ctx)

    def base() -> None:
        run_sql(base_conn, sc, None)

    for _ in range(args.warmup):
        app(), rls(), base()
    for _ in range(args.runs):
        sc.app.append(timed(app))
        sc.rls.append(timed(rls))
        sc.base.append(timed(base))


def _scan(plan: str, table: str) -> str:
    if f"Bitmap Index Scan on {table}_search_idx" in plan:
        return "trigram index"
    if f"Seq Scan on {table}" in plan:
        return "seq scan"
    return "other"


def explain(sc: Scenario, ctx: WorkspaceContext, app_conn, base_conn) -> tuple[str, str]:
    """EXPLAIN ANALYZE of the last contact and company statements the scenario ran (the typo
    pass when there was one), under RLS and without; and how each table was read under RLS."""
    prepare = sc.statements[0]
    parts, scans = [f"# {sc.key}: {sc.title}\n\nfound: {sc.found}\n\n"], []
    for table in ("contact", "company"):
        statement, params = [st for st in sc.statements if f"from {table} r\n" in st[0]][-1]
        for label, conn, context in (
            ("app role, RLS on", app_conn, ctx),
            ("baseline", base_conn, None),
        ):
            with conn.transaction():
                if context is not None:
                    conn.execute(*settings_sql(context))
                conn.execute(*prepare).fetchall()
                plan = "\n".join(
                    row[0]
                    for row in conn.execute("explain (analyze, buffers) " + statement, params)
                )
            if context is not None:
                scans.append(f"{table}: {_scan(plan, table)}")
            parts.append(f"## {table}, {label}\n\n{statement}\n\n{params}\n\n{plan}\n\n")
    return "".join(parts), ", ".join(scans)


def table(results: list[Scenario], scans: dict[str, str]) -> str:
    lines = [
        "| scenario | found | app (RLS) ms | rls sql ms | baseline ms | ratio app/base | "
        "read under RLS |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for sc in results:
        app, rls, base = sc.median("app"), sc.median("rls"), sc.median("base")
        flag = " **over aim**" if app > AIM_MS else ""
        lines.append(
            f"| {sc.key}: {sc.title} | {sc.found} | {app:.1f}{flag} | {rls:.1f} | {base:.1f} "
            f"| {app / base:.2f} | {scans[sc.key]} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    cfg = common.bench_settings()
    from lumenbase.schema import migrate

    migrate(cfg)  # idempotent; brings an older bench database to this schema
    base_url = common.superuser_url(cfg) or common.owner_url(cfg)
    with (
        psycopg.connect(base_url, autocommit=True) as base_conn,
        psycopg.connect(database_url(APP_ROLE), autocommit=True) as app_conn,
    ):
        ws = common.find_workspace(base_conn)
        ctx = ws.context(Role.SALES_REP)
        chosen = [
            sc for sc in pick_scenarios(base_conn, ws) if not args.only or sc.key in args.only
        ]
        scans: dict[str, str] = {}
        common.OUT_DIR.mkdir(exist_ok=True)
        for sc in chosen:
            capture(ctx, sc)
            measure(sc, ctx, app_conn, base_conn, args)
            text, scans[sc.key] = explain(sc, ctx, app_conn, base_conn)
            (common.OUT_DIR / f"search_explain_{sc.key}.txt").write_text(text)
            print(f"{sc.key}: app {sc.median('app'):.1f} ms; {sc.found}", flush=True)
        report = f"{machine(base_conn)}; {args.runs} runs after {args.warmup} warm-up, medians\n\n"
        report += table(chosen, scans) + "\n"
        print("\n" + report)
        (common.OUT_DIR / "search.md").write_text(report)


if __name__ == "__main__":
    main()
