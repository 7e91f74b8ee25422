"""Alembic environment. Runs as the owner role; the URL is handed in by `lumenbase migrate`
(config attribute `connection_url`) so this file imports no application code."""

from alembic import context
from sqlalchemy import create_engine, pool

url = context.config.attributes.get("connection_url") or context.config.get_main_option(
    "sqlalchemy.url"
)


def run_migrations_online() -> None:
    connectable = create_engine(url, poolclass=pool.NullPool)
    with connectable.connect() as connection:
        context.configure(connection=connection, transaction_per_migration=True)
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
