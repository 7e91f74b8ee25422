"""Reading lists: the lists page (with live member counts), one list's members, the lists a
record is in, the choices of an "Add to list" picker. Changes are in services/lists.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Text, case, cast, func, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from lumenbase.context import WorkspaceContext
from lumenbase.models import AppUser, CrmList
from lumenbase.models import ListMembership as Member
from lumenbase.services.common import Page, RecordType, clamp_paging, like_pattern
from lumenbase.services.lists import entity_type_of, get_list, live_records
from lumenbase.services.timeline import RECORD_MODELS


def _person_name(model):
    full = func.trim(model.first_name + " " + model.last_name)
    return func.coalesce(func.nullif(full, ""), cast(model.email, Text), "")


def record_columns(entity: RecordType, model=None) -> tuple:
    """(name, detail) SQL expressions a record shows as in a list or next to a task; `model`
    may be an alias of the entity's table."""
    model = model if model is not None else RECORD_MODELS[entity]
    if entity is RecordType.CONTACT:
        return _person_name(model), func.coalesce(cast(model.email, Text), "")
    if entity is RecordType.COMPANY:
        return model.name, func.coalesce(cast(model.domain, Text), "")
    if entity is RecordType.LEAD:
        return _person_name(model), func.coalesce(model.company_name, cast(model.email, Text), "")
    amount = func.to_char(model.amount, "FM999,999,999,990")
    return model.name, func.coalesce(model.currency + " " + amount, "")


@dataclass(frozen=True)
class ListRow:
    id: int
    name: str
    entity_type: str
    member_count: int
    owner_name: str
    created_at: datetime


@dataclass(frozen=True)
class MemberRow:
    record_id: int
    name: str
    detail: str
    added_at: datetime
    added_by: str


def _live_member_count(entity: RecordType):
    model = RECORD_MODELS[entity]
    return (
        select(func.count())
        .select_from(Member)
        .join(model, model.id == Member.record_id)
        .where(Member.list_id == CrmList.id, Member.deleted_at.is_(None))
        .where(model.deleted_at.is_(None))
        .correlate(CrmList)
        .scalar_subquery()
    )


def _list_rows(s: Session, ctx, conditions: list, page: int, page_size: int) -> list[ListRow]:
    count = case(
        *[(CrmList.entity_type == entity, _live_member_count(entity)) for entity in RecordType],
        else_=0,
    )
    owner = aliased(AppUser)
    rows = s.execute(
        select(CrmList, owner.full_name, count)
        .outerjoin(owner, owner.id == CrmList.owner_id)
        .where(*conditions)
        .order_by(func.lower(CrmList.name), CrmList.id)
        .limit(page_size)
        .offset((page - 1) * page_size)
    ).all()
    return [
        ListRow(
            id=crm_list.id,
            name=crm_list.name,
            entity_type=crm_list.entity_type,
            member_count=members,
            owner_name=owner_name or "",
            created_at=crm_list.created_at,
        )
        for crm_list, owner_name, members in rows
    ]


def list_lists(
    s: Session,
    ctx: WorkspaceContext,
    *,
    entity_type: str | None = None,
    search: str = "",
    page: int = 1,
    page_size: int = 25,
) -> Page[ListRow]:
    """One page of live lists, by name, with how many live records each holds."""
    page, page_size = clamp_paging(page, page_size)
    conditions = live_records(CrmList, ctx)
    if entity_type not in (None, "", "all"):
        conditions.append(CrmList.entity_type == entity_type_of(entity_type))
    term = (search or "").strip()
    if term:
        conditions.append(func.lb_fold(CrmList.name).like(func.lb_fold(like_pattern(term))))
    total = s.execute(select(func.count()).select_from(CrmList).where(*conditions)).scalar_one()
    items = _list_rows(s, ctx, conditions, page, page_size)
    return Page(items=items, total=total, page=page, page_size=page_size)


def read_list(s: Session, ctx: WorkspaceContext, list_id: int) -> ListRow:
    """One list with its member count and owner, for its page."""
    crm_list = get_list(s, ctx, list_id)
    return _list_rows(s, ctx, [CrmList.id == crm_list.id], 1, 1)[0]


def count_members(s: Session, ctx: WorkspaceContext, list_id: int) -> int:
    """How many live records a list holds."""
    crm_list = get_list(s, ctx, list_id)
    model = RECORD_MODELS[RecordType(crm_list.entity_type)]
    return s.execute(
        select(func.count())
        .select_from(Member)
        .join(model, model.id == Member.record_id)
        .where(Member.list_id == crm_list.id, Member.deleted_at.is_(None))
        .where(*live_records(model, ctx))
    ).scalar_one()


def list_members(
    s: Session, ctx: WorkspaceContext, list_id: int, *, page: int = 1, page_size: int = 25
) -> Page[MemberRow]:
    """One page of a list's live records by name, with who added each and when. Records in
    the trash are left out (and come back with them)."""
    crm_list = get_list(s, ctx, list_id)
    entity = RecordType(crm_list.entity_type)
    model = RECORD_MODELS[entity]
    name, detail = record_columns(entity)
    page, page_size = clamp_paging(page, page_size)
    adder = aliased(AppUser)
    conditions = [
        Member.list_id == crm_list.id,
        Member.deleted_at.is_(None),
        *live_records(model, ctx),
    ]
    rows = s.execute(
        select(model.id, name, detail, Member.added_at, adder.full_name)
        .select_from(Member)
        .join(model, model.id == Member.record_id)
        .outerjoin(adder, adder.id == Member.added_by)
        .where(*conditions)
        .order_by(func.lower(name), model.id)
        .limit(page_size)
        .offset((page - 1) * page_size)
    ).all()
    items = [
        MemberRow(record_id=rid, name=n, detail=d, added_at=at, added_by=by or "")
        for rid, n, d, at, by in rows
    ]
    total = count_members(s, ctx, crm_list.id)
    return Page(items=items, total=total, page=page, page_size=page_size)


def list_choices(s: Session, ctx: WorkspaceContext, *, entity_type: str) -> list[tuple[int, str]]:
    """(id, name) of the live lists of one kind, by name, for an "Add to list" picker."""
    entity = entity_type_of(entity_type)
    rows = s.execute(
        select(CrmList.id, CrmList.name)
        .where(*live_records(CrmList, ctx), CrmList.entity_type == entity)
        .order_by(func.lower(CrmList.name), CrmList.id)
        .limit(500)
    ).all()
    return [(row[0], row[1]) for row in rows]


def lists_of_record(
    s: Session, ctx: WorkspaceContext, *, record_type: str, record_id: int
) -> list[tuple[int, str]]:
    """(id, name) of the live lists a record is in, by name."""
    entity = entity_type_of(record_type)
    rows = s.execute(
        select(CrmList.id, CrmList.name)
        .join(Member, Member.list_id == CrmList.id)
        .where(*live_records(CrmList, ctx), CrmList.entity_type == entity)
        .where(
            Member.workspace_id == ctx.workspace_id,
            Member.record_id == int(record_id),
            Member.deleted_at.is_(None),
        )
        .order_by(func.lower(CrmList.name), CrmList.id)
    ).all()
    return [(row[0], row[1]) for row in rows]
