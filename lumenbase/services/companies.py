"""Companies (accounts): list, read, create, edit, soft delete."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
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
    check_founded_year,
    check_web_address,
    clean_description,
    clean_text,
    normalise_domain,
    normalise_phone,
    parse_int,
)
from lumenbase.services.workspaces import check_member

COMPANY_SORTS = {
    "name": (Company.name, Company.id),
    "-name": (Company.name.desc(), Company.id.desc()),
    "newest": (Company.created_at.desc(), Company.id.desc()),
    "oldest": (Company.created_at, Company.id),
}

EDITABLE_FIELDS = (
    "name",
    "domain",
    "website",
    "industry",
    "employee_count",
    "founded_year",
    "phone",
    "city",
    "country",
    "description",
    "linkedin_url",
    "owner_id",
)


@dataclass(frozen=True)
class CompanyRow:
    id: int
    name: str
    domain: str
    industry: str
    country: str
    employee_count: int | None
    contact_count: int
    owner_name: str


def company_filters(
    ctx: WorkspaceContext, *, search: str = "", owner: str | int | None = None
) -> list:
    conditions = [Company.workspace_id == ctx.workspace_id, Company.deleted_at.is_(None)]
    term = (search or "").strip()
    if term:
        conditions.append(Company.search_text.like(func.lb_fold(like_pattern(term))))
    by_owner = owner_condition(Company.owner_id, ctx, owner)
    if by_owner is not None:
        conditions.append(by_owner)
    return conditions


def list_companies(
    s: Session,
    ctx: WorkspaceContext,
    *,
    search: str = "",
    owner: str | int | None = None,
    sort: str = "name",
    page: int = 1,
    page_size: int = 25,
) -> Page[CompanyRow]:
    """One page of live companies matching name or domain, with contact counts and the total."""
    if sort not in COMPANY_SORTS:
        raise ValidationFailed({"sort": f"Unknown sort '{sort}'."})
    page, page_size = clamp_paging(page, page_size)
    conditions = company_filters(ctx, search=search, owner=owner)
    total, capped = capped_count(s, Company, conditions)
    owner_user = aliased(AppUser)
    contact_count = (
        select(func.count())
        .where(Contact.company_id == Company.id, Contact.deleted_at.is_(None))
        .correlate(Company)
        .scalar_subquery()
    )
    rows = s.execute(
        select(Company, owner_user.full_name, contact_count)
        .outerjoin(owner_user, owner_user.id == Company.owner_id)
        .where(*conditions)
        .order_by(*COMPANY_SORTS[sort])
        .limit(page_size)
        .offset((page - 1) * page_size)
    ).all()
    items = [
        CompanyRow(
            id=company.id,
            name=company.name,
            domain=company.domain or "",
            industry=company.industry or "",
            country=company.country or "",
            employee_count=company.employee_count,
            contact_count=count,
            owner_name=owner_name or "",
        )
        for company, owner_name, count in rows
    ]
    return Page(items=items, total=total, page=page, page_size=page_size, total_is_capped=capped)


def get_company(s: Session, ctx: WorkspaceContext, company_id: int) -> Company:
    """The one access function for a company by id (NotFound alike for missing, trashed and
    another workspace's)."""
    company = s.get(Company, int(company_id))
    if company is None:
        raise NotFound("company")
    if company.workspace_id != ctx.workspace_id:
        raise NotFound("company")
    if company.deleted_at is not None:
        raise NotFound("company")
    return company


def find_company(
    s: Session, ctx: WorkspaceContext, *, name: str | None = None, domain: str | None = None
) -> Company | None:
    """A live company with this domain, else with this name (case- and accent-insensitive)."""
    base = select(Company).where(
        Company.workspace_id == ctx.workspace_id, Company.deleted_at.is_(None)
    )
    if domain:
        found = s.execute(base.where(Company.domain == domain).limit(1)).scalar_one_or_none()
        if found is not None:
            return found
    if name:
        return s.execute(
            base.where(func.lb_fold(Company.name) == func.lb_fold(name))
            .order_by(Company.id)
            .limit(1)
        ).scalar_one_or_none()
    return None


def validate_company_fields(
    s: Session, ctx: WorkspaceContext, values: dict, *, company_id: int | None = None
) -> dict:
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
    if "name" in clean and not clean["name"]:
        errors["name"] = "Enter the company's name."
    if not errors and clean.get("domain"):
        other = find_company(s, ctx, domain=clean["domain"])
        if other is not None and other.id != company_id:
            raise Conflict({"domain": f"{other.name} already uses the domain {clean['domain']}."})
    if errors:
        raise ValidationFailed(errors)
    return clean


def _clean_field(s: Session, ctx: WorkspaceContext, name: str, raw):
    if name == "domain":
        return normalise_domain(raw)
    if name == "phone":
        return normalise_phone(raw)
    if name == "employee_count":
        return parse_int(raw, field=name, minimum=0)
    if name == "founded_year":
        return check_founded_year(raw, field=name)
    if name == "owner_id":
        return check_member(s, ctx, raw)
    if name == "description":
        return clean_description(raw)
    if name in ("website", "linkedin_url"):
        return check_web_address(raw, field=name)
    return clean_text(raw, max_length=300)


def create_company(s: Session, ctx: WorkspaceContext, *, now: datetime, **values) -> Company:
    """A new company owned by the caller unless `owner_id` says otherwise. Refuses an empty
    name and a domain already used by another live company."""
    require_crm_write(ctx)
    values.setdefault("owner_id", ctx.user_id)
    if not values.get("domain") and values.get("website"):
        values["domain"] = values["website"]
    # "Domain or website": a typed address (scheme or path) is kept as the website too.
    typed = str(values.get("domain") or "")
    if not values.get("website") and ("://" in typed or "/" in typed.strip("/")):
        values["website"] = typed
    clean = validate_company_fields(s, ctx, {"name": values.pop("name", ""), **values})
    company = Company(
        workspace_id=ctx.workspace_id,
        created_at=now,
        created_by=ctx.user_id,
        updated_at=now,
        updated_by=ctx.user_id,
        **clean,
    )
    s.add(company)
    s.flush()
    record_activity(
        s,
        ctx,
        record_type=RecordType.COMPANY,
        record_id=company.id,
        kind=ActivityKind.CREATED,
        summary="Company created",
        now=now,
    )
    return company


def update_company(
    s: Session, ctx: WorkspaceContext, company_id: int, *, now: datetime, **values
) -> dict:
    """Change some fields; returns {field: [old, new]} and records it on the timeline."""
    require_crm_write(ctx)
    company = get_company(s, ctx, company_id)
    clean = validate_company_fields(s, ctx, values, company_id=company.id)
    return save_edits(s, ctx, company, record_type=RecordType.COMPANY, clean=clean, now=now)


def delete_company(s: Session, ctx: WorkspaceContext, company_id: int, *, now: datetime) -> None:
    """Move a company to the trash. Its contacts stay, still linked, and reappear linked when
    the company is restored."""
    require_crm_write(ctx)
    company = get_company(s, ctx, company_id)
    move_to_trash(s, ctx, company, record_type=RecordType.COMPANY, now=now)
