"""Alembic environment for the store.

Called two ways: by ``crm_metrics.store.open_store`` with an open connection in
``config.attributes["connection"]`` (inside its one upgrade transaction), or from the
command line (``alembic upgrade head``), which opens the store's own engine for
``DATABASE_URL`` or the default SQLite file. ``render_as_batch`` lets SQLite alter tables.
"""

from __future__ import annotations

from alembic import context

from crm_metrics.store.engine import make_engine, resolve_url
from crm_metrics.store.models import Base

config = context.config
target_metadata = Base.metadata


def _configure(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True, compare_type=True)


def run_migrations_offline() -> None:
    context.configure(
        url=resolve_url(config.get_main_option("sqlalchemy.url") or None),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(resolve_url(config.get_main_option("sqlalchemy.url") or None))
    with engine.execution_options(sqlite_begin="IMMEDIATE").begin() as conn:
        _configure(conn)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
