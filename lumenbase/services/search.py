"""One search box: contacts, companies, leads and deals by name, email, domain or phone, tolerant
of small typos and accents, best match first. How matching and ranking work: search_sql.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from sqlalchemy import text
from sqlmodel import Session

from lumenbase.context import WorkspaceContext
from lumenbase.errors import ValidationFailed
from lumenbase.services.common import RecordType, clamp_paging
from lumenbase.services.search_sql import ENTITIES, MATCH_CAP, ranked_sql, strict_exists_sql
from lumenbase.services.search_terms import MAX_QUERY_LENGTH, SearchTerms, parse_terms

# Set per transaction, with the query folded, in one round trip:
# - typo matches by trigram word similarity: 0.6 is pg_trgm's default, set here so a server
#   configured otherwise gives the same results;
# - always plan for the actual patterns: a generic plan (psycopg prepares a statement run five
#   times on one connection) cannot tell a rare pattern from a common one and may scan the table.
_PREPARE_SQL = """
select lb_fold(:q),
       set_config('pg_trgm.word_similarity_threshold', '0.6', true),
       set_config('plan_cache_mode', 'force_custom_plan', true)
"""

SEARCH_ORDER = (RecordType.CONTACT, RecordType.COMPANY, RecordType.LEAD, RecordType.DEAL)
RECORD_ROUTES = {
    RecordType.CONTACT: "/contacts",
    RecordType.COMPANY: "/companies",
    RecordType.LEAD: "/leads",
    RecordType.DEAL: "/deals",
}


@dataclass(frozen=True)
class SearchHit:
    record_type: RecordType
    id: int
    title: str
    subtitle: str
    score: float

    @property
    def route(self) -> str:
        return f"{RECORD_ROUTES[self.record_type]}/{self.id}"


@dataclass(frozen=True)
class SearchGroup:
    """One record type's matches: a page of hits, best first, and how many matched in all (at
    most MATCH_CAP; `capped` when there were more)."""

    record_type: RecordType
    hits: list[SearchHit]
    total: int
    capped: bool = False
    page: int = 1
    page_size: int = 5
    typos: bool = False  # nothing matched as typed: these are spelled one slip away

    @property
    def page_count(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def best_score(self) -> float:
        return self.hits[0].score if self.hits else -1.0


@dataclass(frozen=True)
class SearchResults:
    query: str
    groups: list[SearchGroup] = field(default_factory=list)  # best group first, empty ones last
    searched: bool = False  # False when the query was too short to search
    typos: bool = False  # nothing matched as typed: these are spelled one slip away

    @property
    def total(self) -> int:
        return sum(group.total for group in self.groups)

    @property
    def capped(self) -> bool:
        return any(group.capped for group in self.groups)

    @property
    def hits(self) -> list[SearchHit]:
        """Every hit of every type, best first."""
        return sorted((h for g in self.groups for h in g.hits), key=lambda h: -h.score)


def search_all(
    s: Session,
    ctx: WorkspaceContext,
    *,
    query: str,
    limit_per_type: int = 5,
    now: datetime | None = None,
) -> SearchResults:
    """The best `limit_per_type` live records of each type in the caller's workspace matching
    `query`, groups ordered by their best hit. Records one typo away are looked for only when
    nothing of any type matches as typed (`typos` on the result). A query under two characters
    finds nothing. Read-only, so any member may search; `now` is unused (searching changes
    nothing)."""
    terms = _terms(s, query)
    if terms is None:
        return SearchResults(query=query.strip())
    _, limit = clamp_paging(1, limit_per_type)
    groups = [_group(s, ctx, terms, t, 1, limit, typos=False) for t in SEARCH_ORDER]
    typos = not any(group.total for group in groups) and terms.allows_typos
    if typos:
        groups = [_group(s, ctx, terms, t, 1, limit, typos=True) for t in SEARCH_ORDER]
    groups.sort(key=lambda g: (-g.best_score, SEARCH_ORDER.index(g.record_type)))
    return SearchResults(query=terms.raw, groups=groups, searched=True, typos=typos)


def search_entity(
    s: Session,
    ctx: WorkspaceContext,
    *,
    query: str,
    record_type: RecordType | str,
    page: int = 1,
    page_size: int = 25,
) -> SearchGroup:
    """One page of one record type's matches, ranked and chosen as in search_all (the "see all"
    list): typo matches only when no record of any type matches as typed. Refuses an unknown
    record type."""
    try:
        record_type = RecordType(record_type)
    except ValueError as exc:
        raise ValidationFailed({"type": f"Cannot search '{record_type}'."}) from exc
    page, page_size = clamp_paging(page, page_size)
    terms = _terms(s, query)
    if terms is None:
        return SearchGroup(record_type, [], 0, page=page, page_size=page_size)
    group = _group(s, ctx, terms, record_type, page, page_size, typos=False)
    if group.total or not terms.allows_typos or _any_exact(s, ctx, terms):
        return group
    return _group(s, ctx, terms, record_type, page, page_size, typos=True)


def _terms(s: Session, query: str) -> SearchTerms | None:
    raw = (query or "").strip()[:MAX_QUERY_LENGTH]
    if len(raw) < 2:
        return None
    # Fold with the database's own lb_fold, the function behind every search_text column.
    folded = s.execute(text(_PREPARE_SQL), {"q": raw}).scalar_one()
    return parse_terms(raw, folded)


def _any_exact(s: Session, ctx: WorkspaceContext, terms: SearchTerms) -> bool:
    """Whether any record of any type matches as typed."""
    for record_type in SEARCH_ORDER:
        sql, params = strict_exists_sql(ENTITIES[record_type], terms)
        if s.execute(text(sql), {**params, "ws": ctx.workspace_id}).scalar_one():
            return True
    return False


def _group(
    s: Session,
    ctx: WorkspaceContext,
    terms: SearchTerms,
    record_type: RecordType,
    page: int,
    page_size: int,
    *,
    typos: bool,
) -> SearchGroup:
    offset = (page - 1) * page_size
    rows = _ranked(s, ctx, terms, record_type, limit=page_size, offset=offset, typos=typos)
    found = rows[0].total if rows else 0
    if not rows and page > 1:
        # A page past the end has no row to carry the count.
        counted = _ranked(s, ctx, terms, record_type, limit=1, offset=0, typos=typos)
        found = counted[0].total if counted else 0
    hits = [
        SearchHit(
            record_type=record_type,
            id=row.id,
            title=row.title,
            subtitle=_subtitle(record_type, row[4:]),
            score=round(float(row.score), 4),
        )
        for row in rows
    ]
    return SearchGroup(
        record_type,
        hits,
        total=min(found, MATCH_CAP),
        capped=found > MATCH_CAP,
        page=page,
        page_size=page_size,
        typos=typos,
    )


def _ranked(
    s: Session,
    ctx: WorkspaceContext,
    terms: SearchTerms,
    record_type: RecordType,
    *,
    limit: int,
    offset: int,
    typos: bool,
) -> list:
    statement = ranked_sql(ENTITIES[record_type], terms, typos=typos)
    if statement is None:
        return []
    sql, params = statement
    # The explicit workspace condition, besides the policy, lets the planner use it with the
    # indexes; the policy alone would still hide every other workspace.
    params.update(ws=ctx.workspace_id, limit=limit, offset=offset)
    return s.execute(text(sql), params).all()


def _subtitle(record_type: RecordType, details) -> str:
    if record_type is RecordType.DEAL:
        stage, amount, currency, company = details
        details = (stage, format_amount(amount, currency), company)
    return " · ".join(str(part) for part in details if part)


def format_amount(amount: Decimal | None, currency: str | None) -> str:
    if amount is None:
        return ""
    shown = f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"
    return f"{shown} {currency or ''}".strip()
