"""Who is acting, in which workspace: the first thing every data access takes."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    MANAGER = "manager"
    SALES_REP = "sales_rep"
    READ_ONLY = "read_only"

    @property
    def label(self) -> str:
        return {
            Role.ADMIN: "Admin",
            Role.MANAGER: "Manager",
            Role.SALES_REP: "Sales rep",
            Role.READ_ONLY: "Read-only",
        }[self]

    @property
    def can_write_crm(self) -> bool:
        return self is not Role.READ_ONLY


@dataclass(frozen=True)
class WorkspaceContext:
    """The caller, resolved from a server-side session (web), an argument (CLI) or a job.

    Services trust only this object, never ids passed by a client.
    """

    workspace_id: int
    user_id: int
    role: Role
    ip: str | None = None
    user_agent: str | None = None
