"""Contacts: list (search, owner filter, sort, page, all in SQL), read, create, edit, soft delete."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import any_, func, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from lumenbase.context import WorkspaceContext
from lumenbase.errors import Conflict, NotFound, ValidationFailed
from lumenbase.models import AppUser, Company, Contact
from lumenbase.services.common import (
    Page,
    RecordType,
    capped_count,
    clamp_paging,
    like_pattern,
    owner_condition,
    require_crm_write,
)
from lumenbase.services.record_changes import move_to_trash, save_edits
from lumenbase.services.timeline import ActivityKind, record_activity
from lumenbase.services.validation import (
    check_email,
    check_web_address,
    clean_name,
    clean_tags,
    clean_text,
    normalise_phone,
)
from lumenbase.services.workspaces import check_member

CONTACT_SORTS = {
    "name": (Contact.last_name, Contact.first_name, Contact.id),
    "-name": (Contact.last_name.desc(), Contact.first_name.desc(), Contact.id.desc()),
    "newest": (Contact.created_at.desc(), Contact.id.desc()),
    "oldest": (Contact.created_at, Contact.id),
    "email": (Contact.email, Contact.id),
}

# The same sorts by column name, to apply them to the page-ids query and its CTE.
SORT_COLUMN_NAMES = {
    "name": ("last_name", "first_name", "id"),
    "-name": ("last_name", "first_name", "id"),
    "newest": ("created_at", "id"),
    "oldest": ("created_at", "id"),
    "email": ("email", "id"),
}
DESCENDING_SORTS = {"-name", "newest"}

EDITABLE_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "mobile_phone",
    "title",
    "company_id",
    "city",
    "country",
    "linkedin_url",
    "source",
    "tags",
    "owner_id",
)


@dataclass(frozen=True)
class ContactRow:
    id: int
    name: str
    email: str
    phone: str
    title: str
    company_id: int | None
    company_name: str
    owner_name: str
    created_at: datetime


def contact_filters(
    ctx: WorkspaceContext,
    *,
    search: str = "",
    owner: str | int | None = None,
    company_id: int | None = None,
) -> list:
    conditions = [Contact.workspace_id == ctx.workspace_id, Contact.deleted_at.is_(None)]
    term = (search or "").strip()
    if term:
        pattern = func.lb_fold(like_pattern(term))
        matching_companies = select(Company.id).where(
            Company.workspace_id == ctx.workspace_id,
            Company.deleted_at.is_(None),
            Company.search_text.like(pattern),
        )
        # `= ANY(ARRAY(subquery))` runs the company lookup once, so both arms of the OR use an
        # index (a bare IN keeps the contact trigram index out: bench/README.md, proposal 1).
        conditions.append(
            or_(
                Contact.search_text.like(pattern),
                Contact.company_id == any_(func.array(matching_companies.scalar_subquery())),
            )
        )
    by_owner = owner_condition(Contact.owner_id, ctx, owner)
    if by_owner is not None:
        conditions.append(by_owner)
    if company_id is not None:
        conditions.append(Contact.company_id == int(company_id))
    return conditions


def list_contacts(
    s: Session,
    ctx: WorkspaceContext,
    *,
    search: str = "",
    owner: str | int | None = None,
    company_id: int | None = None,
    sort: str = "name",
    page: int = 1,
    page_size: int = 25,
) -> Page[ContactRow]:
    """One page of live contacts matching name, email or company name, with the total count."""
    if sort not in CONTACT_SORTS:
        raise ValidationFailed({"sort": f"Unknown sort '{sort}'."})
    page, page_size = clamp_paging(page, page_size)
    conditions = contact_filters(ctx, search=search, owner=owner, company_id=company_id)
    total, capped = capped_count(s, Contact, conditions)
    page_ids = _page_ids(conditions, sort, few_matches=bool(search.strip()) and not capped)
    page_ids = page_ids.limit(page_size).offset((page - 1) * page_size).subquery()
    owner_user = aliased(AppUser)
    rows = s.execute(
        select(Contact, Company.name, owner_user.full_name)
        .join(page_ids, page_ids.c.id == Contact.id)
        .outerjoin(Company, Company.id == Contact.company_id)
        .outerjoin(owner_user, owner_user.id == Contact.owner_id)
        .order_by(*CONTACT_SORTS[sort])
    ).all()
    items = [
        ContactRow(
            id=contact.id,
            name=contact.full_name,
            email=contact.email or "",
            phone=contact.phone or contact.mobile_phone or "",
            title=contact.title or "",
            company_id=contact.company_id,
            company_name=company_name or "",
            owner_name=owner_name or "",
            created_at=contact.created_at,
        )
        for contact, company_name, owner_name in rows
    ]
    return Page(items=items, total=total, page=page, page_size=page_size, total_is_capped=capped)


def _page_ids(conditions: list, sort: str, *, few_matches: bool):
    """The ids of one page, before any join (bench/README.md, proposal 3).

    Few matches (a search under COUNT_CAP): collect them first through the trigram index, then
    sort in memory; otherwise the planner may walk the name index filtering row by row, which is
    slow when matches cluster in name order. Many: page through ids in the sort index and join
    only the rows shown, instead of joining every row that OFFSET skips."""
    columns = [Contact.__table__.c[name] for name in SORT_COLUMN_NAMES[sort]]
    if few_matches:
        hits = select(*columns).where(*conditions).cte("hits").prefix_with("MATERIALIZED")
        return select(hits.c.id).order_by(*_ordered(hits.c, sort))
    return select(Contact.id).where(*conditions).order_by(*_ordered(Contact.__table__.c, sort))


def _ordered(columns, sort: str) -> list:
    descending = sort in DESCENDING_SORTS
    return [
        columns[name].desc() if descending else columns[name] for name in SORT_COLUMN_NAMES[sort]
    ]


def get_contact(s: Session, ctx: WorkspaceContext, contact_id: int) -> Contact:
    """The one access function for a contact by id: NotFound alike for missing, trashed and
    another workspace's contact."""
    contact = s.get(Contact, int(contact_id))
    if contact is None:
        raise NotFound("contact")
    if contact.workspace_id != ctx.workspace_id:
        raise NotFound("contact")
    if contact.deleted_at is not None:
        raise NotFound("contact")
    return contact


def validate_contact_fields(
    s: Session, ctx: WorkspaceContext, values: dict, *, contact_id: int | None = None
) -> dict:
    """Normalise and check user input for a contact; raises ValidationFailed with every field
    that needs fixing at once."""
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationFailed({name: "This field cannot be set." for name in sorted(unknown)})
    errors: dict[str, str] = {}
    clean: dict = {}
    for name, raw in values.items():
        try:
            clean[name] = _clean_field(s, ctx, name, raw)
        except ValidationFailed as exc:
            errors.update(exc.field_errors)
    if not errors and "email" in clean and clean["email"]:
        duplicate = find_contact_by_email(s, ctx, clean["email"])
        if duplicate is not None and duplicate.id != contact_id:
            errors["email"] = f"{duplicate.full_name} already uses {clean['email']}."
            raise Conflict(errors)
    if errors:
        raise ValidationFailed(errors)
    return clean


def _clean_field(s: Session, ctx: WorkspaceContext, name: str, raw):
    if name == "email":
        return check_email(raw)
    if name in ("phone", "mobile_phone"):
        return normalise_phone(raw, field=name)
    if name in ("first_name", "last_name"):
        return clean_name(raw) or ""
    if name == "tags":
        return clean_tags(raw)
    if name == "company_id":
        return _check_company(s, ctx, raw)
    if name == "owner_id":
        return check_member(s, ctx, raw)
    if name == "linkedin_url":
        return check_web_address(raw, field=name)
    return clean_text(raw)


def _check_company(s: Session, ctx: WorkspaceContext, raw) -> int | None:
    if raw in (None, ""):
        return None
    company = s.get(Company, int(raw))
    if (
        company is None
        or company.workspace_id != ctx.workspace_id
        or company.deleted_at is not None
    ):
        raise ValidationFailed({"company_id": "Pick an existing company."})
    return company.id


def find_contact_by_email(s: Session, ctx: WorkspaceContext, email: str) -> Contact | None:
    return s.execute(
        select(Contact).where(
            Contact.workspace_id == ctx.workspace_id,
            Contact.deleted_at.is_(None),
            Contact.email == email,
        )
    ).scalar_one_or_none()


def create_contact(s: Session, ctx: WorkspaceContext, *, now: datetime, **values) -> Contact:
    """A new contact owned by the caller unless `owner_id` says otherwise. Refuses a contact
    with neither a name nor an email, a malformed email or phone, and an email already used by
    another live contact."""
    require_crm_write(ctx)
    values.setdefault("owner_id", ctx.user_id)
    clean = validate_contact_fields(s, ctx, values)
    if not (clean.get("first_name") or clean.get("last_name") or clean.get("email")):
        raise ValidationFailed({"first_name": "Enter a name or an email."})
    contact = Contact(
        workspace_id=ctx.workspace_id,
        created_at=now,
        created_by=ctx.user_id,
        updated_at=now,
        updated_by=ctx.user_id,
        **clean,
    )
    s.add(contact)
    s.flush()
    record_activity(
        s,
        ctx,
        record_type=RecordType.CONTACT,
        record_id=contact.id,
        kind=ActivityKind.CREATED,
        summary="Contact created",
        now=now,
    )
    return contact


def update_contact(
    s: Session, ctx: WorkspaceContext, contact_id: int, *, now: datetime, **values
) -> dict:
    """Change some fields; returns {field: [old, new]} and records it on the timeline."""
    require_crm_write(ctx)
    contact = get_contact(s, ctx, contact_id)
    clean = validate_contact_fields(s, ctx, values, contact_id=contact.id)
    merged_name = (
        clean.get("first_name", contact.first_name),
        clean.get("last_name", contact.last_name),
    )
    if not (merged_name[0] or merged_name[1] or clean.get("email", contact.email)):
        raise ValidationFailed({"first_name": "A contact needs a name or an email."})
    return save_edits(s, ctx, contact, record_type=RecordType.CONTACT, clean=clean, now=now)


def delete_contact(s: Session, ctx: WorkspaceContext, contact_id: int, *, now: datetime) -> None:
    """Move a contact to the trash: hidden everywhere, kept in the database, restorable."""
    require_crm_write(ctx)
    contact = get_contact(s, ctx, contact_id)
    move_to_trash(s, ctx, contact, record_type=RecordType.CONTACT, now=now)
