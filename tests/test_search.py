"""The search box, against the real database as the app role: typos, accents, phone formats,
domains, email prefixes, ranking, paging, and that it never shows another workspace's or a
trashed record."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import text

from lumenbase.context import WorkspaceContext
from lumenbase.db import workspace_session
from lumenbase.errors import ValidationFailed
from lumenbase.models import Deal, Pipeline, PipelineStage
from lumenbase.services import companies, contacts, leads
from lumenbase.services.common import RecordType
from lumenbase.services.search import search_all, search_entity
from lumenbase.services.search_sql import ENTITIES, MATCH_CAP, ranked_sql
from lumenbase.services.search_terms import parse_terms, typo_variants


def _add_deal(s, ctx: WorkspaceContext, now, *, name, amount, company_id=None) -> Deal:
    # No deal service yet: a plain insert as the app role, under RLS.
    pipeline = Pipeline(workspace_id=ctx.workspace_id, name="Sales", created_at=now, updated_at=now)
    s.add(pipeline)
    s.flush()
    stage = PipelineStage(
        workspace_id=ctx.workspace_id,
        pipeline_id=pipeline.id,
        name="Proposal",
        position=1,
        probability=40,
        created_at=now,
    )
    s.add(stage)
    s.flush()
    deal = Deal(
        workspace_id=ctx.workspace_id,
        name=name,
        pipeline_id=pipeline.id,
        stage_id=stage.id,
        amount=amount,
        company_id=company_id,
        created_at=now,
        updated_at=now,
        stage_changed_at=now,
    )
    s.add(deal)
    s.flush()
    return deal


@pytest.fixture
def book(ws_a, now) -> dict[str, int]:
    """A small address book in workspace A; returns ids by a short key."""
    with workspace_session(ws_a) as s:
        globex = companies.create_company(
            s, ws_a, now=now, name="Globex Corporation", domain="globex.com", city="Springfield"
        )
        ids = {"globex": globex.id}

        def person(key, first, last, email, **more):
            ids[key] = contacts.create_contact(
                s, ws_a, now=now, first_name=first, last_name=last, email=email, **more
            ).id

        person("john", "John", "Smith", "john.smith@globex.com", phone="+1 (555) 010-0199")
        person("johnson", "Jane", "Johnson", "jane.johnson@example.org")
        person("mueller", "Anna", "Müller", "anna.mueller@example.de", company_id=globex.id)
        person("muller", "Peter", "Muller", "peter@muller.example")
        ids["lead"] = leads.create_lead(
            s,
            ws_a,
            now=now,
            first_name="Lena",
            last_name="Lindqvist",
            email="lena@initech.example",
            company_name="Initech",
            phone="+46701234567",
        ).id
        ids["deal"] = _add_deal(
            s, ws_a, now, name="Globex renewal 2027", amount=Decimal("12500"), company_id=globex.id
        ).id
    return ids


def _search(ctx, query, **kwargs):
    with workspace_session(ctx) as s:
        return search_all(s, ctx, query=query, **kwargs)


def _found(results, record_type: RecordType) -> list[int]:
    for group in results.groups:
        if group.record_type is record_type:
            return [hit.id for hit in group.hits]
    raise AssertionError(f"no {record_type} group")


def _titles(results) -> list[str]:
    return [hit.title for hit in results.hits]


def test_a_misspelled_name_finds_the_person(ws_a, book):
    results = _search(ws_a, "Jhon Smiht")
    assert _found(results, RecordType.CONTACT) == [book["john"]]
    assert results.hits[0].title == "John Smith"
    assert results.hits[0].route == f"/contacts/{book['john']}"
    assert results.typos
    assert not _search(ws_a, "John Smith").typos


def test_close_spellings_only_when_nothing_matches_as_typed(ws_a, book, now):
    with workspace_session(ws_a) as s:
        near = contacts.create_contact(s, ws_a, now=now, first_name="Ina", last_name="Initeh").id
    # The lead's company is spelled as typed, so the contact one letter away is not shown...
    results = _search(ws_a, "initech")
    assert (_found(results, RecordType.LEAD), results.typos) == ([book["lead"]], False)
    assert _found(results, RecordType.CONTACT) == []
    with workspace_session(ws_a) as s:
        page = search_entity(s, ws_a, query="initech", record_type="contact")
    assert (page.total, page.typos) == (0, False)
    # ...but it is when nothing else matches.
    results = _search(ws_a, "initeck")
    assert (_found(results, RecordType.CONTACT), results.typos) == ([near], True)
    with workspace_session(ws_a) as s:
        page = search_entity(s, ws_a, query="initeck", record_type="contact")
    assert ([h.id for h in page.hits], page.typos) == ([near], True)


def test_typos_of_one_letter_too_many_or_too_few(ws_a, book):
    assert _found(_search(ws_a, "Johnn Smith"), RecordType.CONTACT) == [book["john"]]
    assert book["johnson"] in _found(_search(ws_a, "Jonson"), RecordType.CONTACT)


def test_accents_fold_both_ways(ws_a, book):
    both = {book["mueller"], book["muller"]}
    assert set(_found(_search(ws_a, "Muller"), RecordType.CONTACT)) == both
    assert set(_found(_search(ws_a, "MÜLLER"), RecordType.CONTACT)) == both
    # The name as typed ranks first.
    assert _search(ws_a, "Anna Müller").hits[0].id == book["mueller"]


@pytest.mark.parametrize(
    "query", ["+1 (555) 010-0199", "5550100199", "555-010-0199", "15550100199"]
)
def test_phone_numbers_in_any_format_find_the_same_contact(ws_a, book, query):
    results = _search(ws_a, query)
    assert _found(results, RecordType.CONTACT) == [book["john"]]
    assert results.hits[0].score >= 5  # an exact phone number


def test_a_lead_is_found_by_phone_and_company(ws_a, book):
    assert _found(_search(ws_a, "070 123 4567"), RecordType.LEAD) == [book["lead"]]
    results = _search(ws_a, "initech")
    assert _found(results, RecordType.LEAD) == [book["lead"]]
    assert results.hits[0].subtitle == "Initech · lena@initech.example"


@pytest.mark.parametrize("query", ["globex.com", "https://www.Globex.com/about", "GLOBEX.COM"])
def test_a_domain_finds_the_company_first(ws_a, book, query):
    results = _search(ws_a, query)
    assert results.groups[0].record_type is RecordType.COMPANY
    assert results.hits[0].id == book["globex"]
    assert results.hits[0].subtitle == "globex.com · Springfield"
    # People whose email is at that domain come along.
    assert _found(results, RecordType.CONTACT) == [book["john"]]


def test_email_prefix_and_exact_email(ws_a, book):
    assert _found(_search(ws_a, "anna.mue"), RecordType.CONTACT) == [book["mueller"]]
    assert _found(_search(ws_a, "jane.johnson@exa"), RecordType.CONTACT) == [book["johnson"]]
    exact = _search(ws_a, "Jane.Johnson@Example.org")
    assert exact.hits[0].id == book["johnson"]
    assert exact.hits[0].subtitle == "jane.johnson@example.org"


def test_a_misspelled_email_still_finds_the_person(ws_a, book):
    assert _found(_search(ws_a, "jane.jonhson@example.org"), RecordType.CONTACT) == [
        book["johnson"]
    ]


def test_exact_email_beats_a_looser_match(ws_a, book, now):
    with workspace_session(ws_a) as s:
        exact = contacts.create_contact(
            s, ws_a, now=now, first_name="Zed", last_name="Quinn", email="berg@acme.example"
        ).id
        # Named like the query, and its email contains it: a match, but not the address.
        looser = contacts.create_contact(
            s, ws_a, now=now, first_name="Berg", last_name="Acme", email="anna.berg@acme.example"
        ).id
    results = _search(ws_a, "berg@acme.example")
    assert _found(results, RecordType.CONTACT) == [exact, looser]
    assert results.hits[0].score > results.hits[1].score


def test_exact_name_then_prefix_then_substring(ws_a, book, now):
    with workspace_session(ws_a) as s:
        for first, last in (("Amy", "Johns"), ("Johns", "Hopkins"), ("Ben", "Littlejohns")):
            contacts.create_contact(s, ws_a, now=now, first_name=first, last_name=last)
    ranked = _titles(_search(ws_a, "johns", limit_per_type=10))
    # A name beginning with the word, then words beginning with it, then the word inside one.
    assert ranked.index("Johns Hopkins") < ranked.index("Amy Johns")
    assert ranked.index("Amy Johns") < ranked.index("Ben Littlejohns")
    assert ranked.index("Jane Johnson") < ranked.index("Ben Littlejohns")


def test_a_name_beats_an_address_that_starts_alike(ws_a, book, now):
    with workspace_session(ws_a) as s:
        contacts.create_contact(
            s, ws_a, now=now, first_name="Terri", last_name="Brock", email="johnsonterri@x.example"
        )
    assert _titles(_search(ws_a, "johnson"))[:2] == ["Jane Johnson", "Terri Brock"]
    # Typed as an address, its start is what counts.
    assert _titles(_search(ws_a, "johnsonterri@"))[0] == "Terri Brock"


def test_deals_are_found_with_amount_stage_and_company(ws_a, book):
    results = _search(ws_a, "renewal")
    assert _found(results, RecordType.DEAL) == [book["deal"]]
    assert results.hits[0].subtitle == "Proposal · 12,500 USD · Globex Corporation"
    assert results.hits[0].route == f"/deals/{book['deal']}"
    assert _found(_search(ws_a, "2027"), RecordType.DEAL) == [book["deal"]]


def test_other_workspaces_records_never_appear(ws_a, ws_b, book, now):
    with workspace_session(ws_b) as s:
        contacts.create_contact(
            s, ws_b, now=now, first_name="John", last_name="Smith", email="john@globex.com"
        )
        companies.create_company(s, ws_b, now=now, name="Globex Corporation", domain="globex.com")
    for query in ("John Smith", "Jhon Smiht", "globex", "john@globex.com"):
        for hit in _search(ws_a, query).hits:
            assert hit.id in book.values(), (query, hit)
    assert _search(ws_b, "lena").total == 0


def test_row_level_security_alone_hides_other_workspaces(ws_a, ws_b, book):
    """Even the search SQL asked for workspace A's rows, run in B's context, sees nothing."""
    terms = parse_terms("John Smith", "john smith")
    sql, params = ranked_sql(ENTITIES[RecordType.CONTACT], terms)
    params.update(ws=ws_a.workspace_id, limit=10, offset=0)
    with workspace_session(ws_b) as s:
        assert s.execute(text(sql), params).all() == []
    with workspace_session(ws_a) as s:
        assert [row.id for row in s.execute(text(sql), params)] == [book["john"]]


def test_trashed_records_never_appear(ws_a, book, now):
    with workspace_session(ws_a) as s:
        contacts.delete_contact(s, ws_a, book["john"], now=now)
        companies.delete_company(s, ws_a, book["globex"], now=now)
    assert book["john"] not in _found(_search(ws_a, "John Smith"), RecordType.CONTACT)
    assert _found(_search(ws_a, "5550100199"), RecordType.CONTACT) == []
    assert _found(_search(ws_a, "globex.com"), RecordType.COMPANY) == []
    # A trashed company is not named under its people or deals either.
    assert _search(ws_a, "anna.mueller").hits[0].subtitle == "anna.mueller@example.de"


@pytest.mark.parametrize("query", ["", " ", "j", " j ", "é"])
def test_queries_under_two_characters_find_nothing(ws_a, book, query):
    results = _search(ws_a, query)
    assert results.total == 0
    assert results.hits == []


def test_two_letters_match_word_starts(ws_a, book):
    assert set(_found(_search(ws_a, "mu"), RecordType.CONTACT)) == {book["mueller"], book["muller"]}


def test_like_wildcards_are_taken_literally(ws_a, book, now):
    with workspace_session(ws_a) as s:
        contacts.create_contact(s, ws_a, now=now, first_name="Percy", last_name="Abc%Def")
        contacts.create_contact(s, ws_a, now=now, first_name="Percy", last_name="Abcxyz")
    assert _titles(_search(ws_a, "abc%def")) == ["Percy Abc%Def"]
    assert _search(ws_a, "abc%xyz").total == 0
    assert _search(ws_a, "a_n").total == 0  # "_" is no wildcard: not "Anna"


def test_see_all_pages_through_one_type(ws_a, now):
    with workspace_session(ws_a) as s:
        for n in range(7):
            contacts.create_contact(s, ws_a, now=now, first_name=f"Pat{n}", last_name="Okafor")
    with workspace_session(ws_a) as s:
        first = search_entity(s, ws_a, query="okafor", record_type="contact", page_size=5)
        second = search_entity(s, ws_a, query="okafor", record_type="contact", page=2, page_size=5)
        beyond = search_entity(s, ws_a, query="okafor", record_type="contact", page=9, page_size=5)
    assert (first.total, first.page_count, len(first.hits), len(second.hits)) == (7, 2, 5, 2)
    assert {h.id for h in first.hits}.isdisjoint(h.id for h in second.hits)
    assert (beyond.total, beyond.hits, first.capped) == (7, [], False)
    with pytest.raises(ValidationFailed), workspace_session(ws_a) as s:
        search_entity(s, ws_a, query="okafor", record_type="invoice")


def test_a_read_only_seat_can_search(ws_a, book, now):
    from lumenbase.context import Role
    from lumenbase.services import workspaces
    from tests.conftest import unique_email

    with workspace_session(ws_a) as s:
        user_id = workspaces.add_user(
            s,
            ws_a,
            email=unique_email("viewer"),
            full_name="Vera Viewer",
            password="correct horse battery staple",
            role=Role.READ_ONLY,
            now=now,
        )
    viewer = WorkspaceContext(workspace_id=ws_a.workspace_id, user_id=user_id, role=Role.READ_ONLY)
    assert _found(_search(viewer, "Jhon Smiht"), RecordType.CONTACT) == [book["john"]]


@pytest.mark.parametrize("table", ["contact", "company", "lead", "deal"])
@pytest.mark.parametrize(
    "condition",
    ["search_text like '%smith%'", "search_text like '% sm%'", "'jhon smiht' <% search_text"],
)
def test_search_conditions_use_the_trigram_index_under_rls(ws_a, book, table, condition):
    """As the app role, with the other scans priced out (the test tables are tiny), each kind
    of condition the search runs is served by the table's trigram index: proof that LIKE and
    `<%` are LEAKPROOF here, or row-level security would forbid the index and scan instead.
    bench/search.py shows the whole queries doing so on a million contacts."""
    with workspace_session(ws_a) as s:
        s.execute(
            text(
                "select set_config('enable_seqscan', 'off', true), "
                "set_config('enable_indexscan', 'off', true)"
            )
        )
        plan = "\n".join(
            row[0]
            for row in s.execute(
                text(f"explain select id from {table} where workspace_id = :ws and {condition}"),
                {"ws": ws_a.workspace_id},
            )
        )
    assert f"Bitmap Index Scan on {table}_search_idx" in plan, plan


def test_query_terms():
    assert parse_terms("x", "x") is None
    phone = parse_terms("+1 (555) 010-0199", "+1 (555) 010-0199")
    assert (phone.phone_digits, phone.phone_tail, phone.words) == ("15550100199", "5550100199", ())
    assert parse_terms("www.Acme.com/about", "www.acme.com/about").words == ("acme.com",)
    assert parse_terms("Smith, John", "smith, john").words == ("smith", "john")
    assert "john" in typo_variants("jhon") and "smith" in typo_variants("smiht")
    assert "smith" in typo_variants("smiith") and typo_variants("abc") == []
    assert MATCH_CAP >= 100
