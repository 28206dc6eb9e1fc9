"""Opening a ledger: which database, its engine, and its migrations (applied on open)."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect, text

from ..errors import Errors

DEFAULT_PATH = "corroborate.db"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The newest migration. Opening a ledger compares it with the database's without importing
# Alembic, which costs more than the comparison (a test keeps it equal to Alembic's head).
SCHEMA_REVISION = "0004"


def database_url(db: str | None = None) -> str:
    """A SQLAlchemy URL from --db: a URL as is, a path as a SQLite file; None: ./corroborate.db."""
    db = db or DEFAULT_PATH
    if db.startswith(("postgresql://", "postgres://")):
        # psycopg 3 is the driver installed; SQLAlchemy's default for a bare URL is psycopg2.
        return "postgresql+psycopg://" + db.split("://", 1)[1]
    return db if "://" in db else f"sqlite:///{Path(db).expanduser()}"


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    # Wait for a lock rather than fail, from the first statement on: a reader may hold the file
    # while a new ledger switches to WAL.
    cur.execute("PRAGMA busy_timeout=30000")
    # WAL: readers see the committed ledger while an ingest writes; NORMAL sync keeps every
    # committed article across a killed process (only a power cut can lose the last few).
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def create(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        # The pool hands a connection to one thread at a time: ingest reads in one, writes in another.
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


class SchemaError(RuntimeError):
    """The ledger's schema could not be created or brought up to date (one line: what, and how to recover)."""


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration; a no-op (one read) when it is there already.

    All of it in one transaction, on SQLite too (whose Python driver otherwise commits each
    CREATE on its own, so that a process killed mid-migration left a schema that no later open
    could complete): killed or failed, a migration leaves the ledger as it was.
    """
    if current_revision(engine) == SCHEMA_REVISION:
        return
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    sqlite = engine.dialect.name == "sqlite"
    try:
        with engine.connect() as conn:
            if not sqlite:
                with conn.begin():
                    cfg.attributes["connection"] = conn
                    command.upgrade(cfg, "head")
                return
            driver = conn.connection.driver_connection
            # The driver's own transaction handling off for this connection, and a transaction
            # of ours, IMMEDIATE: two processes creating one ledger take turns, and the second
            # then finds the schema there and does nothing.
            driver.isolation_level = None
            try:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
                _drop_unversioned_empty_schema(conn, engine.url.database)
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
                conn.commit()
            except BaseException:
                conn.rollback()
                raise
            finally:
                driver.isolation_level = ""  # the driver's default, for the ledger's connections
    except SchemaError:
        raise
    except Exception as e:  # noqa: BLE001 - rolled back: say so in one line, with what to do
        raise SchemaError(Errors.E028.format(db=engine.url.render_as_string(hide_password=True),
                                             detail=_first_line(e))) from None


def _drop_unversioned_empty_schema(conn, path: str | None) -> None:
    """Tables of ours without a recorded revision are what an older corroborate's interrupted
    first migration left: dropped (in the migration's transaction) when they hold nothing,
    refused in one line when they do."""
    names = set(inspect(conn).get_table_names())
    if not names or "alembic_version" in names:
        return
    from .schema import metadata

    search = {"articles_fts", "statements_fts"}  # FTS5 tables, and the shadow tables they keep
    shadow = {n for n in names if n.startswith(tuple(f"{s}_" for s in search))}
    tables = names - shadow
    not_ours = tables - set(metadata.tables) - search
    if not_ours or any(conn.exec_driver_sql(f'SELECT 1 FROM "{n}" LIMIT 1').first() for n in tables - search):
        raise SchemaError(Errors.E029.format(db=path or "the database"))
    for (name,) in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'"):
        conn.exec_driver_sql(f'DROP TRIGGER "{name}"')
    for name in sorted(tables, key=lambda n: n not in search):  # FTS5 tables (with their shadows) first
        conn.exec_driver_sql(f'DROP TABLE IF EXISTS "{name}"')


def _first_line(e: Exception) -> str:
    """An error in one line: a database error's own message, without SQLAlchemy's SQL and link."""
    orig = getattr(e, "orig", None) or e
    lines = str(orig).strip().splitlines()
    return f"{type(orig).__name__}: {lines[0] if lines else ''}"


def open_engine(db: str | None = None) -> Engine:
    engine = create(database_url(db))
    migrate(engine)
    return engine


def dialect_insert(conn, table):
    """An INSERT with the dialect's ON CONFLICT clauses (PostgreSQL's or SQLite's)."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table)
