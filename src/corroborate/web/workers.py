"""The web app's analyses, away from the request loop: worker processes, each with its own
pipeline, a bounded number of requests waiting for them, and a time limit on every analysis.

Why processes: the analysis is CPU-bound Python and spaCy's Language is not thread-safe. Run in
the server's own threads it held a lock every other analysis waited on, and the waiting requests
held the threads the pages and GET routes need too (a 100k-character text and 44 short ones made
``GET /api/stats`` wait 17.7 s). Here a request waits in one of this module's own threads, never
in the threads the reads use; when ``workers`` are analysing and ``waiting`` more wait, the next
is refused at once (``Busy``); a request that has no record ``timeout`` seconds after it came,
waiting included, is answered ``TimedOut``, and the worker analysing it is killed and replaced,
so its CPU is free for the next one.
"""
from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import queue
import signal
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from ..errors import Errors
from ..ingest.article import Article
from ..record.models import Record
from ..settings import Settings

# The defaults of ``corroborate serve`` and ``create_app``. 100,000 characters is five long
# articles, about 6 s of one core in the default mode (``make bench-long``: 0.57 s per 10k).
MAX_REQUEST_CHARS = 100_000
MAX_BODY = 5_000_000  # bytes of a request body
ANALYSIS_WORKERS = 1
ANALYSIS_TIMEOUT = 60.0
WAITING_PER_WORKER = 4  # requests that may wait for a busy worker; more are refused at once

READY = "ready"
WARM_UP = "Warm-up\nThe minister said on Monday that 12 people were hurt."
# Spawn: a clean interpreter per worker (no inherited threads, event loop or database connections).
_SPAWN = multiprocessing.get_context("spawn")


class Busy(Exception):
    """Every worker is analysing and as many requests as allowed are waiting."""


class TimedOut(Exception):
    """No record within the time limit."""


class NotAnalysed(Exception):
    """The analysis failed, or its worker stopped; the message says why, in one line."""


def _work(conn, settings: Settings) -> None:
    """A worker process: load the pipeline, say so, then analyse one article at a time."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle: it stops us
    _exit_with_server()
    from ..analysis import analyze_each, load_pipeline

    nlp = load_pipeline(settings.model, fast=settings.fast)
    # The first analysis pays for what the pipeline sets up lazily (a second or so): not a request's.
    list(analyze_each([Article(text=WARM_UP)], nlp=nlp, settings=settings))
    conn.send(READY)
    while True:
        try:
            article = conn.recv()
        except EOFError:  # the server closed its end
            return
        [(_, outcome)] = analyze_each([article], nlp=nlp, settings=settings)
        # The record as JSON: the server sends it on (or reads it to store) in its threads, not its event loop.
        conn.send((True, outcome.model_dump_json()) if isinstance(outcome, Record) else (False, outcome))


def _exit_with_server() -> None:
    """A worker whose server was killed stops at once, not after the text it is analysing."""
    parent = multiprocessing.parent_process()

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)

    if parent is not None:
        threading.Thread(target=watch, name="corroborate-server-watch", daemon=True).start()


@dataclass
class _Worker:
    process: multiprocessing.Process
    conn: object
    ready: bool = False

    @classmethod
    def start(cls, settings: Settings) -> _Worker:
        ours, theirs = _SPAWN.Pipe()
        process = _SPAWN.Process(target=_work, args=(theirs, settings), name="corroborate-analysis", daemon=True)
        process.start()
        theirs.close()
        return cls(process, ours)

    def receive(self, deadline: float):
        """The worker's next message; TimedOut at ``deadline`` (time.monotonic), EOFError if it died."""
        if not self.conn.poll(max(deadline - time.monotonic(), 0)):
            raise TimedOut
        return self.conn.recv()

    def wait_ready(self, deadline: float) -> None:
        if not self.ready:
            if self.receive(deadline) != READY:
                raise EOFError
            self.ready = True

    def stop(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


@dataclass
class AnalysisWorkers:
    """``workers`` processes analysing for the web app; ``waiting`` requests may wait for them,
    at most ``timeout`` seconds from their arrival to their record. Started on first use (or by
    ``start``); ``close`` stops them, and a later analysis starts them again."""

    settings: Settings
    workers: int = ANALYSIS_WORKERS
    timeout: float = ANALYSIS_TIMEOUT
    waiting: int = WAITING_PER_WORKER * ANALYSIS_WORKERS
    _idle: queue.Queue = field(default_factory=queue.Queue, init=False)
    _all: list = field(default_factory=list, init=False)
    _admitted: int = field(default=0, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)
    _threads: ThreadPoolExecutor | None = field(default=None, init=False)

    def start(self, wait: bool = False) -> None:
        """Start the worker processes (they load the pipeline meanwhile); ``wait``: until they have."""
        with self._lock:
            if self._threads is None:
                self._threads = ThreadPoolExecutor(self.workers + self.waiting, thread_name_prefix="corroborate-wait")
                for _ in range(self.workers):
                    self._add_worker()
            idle = self._idle
        if wait:
            taken = [idle.get() for _ in range(self.workers)]
            try:
                for w in taken:
                    w.wait_ready(time.monotonic() + 600)
            finally:
                for w in taken:
                    idle.put(w)

    def submit(self, article: Article) -> Future:
        """A future of the article's record as JSON, which raises TimedOut or NotAnalysed when
        there is none; Busy at once when as many requests as allowed are in already."""
        self.start()
        with self._lock:
            if self._admitted >= self.workers + self.waiting:
                raise Busy
            self._admitted += 1
            threads, idle = self._threads, self._idle
        try:
            return threads.submit(self._analyse, idle, article, time.monotonic() + self.timeout)
        except RuntimeError:  # closed meanwhile
            self._leave()
            raise TimedOut from None

    def close(self) -> None:
        """Stop the workers; requests waiting for one are answered TimedOut at once."""
        with self._lock:
            workers, self._all = self._all, []
            threads, self._threads = self._threads, None
            idle, self._idle = self._idle, queue.Queue()
        idle.put(None)  # wakes the requests still waiting on this queue: each passes it on
        for w in workers:
            w.stop()
        if threads is not None:
            threads.shutdown(wait=False)

    def _leave(self) -> None:
        with self._lock:
            self._admitted -= 1

    def _add_worker(self) -> None:
        worker = _Worker.start(self.settings)
        self._all.append(worker)
        self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        worker.stop()
        with self._lock:
            if worker in self._all:  # not closed meanwhile
                self._all.remove(worker)
                self._add_worker()

    def _analyse(self, idle: queue.Queue, article: Article, deadline: float) -> str:
        try:
            return self._analyse_on(idle, article, deadline)
        finally:
            self._leave()

    def _analyse_on(self, idle: queue.Queue, article: Article, deadline: float) -> str:
        try:
            worker = idle.get(timeout=max(deadline - time.monotonic(), 0))
        except queue.Empty:
            raise TimedOut from None
        if worker is None:  # closed
            idle.put(None)
            raise TimedOut
        try:
            worker.wait_ready(deadline)
        except TimedOut:  # still loading its pipeline: it stays, for the next request
            idle.put(worker)
            raise
        except (EOFError, OSError):
            self._lost(worker)
        try:
            worker.conn.send(article)
            analysed, outcome = worker.receive(deadline)
        except TimedOut:  # kill it, so that its CPU is free, and start another
            self._replace(worker)
            raise
        except (EOFError, OSError):
            self._lost(worker)
        idle.put(worker)
        if not analysed:
            raise NotAnalysed(outcome)
        return outcome

    def _lost(self, worker: _Worker) -> None:
        self._replace(worker)
        raise NotAnalysed(Errors.E040.format(code=worker.process.exitcode))
