"""Deals: validation, access, stage moves and their history, the board's figures; as the app role
with row-level security live."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from lumenbase.context import Role, WorkspaceContext
from lumenbase.db import workspace_session
from lumenbase.errors import NotFound, PermissionDenied, ValidationFailed
from lumenbase.models import Activity
from lumenbase.services import companies, contacts, deals, pipelines, timeline, workspaces
from lumenbase.services.common import RecordType
from tests.conftest import unique_email


@pytest.fixture
def stages(ws_a, now) -> dict[str, int]:
    """Stage ids of the default Sales pipeline, by name."""
    with workspace_session(ws_a) as s:
        pipeline = pipelines.ensure_default_pipeline(s, ws_a, now=now)
        return {x.name: x.id for x in pipelines.live_stages(s, ws_a, pipeline.id)}


@pytest.fixture
def pipeline_id(ws_a, stages) -> int:
    with workspace_session(ws_a) as s:
        return pipelines.list_pipelines(s, ws_a)[0].id


def _member(ctx: WorkspaceContext, role: Role, now, name: str = "") -> WorkspaceContext:
    with workspace_session(ctx) as s:
        user_id = workspaces.add_user(
            s,
            ctx,
            email=unique_email(role.value),
            full_name=name or f"{role.label} Person",
            password="correct horse battery staple",
            role=role,
            now=now,
        )
    return WorkspaceContext(workspace_id=ctx.workspace_id, user_id=user_id, role=role)


def _deal(ctx, now, **values):
    values.setdefault("name", "Acme: platform licence")
    with workspace_session(ctx) as s:
        return deals.create_deal(s, ctx, now=now, **values)


def test_create_in_the_default_pipeline_first_stage(ws_a, stages, now):
    deal = _deal(ws_a, now, amount="12,500.50", currency="eur", expected_close_date="2027-01-31")
    with workspace_session(ws_a) as s:
        stored = deals.get_deal(s, ws_a, deal.id)
        assert stored.stage_id == stages["Qualification"]
        assert stored.amount == Decimal("12500.50")
        assert stored.currency == "EUR"
        assert stored.expected_close_date == date(2027, 1, 31)
        assert (stored.status, stored.owner_id, stored.stage_changed_at) == (
            "open",
            ws_a.user_id,
            now,
        )
        entries = timeline.list_timeline(s, ws_a, record_type=RecordType.DEAL, record_id=deal.id)
        assert [e.summary for e in entries.items] == ["Deal created in Qualification"]


def test_create_makes_the_default_pipeline_in_a_new_workspace(ws_b, now):
    deal = _deal(ws_b, now, name="First deal")
    with workspace_session(ws_b) as s:
        assert [p.name for p in pipelines.list_pipelines(s, ws_b)] == ["Sales"]
        assert deals.get_deal(s, ws_b, deal.id).name == "First deal"


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"amount": "-5"}, "amount", "cannot be negative"),
        ({"amount": "a lot"}, "amount", "is not an amount"),
        ({"amount": "10.005"}, "amount", "at most 2 decimals"),
        ({"currency": "dollars"}, "currency", "3-letter ISO currency code"),
        ({"currency": "XYZ"}, "currency", "not an ISO currency code"),
        ({"expected_close_date": "next week"}, "expected_close_date", "'next week' is not a date"),
        ({"expected_close_date": "2027-02-30"}, "expected_close_date", "is not a date"),
        ({"forecast_category": "maybe"}, "forecast_category", "best case, commit"),
        ({"name": "  "}, "name", "Give the deal a name"),
        ({"owner_id": 999999}, "owner_id", "member of this workspace"),
        ({"company_id": 999999}, "company_id", "existing company"),
    ],
)
def test_update_refuses_bad_input_at_the_field(ws_a, stages, now, values, field, message):
    deal = _deal(ws_a, now)
    with pytest.raises(ValidationFailed) as caught, workspace_session(ws_a) as s:
        deals.update_deal(s, ws_a, deal.id, now=now, **values)
    assert message in caught.value.field_errors[field]


def test_update_reports_every_bad_field_at_once_and_unknown_fields(ws_a, stages, now):
    deal = _deal(ws_a, now)
    with pytest.raises(ValidationFailed) as caught, workspace_session(ws_a) as s:
        deals.update_deal(s, ws_a, deal.id, now=now, amount="-1", expected_close_date="soon")
    assert set(caught.value.field_errors) == {"amount", "expected_close_date"}
    with pytest.raises(ValidationFailed, match="cannot be set"), workspace_session(ws_a) as s:
        deals.update_deal(s, ws_a, deal.id, now=now, status="won")


def test_update_records_names_not_ids_on_the_timeline(ws_a, stages, now):
    deal = _deal(ws_a, now)
    rep = _member(ws_a, Role.SALES_REP, now, name="Rita Rep")
    with workspace_session(ws_a) as s:
        company = companies.create_company(s, ws_a, name="Initech", now=now)
        changed = deals.update_deal(
            s,
            ws_a,
            deal.id,
            now=now + timedelta(hours=1),
            amount="900",
            company_id=str(company.id),
            owner_id=str(rep.user_id),
            forecast_category="best case",
        )
    assert set(changed) == {"amount", "company_id", "owner_id", "forecast_category"}
    with workspace_session(ws_a) as s:
        latest = timeline.list_timeline(s, ws_a, record_type=RecordType.DEAL, record_id=deal.id)
        edit = latest.items[0]
        assert edit.changes["company"] == [None, "Initech"]
        assert edit.changes["owner"] == ["Acme Admin", "Rita Rep"]
        assert deals.get_deal(s, ws_a, deal.id).forecast_category == "best_case"


def test_move_to_stage_writes_the_stage_history(ws_a, stages, now):
    deal = _deal(ws_a, now, stage_id=stages["Proposal"])
    later = now + timedelta(days=2)
    with workspace_session(ws_a) as s:
        assert deals.move_to_stage(s, ws_a, deal.id, stage_id=stages["Negotiation"], now=later)
        # Moving to the stage it is in changes nothing.
        assert not deals.move_to_stage(s, ws_a, deal.id, stage_id=stages["Negotiation"], now=later)
    with workspace_session(ws_a) as s:
        stored = deals.get_deal(s, ws_a, deal.id)
        assert (stored.stage_id, stored.stage_changed_at) == (stages["Negotiation"], later)
        move = s.execute(
            select(Activity).where(
                Activity.record_type == "deal",
                Activity.record_id == deal.id,
                Activity.kind == "stage",
            )
        ).scalar_one()
        assert move.summary == "Moved from Proposal to Negotiation"
        assert (move.actor_id, move.occurred_at) == (ws_a.user_id, later)
        assert move.details == {
            "from_stage_id": stages["Proposal"],
            "to_stage_id": stages["Negotiation"],
        }


def test_won_and_lost_stages_close_the_deal_and_reopening_clears_it(ws_a, stages, now):
    deal = _deal(ws_a, now, forecast_category="commit")
    with workspace_session(ws_a) as s:
        deals.mark_won(s, ws_a, deal.id, now=now)
        stored = deals.get_deal(s, ws_a, deal.id)
        assert (stored.status, stored.closed_at, stored.forecast_category) == ("won", now, "closed")
        assert stored.stage_id == stages["Closed won"]
    with workspace_session(ws_a) as s:
        with pytest.raises(ValidationFailed) as caught:
            deals.move_to_stage(s, ws_a, deal.id, stage_id=stages["Closed lost"], now=now)
        assert "Say why" in caught.value.field_errors["lost_reason"]
        deals.mark_lost(s, ws_a, deal.id, reason=" Went with a competitor ", now=now)
        stored = deals.get_deal(s, ws_a, deal.id)
        assert (stored.status, stored.lost_reason) == ("lost", "Went with a competitor")
    with workspace_session(ws_a) as s:
        deals.move_to_stage(s, ws_a, deal.id, stage_id=stages["Negotiation"], now=now)
        stored = deals.get_deal(s, ws_a, deal.id)
        assert (stored.status, stored.closed_at, stored.lost_reason) == ("open", None, None)
        assert stored.forecast_category == "pipeline"
        summaries = [
            e.summary
            for e in timeline.list_timeline(
                s, ws_a, record_type=RecordType.DEAL, record_id=deal.id
            ).items
        ]
    assert "Deal won" in summaries
    assert "Deal lost: Went with a competitor" in summaries
    assert "Moved from Closed lost to Negotiation" in summaries


def test_unknown_stage_and_another_pipelines_stage_are_refused(ws_a, stages, now):
    deal = _deal(ws_a, now)
    with workspace_session(ws_a) as s:
        renewals = pipelines.create_pipeline(
            s,
            ws_a,
            name="Renewals",
            now=now,
            stages=(("Up", 40, "open"), ("Yes", 100, "won"), ("No", 0, "lost")),
        )
        foreign_stage = pipelines.live_stages(s, ws_a, renewals.id)[0].id
    for bad in (foreign_stage, 999999, "not a number"):
        with pytest.raises(ValidationFailed) as caught, workspace_session(ws_a) as s:
            deals.move_to_stage(s, ws_a, deal.id, stage_id=bad, now=now)
        assert "Unknown stage" in caught.value.field_errors["stage_id"]
    with pytest.raises(ValidationFailed, match="Unknown stage"), workspace_session(ws_a) as s:
        deals.create_deal(s, ws_a, name="X", stage_id=foreign_stage, now=now)


def test_the_database_refuses_a_stage_of_another_pipeline_too(ws_a, stages, now):
    deal = _deal(ws_a, now)
    with workspace_session(ws_a) as s:
        other = pipelines.create_pipeline(s, ws_a, name="Partners", now=now)
        foreign_stage = pipelines.live_stages(s, ws_a, other.id)[0].id
    with pytest.raises(DBAPIError, match="deal_stage_in_pipeline"), workspace_session(ws_a) as s:
        s.execute(
            text("update deal set stage_id = :stage where id = :id"),
            {"stage": foreign_stage, "id": deal.id},
        )


def test_another_workspaces_deal_is_not_found(ws_a, ws_b, stages, now):
    deal = _deal(ws_a, now)
    with workspace_session(ws_b) as s:
        pipeline = pipelines.ensure_default_pipeline(s, ws_b, now=now)
        their_stage = pipelines.live_stages(s, ws_b, pipeline.id)[1].id
        for attempt in (
            lambda: deals.get_deal(s, ws_b, deal.id),
            lambda: deals.update_deal(s, ws_b, deal.id, now=now, name="Stolen"),
            lambda: deals.move_to_stage(s, ws_b, deal.id, stage_id=their_stage, now=now),
            lambda: deals.mark_won(s, ws_b, deal.id, now=now),
            lambda: deals.delete_deal(s, ws_b, deal.id, now=now),
            lambda: deals.list_deal_contacts(s, ws_b, deal.id),
        ):
            with pytest.raises(NotFound, match="That deal does not exist"):
                attempt()
        assert deals.list_deals(s, ws_b).total == 0


def test_another_workspaces_stage_is_an_unknown_stage(ws_a, ws_b, stages, now):
    deal = _deal(ws_a, now)
    with workspace_session(ws_b) as s:
        pipeline = pipelines.ensure_default_pipeline(s, ws_b, now=now)
        their_stage = pipelines.live_stages(s, ws_b, pipeline.id)[1].id
    with pytest.raises(ValidationFailed, match="Unknown stage"), workspace_session(ws_a) as s:
        deals.move_to_stage(s, ws_a, deal.id, stage_id=their_stage, now=now)


def test_read_only_seat_is_refused_every_change(ws_a, stages, now):
    deal = _deal(ws_a, now)
    viewer = _member(ws_a, Role.READ_ONLY, now)
    with workspace_session(viewer) as s:
        assert deals.get_deal(s, viewer, deal.id).name == deal.name
        assert deals.list_deals(s, viewer).total == 1
        for attempt in (
            lambda: deals.create_deal(s, viewer, name="Mine", now=now),
            lambda: deals.update_deal(s, viewer, deal.id, now=now, amount="1"),
            lambda: deals.move_to_stage(s, viewer, deal.id, stage_id=stages["Proposal"], now=now),
            lambda: deals.mark_won(s, viewer, deal.id, now=now),
            lambda: deals.mark_lost(s, viewer, deal.id, reason="No budget", now=now),
            lambda: deals.delete_deal(s, viewer, deal.id, now=now),
            lambda: deals.add_deal_contact(s, viewer, deal.id, contact_id=1, now=now),
        ):
            with pytest.raises(PermissionDenied):
                attempt()
    with workspace_session(viewer) as s:
        moved = s.execute(
            text("update deal set stage_id = :stage where id = :id"),
            {"stage": stages["Proposal"], "id": deal.id},
        ).rowcount
        assert moved == 0


def test_delete_hides_the_deal_everywhere(ws_a, stages, pipeline_id, now):
    deal = _deal(ws_a, now)
    with workspace_session(ws_a) as s:
        deals.delete_deal(s, ws_a, deal.id, now=now)
    with workspace_session(ws_a) as s:
        with pytest.raises(NotFound):
            deals.get_deal(s, ws_a, deal.id)
        assert deals.list_deals(s, ws_a).total == 0
        assert deals.board(s, ws_a, pipeline_id=pipeline_id).count == 0


def test_contacts_on_a_deal_add_remove_and_come_back(ws_a, stages, now):
    deal = _deal(ws_a, now)
    with workspace_session(ws_a) as s:
        ada = contacts.create_contact(s, ws_a, first_name="Ada", last_name="Byron", now=now)
        assert deals.add_deal_contact(s, ws_a, deal.id, contact_id=ada.id, now=now)
        assert not deals.add_deal_contact(s, ws_a, deal.id, contact_id=ada.id, now=now)
        assert [c.name for c in deals.list_deal_contacts(s, ws_a, deal.id)] == ["Ada Byron"]
        assert deals.remove_deal_contact(s, ws_a, deal.id, contact_id=ada.id, now=now)
        assert deals.list_deal_contacts(s, ws_a, deal.id) == []
        assert deals.add_deal_contact(s, ws_a, deal.id, contact_id=str(ada.id), now=now)
        assert [c.id for c in deals.list_deal_contacts(s, ws_a, deal.id)] == [ada.id]
        with pytest.raises(ValidationFailed, match="existing contact"):
            deals.add_deal_contact(s, ws_a, deal.id, contact_id=999999, now=now)
        summaries = [
            e.summary
            for e in timeline.list_timeline(
                s, ws_a, record_type=RecordType.DEAL, record_id=deal.id
            ).items
        ]
    assert summaries.count("Added contact Ada Byron") == 2
    assert "Removed contact Ada Byron" in summaries


def test_list_filters_sorts_and_pages_in_sql(ws_a, stages, pipeline_id, now):
    rep = _member(ws_a, Role.SALES_REP, now)
    with workspace_session(ws_a) as s:
        globex = companies.create_company(s, ws_a, name="Globex Corporation", now=now)
    _deal(ws_a, now, name="Zeta renewal", amount="100", stage_id=stages["Proposal"])
    _deal(ws_a, now, name="Alpha rollout", amount="5000", company_id=globex.id)
    _deal(rep, now, name="Beta pilot", amount="700", expected_close_date="2027-01-01")
    won = _deal(ws_a, now, name="Gamma expansion", amount="50")
    with workspace_session(ws_a) as s:
        deals.mark_won(s, ws_a, won.id, now=now)

    def names(**kwargs):
        with workspace_session(ws_a) as s:
            return [row.name for row in deals.list_deals(s, ws_a, **kwargs).items]

    assert names(sort="name") == ["Alpha rollout", "Beta pilot", "Gamma expansion", "Zeta renewal"]
    assert names(sort="-amount") == [
        "Alpha rollout",
        "Beta pilot",
        "Zeta renewal",
        "Gamma expansion",
    ]
    assert names(sort="close")[0] == "Beta pilot"
    assert names(search="globex") == ["Alpha rollout"]
    assert names(search="ZETA") == ["Zeta renewal"]
    assert names(search="100%") == []
    assert names(owner="mine", sort="name") == ["Alpha rollout", "Gamma expansion", "Zeta renewal"]
    assert names(owner=str(rep.user_id)) == ["Beta pilot"]
    assert names(status="won") == ["Gamma expansion"]
    assert names(stage_id=stages["Proposal"]) == ["Zeta renewal"]
    assert names(pipeline_id=pipeline_id, status="open", sort="name") == [
        "Alpha rollout",
        "Beta pilot",
        "Zeta renewal",
    ]
    with workspace_session(ws_a) as s:
        second = deals.list_deals(s, ws_a, sort="name", page=2, page_size=3)
        assert (second.total, second.page_count, [r.name for r in second.items]) == (
            4,
            2,
            ["Zeta renewal"],
        )
        row = deals.list_deals(s, ws_a, search="alpha").items[0]
        assert (row.company_name, row.stage_name, row.probability, row.owner_name) == (
            "Globex Corporation",
            "Qualification",
            10,
            "Acme Admin",
        )
        with pytest.raises(ValidationFailed):
            deals.list_deals(s, ws_a, status="maybe")
        with pytest.raises(ValidationFailed):
            deals.list_deals(s, ws_a, sort="random")


def test_board_counts_and_sums_cover_every_deal_not_only_the_cards(ws_a, stages, pipeline_id, now):
    rep = _member(ws_a, Role.SALES_REP, now)
    amounts = ["100", "250.50", None, "1000"]
    for index, amount in enumerate(amounts):
        _deal(
            ws_a,
            now,
            name=f"Proposal deal {index}",
            amount=amount,
            stage_id=stages["Proposal"],
            expected_close_date=f"2027-0{4 - index}-01" if amount else None,
        )
    _deal(ws_a, now, name="Euro deal", amount="300", currency="EUR", stage_id=stages["Proposal"])
    _deal(rep, now, name="Rep deal", amount="42", stage_id=stages["Discovery"])
    with workspace_session(ws_a) as s:
        result = deals.board(s, ws_a, pipeline_id=pipeline_id, per_stage=2)
    columns = {column.name: column for column in result.columns}
    assert [c.name for c in result.columns] == list(stages)
    proposal = columns["Proposal"]
    assert proposal.count == 5
    assert proposal.totals == [("USD", Decimal("1350.50")), ("EUR", Decimal("300.00"))]
    # The first cards by expected close date, then the undated ones.
    assert [card.name for card in proposal.cards] == ["Proposal deal 3", "Proposal deal 1"]
    assert (columns["Discovery"].count, columns["Discovery"].totals) == (
        1,
        [("USD", Decimal("42.00"))],
    )
    assert columns["Discovery"].cards[0].owner_name == "Sales rep Person"
    assert (
        columns["Negotiation"].count,
        columns["Negotiation"].totals,
        columns["Negotiation"].cards,
    ) == (0, [], [])
    assert result.count == 6
    with workspace_session(ws_a) as s:
        mine = deals.board(s, ws_a, pipeline_id=pipeline_id, owner="mine")
        euro = deals.board(s, ws_a, pipeline_id=pipeline_id, search="euro")
    assert mine.count == 5
    assert [(c.name, c.count) for c in euro.columns if c.count] == [("Proposal", 1)]


def test_board_cards_follow_expected_close_date_undated_last(ws_a, stages, pipeline_id, now):
    for name, close in (("Later", "2027-06-01"), ("Undated", None), ("Sooner", "2027-02-01")):
        _deal(ws_a, now, name=name, expected_close_date=close, stage_id=stages["Discovery"])
    with workspace_session(ws_a) as s:
        result = deals.board(s, ws_a, pipeline_id=pipeline_id)
    discovery = next(c for c in result.columns if c.name == "Discovery")
    assert [card.name for card in discovery.cards] == ["Sooner", "Later", "Undated"]


def test_board_of_another_workspaces_pipeline_is_not_found(ws_a, ws_b, pipeline_id):
    with workspace_session(ws_b) as s, pytest.raises(NotFound):
        deals.board(s, ws_b, pipeline_id=pipeline_id)
