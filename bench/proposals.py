"""Proof for the proposed contacts-list changes: the current service against a variant with them.

    LUMENBASE_DB_NAME=lumenbase_bench .venv/bin/python bench/proposals.py [--runs 7]

`proposed_list_contacts` below is lumenbase.services.contacts.list_contacts with proposals 1-3
of bench/README.md; both run the same way, inside workspace_session as the app role,
interleaved. For every scenario it checks that both return the same page (every field of every
row), and the same total unless the proposed count stopped at its cap. With --email-index it also creates the
proposed index for sort=email, measures, and drops it again, so the bench database keeps the
migrated schema.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402  (sets LUMENBASE_DB_NAME before lumenbase reads it)
import contacts_list  # noqa: E402
import psycopg  # noqa: E402
from sqlalchemy import any_, func, literal, or_, select  # noqa: E402
from sqlalchemy.orm import aliased  # noqa: E402

from lumenbase.context import Role, WorkspaceContext  # noqa: E402
from lumenbase.db import workspace_session  # noqa: E402
from lumenbase.models import AppUser, Company, Contact  # noqa: E402
from lumenbase.services.common import Page, clamp_paging, like_pattern, owner_condition  # noqa: E402
from lumenbase.services.contacts import CONTACT_SORTS, ContactRow, list_contacts  # noqa: E402

COUNT_CAP = 10_000
EMAIL_SORT_INDEX = (
    "create index contact_email_sort_idx on contact (workspace_id, email, id) "
    "where deleted_at is null"
)


def proposed_filters(ctx: WorkspaceContext, *, search: str = "", owner=None) -> list:
    conditions = [Contact.workspace_id == ctx.workspace_id, Contact.deleted_at.is_(None)]
    term = (search or "").strip()
    if term:
        pattern = func.lb_fold(like_pattern(term))
        matching_companies = select(Company.id).where(
            Company.workspace_id == ctx.workspace_id,
            Company.deleted_at.is_(None),
            Company.search_text.like(pattern),
        )
        # (1) = ANY(ARRAY(subquery)) is an init plan, so both arms of the OR can use an index
        # (BitmapOr of contact_search_idx and contact_company_idx), and the planner estimates
        # the LIKE arm instead of assuming half the table matches.
        conditions.append(
            or_(
                Contact.search_text.like(pattern),
                Contact.company_id == any_(func.array(matching_companies.scalar_subquery())),
            )
        )
    by_owner = owner_condition(Contact.owner_id, ctx, owner)
    if by_owner is not None:
        conditions.append(by_owner)
    return conditions


# The service's sorts, by column name ("-" for descending), so they apply to the CTE too.
SORT_COLUMNS = {
    "name": ("last_name", "first_name", "id"),
    "-name": ("-last_name", "-first_name", "-id"),
    "newest": ("-created_at", "-id"),
    "oldest": ("created_at", "id"),
    "email": ("email", "id"),
}


def order_by(columns, sort: str) -> list:
    return [
        columns[name[1:]].desc() if name.startswith("-") else columns[name]
        for name in SORT_COLUMNS[sort]
    ]


def proposed_list_contacts(
    s, ctx: WorkspaceContext, *, search="", owner=None, sort="name", page=1, page_size=25
) -> Page:
    """list_contacts with proposals 1-3; same arguments, same result (total capped)."""
    page, page_size = clamp_paging(page, page_size)
    conditions = proposed_filters(ctx, search=search, owner=owner)
    # (2) Count at most COUNT_CAP + 1 rows; the page shows "10,000+" past that.
    capped = select(literal(1)).select_from(Contact).where(*conditions).limit(COUNT_CAP + 1)
    total = s.execute(select(func.count()).select_from(capped.subquery())).scalar_one()
    offset = (page - 1) * page_size
    if search.strip() and total <= COUNT_CAP:
        # (3a) A search with few matches: collect them first (bitmap index scans), then sort
        # them in memory. Otherwise the planner may walk the name index filtering row by row,
        # which is slow when the matches sit together in name order (a surname) and the
        # LIKE estimate is too high; which plan it picks changes with each ANALYZE sample.
        hits = (
            select(*(Contact.__table__.c[name.lstrip("-")] for name in SORT_COLUMNS[sort]))
            .where(*conditions)
            .cte("hits")
            .prefix_with("MATERIALIZED")
        )
        page_ids = select(hits.c.id).order_by(*order_by(hits.c, sort))
    else:
        # (3b) Deferred join: page through ids in the sort index (index-only), then fetch and
        # join only the rows shown, instead of joining every row that OFFSET skips.
        page_ids = (
            select(Contact.id).where(*conditions).order_by(*order_by(Contact.__table__.c, sort))
        )
    page_ids = page_ids.limit(page_size).offset(offset).subquery()
    owner_user = aliased(AppUser)
    rows = s.execute(
        select(Contact, Company.name, owner_user.full_name)
        .join(page_ids, page_ids.c.id == Contact.id)
        .outerjoin(Company, Company.id == Contact.company_id)
        .outerjoin(owner_user, owner_user.id == Contact.owner_id)
        .order_by(*CONTACT_SORTS[sort])
    ).all()
    items = [
        ContactRow(
            id=contact.id,
            name=contact.full_name,
            email=contact.email or "",
            phone=contact.phone or contact.mobile_phone or "",
            title=contact.title or "",
            company_id=contact.company_id,
            company_name=company_name or "",
            owner_name=owner_name or "",
            created_at=contact.created_at,
        )
        for contact, company_name, owner_name in rows
    ]
    return Page(items=items, total=total, page=page, page_size=page_size)


def extra_scenarios() -> list[contacts_list.Scenario]:
    S = contacts_list.Scenario
    return [
        S("g", "search 'gmail' (broad: 14% of contacts)", {"search": "gmail"}),
        S("h", "search 'an' (2 letters: no trigram)", {"search": "an"}),
        S("i", "sort by email", {"sort": "email"}),
    ]


def compare(ctx: WorkspaceContext, sc: contacts_list.Scenario, runs: int) -> tuple:
    def current():
        with workspace_session(ctx) as s:
            return list_contacts(s, ctx, page_size=25, **sc.kwargs)

    def proposed():
        with workspace_session(ctx) as s:
            return proposed_list_contacts(s, ctx, page_size=25, **sc.kwargs)

    before, after = current(), proposed()
    same_page = before.items == after.items
    same_total = before.total == after.total or after.total == COUNT_CAP + 1
    if not (same_page and same_total):
        raise AssertionError(f"{sc.key}: proposed result differs ({before.total} vs {after.total})")
    times: dict[str, list[float]] = {"current": [], "proposed": []}
    for _ in range(runs):
        for name, fn in (("current", current), ("proposed", proposed)):
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return (
        statistics.median(times["current"]) * 1000,
        statistics.median(times["proposed"]) * 1000,
        before.total,
        after.total,
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--email-index", action="store_true", help="also try the sort index")
    args = parser.parse_args(argv)
    cfg = common.bench_settings()
    with psycopg.connect(common.owner_url(cfg), autocommit=True) as owner:
        ws = common.find_workspace(owner)
        terms = contacts_list.pick_terms(owner, ws, contacts_list.parse_args([]))
        ctx = ws.context(Role.SALES_REP)
        lines = [
            "| scenario | total | current ms | proposed ms | proposed total |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        for sc in contacts_list.scenarios(terms) + extra_scenarios():
            cur, new, total, capped = compare(ctx, sc, args.runs)
            shown = f"{COUNT_CAP:,}+" if capped > COUNT_CAP else f"{capped:,}"
            lines.append(f"| {sc.key}: {sc.title} | {total:,} | {cur:.1f} | {new:.1f} | {shown} |")
            print(lines[-1], flush=True)
        if args.email_index:
            owner.execute(EMAIL_SORT_INDEX)
            try:
                owner.execute("analyze contact")
                sc = extra_scenarios()[2]
                cur, new, total, _ = compare(ctx, sc, args.runs)
                lines.append(
                    f"| {sc.key}: {sc.title}, with index | {total:,} | {cur:.1f} "
                    f"| {new:.1f} | {COUNT_CAP:,}+ |"
                )
                print(lines[-1])
            finally:
                owner.execute("drop index contact_email_sort_idx")
        machine = contacts_list.machine(owner)
    report = f"{machine}; {args.runs} runs, medians\n\n" + "\n".join(lines)
    common.OUT_DIR.mkdir(exist_ok=True)
    (common.OUT_DIR / "proposals.md").write_text(report + "\n")
    print("\n" + report)


if __name__ == "__main__":
    main()
