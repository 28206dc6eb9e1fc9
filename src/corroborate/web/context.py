"""What the routers share: the ledger being served, how to analyse, who may write.

``create_app`` puts one ``Served`` on ``app.state``; endpoints reach it, and a connection to the
ledger, through the dependencies below.
"""
from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Connection

from ..ingest.article import Article
from ..ledger.store import Ledger
from ..record.models import Record
from ..settings import Settings

TOKEN_OPTION = "--token or $CORROBORATE_TOKEN"


@dataclass
class Served:
    ledger: Ledger
    settings: Settings
    token: str | None = None
    read_only: bool = False
    analysis_lock: threading.Lock = field(default_factory=threading.Lock)

    def analyse(self, article: Article) -> Record:
        from ..analysis import analyze_articles, load_pipeline

        nlp = load_pipeline(self.settings.model, fast=self.settings.fast)
        # One pipeline, shared by the worker threads: spaCy's Language is not thread-safe.
        with self.analysis_lock:
            return next(analyze_articles([article], nlp=nlp, settings=self.settings))


def served(request: Request) -> Served:
    return request.app.state.served


def connection(request: Request) -> Iterator[Connection]:
    with served(request).ledger.engine.connect() as conn:
        yield conn


Conn = Annotated[Connection, Depends(connection)]
Serving = Annotated[Served, Depends(served)]
_bearer = HTTPBearer(auto_error=False)


def may_write(request: Request, creds: HTTPAuthorizationCredentials | None = Depends(_bearer)) -> None:
    """Writes need the server's bearer token; none configured, or read-only, refuses them."""
    ctx = served(request)
    if ctx.read_only:
        raise HTTPException(403, "the server is read-only")
    if ctx.token is None:
        raise HTTPException(403, f"writes are disabled: start the server with {TOKEN_OPTION}")
    if creds is None or not secrets.compare_digest(creds.credentials.encode(), ctx.token.encode()):
        raise HTTPException(401, "a valid bearer token is required", headers={"WWW-Authenticate": "Bearer"})
