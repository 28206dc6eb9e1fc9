"""The first migration is one transaction on SQLite too: a process killed in the middle of it, or
a statement that fails, leaves a file that the next open migrates whole."""
from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap

import pytest
from sqlalchemy import event

from corroborate.ledger import Ledger
from corroborate.ledger.db import SCHEMA_REVISION, SchemaError, create, current_revision, database_url, migrate

# Runs the migration in a process of its own and kills it (SIGKILL, nothing cleaned up) when it
# is about to run its Nth CREATE statement.
KILL_AT = textwrap.dedent("""
    import os, signal, sys
    from sqlalchemy import event
    from corroborate.ledger.db import create, database_url, migrate
    engine = create(database_url(sys.argv[1]))
    creates = 0
    @event.listens_for(engine, "before_cursor_execute")
    def kill(conn, cursor, statement, *args):
        global creates
        if statement.lstrip().upper().startswith("CREATE"):
            creates += 1
            if creates == int(sys.argv[2]):
                os.kill(os.getpid(), signal.SIGKILL)
    migrate(engine)
""")


def objects(path) -> set[tuple[str, str]]:
    with sqlite3.connect(path) as conn:
        return set(conn.execute("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"))


@pytest.fixture(scope="module")
def whole_schema(tmp_path_factory):
    path = tmp_path_factory.mktemp("whole") / "ledger.db"
    Ledger(str(path)).close()
    return objects(path)


def _creates_in_a_migration(tmp_path) -> int:
    engine = create(database_url(str(tmp_path / "count.db")))
    seen = []
    event.listen(engine, "before_cursor_execute",
                 lambda conn, cursor, statement, *a: seen.append(statement.lstrip().upper().startswith("CREATE")))
    migrate(engine)
    engine.dispose()
    return sum(seen)


def test_killed_mid_migration_the_next_open_migrates_whole(tmp_path, whole_schema):
    last = _creates_in_a_migration(tmp_path)
    assert last > 20  # the schema is many statements: there is a middle to be killed in
    for at in (1, 5, last // 2, last):
        path = tmp_path / f"killed-at-{at}.db"
        proc = subprocess.run([sys.executable, "-c", KILL_AT, str(path), str(at)], capture_output=True, text=True)
        assert proc.returncode == -signal.SIGKILL, proc.stderr
        assert objects(path) == set(), f"killed at CREATE {at}: part of a schema stayed"
        with Ledger(str(path)) as ledger:
            assert current_revision(ledger.engine) == SCHEMA_REVISION
        assert objects(path) == whole_schema


def test_a_failing_statement_rolls_the_migration_back_and_says_so_in_one_line(tmp_path, whole_schema):
    path = tmp_path / "ledger.db"
    engine = create(database_url(str(path)))
    creates = []

    @event.listens_for(engine, "before_cursor_execute")
    def fail(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("CREATE"):
            creates.append(statement)
            if len(creates) == 5:
                raise OSError("disk full (a test's)")

    with pytest.raises(SchemaError) as e:
        migrate(engine)
    engine.dispose()
    assert "\n" not in str(e.value) and "disk full (a test's)" in str(e.value)
    assert objects(path) == set()
    with Ledger(str(path)):
        pass
    assert objects(path) == whole_schema


def _half_a_schema_as_older_versions_left_it(path):
    """Tables created one by one outside a transaction, as the driver did, and no revision."""
    full = path.with_name("full.db")
    Ledger(str(full)).close()
    with sqlite3.connect(full) as conn:
        ddl = [sql for (sql,) in conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL "
                                              "AND name IN ('articles', 'entities', 'estimate_groups') ORDER BY name")]
    with sqlite3.connect(path, isolation_level=None) as conn:
        for sql in ddl:
            conn.execute(sql)


def test_an_empty_half_schema_an_older_version_left_is_completed(tmp_path, whole_schema):
    path = tmp_path / "bricked.db"
    _half_a_schema_as_older_versions_left_it(path)
    with Ledger(str(path)) as ledger:
        assert current_revision(ledger.engine) == SCHEMA_REVISION
    assert objects(path) == whole_schema


def test_tables_with_data_and_no_revision_are_refused_in_one_line(tmp_path):
    path = tmp_path / "bricked.db"
    _half_a_schema_as_older_versions_left_it(path)
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO entities (name, type, family, articles, mentions) VALUES ('X', 'ORG', 'org', 1, 1)")
    with pytest.raises(SchemaError) as e:
        Ledger(str(path))
    assert "\n" not in str(e.value) and "move it aside" in str(e.value)
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM entities").fetchone() == (1,)  # nothing dropped
