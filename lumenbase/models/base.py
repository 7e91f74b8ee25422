"""Column helpers shared by the model modules. Ids are bigint identities in the database."""

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime
from sqlmodel import Field


def id_field() -> Any:
    return Field(default=None, primary_key=True, sa_type=BigInteger)


def fk(target: str, *, nullable: bool = True) -> Any:
    """A bigint reference to `target` ("table.column")."""
    if nullable:
        return Field(default=None, foreign_key=target, sa_type=BigInteger, nullable=True)
    return Field(foreign_key=target, sa_type=BigInteger)


def utc_field(*, nullable: bool = True, **kwargs: Any) -> Any:
    """A `timestamptz` column. Values are timezone-aware UTC; services pass `now` in."""
    default = kwargs.pop("default", None)
    return Field(default=default, sa_type=DateTime(timezone=True), nullable=nullable, **kwargs)


__all__ = ["datetime", "fk", "id_field", "utc_field"]
