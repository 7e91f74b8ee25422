"""/search?q=…&type=…: every match of a query, per record type with counts, or one type paged."""

from __future__ import annotations

import json

import reflex as rx

from lumenbase.errors import LumenbaseError
from lumenbase.services import search
from lumenbase.services.common import RecordType
from lumenbase.state.search import (
    PAGE_PER_TYPE,
    PAGE_SIZE,
    QUERY_MAX,
    TYPE_NAMES,
    count_label,
    grouped_rows,
    hit_row,
    search_href,
)
from lumenbase.state.session import SessionState, call_service

TYPE_VALUES = {str(record_type) for record_type in RecordType}


def _all_count(results: search.SearchResults) -> str:
    return f"{results.total:,}+" if results.capped else f"{results.total:,}"


class SearchPageState(SessionState):
    query: str = ""
    active_type: str = ""  # "" for every type
    tabs: list[dict[str, str]] = []
    rows: list[dict[str, str]] = []
    total_label: str = ""
    page: int = 1
    page_count: int = 1
    searched: bool = False
    typos: bool = False
    loaded: bool = False
    error: str = ""

    @rx.event
    async def load(self):
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        params = self.router.url.query_parameters
        self.query = params.get("q", "")[:QUERY_MAX]
        requested = params.get("type", "")
        self.active_type = requested if requested in TYPE_VALUES else ""
        self.page = 1
        return await self._refresh(ctx)

    @rx.event
    async def set_query(self, value: str):
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        self.query = value[:QUERY_MAX]
        self.page = 1
        await self._refresh(ctx)
        return self._sync_address()

    @rx.event
    async def set_type(self, value: str):
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        self.active_type = value if value in TYPE_VALUES else ""
        self.page = 1
        await self._refresh(ctx)
        return self._sync_address()

    def _sync_address(self):
        """Keep the address shareable (and Back-able) without reloading the page."""
        href = search_href(self.query, self.active_type)
        return rx.call_script(f"window.history.replaceState(null, '', {json.dumps(href)})")

    @rx.event
    async def next_page(self):
        return await self._turn(1)

    @rx.event
    async def prev_page(self):
        return await self._turn(-1)

    async def _turn(self, step: int):
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        self.page = max(1, min(self.page + step, self.page_count))
        return await self._refresh(ctx)

    async def _refresh(self, ctx) -> None:
        try:
            results = await call_service(
                ctx, search.search_all, query=self.query, limit_per_type=PAGE_PER_TYPE
            )
            group = None
            if self.active_type and results.searched:
                group = await call_service(
                    ctx,
                    search.search_entity,
                    query=self.query,
                    record_type=self.active_type,
                    page=self.page,
                    page_size=PAGE_SIZE,
                )
        except LumenbaseError as exc:
            self.error = str(exc)
            return
        self.error = ""
        self.searched, self.typos, self.loaded = results.searched, results.typos, True
        self.tabs = self._tabs(results)
        if group is None:
            self.rows = grouped_rows(results, self.query)
            self.page_count = 1
            self.total_label = f"{_all_count(results)} results" if results.searched else ""
        else:
            self.rows = [hit_row(hit) for hit in group.hits]
            self.page, self.page_count = group.page, group.page_count
            noun = TYPE_NAMES[group.record_type][2]
            self.total_label = f"{count_label(group)} {noun}"

    def _tabs(self, results: search.SearchResults) -> list[dict[str, str]]:
        by_type = {group.record_type: group for group in results.groups}
        tabs = [
            {
                "type": "",
                "label": "All",
                "count": _all_count(results),
            }
        ]
        for record_type, (label, _icon, _noun) in TYPE_NAMES.items():
            group = by_type.get(record_type)
            tabs.append(
                {
                    "type": str(record_type),
                    "label": label,
                    "count": count_label(group) if group else "0",
                }
            )
        return tabs
