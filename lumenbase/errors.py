"""The project's own error types. Services raise them; each boundary (web state, REST, CLI, jobs)
maps them to a message, an HTTP status or an exit code."""

from __future__ import annotations


class LumenbaseError(Exception):
    """Base class; `str(error)` is a sentence fit to show a user."""


class NotFound(LumenbaseError):
    """Missing, trashed, or in another workspace: deliberately indistinguishable."""

    def __init__(self, what: str = "record") -> None:
        super().__init__(f"That {what} does not exist or you do not have access to it.")


class PermissionDenied(LumenbaseError):
    pass


class AuthenticationFailed(LumenbaseError):
    pass


class ValidationFailed(LumenbaseError):
    """Bad input. `field_errors` maps a field name to what to fix there."""

    def __init__(self, field_errors: dict[str, str]) -> None:
        self.field_errors = dict(field_errors)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.field_errors.items()))


class Conflict(ValidationFailed):
    """The input clashes with a stored record (a duplicate email, say)."""
