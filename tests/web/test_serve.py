"""``corroborate serve`` as a user starts it: a subprocess on loopback, the token from the environment."""
from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx
import pytest
from live import free_port
from web_corpus import TOKEN


def serve_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "corroborate.cli", "serve", *args]


def first_answer(proc: subprocess.Popen, url: str) -> httpx.Response:
    """GET ``url`` once the server ``proc`` listens (it must not exit meanwhile)."""
    deadline = time.monotonic() + 30
    while True:
        try:
            return httpx.get(url, timeout=5)
        except httpx.TransportError:
            assert proc.poll() is None and time.monotonic() < deadline, proc.stdout.read()
            time.sleep(0.1)


def test_serve_binds_loopback_and_takes_the_token_from_the_environment(web_db, tmp_path):
    port = free_port()
    env = {**os.environ, "CORROBORATE_TOKEN": TOKEN}
    proc = subprocess.Popen(serve_command("--db", web_db, "--port", str(port)), env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    try:
        r = first_answer(proc, f"http://127.0.0.1:{port}/")
        assert r.status_code == 200 and "Estimates board" in r.text
        # A wrong token is refused: the server did read one from $CORROBORATE_TOKEN.
        r = httpx.post(f"http://127.0.0.1:{port}/api/articles", json={"text": "x"},
                       headers={"Authorization": "Bearer nope"})
        assert r.status_code == 401
    finally:
        proc.terminate()
        proc.wait(10)


def test_serve_help_lists_its_options():
    out = subprocess.run(serve_command("--help"), capture_output=True,
                         text=True, env={**os.environ, "COLUMNS": "200"}, check=True).stdout
    for option in ("--db", "--host", "--port", "--token", "--read-only", "127.0.0.1", "8000", "--public",
                   "--max-request-chars", "100000", "--analysis-workers", "--analysis-timeout"):
        assert option in out


def test_a_public_host_without_token_or_read_only_needs_public(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "CORROBORATE_TOKEN"}
    db = str(tmp_path / "l.db")
    out = subprocess.run(serve_command("--db", db, "--host", "0.0.0.0", "--port", str(free_port())),
                         capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 2 and out.stdout == ""
    [line] = out.stderr.splitlines()
    assert line.startswith("usage error: --host 0.0.0.0 is not a loopback address") and "--public" in line


@pytest.mark.parametrize("option, warned", [(["--public"], True), (["--token", "t0ken"], False),
                                            (["--read-only"], False)])
def test_beyond_loopback_with_public_a_token_or_read_only(tmp_path, option, warned):
    env = {k: v for k, v in os.environ.items() if k != "CORROBORATE_TOKEN"}
    port = free_port()
    proc = subprocess.Popen(serve_command("--db", str(tmp_path / "l.db"), "--host", "0.0.0.0", "--port", str(port),
                                          "--fast", *option),
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        r = first_answer(proc, f"http://127.0.0.1:{port}/api/stats")
        assert r.status_code == 200 and r.json()["articles"] == 0
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=10)
    warnings = [line for line in err.splitlines() if line.startswith("warning:")]
    assert warnings == (["warning: serving on 0.0.0.0, beyond this machine, with no --token or --read-only "
                         "(--public): anyone who reaches it reads the ledger and has texts analysed"] if warned else [])


def test_loopback_is_told_by_address():
    from corroborate.cli.serve import loopback

    assert loopback("127.0.0.1") and loopback("::1") and loopback("[::1]") and loopback("localhost")
    assert loopback("127.0.1.1") and not loopback("0.0.0.0") and not loopback("192.168.1.10")
    assert not loopback("example.org") and not loopback("::")
