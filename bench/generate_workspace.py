"""Generate one large workspace in the bench database: 1,000,000 contacts, 100,000 companies.

    LUMENBASE_DB_NAME=lumenbase_bench .venv/bin/python bench/generate_workspace.py \
        [--contacts 1000000] [--companies 100000] [--seed 1]

Drops and recreates the bench database, migrates it, creates the workspace, its admin and four
more members through the services (so they are real accounts), then bulk-loads companies and
contacts with COPY as the owner role. Secondary indexes of the two tables are dropped before
the load and rebuilt after it from their own definitions (`pg_get_indexdef`), which is much
faster than maintaining them row by row; the schema ends up exactly as migrated. Finally
VACUUM (ANALYZE), so the planner has statistics and the visibility map is set, as autovacuum
would leave a live database.

Everything is drawn from a random generator seeded with --seed: the same seed gives the same
workspace, row for row. Names are international and accented; emails are unique.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import random
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402  (sets LUMENBASE_DB_NAME before lumenbase reads it)
import names  # noqa: E402
import psycopg  # noqa: E402

from lumenbase.context import Role  # noqa: E402

# A fixed clock, so the same seed gives the same rows whenever it runs.
NOW = datetime(2026, 12, 1, tzinfo=UTC)
HISTORY_SECONDS = 4 * 365 * 86400
PASSWORD = "bench workspace password"
LINKED_SHARE = 0.70  # contacts that work at one of the workspace's companies
TRASHED_SHARE = 0.01  # contacts and companies in the trash (deleted_at set)
UNASSIGNED_SHARE = 0.03

# The members; owner_id is spread across them with these weights.
MEMBERS = [
    ("Morgan Reyes", "morgan.reyes", Role.ADMIN, 8),
    ("Sam Okafor", "sam.okafor", Role.MANAGER, 12),
    ("Lena Schröder", "lena.schroeder", Role.SALES_REP, 27),
    ("Tomás Álvarez", "tomas.alvarez", Role.SALES_REP, 27),
    ("Priya Nair", "priya.nair", Role.SALES_REP, 26),
]
MEMBER_DOMAIN = "bench.example.com"

COMPANY_COLUMNS = (
    "id, workspace_id, name, domain, website, industry, employee_count, founded_year, phone, "
    "city, country, linkedin_url, owner_id, created_at, created_by, updated_at, updated_by, "
    "deleted_at, deleted_by"
)
CONTACT_COLUMNS = (
    "id, workspace_id, first_name, last_name, email, phone, mobile_phone, title, company_id, "
    "city, country, linkedin_url, source, tags, owner_id, created_at, created_by, updated_at, "
    "updated_by, deleted_at, deleted_by"
)
CHUNK_ROWS = 20_000


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--companies", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args(argv)


class Weighted:
    """rng-driven choice among items with integer weights, in O(log n)."""

    def __init__(self, pairs):
        self.items = [item for item, _ in pairs]
        self.cumulative = list(itertools.accumulate(weight for _, weight in pairs))

    def pick(self, rng: random.Random):
        return self.items[bisect.bisect(self.cumulative, rng.random() * self.cumulative[-1])]


@dataclass(frozen=True)
class Workspace:
    workspace_id: int
    admin_id: int
    owners: Weighted  # member id, or None for unassigned


def timestamp(seconds: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S+00", time.gmtime(seconds))


def copy_line(values) -> str:
    # Generated values never contain tabs, newlines or backslashes, so no escaping is needed.
    return "\t".join("\\N" if v is None else str(v) for v in values) + "\n"


def recreate_database(cfg) -> None:
    from lumenbase import embedded_db
    from lumenbase.schema import migrate

    if not cfg.embedded_database:
        sys.exit("the generator drops its database, so it only runs on the embedded server.")
    embedded_db.ensure_database(cfg)  # starts the server when it is not running
    embedded_db.drop_database(cfg, cfg.database_name)
    migrate(cfg)


def create_members() -> Workspace:
    """The workspace and its accounts, through the same services the app uses."""
    from lumenbase.db import workspace_session
    from lumenbase.services.workspaces import add_user, create_workspace_with_admin

    admin_name, admin_local, _, admin_weight = MEMBERS[0]
    ctx = create_workspace_with_admin(
        workspace_name=common.WORKSPACE_NAME,
        email=f"{admin_local}@{MEMBER_DOMAIN}",
        full_name=admin_name,
        password=PASSWORD,
        now=NOW,
    )
    weights = [(ctx.user_id, admin_weight)]
    with workspace_session(ctx) as s:
        for full_name, local, role, weight in MEMBERS[1:]:
            user_id = add_user(
                s,
                ctx,
                email=f"{local}@{MEMBER_DOMAIN}",
                full_name=full_name,
                password=PASSWORD,
                role=role,
                now=NOW,
            )
            weights.append((user_id, weight))
    total = sum(weight for _, weight in weights)
    weights.append((None, round(total * UNASSIGNED_SHARE / (1 - UNASSIGNED_SHARE))))
    return Workspace(ctx.workspace_id, ctx.user_id, Weighted(weights))


class Generator:
    """Rows for COPY, deterministic from the seed."""

    def __init__(self, seed: int, ws: Workspace, first_company_id: int, first_contact_id: int):
        self.rng = random.Random(seed)
        self.ws = ws
        self.first_company_id = first_company_id
        self.first_contact_id = first_contact_id
        self.countries = Weighted([(c, c[1]) for c in names.COUNTRIES])
        self.freemail = Weighted(names.FREEMAIL)
        self.dial = {c[0]: c[5] for c in names.COUNTRIES}
        self.folded = {n: names.slug(n) for n in names.FIRST_NAMES + names.LAST_NAMES}
        self.company_domain: list[str] = []
        self.company_place: list[tuple[str, str]] = []
        self.emails: set[str] = set()

    def _times(self, index: int, count: int) -> tuple[float, float]:
        """created_at grows with the id (rows arrive over four years), updated_at after it."""
        start = NOW.timestamp() - HISTORY_SECONDS
        created = start + HISTORY_SECONDS * index / count + self.rng.uniform(0, 3600)
        updated = min(created + self.rng.expovariate(1 / (60 * 86400)), NOW.timestamp())
        return created, updated

    def _trash(self, updated: float):
        if self.rng.random() < TRASHED_SHARE:
            return timestamp(updated + 60), self.ws.admin_id
        return None, None

    def _company_name(self) -> str:
        rng, pattern = self.rng, self.rng.random()
        if pattern < 0.3:
            base = rng.choice(names.COMPANY_PREFIXES) + rng.choice(names.COMPANY_SUFFIXES)
            return base if rng.random() < 0.5 else f"{base} {rng.choice(names.SECTOR_WORDS)}"
        if pattern < 0.55:
            return f"{rng.choice(names.LAST_NAMES)} {rng.choice(names.SECTOR_WORDS)}"
        if pattern < 0.7:
            return f"{rng.choice(names.LAST_NAMES)} & {rng.choice(names.LAST_NAMES)}"
        return " ".join(
            (
                rng.choice(names.COMPANY_PREFIXES),
                rng.choice(names.COMPANY_NOUNS),
                rng.choice(names.SECTOR_WORDS),
            )
        )

    def _unique_domain(self, base: str, tld: str, taken: set[str]) -> str:
        domain = f"{base}.{tld}"
        for n in itertools.count(2):
            if domain not in taken:
                taken.add(domain)
                return domain
            domain = f"{base}{n}.{tld}"
        raise AssertionError("unreachable")

    def companies(self, count: int):
        rng, taken = self.rng, set()
        for index in range(count):
            code, _, tld, legal, cities, dial = self.countries.pick(rng)
            base = self._company_name()
            name = f"{base} {rng.choice(legal)}" if rng.random() < 0.5 else base
            domain = self._unique_domain(names.slug(base), tld, taken)
            city = rng.choice(cities)
            self.company_domain.append(domain)
            self.company_place.append((city, code))
            created, updated = self._times(index, count)
            owner = self.ws.owners.pick(rng)
            deleted_at, deleted_by = self._trash(updated)
            yield copy_line(
                (
                    self.first_company_id + index,
                    self.ws.workspace_id,
                    name,
                    domain,
                    f"https://www.{domain}",
                    rng.choice(names.INDUSTRIES),
                    max(1, int(rng.lognormvariate(3.5, 1.6))),
                    rng.randint(1950, 2025) if rng.random() < 0.7 else None,
                    f"+{dial}{rng.randrange(10**8, 10**9)}" if rng.random() < 0.6 else None,
                    city,
                    code,
                    f"https://www.linkedin.com/company/{domain.split('.')[0]}",
                    owner,
                    timestamp(created),
                    owner or self.ws.admin_id,
                    timestamp(updated),
                    owner or self.ws.admin_id,
                    deleted_at,
                    deleted_by,
                )
            )

    def _email(self, first: str, last: str, company: int | None) -> str:
        rng = self.rng
        f, l = self.folded[first], self.folded[last]  # noqa: E741
        if company is not None and rng.random() < 0.9:
            domain = self.company_domain[company]
            local = rng.choice((f"{f}.{l}", f"{f}.{l}", f"{f[0]}{l}", f, f"{f}{l[0]}"))
        else:
            domain = self.freemail.pick(rng)
            local = rng.choice(
                (f"{f}.{l}", f"{f}{l}", f"{f}_{l}", f"{f}.{l}{rng.randint(1, 99)}", f"{l}.{f}")
            )
        email = f"{local}@{domain}"
        for n in itertools.count(2):
            if email not in self.emails:
                self.emails.add(email)
                return email
            email = f"{local}{n}@{domain}"
        raise AssertionError("unreachable")

    def contacts(self, count: int):
        rng, company_count = self.rng, len(self.company_domain)
        for index in range(count):
            first, last = rng.choice(names.FIRST_NAMES), rng.choice(names.LAST_NAMES)
            company = None
            if company_count and rng.random() < LINKED_SHARE:
                # Skewed: a few companies have thousands of contacts, most have a handful.
                company = int(company_count * rng.random() ** 2)
                city, country = self.company_place[company]
            else:
                code, *_, cities, _ = self.countries.pick(rng)
                city, country = rng.choice(cities), code
            dial = self.dial[country]
            created, updated = self._times(index, count)
            owner = self.ws.owners.pick(rng)
            deleted_at, deleted_by = self._trash(updated)
            tags = rng.sample(names.TAGS, rng.randint(1, 2)) if rng.random() < 0.2 else []
            yield copy_line(
                (
                    self.first_contact_id + index,
                    self.ws.workspace_id,
                    first,
                    last,
                    self._email(first, last, company),
                    f"+{dial}{rng.randrange(10**8, 10**10)}" if rng.random() < 0.8 else None,
                    f"+{dial}{rng.randrange(10**8, 10**10)}" if rng.random() < 0.4 else None,
                    rng.choice(names.TITLES) if rng.random() < 0.85 else None,
                    None if company is None else self.first_company_id + company,
                    city,
                    country,
                    f"https://www.linkedin.com/in/{self.folded[first]}-{self.folded[last]}-"
                    f"{rng.getrandbits(24):06x}"
                    if rng.random() < 0.3
                    else None,
                    rng.choice(names.SOURCES) or None,
                    "{" + ",".join(tags) + "}",
                    owner,
                    timestamp(created),
                    owner or self.ws.admin_id,
                    timestamp(updated),
                    owner or self.ws.admin_id,
                    deleted_at,
                    deleted_by,
                )
            )


def copy_rows(conn, table: str, columns: str, lines) -> None:
    with conn.cursor().copy(f"copy {table} ({columns}) from stdin") as copy:
        for chunk in iter(lambda: list(itertools.islice(lines, CHUNK_ROWS)), []):
            copy.write("".join(chunk))


def secondary_indexes(conn, tables: tuple[str, ...]) -> list[tuple[str, str]]:
    """(name, definition) of each index on `tables` that no constraint owns."""
    return conn.execute(
        """
        select i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
        from pg_index i
        where i.indrelid = any(%s::regclass[])
          and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
        order by 1
        """,
        (list(tables),),
    ).fetchall()


class Timer:
    def __init__(self):
        self.start = self.last = time.perf_counter()

    def lap(self, what: str) -> None:
        now = time.perf_counter()
        print(f"  {what:<44} {now - self.last:7.1f} s", flush=True)
        self.last = now


def bulk_load(cfg, ws: Workspace, args: argparse.Namespace, timer: Timer) -> None:
    with psycopg.connect(common.owner_url(cfg)) as conn:
        conn.execute("set maintenance_work_mem = '1GB'")
        conn.execute("set max_parallel_maintenance_workers = 2")
        conn.execute("set synchronous_commit = off")
        indexes = secondary_indexes(conn, ("company", "contact"))
        for name, _ in indexes:
            conn.execute(f"drop index {name}")
        first_company = conn.execute("select coalesce(max(id), 0) + 1 from company").fetchone()[0]
        first_contact = conn.execute("select coalesce(max(id), 0) + 1 from contact").fetchone()[0]
        gen = Generator(args.seed, ws, first_company, first_contact)
        copy_rows(conn, "company", COMPANY_COLUMNS, gen.companies(args.companies))
        timer.lap(f"COPY {args.companies:,} companies")
        copy_rows(conn, "contact", CONTACT_COLUMNS, gen.contacts(args.contacts))
        timer.lap(f"COPY {args.contacts:,} contacts")
        for name, definition in indexes:
            conn.execute(definition)
            timer.lap(f"index {name}")
        for table in ("company", "contact"):
            conn.execute(
                f"select setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(select coalesce(max(id), 1) from {table}))"
            )
        if secondary_indexes(conn, ("company", "contact")) != indexes:
            raise RuntimeError("rebuilt indexes differ from the migrated ones")
    with psycopg.connect(common.owner_url(cfg), autocommit=True) as conn:
        conn.execute("vacuum (analyze) company, contact")
        conn.execute("analyze")
    timer.lap("VACUUM (ANALYZE)")


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    cfg = common.bench_settings()
    timer = Timer()
    print(f"database {cfg.database_name}: {args.contacts:,} contacts, {args.companies:,} companies")
    recreate_database(cfg)
    timer.lap("drop + migrate")
    ws = create_members()
    timer.lap(f"workspace {ws.workspace_id} + {len(MEMBERS)} members")
    bulk_load(cfg, ws, args, timer)
    print(f"generated in {time.perf_counter() - timer.start:.1f} s")


if __name__ == "__main__":
    main()
