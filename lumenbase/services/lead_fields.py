"""What a lead's fields may hold: statuses, the editable fields and their checks. Touches the
database only to check an owner and a duplicate email."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import select
from sqlmodel import Session

from lumenbase.context import WorkspaceContext
from lumenbase.errors import Conflict, ValidationFailed
from lumenbase.models import Lead
from lumenbase.services.validation import (
    check_email,
    check_web_address,
    clean_name,
    clean_text,
    normalise_phone,
)
from lumenbase.services.workspaces import check_member


class LeadStatus(StrEnum):
    NEW = "new"
    CONTACTED = "contacted"
    QUALIFIED = "qualified"
    UNQUALIFIED = "unqualified"
    CONVERTED = "converted"

    @property
    def label(self) -> str:
        return self.value.capitalize()


# What a person may set by hand; "converted" only comes from convert_lead.
SETTABLE_STATUSES = (
    LeadStatus.NEW,
    LeadStatus.CONTACTED,
    LeadStatus.QUALIFIED,
    LeadStatus.UNQUALIFIED,
)
# Filter values besides the statuses themselves.
STATUS_ANY, STATUS_OPEN = "all", "open"

EDITABLE_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "company_name",
    "title",
    "website",
    "source",
    "status",
    "owner_id",
)


def lead_name(lead: Lead) -> str:
    return f"{lead.first_name} {lead.last_name}".strip() or (lead.email or "")


def find_lead_by_email(s: Session, ctx: WorkspaceContext, email: str) -> Lead | None:
    """The live, unconverted lead with this email (there is at most one)."""
    return s.execute(
        select(Lead).where(
            Lead.workspace_id == ctx.workspace_id,
            Lead.deleted_at.is_(None),
            Lead.status != LeadStatus.CONVERTED,
            Lead.email == email,
        )
    ).scalar_one_or_none()


def validate_lead_fields(
    s: Session, ctx: WorkspaceContext, values: dict, *, lead: Lead | None = None
) -> dict:
    """Normalise and check user input for a lead; raises ValidationFailed with every field that
    needs fixing at once."""
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationFailed({name: "This field cannot be set." for name in sorted(unknown)})
    errors: dict[str, str] = {}
    clean: dict = {}
    for name, raw in values.items():
        try:
            clean[name] = _clean_field(s, ctx, name, raw, lead)
        except ValidationFailed as exc:
            errors.update(exc.field_errors)
    converted = lead is not None and lead.status == LeadStatus.CONVERTED
    if not errors and clean.get("email") and not converted:
        duplicate = find_lead_by_email(s, ctx, clean["email"])
        if duplicate is not None and (lead is None or duplicate.id != lead.id):
            raise Conflict({"email": f"The lead {lead_name(duplicate)} already uses this email."})
    if errors:
        raise ValidationFailed(errors)
    return clean


def _clean_field(s: Session, ctx: WorkspaceContext, name: str, raw, lead: Lead | None):
    if name == "email":
        return check_email(raw)
    if name == "phone":
        return normalise_phone(raw)
    if name in ("first_name", "last_name"):
        return clean_name(raw) or ""
    if name == "website":
        return check_web_address(raw, field=name)
    if name == "status":
        return _check_status(raw, lead)
    if name == "owner_id":
        return check_member(s, ctx, raw)
    return clean_text(raw, max_length=300)


def _check_status(raw, lead: Lead | None) -> str:
    status = (clean_text(raw) or LeadStatus.NEW).lower()
    if lead is not None and lead.status == LeadStatus.CONVERTED:
        if status != LeadStatus.CONVERTED:
            raise ValidationFailed({"status": "A converted lead stays converted."})
        return status
    if status == LeadStatus.CONVERTED:
        raise ValidationFailed({"status": "Use Convert to turn a lead into a contact."})
    if status not in set(SETTABLE_STATUSES):
        raise ValidationFailed({"status": "Pick new, contacted, qualified or unqualified."})
    return status
