"""The demo workspace: a team, real CSV data, pipelines, deals, tasks, notes and activity.

Everything after the CSV import comes from one `random.Random(seed)` drawing over queries in a
fixed order, so the same seed and the same files give the same workspace. Times are derived from
`now`: the team starts HISTORY_DAYS earlier by importing its spreadsheets, then works deals, notes
and tasks up to today, so tasks are overdue, due today and upcoming relative to `now`.

It acts as the demo admin through the same services and row-level security as any user; it never
touches another workspace, and it refuses (via `create_workspace_with_admin`) an admin email that
already has an account, unless `if_missing` asks to skip quietly instead.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select, update
from sqlmodel import Session

from lumenbase.config import PROJECT_ROOT
from lumenbase.context import Role, WorkspaceContext
from lumenbase.db import auth_session, workspace_session
from lumenbase.errors import LumenbaseError
from lumenbase.models import (
    AppUser,
    Company,
    Contact,
    Deal,
    DealContact,
    Lead,
    Membership,
    Note,
    Pipeline,
    PipelineStage,
    Task,
)
from lumenbase.services import csv_import, timeline, workspaces
from lumenbase.services.auth import normalise_email
from lumenbase.services.common import RecordType
from lumenbase.services.timeline import ActivityKind, record_activity

DEMO_WORKSPACE_NAME = "Northwind Trading (demo)"
DEMO_ADMIN_NAME = "Avery Admin"
DEFAULT_DATA_DIR = PROJECT_ROOT.parent / "shared" / "data" / "real"

# (file, entity) in import order: companies first, so contacts can link to them by name.
REAL_FILES = (
    ("organizations-100.csv", "companies"),
    ("customers-100.csv", "contacts"),
    ("people-1000.csv", "contacts"),
    ("contacts.csv", "contacts"),
    ("leads-100.csv", "leads"),
)
TEAM = (
    ("Maria", "Lopez", Role.MANAGER),
    ("Sam", "Okafor", Role.SALES_REP),
    ("Priya", "Natarajan", Role.SALES_REP),
    ("Jonas", "Berg", Role.SALES_REP),
)
# Owner weights in TEAM order after the admin: reps carry most of the book.
OWNER_WEIGHTS = (2, 1, 3, 3, 3)

# (name, probability, outcome, weight of deals drawn into it)
SALES_STAGES = (
    ("Qualification", 10, "open", 12),
    ("Discovery", 25, "open", 10),
    ("Proposal", 50, "open", 9),
    ("Negotiation", 75, "open", 6),
    ("Closed won", 100, "won", 8),
    ("Closed lost", 0, "lost", 5),
)
RENEWAL_STAGES = (
    ("Upcoming", 40, "open", 4),
    ("In discussion", 70, "open", 3),
    ("Renewed", 100, "won", 3),
    ("Churned", 0, "lost", 1),
)
HISTORY_DAYS = 120
WORK_HOURS = (9, 10, 11, 13, 14, 15, 16)
DEAL_COUNT = 60
RENEWAL_SHARE = 0.2
TASK_BUCKETS = {"overdue": 14, "today": 12, "upcoming": 34, "done": 20}
NOTE_SPLIT = {RecordType.CONTACT: 40, RecordType.COMPANY: 25, RecordType.DEAL: 35}
ACTIVITY_COUNT = 30

PRODUCTS = (
    "Annual platform licence",
    "Onboarding package",
    "Data migration",
    "Support upgrade",
    "Team expansion",
    "Pilot project",
    "Analytics add-on",
    "Multi-year agreement",
    "Integration services",
    "Training workshop",
)
CURRENCIES = (("USD", 6), ("EUR", 3), ("GBP", 1))
LOST_REASONS = (
    "Went with a competitor",
    "No budget this year",
    "Project put on hold",
    "Price too high",
    "No response after the proposal",
)
CONTACT_NOTES = (
    "Spoke with {first}: budgets are reviewed next quarter, follow up early in the month.",
    "{first} prefers email to calls. Send the onboarding case study.",
    "Met {first} at the trade show; interested in the analytics add-on.",
    "{first} is the technical evaluator; the decision sits with their CFO.",
    "Left a voicemail for {first}; will try again Thursday morning.",
    "{first} asked for references from customers in the same industry.",
    "Intro call went well. {first} wants a demo for the wider team.",
    "{first} changed roles; find out who owns the relationship now.",
)
COMPANY_NOTES = (
    "{company} is consolidating vendors this year and we are on the shortlist.",
    "Procurement at {company} needs a security questionnaire before any contract.",
    "{company} renewed their current tool last month; revisit in two quarters.",
    "Good fit: {company} runs three sales teams across regions.",
    "Annual planning at {company} starts in September; get in before then.",
    "{company} uses a competitor today; pain points are reporting and data quality.",
)
DEAL_NOTES = (
    "Sent proposal v2 with a 10% multi-year discount.",
    "Legal review in progress; redlines expected by Friday.",
    "Champion confirmed a budget of {amount}.",
    "Pricing call booked with their finance lead.",
    "They need a second technical session on the API and single sign-on.",
    "A competitor came in lower; lead with onboarding and support.",
    "Verbal yes from the sponsor; waiting on the purchase order.",
    "Moved the close date: their fiscal year ends later than we assumed.",
)
CONTACT_TASKS = (
    "Call {first} about next steps",
    "Send follow-up email to {first}",
    "Share the case study with {first}",
    "Book an intro meeting with {first}",
)
DEAL_TASKS = (
    "Prepare demo for {company}",
    "Send contract to {company}",
    "Book pricing call with {company}",
    "Confirm decision makers at {company}",
    "Send meeting recap to {company}",
    "Update close date and next step",
)
TOUCHES = (
    ("call", "Call with {first}: walked through the timeline"),
    ("email", "Email to {first}: following up on the demo"),
    ("meeting", "Meeting with {first}: product walkthrough"),
)


@dataclass
class DemoResult:
    workspace_name: str
    admin_email: str
    admin_password: str
    skipped: bool = False
    workspace_id: int | None = None
    users: int = 0
    contacts: int = 0
    companies: int = 0
    leads: int = 0
    deals: int = 0
    tasks: int = 0
    notes: int = 0
    used_real_files: list[str] = field(default_factory=list)
    rows_not_imported: int = 0
    failed_files: list[str] = field(default_factory=list)

    def summary(self) -> str:
        login = f"log in as {self.admin_email} / {self.admin_password}"
        if self.skipped:
            return f"Demo workspace already exists; {login}"
        counts = ", ".join(
            f"{getattr(self, name):,} {name}"
            for name in ("contacts", "companies", "leads", "deals", "tasks", "notes")
        )
        text = f"Demo workspace '{self.workspace_name}': {counts}; {login}"
        if self.rows_not_imported == 1:
            text += " (1 CSV row was a duplicate or invalid)"
        elif self.rows_not_imported:
            text += f" ({self.rows_not_imported:,} CSV rows were duplicates or invalid)"
        if self.failed_files:
            text += f"\nCould not import: {'; '.join(self.failed_files)}"
        return text


def seed_demo_workspace(
    *,
    admin_email: str,
    admin_password: str,
    seed: int,
    now: datetime,
    data_dir: Path | None = None,
    if_missing: bool = False,
    workspace_name: str = DEMO_WORKSPACE_NAME,
) -> DemoResult:
    """Create the demo workspace, its team and its records. Imports the real CSV files from
    `data_dir` (default: the shared data folder), or generates people from the seed when none is
    there. Refuses an admin email that already has an account, or returns a skipped result when
    `if_missing` is set."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    now = now.astimezone(UTC)
    start = now - timedelta(days=HISTORY_DAYS)
    admin_email = normalise_email(admin_email)
    result = DemoResult(workspace_name, admin_email, admin_password)
    if if_missing and _account_exists(admin_email):
        result.skipped = True
        return result
    rng = random.Random(seed)
    admin = workspaces.create_workspace_with_admin(
        workspace_name=workspace_name,
        email=admin_email,
        full_name=DEMO_ADMIN_NAME,
        password=admin_password,
        now=start,
    )
    team = _add_team(admin, admin_email, admin_password, start)
    _import_real_files(admin, data_dir or DEFAULT_DATA_DIR, start, result)
    with workspace_session(admin) as s:
        if not result.used_real_files:
            _generate_people(s, admin, rng, start)
        _spread_ownership(s, rng, team)
        deals = _create_deals(s, admin, rng, team, now)
        _create_tasks(s, rng, team, deals, now)
        _create_notes(s, rng, team, deals, now)
        _log_touches(s, rng, team, now)
        _count(s, admin, result)
    return result


def _account_exists(email: str) -> bool:
    # The app role sees a user before login only by the exact email typed.
    with auth_session(login_email=email) as s:
        return s.exec(select(AppUser.id).where(AppUser.email == email)).first() is not None


def _team_email(admin_email: str, first: str, last: str) -> str:
    """maria.lopez@<admin's domain>; tagged with the admin's name unless it is plain 'admin', so
    several demo workspaces (tests) can live side by side."""
    local, _, domain = admin_email.partition("@")
    tag = "" if local == "admin" else f"+{local}"
    return f"{first}.{last}{tag}@{domain}".lower()


def _add_team(
    admin: WorkspaceContext, admin_email: str, password: str, now: datetime
) -> list[WorkspaceContext]:
    """The admin followed by a manager and three reps, as contexts to act as."""
    team = [admin]
    with workspace_session(admin) as s:
        for first, last, role in TEAM:
            user_id = workspaces.add_user(
                s,
                admin,
                email=_team_email(admin_email, first, last),
                full_name=f"{first} {last}",
                password=password,
                role=role,
                now=now,
            )
            team.append(WorkspaceContext(admin.workspace_id, user_id, role))
    return team


def _import_real_files(
    admin: WorkspaceContext, folder: Path, now: datetime, result: DemoResult
) -> None:
    for name, entity in REAL_FILES:
        path = folder / name
        if not path.is_file():
            continue
        try:
            report = csv_import.import_file(admin, path=path, entity=entity, now=now)
        except LumenbaseError as exc:
            # One unreadable file should not leave a half-made demo that --if-missing then skips.
            result.failed_files.append(f"{name}: {exc}")
            continue
        if report.error:
            result.failed_files.append(f"{name}: {report.error}")
            continue
        result.used_real_files.append(name)
        result.rows_not_imported += report.skipped + report.failed


# --- Generated people, when no CSV files are at hand -------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_FIRST = _words(
    "Olivia Liam Emma Noah Ava Lucas Sofia Mateo Mia Elijah Amara Hiro Ingrid Tomasz Chloe "
    "Rafael Zara Kwame Lena Arjun Freya Diego Hana Omar Elena Yusuf Clara Mikael Nadia Felix"
)
_LAST = _words(
    "Andersson Bauer Chen Dubois Esposito Fischer García Haddad Ivanova Jensen Kowalski "
    "Laurent Mensah Novák Okafor Patel Quinn Rossi Silva Tanaka Varga Weber Xu Yılmaz "
    "Zimmermann Brooks"
)
_BRANDS = _words(
    "Northgate Bluefin Ironwood Silverline Brightpath Clearwater Redstone Summit Harbor "
    "Cobalt Evergreen Lakeshore Pinecrest Sterling Tidewater Granite Orchard Meridian Beacon "
    "Alder"
)
_TRADES = (
    ("Logistics", "Transportation"),
    ("Analytics", "Information technology"),
    ("Foods", "Food and beverage"),
    ("Health", "Healthcare"),
    ("Robotics", "Industrial automation"),
    ("Energy", "Renewables"),
    ("Software", "Computer software"),
    ("Consulting", "Management consulting"),
    ("Retail", "Retail"),
    ("Freight", "Transportation"),
    ("Media", "Media production"),
    ("Capital", "Financial services"),
)
_PLACES = (
    ("Berlin", "Germany"),
    ("Lisbon", "Portugal"),
    ("Toronto", "Canada"),
    ("Austin", "United States"),
    ("Manchester", "United Kingdom"),
    ("Lyon", "France"),
    ("Osaka", "Japan"),
    ("Melbourne", "Australia"),
    ("São Paulo", "Brazil"),
    ("Nairobi", "Kenya"),
    ("Stockholm", "Sweden"),
    ("Pune", "India"),
)
_TITLES = (
    "Head of Sales",
    "VP Operations",
    "Procurement Manager",
    "CFO",
    "IT Director",
    "Marketing Lead",
    "Office Manager",
    "Founder & CEO",
    "Operations Analyst",
    "Customer Success Manager",
)
_LEAD_SOURCES = ("Website form", "Trade show", "Referral", "Webinar", "Cold outreach", "LinkedIn")
_LEAD_STATUSES = (("new", 5), ("contacted", 3), ("qualified", 2), ("unqualified", 1))


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return folded.lower().replace(" ", "")


def _generate_people(
    s: Session, admin: WorkspaceContext, rng: random.Random, now: datetime
) -> None:
    """80 companies, 320 contacts and 60 leads with fictional names on .example domains.

    Written in bulk rather than through the record services: the values are generated already
    in their normalised form, and row-by-row validation would take several seconds."""
    stamp = _stamp(admin, now)
    made = []
    for brand, (trade, industry) in rng.sample([(b, t) for b in _BRANDS for t in _TRADES], 80):
        city, country = rng.choice(_PLACES)
        made.append(
            Company(
                name=f"{brand} {trade}",
                domain=f"{_ascii(brand + trade)}.example",
                industry=industry,
                employee_count=rng.choice((12, 35, 80, 150, 400, 1200, 5000)),
                founded_year=rng.randint(1965, 2021),
                city=city,
                country=country,
                **stamp,
            )
        )
    _insert(s, admin, RecordType.COMPANY, made, now)
    emails: set[str] = set()
    people = []
    for _ in range(320):
        first, last, company = rng.choice(_FIRST), rng.choice(_LAST), rng.choice(made)
        people.append(
            Contact(
                first_name=first,
                last_name=last,
                email=_unique(f"{_ascii(first)}.{_ascii(last)}@{company.domain}", emails),
                phone=f"+1555{rng.randint(1000000, 9999999)}",
                title=rng.choice(_TITLES),
                company_id=company.id,
                city=company.city,
                country=company.country,
                source="Demo data",
                **stamp,
            )
        )
    _insert(s, admin, RecordType.CONTACT, people, now)
    leads = [_generate_lead(rng, emails, stamp) for _ in range(60)]
    _insert(s, admin, RecordType.LEAD, leads, now)


def _stamp(admin: WorkspaceContext, now: datetime) -> dict:
    return {
        "workspace_id": admin.workspace_id,
        "owner_id": admin.user_id,
        "created_at": now,
        "created_by": admin.user_id,
        "updated_at": now,
        "updated_by": admin.user_id,
    }


def _insert(
    s: Session, admin: WorkspaceContext, record_type: RecordType, rows: list, now: datetime
) -> None:
    """Add the rows and a "created" timeline entry for each, as the record services would."""
    s.add_all(rows)
    s.flush()
    for row in rows:
        record_activity(
            s,
            admin,
            record_type=record_type,
            record_id=row.id,
            kind=ActivityKind.CREATED,
            summary=f"{record_type.value.capitalize()} created",
            now=now,
        )


def _unique(email: str, taken: set[str]) -> str:
    local, _, domain = email.partition("@")
    candidate, n = email, 1
    while candidate in taken:
        n += 1
        candidate = f"{local}{n}@{domain}"
    taken.add(candidate)
    return candidate


def _generate_lead(rng: random.Random, emails: set[str], stamp: dict) -> Lead:
    first, last = rng.choice(_FIRST), rng.choice(_LAST)
    company = f"{rng.choice(_BRANDS)} {rng.choice(_TRADES)[0]}"
    return Lead(
        first_name=first,
        last_name=last,
        email=_unique(f"{_ascii(first)}.{_ascii(last)}@{_ascii(company)}.example", emails),
        company_name=company,
        title=rng.choice(_TITLES),
        source=rng.choice(_LEAD_SOURCES),
        status=_weighted(rng, _LEAD_STATUSES),
        score=rng.randint(5, 95),
        **stamp,
    )


def _weighted(rng: random.Random, options):
    """Pick the first item of one of `options`, each (item, ..., weight)."""
    return rng.choices([o[0] for o in options], weights=[o[-1] for o in options])[0]


# --- Ownership, pipelines and deals ------------------------------------------------------------


def _spread_ownership(s: Session, rng: random.Random, team: list[WorkspaceContext]) -> None:
    """Hand the imported book to the team. Seed data, so no timeline entry per record."""
    for model in (Company, Contact, Lead):
        ids = s.execute(
            select(model.id).where(model.workspace_id == team[0].workspace_id).order_by(model.id)
        ).scalars()
        rows = [{"id": i, "owner_id": _pick_owner(rng, team).user_id} for i in ids]
        if rows:
            s.execute(update(model), rows)


def _pick_owner(rng: random.Random, team: list[WorkspaceContext]) -> WorkspaceContext:
    return rng.choices(team, weights=OWNER_WEIGHTS)[0]


def _create_pipeline(
    s: Session, admin: WorkspaceContext, name: str, position: int, stages, now: datetime
) -> list[PipelineStage]:
    pipeline = Pipeline(
        workspace_id=admin.workspace_id,
        name=name,
        position=position,
        is_default=position == 0,
        owner_id=admin.user_id,
        created_at=now,
        created_by=admin.user_id,
        updated_at=now,
        updated_by=admin.user_id,
    )
    s.add(pipeline)
    s.flush()
    rows = [
        PipelineStage(
            workspace_id=admin.workspace_id,
            pipeline_id=pipeline.id,
            name=stage_name,
            position=index,
            probability=probability,
            outcome=outcome,
            created_at=now,
        )
        for index, (stage_name, probability, outcome, _weight) in enumerate(stages)
    ]
    s.add_all(rows)
    s.flush()
    return rows


def _create_deals(
    s: Session,
    admin: WorkspaceContext,
    rng: random.Random,
    team: list[WorkspaceContext],
    now: datetime,
) -> list[Deal]:
    """Two pipelines and DEAL_COUNT deals across them, with companies and contacts attached."""
    start = now - timedelta(days=HISTORY_DAYS)
    sales = _create_pipeline(s, admin, "Sales", 0, SALES_STAGES, start)
    renewals = _create_pipeline(s, admin, "Renewals", 1, RENEWAL_STAGES, start)
    book = s.execute(
        select(Company.id, Company.name)
        .where(Company.workspace_id == admin.workspace_id)
        .order_by(Company.id)
    ).all()
    people: dict[int | None, list[int]] = {}
    for contact_id, company_id in s.execute(
        select(Contact.id, Contact.company_id)
        .where(Contact.workspace_id == admin.workspace_id)
        .order_by(Contact.id)
    ):
        people.setdefault(company_id, []).append(contact_id)
    book = book or [(None, "New prospect")]
    staffed = [row for row in book if row[0] in people] or book
    deals = []
    for _ in range(DEAL_COUNT):
        renewal = rng.random() < RENEWAL_SHARE
        company_id, company_name = rng.choice(staffed if rng.random() < 0.8 else book)
        stages = renewals if renewal else sales
        weights = RENEWAL_STAGES if renewal else SALES_STAGES
        stage = rng.choices(stages, weights=[w[-1] for w in weights])[0]
        deal = _make_deal(rng, team, stage, company_id, company_name, renewal, now)
        s.add(deal)
        s.flush()
        _attach_contacts(s, rng, deal, people.get(company_id) or people.get(None, []))
        _log_deal_history(s, team, deal, stages, stage)
        deals.append(deal)
    return deals


def _make_deal(
    rng: random.Random,
    team: list[WorkspaceContext],
    stage: PipelineStage,
    company_id: int | None,
    company_name: str,
    renewal: bool,
    now: datetime,
) -> Deal:
    owner = _pick_owner(rng, team)
    # Created at least 30 days ago, so every task and note on it comes later.
    created = now - timedelta(days=rng.randint(30, HISTORY_DAYS - 2), hours=rng.randint(0, 8))
    moved = now - timedelta(days=rng.randint(1, 30), hours=rng.randint(0, 8))
    moved = max(moved, created + timedelta(hours=1))
    closed = stage.outcome != "open"
    if renewal:
        name = f"{company_name}: renewal {now.year + (0 if closed else 1)}"
        amount = Decimal(rng.randrange(6, 120) * 250)
    else:
        name = f"{company_name}: {rng.choice(PRODUCTS)}"
        amount = Decimal(rng.randrange(8, 240) * 500)
    return Deal(
        workspace_id=owner.workspace_id,
        name=name,
        pipeline_id=stage.pipeline_id,
        stage_id=stage.id,
        amount=amount,
        currency=_weighted(rng, CURRENCIES),
        expected_close_date=moved.date() if closed else _close_date(rng, now.date()),
        company_id=company_id,
        forecast_category=_forecast(stage),
        status=stage.outcome,
        lost_reason=rng.choice(LOST_REASONS) if stage.outcome == "lost" else None,
        closed_at=moved if closed else None,
        stage_changed_at=moved,
        owner_id=owner.user_id,
        created_at=created,
        created_by=owner.user_id,
        updated_at=moved,
        updated_by=owner.user_id,
    )


def _close_date(rng: random.Random, today: date) -> date:
    # A few open deals are already past their date, as in any real pipeline.
    return today + timedelta(
        days=rng.choice((-9, -3, 5, 12, 20, 30, 45, 60, 90)) + rng.randint(0, 6)
    )


def _forecast(stage: PipelineStage) -> str:
    if stage.outcome != "open":
        return "closed"
    if stage.probability >= 75:
        return "commit"
    return "best_case" if stage.probability >= 50 else "pipeline"


def _attach_contacts(s: Session, rng: random.Random, deal: Deal, pool: list[int]) -> None:
    for contact_id in rng.sample(pool, min(len(pool), rng.randint(1, 3))):
        s.add(
            DealContact(
                workspace_id=deal.workspace_id,
                deal_id=deal.id,
                contact_id=contact_id,
                created_at=deal.created_at,
            )
        )


def _log_deal_history(
    s: Session,
    team: list[WorkspaceContext],
    deal: Deal,
    stages: list[PipelineStage],
    stage: PipelineStage,
) -> None:
    actor = next(member for member in team if member.user_id == deal.owner_id)
    entries = [(deal.created_at, ActivityKind.CREATED, "Deal created", {})]
    if stage.position:
        # Closed deals came from the last open stage, open ones from the stage before.
        before = [x for x in stages[: stage.position] if x.outcome == "open"][-1].name
        details = {"changes": {"stage": [before, stage.name]}}
        entries.append(
            (deal.stage_changed_at, ActivityKind.UPDATED, f"Moved to {stage.name}", details)
        )
    if deal.status == "won":
        entries.append((deal.stage_changed_at, "won", "Deal won", {}))
    if deal.status == "lost":
        entries.append((deal.stage_changed_at, "lost", f"Deal lost: {deal.lost_reason}", {}))
    for when, kind, summary, details in entries:
        record_activity(
            s,
            actor,
            record_type=RecordType.DEAL,
            record_id=deal.id,
            kind=kind,
            summary=summary,
            now=when,
            details=details,
        )


# --- Tasks, notes and touches ------------------------------------------------------------------


def _contact_sample(s: Session, rng: random.Random, workspace_id: int, k: int):
    rows = s.execute(
        select(Contact.id, Contact.first_name, Contact.email)
        .where(Contact.workspace_id == workspace_id)
        .order_by(Contact.id)
    ).all()
    return [rng.choice(rows) for _ in range(k)] if rows else []


def _first_name(row) -> str:
    return row[1] or (row[2] or "them").split("@")[0]


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), UTC)


def _task_times(
    rng: random.Random, bucket: str, now: datetime
) -> tuple[datetime, datetime, datetime | None]:
    """(created, due, completed or None) for one task of the bucket; all within 30 days."""
    today = now.date()
    if bucket == "overdue":
        due = _at(today - timedelta(days=rng.randint(1, 10)), rng.choice(WORK_HOURS))
        return due - timedelta(days=rng.randint(1, 10)), due, None
    if bucket == "today":
        minutes_left = (_at(today + timedelta(days=1), 0) - now) // timedelta(minutes=1)
        later = timedelta(minutes=rng.randint(1, max(1, minutes_left - 1)))
        due = (now + later).replace(second=0, microsecond=0)
        return now - timedelta(days=rng.randint(1, 7)), due, None
    if bucket == "upcoming":
        due = _at(today + timedelta(days=rng.randint(1, 21)), rng.choice(WORK_HOURS))
        return now - timedelta(days=rng.randint(0, 7), hours=rng.randint(1, 8)), due, None
    due = _at(today - timedelta(days=rng.randint(1, 20)), rng.choice(WORK_HOURS))
    return due - timedelta(days=rng.randint(2, 10)), due, due - timedelta(hours=rng.randint(0, 48))


def _create_tasks(
    s: Session,
    rng: random.Random,
    team: list[WorkspaceContext],
    deals: list[Deal],
    now: datetime,
) -> None:
    buckets = [name for name, count in TASK_BUCKETS.items() for _ in range(count)]
    rng.shuffle(buckets)
    open_deals = [d for d in deals if d.status == "open"] or deals
    people = _contact_sample(s, rng, team[0].workspace_id, len(buckets))
    companies_by_id = _company_names(s, team[0].workspace_id)
    for index, bucket in enumerate(buckets):
        created, due, done = _task_times(rng, bucket, now)
        assignee = _pick_owner(rng, team)
        if index % 2 and people:
            row = people[index]
            target = (RecordType.CONTACT, row[0])
            title = rng.choice(CONTACT_TASKS).format(first=_first_name(row))
        else:
            deal = rng.choice(open_deals)
            target = (RecordType.DEAL, deal.id)
            company = companies_by_id.get(deal.company_id, "the customer")
            title = rng.choice(DEAL_TASKS).format(company=company)
        task = timeline.add_task(
            s,
            assignee,
            record_type=target[0],
            record_id=target[1],
            title=title,
            now=created,
            due_at=due,
            assignee_id=assignee.user_id,
        )
        if done is not None:
            timeline.complete_task(s, assignee, task_id=task.id, now=done)


def _company_names(s: Session, workspace_id: int) -> dict[int, str]:
    rows = s.execute(
        select(Company.id, Company.name).where(Company.workspace_id == workspace_id)
    ).all()
    return dict(rows)


def _create_notes(
    s: Session,
    rng: random.Random,
    team: list[WorkspaceContext],
    deals: list[Deal],
    now: datetime,
) -> None:
    workspace_id = team[0].workspace_id
    people = _contact_sample(s, rng, workspace_id, NOTE_SPLIT[RecordType.CONTACT])
    company_rows = sorted(_company_names(s, workspace_id).items())
    # (record type, id, template values, earliest time of a note on it)
    start = now - timedelta(days=HISTORY_DAYS)
    targets = [(RecordType.CONTACT, row[0], {"first": _first_name(row)}, start) for row in people]
    for _ in range(NOTE_SPLIT[RecordType.COMPANY] if company_rows else 0):
        company_id, name = rng.choice(company_rows)
        targets.append((RecordType.COMPANY, company_id, {"company": name}, start))
    for _ in range(NOTE_SPLIT[RecordType.DEAL]):
        deal = rng.choice(deals)
        amount = f"{deal.currency} {deal.amount:,.0f}"
        targets.append((RecordType.DEAL, deal.id, {"amount": amount}, deal.created_at))
    templates = {
        RecordType.CONTACT: CONTACT_NOTES,
        RecordType.COMPANY: COMPANY_NOTES,
        RecordType.DEAL: DEAL_NOTES,
    }
    for record_type, record_id, values, earliest in targets:
        timeline.add_note(
            s,
            _pick_owner(rng, team),
            record_type=record_type,
            record_id=record_id,
            body=rng.choice(templates[record_type]).format(**values),
            now=earliest + (now - earliest) * rng.uniform(0.02, 0.98),
        )


def _log_touches(
    s: Session, rng: random.Random, team: list[WorkspaceContext], now: datetime
) -> None:
    """Calls, emails and meetings logged on contacts over the last month."""
    for row in _contact_sample(s, rng, team[0].workspace_id, ACTIVITY_COUNT):
        kind, summary = rng.choice(TOUCHES)
        record_activity(
            s,
            _pick_owner(rng, team),
            record_type=RecordType.CONTACT,
            record_id=row[0],
            kind=kind,
            summary=summary.format(first=_first_name(row)),
            now=now - timedelta(days=rng.randint(0, 30), hours=rng.randint(0, 10)),
        )


def _count(s: Session, admin: WorkspaceContext, result: DemoResult) -> None:
    result.workspace_id = admin.workspace_id
    for name, model in (
        ("contacts", Contact),
        ("companies", Company),
        ("leads", Lead),
        ("deals", Deal),
        ("tasks", Task),
        ("notes", Note),
    ):
        total = s.execute(
            select(func.count())
            .select_from(model)
            .where(model.workspace_id == admin.workspace_id, model.deleted_at.is_(None))
        ).scalar_one()
        setattr(result, name, total)
    result.users = s.execute(
        select(func.count())
        .select_from(Membership)
        .where(Membership.workspace_id == admin.workspace_id)
    ).scalar_one()
