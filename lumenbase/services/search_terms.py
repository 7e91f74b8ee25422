"""What a search box query means: folded words, their typo variants, phone digits, email, domain.

Pure Python, no database: the caller folds the query with the database's own `lb_fold` (the
function behind every record's `search_text`), so a query and the text it is compared with are
lower-cased and unaccented by the same dictionary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lumenbase.services.validation import normalise_domain

MIN_QUERY_LENGTH = 2
MAX_QUERY_LENGTH = 100
MAX_WORDS = 5
# Typo variants of a word: adjacent letters swapped or one letter missing from this length
# ("jhon" -> "john", "jonson" -> "johnson"), one letter too many from the next ("smiith" ->
# "smith"); a shorter word has too many look-alikes.
SWAP_MIN_LENGTH = 4
DROP_MIN_LENGTH = 5
VARIANT_MAX_LENGTH = 14
# Whole-query trigram word similarity (missing or wrong letters) from this folded length.
SIMILARITY_MIN_LENGTH = 5
PHONE_MIN_DIGITS = 3
# From this many digits a phone query may be a whole number, compared by its last ten digits
# so "+1 (555) 010-0199" and "555 010 0199" find the same stored "+15550100199".
PHONE_EXACT_MIN_DIGITS = 7
PHONE_TAIL_DIGITS = 10

_PHONE_QUERY = re.compile(r"^\+?[\d\s().\-/]+$")
_WORD_SPLIT = re.compile(r"[\s,;\"'()<>]+")
_EDGE_PUNCTUATION = re.compile(r"^[\W_]+|[\W_]+$")
# pg_trgm takes trigrams from runs of letters and digits; a LIKE pattern without one (or a word
# start) gives the index nothing to look up, and it would read the whole index instead.
_TRIGRAM_RUN = re.compile(r"[^\W_]{3}")


@dataclass(frozen=True)
class SearchTerms:
    raw: str  # as typed, trimmed
    folded: str  # lb_fold(raw): lower-case, unaccented
    words: tuple[str, ...]  # folded words that must all appear (empty for a phone query)
    phone_digits: str = ""  # the digits, when the query looks like a phone number
    email: str = ""  # lower-cased, when the query has an '@'
    domain: str = ""  # "acme.com" from "https://www.Acme.com/", when it looks like one

    @property
    def is_phone(self) -> bool:
        return bool(self.phone_digits)

    @property
    def phone_tail(self) -> str:
        """The last ten digits, after dropping a national trunk or international prefix's
        zeros: "070 123 45 67" matches "+46 70 123 45 67", "0044 20..." matches "+44 20..."."""
        national = self.phone_digits.lstrip("0")
        if len(national) < PHONE_MIN_DIGITS:
            national = self.phone_digits
        return national[-PHONE_TAIL_DIGITS:]

    @property
    def phone_is_whole_number(self) -> bool:
        return len(self.phone_digits) >= PHONE_EXACT_MIN_DIGITS

    @property
    def allows_typos(self) -> bool:
        return not self.is_phone

    @property
    def similar_to(self) -> str:
        """What trigram word similarity compares with the records ('' for nothing): the folded
        query, or an email's part before the '@'; not a phone number, nor anything too short
        for trigrams to tell words apart."""
        if self.is_phone:
            return ""
        text = self.folded.split("@", 1)[0] if self.email else self.folded
        return text if len(text) >= SIMILARITY_MIN_LENGTH else ""

    @property
    def email_domain(self) -> str:
        """The part after an email query's '@', as typed so far ('' for none)."""
        return self.folded.split("@", 1)[1] if self.email and "@" in self.folded else ""


def parse_terms(raw: str, folded: str) -> SearchTerms | None:
    """The terms of a query, or None when it is too short to search (under two characters)."""
    raw = (raw or "").strip()[:MAX_QUERY_LENGTH]
    folded = " ".join(folded.split())
    if len(raw) < MIN_QUERY_LENGTH or len(folded) < MIN_QUERY_LENGTH:
        return None
    digits = "".join(ch for ch in raw if ch.isdigit())
    if _PHONE_QUERY.match(raw) and len(digits) >= PHONE_MIN_DIGITS:
        return SearchTerms(raw=raw, folded=folded, words=(), phone_digits=digits)
    email = raw.lower() if "@" in raw else ""
    domain = ""
    if not email and " " not in raw and "." in raw.strip("."):
        domain = normalise_domain(folded) or ""
    words = (domain,) if domain else _words(folded)
    if not words:
        return None
    return SearchTerms(raw=raw, folded=folded, words=words, email=email, domain=domain)


def _words(folded: str) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for part in _WORD_SPLIT.split(folded):
        word = _EDGE_PUNCTUATION.sub("", part)
        # A lone letter (an initial) would match nearly everything and narrow nothing.
        if len(word) >= 2:
            seen.setdefault(word, None)
    return tuple(seen)[:MAX_WORDS]


def has_trigram(text: str) -> bool:
    """Whether pg_trgm can take a trigram from `text` as a substring (3 letters or digits)."""
    return bool(_TRIGRAM_RUN.search(text))


def _typo_candidate(word: str) -> bool:
    return word.isalpha() and SWAP_MIN_LENGTH <= len(word) <= VARIANT_MAX_LENGTH


def typo_variants(word: str) -> list[str]:
    """Spellings one slip away from `word`: two neighbouring letters swapped, or one letter
    too many. Only for plain words of a sensible length; never includes `word` itself."""
    if not _typo_candidate(word):
        return []
    variants: dict[str, None] = {}
    for i in range(len(word) - 1):
        if word[i] != word[i + 1]:
            variants.setdefault(word[:i] + word[i + 1] + word[i] + word[i + 2 :], None)
    if len(word) >= DROP_MIN_LENGTH:
        for i in range(len(word)):
            variants.setdefault(word[:i] + word[i + 1 :], None)
    variants.pop(word, None)
    return list(variants)


def missing_letter_gaps(word: str) -> list[tuple[str, str]]:
    """(before, after) splits of `word` where a letter may have been left out ("jonson" ->
    ("jon", "son") for "johnson"), keeping only splits with a trigram on one side."""
    if not _typo_candidate(word):
        return []
    splits = [(word[:i], word[i:]) for i in range(1, len(word))]
    return [(a, b) for a, b in splits if has_trigram(a) or has_trigram(b)]
