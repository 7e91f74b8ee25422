"""SQLModel tables, one module per aggregate. The schema itself is made by alembic migrations;
`tests/test_schema.py` checks that these classes and the migrated database agree."""

from lumenbase.models.auth import AppUser, LoginSession, LoginThrottle, Membership, Workspace
from lumenbase.models.crm import (
    Activity,
    Company,
    Contact,
    CrmList,
    Deal,
    DealContact,
    Lead,
    ListMembership,
    Note,
    Pipeline,
    PipelineStage,
    SavedView,
    Task,
)

__all__ = [
    "Activity",
    "AppUser",
    "Company",
    "Contact",
    "CrmList",
    "Deal",
    "DealContact",
    "Lead",
    "ListMembership",
    "LoginSession",
    "LoginThrottle",
    "Membership",
    "Note",
    "Pipeline",
    "PipelineStage",
    "SavedView",
    "Task",
    "Workspace",
]
