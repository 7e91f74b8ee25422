"""Generate a workspace with 200,000 deals in the bench database, for bench/kanban_board.py.

    LUMENBASE_DB_NAME=lumenbase_bench_deals .venv/bin/python bench/generate_deals.py \
        [--deals 200000] [--companies 20000] [--seed 1]

Drops and recreates the database (its name must contain "bench"), migrates it, creates the
workspace, five members and the two pipelines through the services, then bulk-loads companies
and deals with COPY as the owner role. The deal table's secondary indexes are dropped before the
load and rebuilt from their own definitions afterwards; VACUUM (ANALYZE) last, as autovacuum
would leave a live database. The same seed gives the same rows.

Most deals of a four-year-old workspace are closed: the Sales pipeline holds 85% of them, two
thirds won or lost; 1% are in the trash; 5% have no expected close date.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("LUMENBASE_DB_NAME", "lumenbase_bench_deals")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402  (the bench database guard)
import psycopg  # noqa: E402

from lumenbase.config import settings  # noqa: E402
from lumenbase.context import Role  # noqa: E402

NOW = datetime(2026, 12, 1, tzinfo=UTC)
WORKSPACE_NAME = "Bench deals workspace"
PASSWORD = "bench workspace password"
MEMBERS = [  # (name, email local part, role, share of deals owned)
    ("Morgan Reyes", "morgan.reyes", Role.ADMIN, 8),
    ("Sam Okafor", "sam.okafor", Role.MANAGER, 12),
    ("Lena Schröder", "lena.schroeder", Role.SALES_REP, 27),
    ("Tomás Álvarez", "tomas.alvarez", Role.SALES_REP, 27),
    ("Priya Nair", "priya.nair", Role.SALES_REP, 26),
]


def _words(text: str) -> list[str]:
    return text.split()


SALES_SHARE = 0.85
# Weights of deals per stage, in stage order (see pipelines.DEFAULT_STAGES and RENEWALS).
SALES_WEIGHTS = (12, 9, 7, 5, 35, 32)
RENEWALS = (
    ("Upcoming", 40, "open"),
    ("In discussion", 70, "open"),
    ("Renewed", 100, "won"),
    ("Churned", 0, "lost"),
)
RENEWAL_WEIGHTS = (15, 10, 60, 15)
CURRENCIES = (("USD", 6), ("EUR", 3), ("GBP", 1))
PRODUCTS = (
    "Annual platform licence",
    "Onboarding package",
    "Data migration",
    "Support upgrade",
    "Team expansion",
    "Pilot project",
    "Analytics add-on",
)
COMPANY_WORDS = _words(
    "Acme Globex Initech Umbrella Hooli Vandelay Stark Wayne Tyrell Cyberdyne Soylent Wonka Nordvik "
    "Brightwater Lumen Solaria Kestrel Granite Harbor Meridian Polaris Juniper Alder Cobalt Everest"
)
COMPANY_SECTORS = _words(
    "Labs Systems Logistics Foods Health Capital Robotics Energy Media Analytics Partners Studio Works"
)
DEAL_COLUMNS = (
    "id, workspace_id, name, pipeline_id, stage_id, amount, currency, expected_close_date, "
    "company_id, forecast_category, status, lost_reason, closed_at, stage_changed_at, owner_id, "
    "created_at, created_by, updated_at, updated_by, deleted_at, deleted_by"
)


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--deals", type=int, default=200_000)
    parser.add_argument("--companies", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args(argv)


def bench_database() -> str:
    """The database name, after common's guard (it must contain "bench"); embedded only, since
    the generator drops it."""
    cfg = common.bench_settings()
    if not cfg.embedded_database:
        sys.exit("the generator drops its database, so it only runs on the embedded server.")
    return cfg.database_name


def owner_url() -> str:
    return common.owner_url(settings())


def line(values) -> str:
    # Generated values hold no tabs, newlines or backslashes: nothing to escape for COPY.
    return "\t".join("\\N" if v is None else str(v) for v in values) + "\n"


def setup_workspace():
    """Workspace, members and pipelines through the services. Returns (admin, owners, stages)
    where stages maps a pipeline id to its [(stage id, outcome)]."""
    from lumenbase.db import workspace_session
    from lumenbase.services import pipelines
    from lumenbase.services.workspaces import add_user, create_workspace_with_admin

    name, local, _, weight = MEMBERS[0]
    admin = create_workspace_with_admin(
        workspace_name=WORKSPACE_NAME,
        email=f"{local}@bench.example.com",
        full_name=name,
        password=PASSWORD,
        now=NOW,
    )
    owners = [(admin.user_id, weight)]
    with workspace_session(admin) as s:
        for name, local, role, weight in MEMBERS[1:]:
            user_id = add_user(
                s,
                admin,
                email=f"{local}@bench.example.com",
                full_name=name,
                password=PASSWORD,
                role=role,
                now=NOW,
            )
            owners.append((user_id, weight))
        sales = pipelines.ensure_default_pipeline(s, admin, now=NOW)
        renewals = pipelines.create_pipeline(s, admin, name="Renewals", now=NOW, stages=RENEWALS)
        stages = {
            p.id: [(x.id, x.outcome) for x in pipelines.live_stages(s, admin, p.id)]
            for p in (sales, renewals)
        }
    owners.append((None, 3))  # unassigned
    return admin, owners, stages


def company_names(rng: random.Random, count: int) -> list[str]:
    return [
        f"{rng.choice(COMPANY_WORDS)} {rng.choice(COMPANY_SECTORS)} {index + 1}"
        for index in range(count)
    ]


def companies(names: list[str], workspace_id: int, admin_id: int, first_id: int):
    for index, name in enumerate(names):
        yield line((first_id + index, workspace_id, name, admin_id, NOW, NOW))


def deals(rng, workspace_id, admin_id, owners, stages, companies_by_id, count, first_id):
    sales, renewals = list(stages)
    owner_ids, owner_weights = zip(*owners, strict=True)
    currencies, currency_weights = zip(*CURRENCIES, strict=True)
    history = 4 * 365
    company_ids = list(companies_by_id)
    for index in range(count):
        pipeline = sales if rng.random() < SALES_SHARE else renewals
        weights = SALES_WEIGHTS if pipeline == sales else RENEWAL_WEIGHTS
        stage_id, outcome = rng.choices(stages[pipeline], weights=weights)[0]
        created = NOW - timedelta(days=history * (1 - index / count), hours=rng.randint(0, 23))
        moved = min(created + timedelta(days=rng.randint(1, 120)), NOW)
        company = rng.choice(company_ids) if rng.random() < 0.8 else None
        client = companies_by_id[company] if company else f"Prospect {index + 1}"
        close = (
            moved.date()
            if outcome != "open"
            else date(2026, 12, 1) + timedelta(days=rng.randint(-20, 180))
        )
        owner = rng.choices(owner_ids, weights=owner_weights)[0]
        trashed = rng.random() < 0.01
        yield line(
            (
                first_id + index,
                workspace_id,
                f"{client}: {rng.choice(PRODUCTS)}",
                pipeline,
                stage_id,
                rng.randrange(5, 500) * 100,
                rng.choices(currencies, currency_weights)[0],
                None if rng.random() < 0.05 else close,
                company,
                "closed" if outcome != "open" else rng.choice(("pipeline", "best_case", "commit")),
                outcome,
                "No budget this year" if outcome == "lost" else None,
                moved if outcome != "open" else None,
                moved,
                owner,
                created,
                owner or admin_id,
                moved,
                owner or admin_id,
                moved if trashed else None,
                admin_id if trashed else None,
            )
        )


def copy(conn, table: str, columns: str, lines) -> None:
    with conn.cursor().copy(f"copy {table} ({columns}) from stdin") as out:
        for chunk in iter(lambda: list(itertools.islice(lines, 20_000)), []):
            out.write("".join(chunk))


def generate(args: argparse.Namespace) -> None:
    from lumenbase import embedded_db
    from lumenbase.schema import migrate

    cfg, start = settings(), time.perf_counter()
    embedded_db.ensure_database(cfg)
    embedded_db.drop_database(cfg, bench_database())
    migrate(cfg)
    admin, owners, stages = setup_workspace()
    rng = random.Random(args.seed)
    with psycopg.connect(owner_url()) as conn:
        conn.execute("set maintenance_work_mem = '512MB'")
        indexes = conn.execute(
            "select i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) from pg_index i "
            "where i.indrelid = 'deal'::regclass and not exists "
            "(select 1 from pg_constraint c where c.conindid = i.indexrelid)"
        ).fetchall()
        for name, _ in indexes:
            conn.execute(f"drop index {name}")
        first_company = conn.execute("select coalesce(max(id), 0) + 1 from company").fetchone()[0]
        names = company_names(rng, args.companies)
        copy(
            conn,
            "company",
            "id, workspace_id, name, owner_id, created_at, updated_at",
            companies(names, admin.workspace_id, admin.user_id, first_company),
        )
        by_id = {first_company + index: name for index, name in enumerate(names)}
        first_deal = conn.execute("select coalesce(max(id), 0) + 1 from deal").fetchone()[0]
        copy(
            conn,
            "deal",
            DEAL_COLUMNS,
            deals(
                rng,
                admin.workspace_id,
                admin.user_id,
                owners,
                stages,
                by_id,
                args.deals,
                first_deal,
            ),
        )
        for _, definition in indexes:
            conn.execute(definition)
        for table in ("company", "deal"):
            conn.execute(
                f"select setval(pg_get_serial_sequence('{table}', 'id'), (select max(id) from {table}))"
            )
    with psycopg.connect(owner_url(), autocommit=True) as conn:
        conn.execute("vacuum (analyze) company, deal")
    print(
        f"generated {args.deals:,} deals, {args.companies:,} companies in "
        f"{cfg.database_name} in {time.perf_counter() - start:.1f} s",
        flush=True,
    )


if __name__ == "__main__":
    generate(parse_args())
