"""Search box: Levenshtein distance to rank typo matches.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03

fuzzystrmatch is a trusted extension (PostgreSQL >= 13): the owner role may create it. Search
only calls levenshtein() on rows the trigram index already found, never in a WHERE clause, so it
needs no LEAKPROOF marking.
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("create extension if not exists fuzzystrmatch")


def downgrade() -> None:
    op.execute("drop extension if exists fuzzystrmatch")
