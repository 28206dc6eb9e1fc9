"""Fixtures every test folder shares: the pipelines (both modes) and a real PostgreSQL server;
and the ``slow`` mark on every test that loads the model or drives a real server, browser,
process or cluster, so that ``pytest -m "not slow"`` answers a developer in seconds (CI runs all)."""
import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest


# Fixtures that load the spaCy model or start a real server, browser or cluster.
SLOW_FIXTURES = {"nlp", "fast_nlp", "postgres_server", "postgres_url", "web_db", "client", "browser", "server",
                 "one_process_ledger", "dataset", "worker_env"}


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: loads the model or drives a real server, browser, process or cluster")


def pytest_collection_modifyitems(config, items):
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        if SLOW_FIXTURES & set(item.fixturenames) or "postgresql" in params.values():
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def nlp():
    import corroborate

    return corroborate.load_pipeline()


@pytest.fixture(scope="session")
def fast_nlp():
    """The rules-only pipeline (``--fast``)."""
    import corroborate

    return corroborate.load_pipeline(fast=True)


PG_BINS = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)


def _pg_bin(name: str) -> str | None:
    for d in PG_BINS:
        if os.access(os.path.join(d, name), os.X_OK):
            return os.path.join(d, name)
    return shutil.which(name)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL server of our own: initdb into a temporary folder, a free port, a unix
    socket in that folder; run as the 'postgres' user when the tests run as root."""
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if not initdb or not pg_ctl:
        pytest.skip("PostgreSQL binaries not installed (apt-get install -y postgresql)")
    root = Path(tempfile.mkdtemp(prefix="corroborate-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and no 'postgres' user to run the server as")
        os.chmod(root, 0o700)
        os.chown(root, user.pw_uid, user.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    data, port = root / "data", _free_port()
    subprocess.run(as_user + [initdb, "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"],
                   check=True, capture_output=True)
    opts = f"-p {port} -k {root} -c listen_addresses='' -c fsync=off -c synchronous_commit=off"
    subprocess.run(as_user + [pg_ctl, "-D", str(data), "-o", opts, "-l", str(root / "log"), "-w", "start"],
                   check=True, capture_output=True)
    try:
        yield {"host": str(root), "port": port}
    finally:
        subprocess.run(as_user + [pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"], capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


_db_numbers = itertools.count(1)


@pytest.fixture
def postgres_url(postgres_server):
    """A fresh database on the test server for each test."""
    import psycopg

    name = f"ledger_{os.getpid()}_{next(_db_numbers)}"
    host, port = postgres_server["host"], postgres_server["port"]
    with psycopg.connect(host=host, port=port, user="postgres", dbname="postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql+psycopg://postgres@/{name}?host={host}&port={port}"
