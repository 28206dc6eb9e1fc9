"""Server-rendered pages (Jinja2, autoescaped): no CDN, no build step, works offline."""
from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, select_autoescape

from ..record.models import Record
from .. import words
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
    env.filters["day"] = words.day
    env.filters["when"] = words.when
    env.filters["exact"] = lambda q: words.figure_exact(words.fields(q), q.unit)
    env.filters["figure_short"] = lambda f: words.figure(words.fields(f), f.get("unit"))
    env.globals["bound_words"] = words.BOUND_WORDS
    return env


def render(template: str, **context) -> str:
    context.setdefault("standalone", False)
    return environment().get_template(template).render(**context)


def article_page(record: Record, text: str, *, standalone: bool = False, entity_links: dict | None = None,
                 groups: dict[str, dict] | None = None, target: str | None = None,
                 sentence: tuple[int, int] | None = None) -> str:
    """The article with sources, cues, contents, figures and times highlighted. ``groups`` maps a
    quantity id to its estimate group (``id``, ``label``, ``status``); ``target`` is the figure a
    reader was sent to and ``sentence`` its sentence, highlighted, with the way back to its group."""
    return render(
        "article.html", record=record, paragraphs=paragraphs(text, record, sentence), standalone=standalone,
        entity_links=entity_links or {}, groups=groups or {}, target=target,
    )
