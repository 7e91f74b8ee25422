"""The demo workspace's tasks (overdue, due today, upcoming, done), notes, and calls, emails
and meetings logged on contacts, all timed relative to `now`."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlmodel import Session

from lumenbase.context import WorkspaceContext
from lumenbase.models import Company, Contact, Deal
from lumenbase.services import timeline
from lumenbase.services.common import RecordType
from lumenbase.services.demo_data import (
    COMPANY_NOTES,
    CONTACT_NOTES,
    CONTACT_TASKS,
    DEAL_NOTES,
    DEAL_TASKS,
    HISTORY_DAYS,
    TOUCHES,
    pick_owner,
)
from lumenbase.services.timeline import record_activity

WORK_HOURS = (9, 10, 11, 13, 14, 15, 16)
TASK_BUCKETS = {"overdue": 14, "today": 12, "upcoming": 34, "done": 20}
NOTE_SPLIT = {RecordType.CONTACT: 40, RecordType.COMPANY: 25, RecordType.DEAL: 35}
ACTIVITY_COUNT = 30


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


def create_tasks(
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
        assignee = pick_owner(rng, team)
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


def create_notes(
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
            pick_owner(rng, team),
            record_type=record_type,
            record_id=record_id,
            body=rng.choice(templates[record_type]).format(**values),
            now=earliest + (now - earliest) * rng.uniform(0.02, 0.98),
        )


def log_touches(
    s: Session, rng: random.Random, team: list[WorkspaceContext], now: datetime
) -> None:
    """Calls, emails and meetings logged on contacts over the last month."""
    for row in _contact_sample(s, rng, team[0].workspace_id, ACTIVITY_COUNT):
        kind, summary = rng.choice(TOUCHES)
        record_activity(
            s,
            pick_owner(rng, team),
            record_type=RecordType.CONTACT,
            record_id=row[0],
            kind=kind,
            summary=summary.format(first=_first_name(row)),
            now=now - timedelta(days=rng.randint(0, 30), hours=rng.randint(0, 10)),
        )
