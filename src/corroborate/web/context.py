"""What the routers share: the ledger being served, how to analyse, who may write.

``create_app`` puts one ``Served`` on ``app.state``; endpoints reach it, and a connection to the
ledger, through the dependencies below.
"""
from __future__ import annotations

import asyncio
import math
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Connection

from ..errors import Errors
from ..ingest.article import Article
from ..ledger.store import Ledger
from .workers import AnalysisWorkers, Busy, NotAnalysed, TimedOut


def found_or_404(found, kind: str, ref: str):
    """What a page or an answer shows, or a 404 that names what was not found."""
    if found is None:
        raise HTTPException(404, Errors.E050.format(kind=kind, ref=ref))
    return found

TOKEN_OPTION = "--token or $CORROBORATE_TOKEN"


@dataclass
class Served:
    ledger: Ledger
    analysis: AnalysisWorkers
    max_request_chars: int
    token: str | None = None
    read_only: bool = False

    async def analyse(self, article: Article) -> str:
        """The article's record as JSON, from a worker process (the request loop only waits);
        an HTTPException with a JSON body when there is none: 413 too long, 503 busy, 504 too slow."""
        if len(article.text) > self.max_request_chars:
            raise HTTPException(413, Errors.E037.format(length=len(article.text), limit=self.max_request_chars))
        workers = self.analysis
        try:
            return await asyncio.wrap_future(workers.submit(article))
        except Busy:
            raise HTTPException(503, Errors.E039.format(running=workers.workers, waiting=workers.waiting),
                                headers={"Retry-After": str(math.ceil(workers.timeout))}) from None
        except TimedOut:
            raise HTTPException(504, Errors.E038.format(timeout=workers.timeout)) from None
        except NotAnalysed as e:
            raise HTTPException(500, str(e)) from None


async def served(request: Request) -> Served:
    return request.app.state.served


def connection(request: Request) -> Iterator[Connection]:
    with request.app.state.served.ledger.engine.connect() as conn:
        yield conn


Conn = Annotated[Connection, Depends(connection)]
Serving = Annotated[Served, Depends(served)]
_bearer = HTTPBearer(auto_error=False)


def may_write(request: Request, creds: HTTPAuthorizationCredentials | None = Depends(_bearer)) -> None:
    """Writes need the server's bearer token; none configured, or read-only, refuses them."""
    ctx: Served = request.app.state.served
    if ctx.read_only:
        raise HTTPException(403, Errors.E052)
    if ctx.token is None:
        raise HTTPException(403, Errors.E053.format(option=TOKEN_OPTION))
    if creds is None or not secrets.compare_digest(creds.credentials.encode(), ctx.token.encode()):
        raise HTTPException(401, Errors.E054, headers={"WWW-Authenticate": "Bearer"})
