"""The two writes every CRM record shares: saving validated edits with their timeline entry, and
moving a record to the trash. Each record service checks input and permission first."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from lumenbase.context import WorkspaceContext
from lumenbase.models import Company
from lumenbase.services.common import RecordType, apply_changes
from lumenbase.services.timeline import ActivityKind, record_activity
from lumenbase.services.workspaces import list_members


def edited_summary(changed: dict) -> str:
    return "Edited " + ", ".join(name.replace("_", " ") for name in changed)


def save_edits(
    s: Session,
    ctx: WorkspaceContext,
    record,
    *,
    record_type: RecordType,
    clean: dict,
    now: datetime,
) -> dict[str, list]:
    """Apply `clean` to `record`; when anything changed, stamp who and when and write
    "Edited ..." with the old and new values on the record's timeline. Returns the changes."""
    changed = apply_changes(record, clean)
    if changed:
        record.updated_at = now
        record.updated_by = ctx.user_id
        s.add(record)
        s.flush()
        shown = readable_changes(s, ctx, changed)
        record_activity(
            s,
            ctx,
            record_type=record_type,
            record_id=record.id,
            kind=ActivityKind.UPDATED,
            summary=edited_summary(shown),
            now=now,
            details={"changes": shown},
        )
    return changed


def readable_changes(s: Session, ctx: WorkspaceContext, changed: dict) -> dict[str, list]:
    """The timeline shows people and companies by name, never by id."""
    shown = dict(changed)
    if "company_id" in shown:
        shown["company"] = [_company_name(s, cid) for cid in shown.pop("company_id")]
    if "owner_id" in shown:
        names = dict(list_members(s, ctx))
        shown["owner"] = [names.get(uid) for uid in shown.pop("owner_id")]
    return shown


def _company_name(s: Session, company_id: int | None) -> str | None:
    company = s.get(Company, int(company_id)) if company_id else None
    return company.name if company is not None else None


def move_to_trash(
    s: Session, ctx: WorkspaceContext, record, *, record_type: RecordType, now: datetime
) -> None:
    """Soft delete: hidden everywhere, kept in the database with who and when, restorable."""
    record.deleted_at = now
    record.deleted_by = ctx.user_id
    s.add(record)
    record_activity(
        s,
        ctx,
        record_type=record_type,
        record_id=record.id,
        kind=ActivityKind.DELETED,
        summary="Moved to trash",
        now=now,
    )
