"""The SQL of the search box: which records match a query and how well, one record type at a time.

Matching goes through each record's trigram-indexed `search_text` only (LIKE and the pg_trgm
word-similarity operator `<%`, both LEAKPROOF, see lumenbase/schema.py), so the index serves it
under row-level security. How well a record matches is computed afterwards, on the matching
rows only, in tiers:

    5  an exact email, phone number (by its last ten digits) or company domain
    4  the name is the query
    3  the name starts with the query (or the email, the domain, for such a query)
    2  every word of the query starts a word of the record
    1  every word of the query is somewhere in the record
    0  a typo: a word with two letters swapped or one letter too many, or trigram word
       similarity (missing or wrong letters) of at least pg_trgm.word_similarity_threshold

plus, within a tier, how close the name (or, for an email query, the email) is to the query:
1 - Levenshtein distance / length.

Typo matches (tier 0) are looked for only when no record of any type matches as typed (tiers
1-5: every word present, or the phone digits; see search.py): a record spelled as typed always
wins, and the costlier typo scan runs only when it is needed. At most MATCH_CAP + 1 matching
rows are ranked, so a short query that matches half the workspace costs about what a precise
one does; its count reads "1,000+".

The statements are plain SQL text: built per query shape in microseconds, where the same thing
as SQLAlchemy expressions cost several milliseconds of Python per record type. Every value is a
bound parameter; only the fixed fragments below are formatted in.
"""

from __future__ import annotations

from dataclasses import dataclass

from lumenbase.services.common import RecordType
from lumenbase.services.search_terms import (
    SearchTerms,
    has_trigram,
    missing_letter_gaps,
    typo_variants,
)

MATCH_CAP = 1000
TIER_EXACT, TIER_NAME, TIER_STARTS, TIER_WORD_STARTS, TIER_CONTAINS, TIER_TYPO = 5, 4, 3, 2, 1, 0
LEVENSHTEIN_MAX = 255  # fuzzystrmatch's limit on its arguments

_PERSON_TITLE = "coalesce(nullif(trim(r.first_name || ' ' || r.last_name), ''), r.email::text, '')"


def _digits(column: str) -> str:
    return f"regexp_replace(coalesce({column}, ''), '[^0-9]', '', 'g')"


@dataclass(frozen=True)
class EntitySearch:
    """How one record type is searched and shown. Fragments refer to the record as `r`."""

    record_type: RecordType
    table: str
    title: str
    details: tuple[str, ...]  # what the subtitle is made of, in order
    joins: str = ""
    email: str = ""  # compared exactly with an email query, and by prefix
    domain: str = ""  # compared exactly with a domain query, and by prefix
    phones: tuple[str, ...] = ()  # compared by their last ten digits with a phone query


ENTITIES: dict[RecordType, EntitySearch] = {
    RecordType.CONTACT: EntitySearch(
        RecordType.CONTACT,
        "contact",
        title=_PERSON_TITLE,
        details=("r.email::text", "co.name"),
        joins="left join company co on co.id = r.company_id and co.deleted_at is null",
        email="r.email::text",
        phones=("r.phone", "r.mobile_phone"),
    ),
    RecordType.COMPANY: EntitySearch(
        RecordType.COMPANY,
        "company",
        title="r.name",
        details=("r.domain::text", "r.city"),
        domain="r.domain::text",
        phones=("r.phone",),
    ),
    RecordType.LEAD: EntitySearch(
        RecordType.LEAD,
        "lead",
        title=_PERSON_TITLE,
        details=("r.company_name", "r.email::text"),
        email="r.email::text",
        phones=("r.phone",),
    ),
    RecordType.DEAL: EntitySearch(
        RecordType.DEAL,
        "deal",
        title="r.name",
        details=("st.name", "r.amount", "r.currency", "co.name"),
        joins="left join company co on co.id = r.company_id and co.deleted_at is null "
        "left join pipeline_stage st on st.id = r.stage_id",
    ),
}


class _Params(dict):
    """Bound parameters, named in order of use."""

    def __call__(self, value: object) -> str:
        name = f"p{len(self)}"
        self[name] = value
        return f":{name}"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def word_patterns(word: str, *, typos: bool) -> list[str]:
    """LIKE patterns for one folded word: anywhere in the text (when it holds a trigram), else
    at the start of a word; with `typos`, also its one-slip variants (a missing letter as `_`).
    Every pattern gives the trigram index something to look up."""
    if not has_trigram(word):
        return _word_starts(word)
    patterns = [f"%{_escape(word)}%"]
    if typos:
        patterns += [f"%{_escape(variant)}%" for variant in typo_variants(word)]
        patterns += [f"%{_escape(a)}_{_escape(b)}%" for a, b in missing_letter_gaps(word)]
    return patterns


def _word_starts(word: str) -> list[str]:
    return [f"{_escape(word)}%", f"% {_escape(word)}%"]


def _every_word(column: str, terms: SearchTerms, p: _Params, patterns_of) -> str:
    return " and ".join(
        "(" + " or ".join(f"{column} like {p(pattern)}" for pattern in patterns_of(word)) + ")"
        for word in terms.words
    )


def strict_sql(column: str, terms: SearchTerms, p: _Params) -> str:
    """Every word somewhere in the text (short words at a word start), or the phone digits."""
    if terms.is_phone:
        return f"{column} like {p(f'%{terms.phone_tail}%')}"
    return _every_word(column, terms, p, lambda word: word_patterns(word, typos=False))


def loose_sql(column: str, terms: SearchTerms, p: _Params) -> str | None:
    """Matches allowing a typo: each word as typed or one slip away, or the query's trigram
    word similarity; None when the query has no typo to allow for (a phone, short words)."""
    if terms.is_phone:
        return None
    has_variants = any(
        len(word_patterns(word, typos=True)) > len(word_patterns(word, typos=False))
        for word in terms.words
    )
    if not has_variants and not terms.similar_to:
        return None
    condition = _every_word(column, terms, p, lambda word: word_patterns(word, typos=True))
    if terms.similar_to:
        # `q <% text`, not `text %> q`: word_similarity_op is the function marked LEAKPROOF.
        similar = f"{p(terms.similar_to)} <% {column}"
        if has_trigram(terms.email_domain):
            # A misspelled address: the name before the '@' is compared, the domain must be
            # there as typed. The whole address's trigrams ("com", ...) would make the index
            # read most of its entries.
            similar = f"({similar} and {column} like {p(f'%@{_escape(terms.email_domain)}%')})"
        condition = f"({condition}) or {similar}" if has_variants else similar
    return condition


def _exact_sql(spec: EntitySearch, terms: SearchTerms, p: _Params) -> list[str]:
    exact = []
    if spec.email and terms.email:
        # Emails are stored lower-cased; comparing as text keeps to a LEAKPROOF operator.
        exact.append(f"{spec.email} = {p(terms.email)}")
    if spec.domain and terms.domain:
        exact.append(f"{spec.domain} = {p(terms.domain)}")
    if terms.phone_is_whole_number:
        tail = p(f"%{terms.phone_tail}")
        exact += [f"{_digits(column)} like {tail}" for column in spec.phones]
    return exact


def _tier_sql(spec: EntitySearch, terms: SearchTerms, p: _Params, fold: str) -> str:
    exact = _exact_sql(spec, terms, p)
    whens = [(" or ".join(exact), TIER_EXACT)] if exact else []
    if not terms.is_phone:
        starts = p(f"{_escape(terms.email or terms.folded)}%")
        # An email or domain only by its start when the query is one: for a plain word, a name
        # beginning with it ranks above an address beginning with it.
        starting = [fold]
        starting += [spec.email] if spec.email and terms.email else []
        starting += [spec.domain] if spec.domain and terms.domain else []
        whens += [
            (f"{fold} = {p(terms.folded)}", TIER_NAME),
            (" or ".join(f"{column} like {starts}" for column in starting), TIER_STARTS),
            (_every_word("r.search_text", terms, p, _word_starts), TIER_WORD_STARTS),
        ]
    whens.append((strict_sql("r.search_text", terms, p), TIER_CONTAINS))
    cases = " ".join(f"when {condition} then {tier}" for condition, tier in whens)
    return f"case {cases} else {TIER_TYPO} end"


def _closeness_sql(spec: EntitySearch, terms: SearchTerms, p: _Params, fold: str) -> str:
    if terms.is_phone:
        return "0.0"
    target = f"coalesce({spec.email}, '')" if terms.email and spec.email else fold
    query = (terms.email or terms.folded)[:LEVENSHTEIN_MAX]
    return (
        f"1.0 - levenshtein({p(query)}, left({target}, {LEVENSHTEIN_MAX}))::float"
        f" / greatest(length({target}), {len(query)}, 1)"
    )


def ranked_sql(
    spec: EntitySearch, terms: SearchTerms, *, typos: bool = False
) -> tuple[str, dict[str, object]] | None:
    """SELECT of (id, title, score, total, *details) of one record type, best first, of the
    strict matches or, with `typos`, of the typo matches (None: the query allows no typo); the
    caller binds :ws (the workspace), :limit and :offset.

    Levels, each working on as few rows as it can: the matching rows (at most MATCH_CAP + 1)
    with their titles folded once (lb_fold is most of a row's cost); scores and count, keeping
    one page; that page's company and stage names."""
    p = _Params()
    match = (loose_sql if typos else strict_sql)("r.search_text", terms, p)
    if match is None:
        return None
    tier = _tier_sql(spec, terms, p, "r.hit_fold")
    closeness = _closeness_sql(spec, terms, p, "r.hit_fold")
    # hit_* names: records have columns called title (a contact's job) and score (a lead's).
    sql = f"""
select r.id, r.hit_title as title, r.hit_score as score, r.hit_total as total,
       {", ".join(spec.details)}
  from (select r.*, {tier} + {closeness} as hit_score, count(*) over () as hit_total
          from (select r.*, {spec.title} as hit_title, lb_fold({spec.title}) as hit_fold
                  from {spec.table} r
                 where r.workspace_id = :ws and r.deleted_at is null and ({match})
                 limit {MATCH_CAP + 1}) r
         order by hit_score desc, r.hit_title, r.id
         limit :limit offset :offset) r
  {spec.joins}
 order by r.hit_score desc, r.hit_title, r.id"""
    return sql, dict(p)


def strict_exists_sql(spec: EntitySearch, terms: SearchTerms) -> tuple[str, dict[str, object]]:
    """Whether any record of this type matches as typed (binds :ws)."""
    p = _Params()
    match = strict_sql("r.search_text", terms, p)
    sql = f"""select exists (select from {spec.table} r
                 where r.workspace_id = :ws and r.deleted_at is null and ({match}))"""
    return sql, dict(p)
