"""Alembic environment: run on the connection the ledger hands over (see ledger/db.py)."""
from alembic import context

from corroborate.ledger.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
