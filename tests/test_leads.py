"""Leads on a real PostgreSQL as the app role: list, edit, and conversion that links instead of
duplicating and writes all or nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from lumenbase.context import Role, WorkspaceContext
from lumenbase.db import workspace_session
from lumenbase.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from lumenbase.models import (
    Activity,
    Company,
    Contact,
    Deal,
    DealContact,
    Lead,
    Pipeline,
    PipelineStage,
)
from lumenbase.services import companies, contacts, lead_deal, leads, pipelines, workspaces
from tests.conftest import unique_email


@pytest.fixture
def read_only(ws_a, now) -> WorkspaceContext:
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
    return WorkspaceContext(workspace_id=ws_a.workspace_id, user_id=user_id, role=Role.READ_ONLY)


def new_lead(ctx, now, **values) -> int:
    values.setdefault("first_name", "Jo")
    values.setdefault("last_name", "Rivers")
    with workspace_session(ctx) as s:
        return leads.create_lead(s, ctx, now=now, **values).id


def count(ctx, model) -> int:
    with workspace_session(ctx) as s:
        return s.execute(
            select(func.count()).select_from(model).where(model.workspace_id == ctx.workspace_id)
        ).scalar_one()


def timeline_summaries(ctx, record_type: str, record_id: int) -> list[str]:
    with workspace_session(ctx) as s:
        return list(
            s.execute(
                select(Activity.summary)
                .where(Activity.record_type == record_type, Activity.record_id == record_id)
                .order_by(Activity.id)
            ).scalars()
        )


# --- list, read, create, edit, delete -------------------------------------------------------


def test_search_by_name_email_company_and_phone(ws_a, now):
    new_lead(ws_a, now, first_name="Zoë", last_name="Núñez", email="zoe@northwind.com")
    new_lead(ws_a, now, first_name="Sam", last_name="Hill", company_name="Initech GmbH")
    new_lead(ws_a, now, first_name="Ann", last_name="Lee", phone="+1 (555) 010-7788")
    with workspace_session(ws_a) as s:
        assert [r.name for r in leads.list_leads(s, ws_a, search="nunez").items] == ["Zoë Núñez"]
        assert [r.name for r in leads.list_leads(s, ws_a, search="NORTHWIND").items] == [
            "Zoë Núñez"
        ]
        found = leads.list_leads(s, ws_a, search="initech").items
        assert [(r.name, r.company_name) for r in found] == [("Sam Hill", "Initech GmbH")]
        assert [r.name for r in leads.list_leads(s, ws_a, search="0107788").items] == ["Ann Lee"]
        assert leads.list_leads(s, ws_a, search="100%").total == 0


def test_owner_status_filters_sort_and_paging(ws_a, now):
    with workspace_session(ws_a) as s:
        rep = workspaces.add_user(
            s,
            ws_a,
            email=unique_email("rep"),
            full_name="Rita Rep",
            password="correct horse battery staple",
            role=Role.SALES_REP,
            now=now,
        )
    new_lead(ws_a, now, first_name="Mine", status="qualified")
    new_lead(ws_a, now, first_name="Theirs", owner_id=rep)
    new_lead(ws_a, now, first_name="Cold", status="unqualified", owner_id=rep)
    converted = new_lead(ws_a, now, first_name="Done", email="done@done.com")
    with workspace_session(ws_a) as s:
        leads.convert_lead(s, ws_a, converted, create_deal=False, now=now)
        s.execute(select(Lead).where(Lead.first_name == "Mine")).scalar_one().score = 80
    with workspace_session(ws_a) as s:

        def names(**kw):
            return [r.name.split()[0] for r in leads.list_leads(s, ws_a, **kw).items]

        assert names(owner="mine", sort="name") == ["Done", "Mine"]
        assert names(owner=str(rep), sort="name") == ["Cold", "Theirs"]
        assert names(status="open", sort="name") == ["Mine", "Theirs"]
        assert names(status="converted") == ["Done"]
        assert names(status="qualified") == ["Mine"]
        assert names(sort="score")[0] == "Mine"
        page = leads.list_leads(s, ws_a, sort="name", page=2, page_size=2)
        assert (page.total, page.page_count, [r.name for r in page.items]) == (
            4,
            2,
            ["Mine Rivers", "Theirs Rivers"],
        )
        with pytest.raises(ValidationFailed) as bad:
            leads.list_leads(s, ws_a, status="won")
        assert "status" in bad.value.field_errors


def test_create_checks_every_field_at_once(ws_a, now):
    with pytest.raises(ValidationFailed) as exc, workspace_session(ws_a) as s:
        leads.create_lead(
            s, ws_a, now=now, first_name="X", email="not-an-email", phone="call me", website="x y"
        )
    assert set(exc.value.field_errors) == {"email", "phone", "website"}
    with pytest.raises(ValidationFailed) as exc, workspace_session(ws_a) as s:
        leads.create_lead(s, ws_a, now=now, first_name="X", website="javascript://x.com/%0a1")
    assert "is not a web address" in exc.value.field_errors["website"]
    with pytest.raises(ValidationFailed) as exc, workspace_session(ws_a) as s:
        leads.create_lead(s, ws_a, now=now, first_name="X", status="converted")
    assert "Convert" in exc.value.field_errors["status"]
    with pytest.raises(ValidationFailed) as exc, workspace_session(ws_a) as s:
        leads.create_lead(s, ws_a, now=now, first_name=" ", email="")
    assert "first_name" in exc.value.field_errors


def test_duplicate_open_lead_email_is_a_conflict(ws_a, now):
    new_lead(ws_a, now, email="jo@rivers.com")
    with pytest.raises(Conflict) as exc, workspace_session(ws_a) as s:
        leads.create_lead(s, ws_a, now=now, first_name="Other", email="JO@rivers.com")
    assert "Jo Rivers" in exc.value.field_errors["email"]


def test_update_status_is_recorded_and_converted_is_refused(ws_a, now):
    lead_id = new_lead(ws_a, now)
    with workspace_session(ws_a) as s:
        changed = leads.update_lead(s, ws_a, lead_id, now=now, status="Contacted", title="CTO")
    assert changed == {"status": ["new", "contacted"], "title": [None, "CTO"]}
    assert timeline_summaries(ws_a, "lead", lead_id)[-1] == "Edited status, title"
    with pytest.raises(ValidationFailed) as exc, workspace_session(ws_a) as s:
        leads.update_lead(s, ws_a, lead_id, now=now, status="converted")
    assert "Convert" in exc.value.field_errors["status"]
    with pytest.raises(ValidationFailed) as exc, workspace_session(ws_a) as s:
        leads.update_lead(s, ws_a, lead_id, now=now, score="100")
    assert exc.value.field_errors == {"score": "This field cannot be set."}


def test_delete_is_soft_and_hides_the_lead(ws_a, now):
    lead_id = new_lead(ws_a, now)
    with workspace_session(ws_a) as s:
        leads.delete_lead(s, ws_a, lead_id, now=now)
    with workspace_session(ws_a) as s:
        with pytest.raises(NotFound):
            leads.get_lead(s, ws_a, lead_id)
        assert leads.list_leads(s, ws_a).total == 0
        assert s.get(Lead, lead_id).deleted_by == ws_a.user_id


def test_another_workspaces_lead_is_not_found(ws_a, ws_b, now):
    lead_id = new_lead(ws_a, now, email="jo@rivers.com")
    with workspace_session(ws_b) as s:
        for missing in (lead_id, 10**30, -1):
            with pytest.raises(NotFound):
                leads.get_lead(s, ws_b, missing)
        with pytest.raises(NotFound):
            leads.update_lead(s, ws_b, lead_id, now=now, first_name="Eve")
        with pytest.raises(NotFound):
            leads.convert_lead(s, ws_b, lead_id, create_deal=True, now=now)
        with pytest.raises(NotFound):
            leads.plan_conversion(s, ws_b, lead_id)
        assert leads.list_leads(s, ws_b).total == 0
    assert count(ws_b, Contact) == 0


def test_read_only_seat_is_refused(ws_a, read_only, now):
    lead_id = new_lead(ws_a, now)
    with workspace_session(read_only) as s:
        assert leads.get_lead(s, read_only, lead_id).first_name == "Jo"
        for attempt in (
            lambda: leads.create_lead(s, read_only, now=now, first_name="Eve"),
            lambda: leads.update_lead(s, read_only, lead_id, now=now, status="contacted"),
            lambda: leads.delete_lead(s, read_only, lead_id, now=now),
            lambda: leads.convert_lead(s, read_only, lead_id, create_deal=True, now=now),
            lambda: pipelines.ensure_default_pipeline(s, read_only, now=now),
        ):
            with pytest.raises(PermissionDenied):
                attempt()
    assert count(ws_a, Contact) == 0


# --- conversion -------------------------------------------------------------------------------


def test_convert_creates_contact_company_and_deal_in_a_new_default_pipeline(ws_a, now):
    lead_id = new_lead(
        ws_a,
        now,
        email="jo@riverworks.com",
        phone="+44 20 7946 0123",
        title="Head of Ops",
        company_name="Riverworks",
        website="https://www.riverworks.com/about",
        source="Webinar",
    )
    with workspace_session(ws_a) as s:
        result = leads.convert_lead(
            s, ws_a, lead_id, create_deal=True, deal_amount="12,500.50", currency="eur", now=now
        )
    assert result.contact_created and result.company_created
    with workspace_session(ws_a) as s:
        lead = leads.get_lead(s, ws_a, lead_id)
        assert (lead.status, lead.converted_at, lead.converted_contact_id) == (
            "converted",
            now,
            result.contact_id,
        )
        contact = contacts.get_contact(s, ws_a, result.contact_id)
        assert (contact.full_name, contact.email, contact.phone, contact.title, contact.source) == (
            "Jo Rivers",
            "jo@riverworks.com",
            "+442079460123",
            "Head of Ops",
            "Webinar",
        )
        company = companies.get_company(s, ws_a, result.company_id)
        assert (company.name, company.domain, contact.company_id) == (
            "Riverworks",
            "riverworks.com",
            company.id,
        )
        deal = s.get(Deal, result.deal_id)
        stage = s.get(PipelineStage, deal.stage_id)
        pipeline = s.get(Pipeline, deal.pipeline_id)
        assert (deal.name, deal.amount, deal.currency, deal.company_id) == (
            "Riverworks deal",
            Decimal("12500.50"),
            "EUR",
            company.id,
        )
        assert (pipeline.name, pipeline.is_default, stage.name, stage.probability) == (
            "Sales",
            True,
            "Qualification",
            10,
        )
        stages = s.execute(
            select(PipelineStage.name, PipelineStage.probability, PipelineStage.outcome)
            .where(PipelineStage.pipeline_id == pipeline.id)
            .order_by(PipelineStage.position)
        ).all()
        assert [tuple(row) for row in stages] == list(pipelines.DEFAULT_STAGES)
        links = s.execute(select(DealContact.contact_id).where(DealContact.deal_id == deal.id))
        assert list(links.scalars()) == [contact.id]
    assert timeline_summaries(ws_a, "lead", lead_id)[-1] == (
        "Converted to contact Jo Rivers, company Riverworks, a new deal"
    )
    assert timeline_summaries(ws_a, "contact", result.contact_id) == [
        "Contact created",
        "Created from lead Jo Rivers",
    ]
    assert timeline_summaries(ws_a, "company", result.company_id)[-1] == "Lead Jo Rivers converted"
    assert timeline_summaries(ws_a, "deal", result.deal_id) == [
        "Deal created from lead Jo Rivers in Sales · Qualification",
        "Opened by converting lead Jo Rivers",
    ]


def test_convert_links_the_existing_contact_and_company_instead_of_duplicating(ws_a, now):
    with workspace_session(ws_a) as s:
        acme = companies.create_company(s, ws_a, now=now, name="Acme Corp", domain="acme.com")
        jo = contacts.create_contact(
            s, ws_a, now=now, first_name="Jo", last_name="Rivers", email="jo@acme.com"
        )
        acme_id, jo_id = acme.id, jo.id
    # Same email in other case; the company is found from the email's domain.
    lead_id = new_lead(ws_a, now, email="JO@ACME.COM", company_name="ACME Corporation")
    with workspace_session(ws_a) as s:
        preview = leads.plan_conversion(s, ws_a, lead_id)
        assert (preview.contact_id, preview.contact_name) == (jo_id, "Jo Rivers")
        assert (preview.company_id, preview.company_name) == (acme_id, "Acme Corp")
        result = leads.convert_lead(s, ws_a, lead_id, create_deal=True, now=now)
    assert (result.contact_id, result.contact_created) == (jo_id, False)
    assert (result.company_id, result.company_created) == (acme_id, False)
    assert (count(ws_a, Contact), count(ws_a, Company)) == (1, 1)
    with workspace_session(ws_a) as s:
        # The contact had no company: now it has the one the lead matched.
        assert contacts.get_contact(s, ws_a, jo_id).company_id == acme_id
        assert s.get(Deal, result.deal_id).company_id == acme_id
    assert timeline_summaries(ws_a, "contact", jo_id)[-1] == "Linked to lead Jo Rivers"
    assert timeline_summaries(ws_a, "lead", lead_id)[-1] == (
        "Converted to contact Jo Rivers (existing), company Acme Corp (existing), a new deal"
    )


def test_company_found_by_folded_name_and_webmail_never_names_one(ws_a, now):
    with workspace_session(ws_a) as s:
        globex_id = companies.create_company(s, ws_a, now=now, name="Globéx  Industries").id
    by_name = new_lead(ws_a, now, email="hank@gmail.com", company_name="globex industries")
    webmail_only = new_lead(ws_a, now, first_name="Ann", email="ann@gmail.com")
    new_name = new_lead(ws_a, now, first_name="Bo", email="bo@yahoo.com", company_name="Bo's Bikes")
    with workspace_session(ws_a) as s:
        assert leads.convert_lead(s, ws_a, by_name, create_deal=False, now=now).company_id == (
            globex_id
        )
        assert leads.convert_lead(s, ws_a, webmail_only, create_deal=False, now=now).company_id is (
            None
        )
        bikes = leads.convert_lead(s, ws_a, new_name, create_deal=False, now=now)
        assert companies.get_company(s, ws_a, bikes.company_id).domain is None
    assert count(ws_a, Company) == 2


def test_convert_into_a_chosen_pipeline_uses_its_first_open_stage(ws_a, now):
    with workspace_session(ws_a) as s:
        pipelines.ensure_default_pipeline(s, ws_a, now=now)
        renewals = Pipeline(
            workspace_id=ws_a.workspace_id, name="Renewals", position=1, created_at=now,
            updated_at=now,
        )  # fmt: skip
        s.add(renewals)
        s.flush()
        for position, (name, outcome) in enumerate([("Renewed", "won"), ("Upcoming", "open")]):
            s.add(
                PipelineStage(
                    workspace_id=ws_a.workspace_id, pipeline_id=renewals.id, name=name,
                    position=position, probability=40, outcome=outcome, created_at=now,
                )
            )  # fmt: skip
        renewals_id = renewals.id
    lead_id = new_lead(ws_a, now, company_name="Umbrella")
    with workspace_session(ws_a) as s:
        assert [name for _, name in leads.plan_conversion(s, ws_a, lead_id).pipelines] == [
            "Sales",
            "Renewals",
        ]
        result = leads.convert_lead(
            s, ws_a, lead_id, create_deal=True, deal_name=" Umbrella renewal ",
            pipeline_id=str(renewals_id), now=now,
        )  # fmt: skip
        deal = s.get(Deal, result.deal_id)
        assert (deal.name, deal.amount, s.get(PipelineStage, deal.stage_id).name) == (
            "Umbrella renewal",
            None,
            "Upcoming",
        )
    assert count(ws_a, Pipeline) == 2


def test_ensure_default_pipeline_is_idempotent(ws_a, now):
    with workspace_session(ws_a) as s:
        first = pipelines.ensure_default_pipeline(s, ws_a, now=now).id
    with workspace_session(ws_a) as s:
        assert pipelines.ensure_default_pipeline(s, ws_a, now=now).id == first
    assert (count(ws_a, Pipeline), count(ws_a, PipelineStage)) == (1, 6)


@pytest.mark.parametrize(
    ("deal", "field", "message"),
    [
        ({"deal_amount": "abc"}, "deal_amount", "is not an amount"),
        ({"deal_amount": "-5"}, "deal_amount", "cannot be negative"),
        ({"deal_amount": "1.999"}, "deal_amount", "at most 2 decimals"),
        ({"deal_amount": "NaN"}, "deal_amount", "is not an amount"),
        ({"deal_amount": "1000000000000"}, "deal_amount", "too large"),
        ({"currency": "dollars"}, "currency", "currency code"),
        ({"pipeline_id": "999999999"}, "pipeline_id", "Pick one"),
        ({"pipeline_id": "sales"}, "pipeline_id", "Pick one"),
        ({"pipeline_id": str(10**30)}, "pipeline_id", "Pick one"),
    ],
)
def test_bad_deal_input_is_refused_at_the_field_and_nothing_is_written(
    ws_a, now, deal, field, message
):
    lead_id = new_lead(ws_a, now, email="jo@riverworks.com", company_name="Riverworks")
    with pytest.raises(ValidationFailed) as exc, workspace_session(ws_a) as s:
        leads.convert_lead(s, ws_a, lead_id, create_deal=True, now=now, **deal)
    assert message in exc.value.field_errors[field]
    assert_nothing_converted(ws_a, lead_id)


def test_another_workspaces_pipeline_is_unknown(ws_a, ws_b, now):
    with workspace_session(ws_b) as s:
        foreign = pipelines.ensure_default_pipeline(s, ws_b, now=now).id
    lead_id = new_lead(ws_a, now, company_name="Riverworks")
    with pytest.raises(ValidationFailed) as exc, workspace_session(ws_a) as s:
        leads.convert_lead(s, ws_a, lead_id, create_deal=True, pipeline_id=foreign, now=now)
    assert "pipeline_id" in exc.value.field_errors
    assert_nothing_converted(ws_a, lead_id)


def test_a_failure_in_the_deal_step_undoes_contact_and_company(ws_a, now, monkeypatch):
    """The contact and company are already flushed when the deal step fails: the savepoint
    takes them back, and the caller's own transaction stays usable."""
    lead_id = new_lead(ws_a, now, email="jo@riverworks.com", company_name="Riverworks")

    def broken_deal(s, *args, **kwargs):
        assert s.execute(select(func.count()).select_from(Contact)).scalar_one() == 1
        raise ValidationFailed({"deal_name": "The deal could not be written."})

    monkeypatch.setattr(lead_deal, "open_deal", broken_deal)
    with workspace_session(ws_a) as s:
        with pytest.raises(ValidationFailed):
            leads.convert_lead(s, ws_a, lead_id, create_deal=True, now=now)
        # Same transaction, after the failure: nothing of the conversion is left.
        assert s.execute(select(func.count()).select_from(Contact)).scalar_one() == 0
        assert s.execute(select(func.count()).select_from(Company)).scalar_one() == 0
        assert leads.get_lead(s, ws_a, lead_id).status == "new"
    assert_nothing_converted(ws_a, lead_id)


def test_converting_twice_is_refused_clearly(ws_a, now):
    lead_id = new_lead(ws_a, now, email="jo@riverworks.com")
    with workspace_session(ws_a) as s:
        leads.convert_lead(s, ws_a, lead_id, create_deal=False, now=now)
    for attempt in (
        lambda s: leads.convert_lead(s, ws_a, lead_id, create_deal=True, deal_amount="x", now=now),
        lambda s: leads.plan_conversion(s, ws_a, lead_id),
    ):
        with pytest.raises(Conflict) as exc, workspace_session(ws_a) as s:
            attempt(s)
        assert exc.value.field_errors["status"] == (
            "This lead was already converted into the contact Jo Rivers on Dec 3, 2026."
        )
    with pytest.raises(ValidationFailed) as exc, workspace_session(ws_a) as s:
        leads.update_lead(s, ws_a, lead_id, now=now, status="new")
    assert exc.value.field_errors["status"] == "A converted lead stays converted."
    assert count(ws_a, Contact) == 1
    # A new lead may reuse the converted one's email.
    assert new_lead(ws_a, now, email="jo@riverworks.com")


def assert_nothing_converted(ctx, lead_id: int) -> None:
    assert (count(ctx, Contact), count(ctx, Company), count(ctx, Deal)) == (0, 0, 0)
    assert count(ctx, Pipeline) == 0
    with workspace_session(ctx) as s:
        lead = leads.get_lead(s, ctx, lead_id)
        assert (lead.status, lead.converted_at, lead.converted_contact_id) == ("new", None, None)
    assert timeline_summaries(ctx, "lead", lead_id) == ["Lead created"]
