"""Server-rendered pages (Jinja2, autoescaped): no CDN, no build step, works offline."""
from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, select_autoescape

from ..record.models import Record
from .highlight import paragraphs


_QUOTES = "\"'“”‘’«»"


def quoted(text: str) -> str:
    """A direct quote in curly quotes, unless its span already carries its own."""
    return text if text[:1] in _QUOTES else f"“{text}”"


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("corroborate.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["quoted"] = quoted
    return env


def render(template: str, **context) -> str:
    context.setdefault("standalone", False)
    return environment().get_template(template).render(**context)


def article_page(record: Record, text: str, *, standalone: bool = False, entity_links: dict | None = None) -> str:
    """The article with sources, cues, contents, figures and times highlighted."""
    return render(
        "article.html", record=record, paragraphs=paragraphs(text, record), standalone=standalone,
        entity_links=entity_links or {},
    )
