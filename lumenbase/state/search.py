"""The search box: a command palette on every page, and the /search page listing every match.

Both keep display rows only (plain strings); the services search, rank and check access."""

from __future__ import annotations

from urllib.parse import urlencode

import reflex as rx

from lumenbase.errors import LumenbaseError
from lumenbase.services import search
from lumenbase.services.common import RecordType
from lumenbase.state.session import SessionState, call_service

PALETTE_PER_TYPE = 5
PAGE_PER_TYPE = 10
PAGE_SIZE = 25
QUERY_MAX = 100

TYPE_NAMES = {
    RecordType.CONTACT: ("Contacts", "contact", "contacts"),
    RecordType.COMPANY: ("Companies", "building-2", "companies"),
    RecordType.LEAD: ("Leads", "user-plus", "leads"),
    RecordType.DEAL: ("Deals", "handshake", "deals"),
}


def search_href(query: str, record_type: RecordType | str = "") -> str:
    params = {"q": query.strip()}
    if record_type:
        params["type"] = str(record_type)
    return "/search?" + urlencode(params)


def count_label(group: search.SearchGroup) -> str:
    return f"{group.total:,}+" if group.capped else f"{group.total:,}"


def hit_row(hit: search.SearchHit) -> dict[str, str]:
    return {
        "kind": "hit",
        "type": str(hit.record_type),
        "icon": TYPE_NAMES[hit.record_type][1],
        "title": hit.title,
        "subtitle": hit.subtitle,
        "href": hit.route,
    }


def grouped_rows(results: search.SearchResults, query: str) -> list[dict[str, str]]:
    """A heading, the hits and a "see all" link per record type with matches, best type first."""
    rows: list[dict[str, str]] = []
    for group in results.groups:
        if not group.hits:
            continue
        label, _icon, noun = TYPE_NAMES[group.record_type]
        rows.append({"kind": "header", "title": label, "subtitle": count_label(group)})
        rows.extend(hit_row(hit) for hit in group.hits)
        if group.total > len(group.hits):
            rows.append(
                {
                    "kind": "more",
                    "type": str(group.record_type),
                    "title": f"See all {count_label(group)} {noun}",
                    "href": search_href(query, group.record_type),
                }
            )
    return rows


class SearchPaletteState(SessionState):
    """The palette opened from the sidebar (or Ctrl/Cmd+K): results grouped as you type."""

    palette_open: bool = False
    palette_query: str = ""
    palette_rows: list[dict[str, str]] = []
    palette_searched: bool = False
    palette_typos: bool = False
    palette_error: str = ""

    @rx.event
    def open_palette(self):
        self.palette_query, self.palette_rows = "", []
        self.palette_searched, self.palette_error = False, ""
        self.palette_open = True

    @rx.event
    def set_palette_open(self, value: bool):
        self.palette_open = value

    @rx.event
    def close_palette(self):
        self.palette_open = False

    @rx.event
    async def search_palette(self, value: str):
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        self.palette_query = value[:QUERY_MAX]
        try:
            results = await call_service(
                ctx, search.search_all, query=self.palette_query, limit_per_type=PALETTE_PER_TYPE
            )
        except LumenbaseError as exc:
            self.palette_error = str(exc)
            return
        self.palette_error = ""
        self.palette_rows = grouped_rows(results, self.palette_query)
        self.palette_searched, self.palette_typos = results.searched, results.typos

    @rx.var
    def palette_all_href(self) -> str:
        return search_href(self.palette_query)
