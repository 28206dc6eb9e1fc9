"""Opening a ledger: which database, its engine, and its migrations (applied on open)."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect, text

DEFAULT_PATH = "corroborate.db"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The newest migration. Opening a ledger compares it with the database's without importing
# Alembic, which costs more than the comparison (a test keeps it equal to Alembic's head).
SCHEMA_REVISION = "0003"


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


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration; a no-op (one read) when it is there already."""
    if current_revision(engine) == SCHEMA_REVISION:
        return
    from alembic import command
    from alembic.config import Config
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def open_engine(db: str | None = None) -> Engine:
    engine = create(database_url(db))
    migrate(engine)
    return engine
