"""The contacts list's paging shapes (ids first, then rows; a capped count) give the same pages
as a plain sort would."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lumenbase.db import workspace_session
from lumenbase.services import common, contacts
from tests.conftest import unique_email

PEOPLE = [("Ana", "Zamora"), ("Bo", "Young"), ("Cy", "Xu"), ("Di", "Walsh"), ("Ed", "Vance")]


@pytest.fixture
def people(ws_a, now):
    with workspace_session(ws_a) as s:
        for i, (first, last) in enumerate(PEOPLE):
            contacts.create_contact(
                s,
                ws_a,
                now=now + timedelta(minutes=i),
                first_name=first,
                last_name=last,
                email=unique_email(first.lower()),
            )
    return ws_a


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Ed Vance", "Di Walsh", "Cy Xu", "Bo Young", "Ana Zamora"]),
        ("-name", ["Ana Zamora", "Bo Young", "Cy Xu", "Di Walsh", "Ed Vance"]),
        ("newest", ["Ed Vance", "Di Walsh", "Cy Xu", "Bo Young", "Ana Zamora"]),
        ("oldest", ["Ana Zamora", "Bo Young", "Cy Xu", "Di Walsh", "Ed Vance"]),
    ],
)
@pytest.mark.parametrize("search", ["", "n"])  # no search: ids from the index; search: a CTE
def test_every_sort_pages_in_order(people, sort, expected, search):
    names = []
    with workspace_session(people) as s:
        for page in (1, 2, 3):
            result = contacts.list_contacts(
                s, people, sort=sort, page=page, page_size=2, search=search
            )
            names += [row.name for row in result.items]
    wanted = [n for n in expected if search.lower() in n.lower()]
    assert names == wanted


def test_a_broad_match_counts_up_to_the_cap(people, monkeypatch):
    monkeypatch.setattr(common, "COUNT_CAP", 3)
    with workspace_session(people) as s:
        capped = contacts.list_contacts(s, people, page_size=2)
        exact = contacts.list_contacts(s, people, search="zamora")
    assert (capped.total, capped.total_is_capped) == (3, True)
    assert [row.name for row in capped.items] == ["Ed Vance", "Di Walsh"]
    assert (exact.total, exact.total_is_capped) == (1, False)
