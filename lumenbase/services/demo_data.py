"""The demo workspace's static material (names, products, note and task templates), the
weighted draws every part of the seeding shares, and the people generated when no CSV files
are at hand. Every draw comes from the caller's `random.Random`, so a seed gives one result."""

from __future__ import annotations

import random
import unicodedata
from datetime import datetime

from sqlmodel import Session

from lumenbase.context import WorkspaceContext
from lumenbase.models import Company, Contact, Lead
from lumenbase.services.common import RecordType
from lumenbase.services.timeline import ActivityKind, record_activity

HISTORY_DAYS = 120
# Owner weights in demo.TEAM order after the admin: reps carry most of the book.
OWNER_WEIGHTS = (2, 1, 3, 3, 3)

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


def weighted(rng: random.Random, options):
    """Pick the first item of one of `options`, each (item, ..., weight)."""
    return rng.choices([o[0] for o in options], weights=[o[-1] for o in options])[0]


def pick_owner(rng: random.Random, team: list[WorkspaceContext]) -> WorkspaceContext:
    return rng.choices(team, weights=OWNER_WEIGHTS)[0]


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


def generate_people(s: Session, admin: WorkspaceContext, rng: random.Random, now: datetime) -> None:
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
        status=weighted(rng, _LEAD_STATUSES),
        score=rng.randint(5, 95),
        **stamp,
    )
