"""The Reflex app: every route on one screen."""

import reflex as rx

from lumenbase.pages.companies import companies_page, company_page
from lumenbase.pages.contacts import contact_page, contacts_page
from lumenbase.pages.deal_board import deal_board_page
from lumenbase.pages.deal_detail import deal_page
from lumenbase.pages.deals import deals_page
from lumenbase.pages.leads import lead_page, leads_page
from lumenbase.pages.list_detail import list_page
from lumenbase.pages.lists import lists_page
from lumenbase.pages.login import login_page
from lumenbase.pages.pipeline_settings import pipeline_settings_page
from lumenbase.pages.search import search_page
from lumenbase.pages.tasks import tasks_page
from lumenbase.state.companies import CompanyDetailState, CompanyListState
from lumenbase.state.contacts import ContactDetailState, ContactListState
from lumenbase.state.deal_board import DealBoardState
from lumenbase.state.deal_detail import DealDetailState
from lumenbase.state.deals import DealListState
from lumenbase.state.leads import LeadDetailState, LeadListState
from lumenbase.state.list_detail import ListDetailState
from lumenbase.state.lists import ListsState
from lumenbase.state.login import LoginState
from lumenbase.state.pipeline_settings import PipelineSettingsState
from lumenbase.state.search_page import SearchPageState
from lumenbase.state.session import SessionState
from lumenbase.state.tasks import TasksState

app = rx.App()

app.add_page(
    login_page, route="/login", title="Log in · Lumenbase", on_load=LoginState.redirect_if_logged_in
)
app.add_page(lambda: rx.fragment(), route="/", title="Lumenbase", on_load=SessionState.go_home)
app.add_page(
    contacts_page, route="/contacts", title="Contacts · Lumenbase", on_load=ContactListState.load
)
app.add_page(
    contact_page,
    route="/contacts/[record_id]",
    title="Contact · Lumenbase",
    on_load=ContactDetailState.load,
)
app.add_page(
    companies_page, route="/companies", title="Companies · Lumenbase", on_load=CompanyListState.load
)
app.add_page(
    company_page,
    route="/companies/[record_id]",
    title="Company · Lumenbase",
    on_load=CompanyDetailState.load,
)
app.add_page(leads_page, route="/leads", title="Leads · Lumenbase", on_load=LeadListState.load)
app.add_page(
    lead_page, route="/leads/[record_id]", title="Lead · Lumenbase", on_load=LeadDetailState.load
)
app.add_page(lists_page, route="/lists", title="Lists · Lumenbase", on_load=ListsState.load)
app.add_page(
    list_page, route="/lists/[record_id]", title="List · Lumenbase", on_load=ListDetailState.load
)
app.add_page(tasks_page, route="/tasks", title="My tasks · Lumenbase", on_load=TasksState.load)
app.add_page(search_page, route="/search", title="Search · Lumenbase", on_load=SearchPageState.load)
app.add_page(
    deals_page, route="/deals", title="Deals · Lumenbase", on_load=DealListState.load_deals
)
app.add_page(
    deal_board_page,
    route="/deals/board",
    title="Deals board · Lumenbase",
    on_load=DealBoardState.load,
)
app.add_page(
    deal_page, route="/deals/[record_id]", title="Deal · Lumenbase", on_load=DealDetailState.load
)
app.add_page(
    pipeline_settings_page,
    route="/settings/pipelines",
    title="Pipelines · Settings · Lumenbase",
    on_load=PipelineSettingsState.load,
)
