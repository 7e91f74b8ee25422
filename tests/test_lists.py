"""Static lists on a real PostgreSQL as the app role: membership rules, adding every matching
record in one statement, soft removal and deletion, timeline entries, tenancy and role gates."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, text

from lumenbase.context import Role, WorkspaceContext
from lumenbase.db import workspace_session
from lumenbase.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from lumenbase.models import Activity, ListMembership
from lumenbase.services import companies, contacts, list_reads, lists, workspaces
from tests.conftest import unique_email


def make_contacts(ctx, now, names: list[str], *, tag: str = "") -> list[int]:
    with workspace_session(ctx) as s:
        return [
            contacts.create_contact(
                s, ctx, now=now, first_name=name, last_name=tag, email=unique_email(name.lower())
            ).id
            for name in names
        ]


def new_list(ctx, now, name: str = "Q1 prospects", entity_type: str = "contact") -> int:
    with workspace_session(ctx) as s:
        return lists.create_list(s, ctx, name=name, entity_type=entity_type, now=now).id


@pytest.fixture
def reader(ws_a, now) -> WorkspaceContext:
    with workspace_session(ws_a) as s:
        user_id = workspaces.add_user(
            s,
            ws_a,
            email=unique_email("reader"),
            full_name="Rita Reader",
            password="correct horse battery staple",
            role=Role.READ_ONLY,
            now=now,
        )
    return WorkspaceContext(workspace_id=ws_a.workspace_id, user_id=user_id, role=Role.READ_ONLY)


def test_adding_by_id_is_idempotent_and_members_page_by_name(ws_a, now):
    ids = make_contacts(ws_a, now, ["Cleo", "Abe", "Bea"])
    list_id = new_list(ws_a, now)
    with workspace_session(ws_a) as s:
        assert lists.add_to_list(s, ws_a, list_id, record_ids=ids[:2], now=now) == 2
        # Again, with one more: only the new one counts, nothing is doubled.
        assert lists.add_to_list(s, ws_a, list_id, record_ids=[str(i) for i in ids], now=now) == 1
        page = list_reads.list_members(s, ws_a, list_id, page=1, page_size=2)
        assert page.total == 3
        assert [m.name for m in page.items] == ["Abe", "Bea"]
        assert page.items[0].added_by == "Acme Admin"
        second = list_reads.list_members(s, ws_a, list_id, page=2, page_size=2)
        assert [m.name for m in second.items] == ["Cleo"]
        overview = list_reads.list_lists(s, ws_a)
        assert [(r.name, r.entity_type, r.member_count) for r in overview.items] == [
            ("Q1 prospects", "contact", 3)
        ]
        entries = s.execute(
            select(Activity.summary).where(
                Activity.record_type == "contact", Activity.record_id == ids[0]
            )
        ).scalars()
        assert "Added to list “Q1 prospects”" in list(entries)


def test_only_live_records_of_the_lists_kind_in_the_workspace_can_be_added(ws_a, ws_b, now):
    mine = make_contacts(ws_a, now, ["Ann", "Trashed"])
    theirs = make_contacts(ws_b, now, ["Bob"])
    list_id = new_list(ws_a, now)
    with workspace_session(ws_a) as s:
        contacts.delete_contact(s, ws_a, mine[1], now=now)
        company_id = companies.create_company(s, ws_a, now=now, name="Solo Corp").id
    for bad in ([mine[0], theirs[0]], [mine[0], mine[1]], [mine[0], 10**12]):
        with pytest.raises(NotFound), workspace_session(ws_a) as s:
            lists.add_to_list(s, ws_a, list_id, record_ids=bad, now=now)
    with pytest.raises(ValidationFailed), workspace_session(ws_a) as s:
        lists.add_to_list(s, ws_a, list_id, record_ids=["x"], now=now)
    with pytest.raises(ValidationFailed), workspace_session(ws_a) as s:
        lists.add_to_list(s, ws_a, list_id, record_ids=[], now=now)
    company_list = new_list(ws_a, now, "Accounts", "company")
    with workspace_session(ws_a) as s:
        assert lists.add_to_list(s, ws_a, company_list, record_ids=[company_id], now=now) == 1
        assert list_reads.count_members(s, ws_a, list_id) == 0  # the refused calls added nobody


def test_add_matching_adds_every_match_beyond_the_page_in_one_statement(ws_a, now):
    tag = unique_email("tag").split("@")[0]
    matching = make_contacts(ws_a, now, [f"Match{i:02d}" for i in range(30)], tag=tag)
    make_contacts(ws_a, now, ["Other"], tag="Elsewhere")
    list_id = new_list(ws_a, now)
    with workspace_session(ws_a) as s:
        added = lists.add_matching_to_list(
            s, ws_a, list_id, filters={"search": tag, "owner": "mine"}, now=now
        )
        assert added == 30
        assert list_reads.count_members(s, ws_a, list_id) == 30
        stored = s.execute(
            select(ListMembership.record_id).where(ListMembership.list_id == list_id)
        ).scalars()
        assert sorted(stored) == sorted(matching)
        logged = s.execute(
            text(
                "select count(*) from activity where record_type = 'contact' and kind = 'list' "
                "and (details ->> 'list_id')::bigint = :l"
            ),
            {"l": list_id},
        ).scalar_one()
        assert logged == 30
        # Running it again adds nobody and logs nothing more.
        again = lists.add_matching_to_list(s, ws_a, list_id, filters={"search": tag}, now=now)
        assert again == 0


def test_add_matching_refuses_filters_it_does_not_know(ws_a, now):
    list_id = new_list(ws_a, now)
    with pytest.raises(ValidationFailed) as exc, workspace_session(ws_a) as s:
        lists.add_matching_to_list(s, ws_a, list_id, filters={"status": "hot"}, now=now)
    assert "status" in exc.value.field_errors["filters"]


def test_add_matching_on_companies_uses_the_companies_filters(ws_a, now):
    tag = unique_email("co").split("@")[0]
    with workspace_session(ws_a) as s:
        for i in range(3):
            companies.create_company(s, ws_a, now=now, name=f"{tag} {i}")
        companies.create_company(s, ws_a, now=now, name="Unrelated Ltd")
    list_id = new_list(ws_a, now, "Accounts", "company")
    with workspace_session(ws_a) as s:
        assert lists.add_matching_to_list(s, ws_a, list_id, filters={"search": tag}, now=now) == 3


def test_removing_is_soft_and_a_record_can_come_back(ws_a, now):
    ids = make_contacts(ws_a, now, ["Dan", "Eve"])
    list_id = new_list(ws_a, now)
    later = now + timedelta(hours=1)
    with workspace_session(ws_a) as s:
        lists.add_to_list(s, ws_a, list_id, record_ids=ids, now=now)
        assert lists.remove_from_list(s, ws_a, list_id, record_ids=[ids[0]], now=later) == 1
        assert lists.remove_from_list(s, ws_a, list_id, record_ids=[ids[0]], now=later) == 0
        assert [m.name for m in list_reads.list_members(s, ws_a, list_id).items] == ["Eve"]
        kept = s.execute(
            select(ListMembership.deleted_at, ListMembership.deleted_by).where(
                ListMembership.list_id == list_id, ListMembership.record_id == ids[0]
            )
        ).one()
        assert tuple(kept) == (later, ws_a.user_id)
        assert lists.add_to_list(s, ws_a, list_id, record_ids=[ids[0]], now=later) == 1
        assert list_reads.count_members(s, ws_a, list_id) == 2


def test_trashed_records_leave_counts_and_members(ws_a, now):
    ids = make_contacts(ws_a, now, ["Fay", "Gus"])
    list_id = new_list(ws_a, now)
    with workspace_session(ws_a) as s:
        lists.add_to_list(s, ws_a, list_id, record_ids=ids, now=now)
        contacts.delete_contact(s, ws_a, ids[0], now=now)
        assert [m.name for m in list_reads.list_members(s, ws_a, list_id).items] == ["Gus"]
        assert list_reads.list_lists(s, ws_a).items[0].member_count == 1


def test_names_are_unique_per_kind_among_live_lists(ws_a, now):
    first = new_list(ws_a, now, "Partners")
    new_list(ws_a, now, "Partners", "company")  # another kind may reuse the name
    with pytest.raises(Conflict) as exc, workspace_session(ws_a) as s:
        lists.create_list(s, ws_a, name="  partners ", entity_type="contact", now=now)
    assert "already a list of contacts" in exc.value.field_errors["name"]
    with pytest.raises(ValidationFailed), workspace_session(ws_a) as s:
        lists.create_list(s, ws_a, name="   ", entity_type="contact", now=now)
    with pytest.raises(ValidationFailed), workspace_session(ws_a) as s:
        lists.create_list(s, ws_a, name="Bad kind", entity_type="task", now=now)
    with workspace_session(ws_a) as s:
        assert lists.rename_list(s, ws_a, first, name="Partners", now=now) == {}
        assert lists.rename_list(s, ws_a, first, name="Key partners", now=now) == {
            "name": ["Partners", "Key partners"]
        }
        lists.delete_list(s, ws_a, first, now=now)
        with pytest.raises(NotFound):
            lists.get_list(s, ws_a, first)
        # The trashed list frees its name.
        lists.create_list(s, ws_a, name="Key partners", entity_type="contact", now=now)
        history = s.execute(
            select(Activity.kind).where(Activity.record_type == "list", Activity.record_id == first)
        ).scalars()
        assert sorted(history) == ["created", "deleted", "updated"]


def test_add_records_into_a_new_list_is_one_transaction(ws_a, ws_b, now):
    ids = make_contacts(ws_a, now, ["Hal"])
    foreign = make_contacts(ws_b, now, ["Ivy"])
    with pytest.raises(NotFound), workspace_session(ws_a) as s:
        lists.add_records(
            s, ws_a, entity_type="contact", new_list_name="Doomed", record_ids=foreign, now=now
        )
    with workspace_session(ws_a) as s:
        assert [r.name for r in list_reads.list_lists(s, ws_a, search="Doomed").items] == []
        crm_list, added = lists.add_records(
            s, ws_a, entity_type="contact", new_list_name="Fresh", record_ids=ids, now=now
        )
        assert (crm_list.name, added) == ("Fresh", 1)
        assert list_reads.lists_of_record(s, ws_a, record_type="contact", record_id=ids[0]) == [
            (crm_list.id, "Fresh")
        ]
    company_list = new_list(ws_a, now, "Firms", "company")
    with pytest.raises(ValidationFailed), workspace_session(ws_a) as s:
        lists.add_records(
            s, ws_a, entity_type="contact", list_id=company_list, record_ids=ids, now=now
        )


def test_other_workspaces_lists_are_invisible(ws_a, ws_b, now):
    theirs = new_list(ws_b, now, "Secret")
    ids = make_contacts(ws_a, now, ["Jon"])
    with workspace_session(ws_a) as s:
        assert list_reads.list_lists(s, ws_a).total == 0
        for action in (
            lambda: lists.get_list(s, ws_a, theirs),
            lambda: list_reads.list_members(s, ws_a, theirs),
            lambda: lists.add_to_list(s, ws_a, theirs, record_ids=ids, now=now),
            lambda: lists.rename_list(s, ws_a, theirs, name="Mine now", now=now),
            lambda: lists.delete_list(s, ws_a, theirs, now=now),
        ):
            with pytest.raises(NotFound):
                action()


def test_a_read_only_seat_sees_lists_but_cannot_change_them(ws_a, reader, now):
    ids = make_contacts(ws_a, now, ["Kim"])
    list_id = new_list(ws_a, now)
    with workspace_session(ws_a) as s:
        lists.add_to_list(s, ws_a, list_id, record_ids=ids, now=now)
    with workspace_session(reader) as s:
        assert list_reads.list_lists(s, reader).items[0].member_count == 1
        assert list_reads.list_choices(s, reader, entity_type="contact") == [
            (list_id, "Q1 prospects")
        ]
        for action in (
            lambda: lists.create_list(s, reader, name="Mine", entity_type="contact", now=now),
            lambda: lists.add_to_list(s, reader, list_id, record_ids=ids, now=now),
            lambda: lists.remove_from_list(s, reader, list_id, record_ids=ids, now=now),
            lambda: lists.rename_list(s, reader, list_id, name="Renamed", now=now),
            lambda: lists.delete_list(s, reader, list_id, now=now),
        ):
            with pytest.raises(PermissionDenied):
                action()


def test_add_matching_takes_a_pages_own_filters_such_as_a_lead_status(ws_a, now):
    """The filters dict carries whatever the leads page filters on; the leads service's own
    `lead_filters` reads it, so the list gets exactly the leads the page showed."""
    from lumenbase.services import leads

    tag = unique_email("lead").split("@")[0]
    with workspace_session(ws_a) as s:
        for i, status in enumerate(["new", "qualified", "qualified", "unqualified"]):
            leads.create_lead(
                s, ws_a, now=now, first_name=f"{tag} {i}", email=unique_email(), status=status
            )
    list_id = new_list(ws_a, now, "Qualified", "lead")
    with workspace_session(ws_a) as s:
        filters = {"search": tag, "owner": "all", "status": "qualified"}
        assert lists.add_matching_to_list(s, ws_a, list_id, filters=filters, now=now) == 2
        names = [m.name for m in list_reads.list_members(s, ws_a, list_id).items]
        assert names == [f"{tag} 1", f"{tag} 2"]
