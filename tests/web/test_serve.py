"""``corroborate serve`` as a user starts it: a subprocess on loopback, the token from the environment."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx
from web_corpus import TOKEN


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_binds_loopback_and_takes_the_token_from_the_environment(web_db, tmp_path):
    port = free_port()
    env = {**os.environ, "CORROBORATE_TOKEN": TOKEN}
    proc = subprocess.Popen([sys.executable, "-m", "corroborate.cli", "serve", "--db", web_db, "--port", str(port)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/", timeout=5)
                break
            except httpx.TransportError:
                assert proc.poll() is None and time.monotonic() < deadline, proc.stdout.read().decode()
                time.sleep(0.1)
        assert r.status_code == 200 and "Estimates board" in r.text
        # A wrong token is refused: the server did read one from $CORROBORATE_TOKEN.
        r = httpx.post(f"http://127.0.0.1:{port}/api/articles", json={"text": "x"},
                       headers={"Authorization": "Bearer nope"})
        assert r.status_code == 401
    finally:
        proc.terminate()
        proc.wait(10)


def test_serve_help_lists_its_options():
    out = subprocess.run([sys.executable, "-m", "corroborate.cli", "serve", "--help"], capture_output=True,
                         text=True, env={**os.environ, "COLUMNS": "200"}, check=True).stdout
    for option in ("--db", "--host", "--port", "--token", "--read-only", "127.0.0.1", "8000"):
        assert option in out
