"""One canonical entity per real-world referent across the corpus.

Each article's record already clusters its own mentions (Mark Rutte, Rutte, the Nato chief).
Here the article entities are joined across articles by their name forms: the full name, the
surname, an organisation's acronym, transliteration variants (rapidfuzz), with titles stripped
and metonyms mapped. The rules are pure; where the known entities live is the ``Resolver``'s
business (in memory here, in the database in ``store.py``).
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz.distance import Indel

from ..lexicons import load

FUZZY_MIN = 0.90  # normalised similarity: Zelensky/Zelenskyy 0.94, Austria/Australia 0.875
FUZZY_MIN_LEN = 5
PREFIX_LEN = 3


@lru_cache(maxsize=1)
def names_lexicon() -> dict:
    data = load("ledger_names.json")
    titles: dict[str, list[tuple[str, ...]]] = {}
    for words in sorted((t.split() for t in data["titles"]), key=len, reverse=True):
        titles.setdefault(words[0], []).append(tuple(words))
    return {
        "titles": titles,  # first word -> titles starting with it, longest first
        "suffixes": frozenset(data["suffixes"]),
        "acronym_skip": frozenset(data["acronym_skip"]),
        "families": data["families"],
    }


@lru_cache(maxsize=1)
def known_names() -> dict[str, tuple[str, str | None]]:
    """Name key -> (canonical name, type) from the extractors' lexicons, when they are there.

    ``metonyms.json`` 'seats' (the Kremlin, the Pentagon) always mean the body housed there;
    ``organisations.json`` lists the ways news writes an organisation or a state. Capitals are
    left out: 'Moscow' means Russia only where it acts, which the article's analysis decides.
    """
    out: dict[str, tuple[str, str | None]] = {}
    for entry in load("organisations.json").get("entries", []):
        name, label = entry.get("name"), entry.get("type")
        if isinstance(name, str):
            for alias in [name, *entry.get("aliases", [])]:
                out[name_key(alias)] = (name, label)
    for phrase, target in load("metonyms.json").get("seats", {}).items():
        if isinstance(target, dict) and isinstance(target.get("name"), str):
            out[name_key(phrase)] = (target["name"], target.get("type"))
        elif isinstance(target, str):
            out[name_key(phrase)] = (target, None)
    return out


_NON_WORD = re.compile(r"[^\w\s&-]+")
_SPACES = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"['\u2019]s?$")


def name_key(text: str) -> str:
    """Case, accents, punctuation and a leading 'the' do not tell names apart."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    folded = _SPACES.sub(" ", _NON_WORD.sub(" ", folded.replace("-", " "))).strip()
    return folded[4:] if folded.startswith("the ") else folded


def family(label: str) -> str:
    return names_lexicon()["families"].get(label, label.lower())


@dataclass(frozen=True, slots=True)
class Name:
    """A name as the resolver compares it."""

    display: str
    key: str
    family: str
    surname: str | None = None  # persons with two or more name words
    acronym: str | None = None  # organisations of two or more significant words

    @property
    def single(self) -> bool:
        return " " not in self.key


def _strip_title(words: list[str]) -> list[str]:
    if not words:
        return words
    lowered = [w.lower() for w in words]
    for title in names_lexicon()["titles"].get(lowered[0], ()):
        n = len(title)
        if len(words) > n and tuple(lowered[:n]) == title and words[n][:1].isupper():
            return _strip_title(words[n:])
    return words


@lru_cache(maxsize=8192)
def parse_name(text: str, label: str) -> Name | None:
    """The comparable form of an entity name; None when nothing name-like is left."""
    mapped = known_names().get(name_key(text))
    if mapped is not None:
        text, label = mapped[0], mapped[1] or label
    words = text.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    if words:
        words[-1] = _POSSESSIVE.sub("", words[-1])
    fam = family(label)
    if fam in ("person", "org"):
        words = _strip_title(words)
    display = " ".join(words).strip(" ,.;:")
    key = name_key(display)
    if not key or not any(c.isalpha() for c in key):
        return None
    surname = acronym = None
    parts = key.split()
    if fam == "person":
        while len(parts) > 1 and parts[-1].rstrip(".") in {s.rstrip(".") for s in names_lexicon()["suffixes"]}:
            parts = parts[:-1]
        if len(parts) > 1:
            surname = parts[-1]
    elif fam == "org":
        skip = names_lexicon()["acronym_skip"]
        significant = [w for w in display.replace("-", " ").split() if w.lower() not in skip]
        if len(significant) >= 2 and all(w[:1].isupper() for w in significant):
            acronym = name_key("".join(w[0] for w in significant))
    return Name(display=display, key=key, family=fam, surname=surname, acronym=acronym)


class Candidate(NamedTuple):
    """A known alias: the entity it names, under which key, and how ('name', 'surname', 'acronym')."""

    entity_id: int
    canonical: str
    family: str
    key: str
    kind: str
    weight: int = 0  # mentions seen so far: the better-known entity wins a tie


def lookup_keys(name: Name) -> tuple[set[str], set[str]]:
    """Keys to look up exactly, and key prefixes whose aliases are fuzzy candidates."""
    exact = {name.key}
    if name.surname:
        exact.add(name.surname)
    if name.acronym:
        exact.add(name.acronym)
    prefixes = set()
    if len(name.key) >= FUZZY_MIN_LEN:
        prefixes.add(name.key[:PREFIX_LEN])
    if name.surname and len(name.surname) >= FUZZY_MIN_LEN:
        prefixes.add(name.surname[:PREFIX_LEN])
    return exact, prefixes


def aliases_for(name: Name) -> list[tuple[str, str, str]]:
    """(key, kind, display) under which an entity named ``name`` is found again."""
    out = [(name.key, "name", name.display)]
    if name.surname:
        out.append((name.surname, "surname", name.display.split()[-1]))
    if name.acronym:
        out.append((name.acronym, "acronym", name.display))
    return out


def _similar(a: str, b: str) -> bool:
    return min(len(a), len(b)) >= FUZZY_MIN_LEN and a[0] == b[0] and Indel.normalized_similarity(a, b) >= FUZZY_MIN


def _first_names_agree(a: str, b: str) -> bool:
    """'Volodymyr Zelensky' and 'Volodymyr Zelenskyy' agree; 'Joe Biden' and 'Hunter Biden' do not."""
    fa, fb = a.split()[0], b.split()[0]
    return fa == fb or _similar(fa, fb) or fa[0] == fb[0] and (len(fa) <= 2 or len(fb) <= 2)


def choose(name: Name, candidates: Iterable[Candidate]) -> tuple[int | None, bool]:
    """The entity ``name`` refers to among the candidates, and whether ``name`` is a fuller
    canonical name for it than the one it has (a surname entity meeting the full name)."""
    cands = [c for c in candidates if c.family == name.family]
    ranked = sorted(cands, key=lambda c: (-c.weight, c.entity_id))

    def pick(pred) -> Candidate | None:
        return next((c for c in ranked if pred(c)), None)

    found = pick(lambda c: c.kind in ("name", "acronym") and c.key == name.key)
    if found is None and name.acronym:
        found = pick(lambda c: c.kind == "name" and c.key == name.acronym)
    if found is None and name.family == "person":
        if name.single:
            found = pick(lambda c: c.kind == "surname" and c.key == name.key) \
                or pick(lambda c: c.kind == "surname" and _similar(c.key, name.key))
        else:
            # A full name meets an entity so far known by its surname only.
            found = pick(lambda c: c.kind == "name" and " " not in c.key and c.key == name.surname)
            if found is None:
                found = pick(lambda c: c.kind == "name" and " " in c.key and _similar(c.key.split()[-1], name.surname)
                             and _first_names_agree(c.key, name.key))
    if found is None:
        found = pick(lambda c: c.kind == "name" and _similar(c.key, name.key)
                     and (name.family != "person" or name.single == (" " not in c.key)))
    if found is None:
        return None, False
    return found.entity_id, fuller(name.display, found.canonical)


def fuller(new: str, old: str) -> bool:
    """A person's or organisation's fuller name is the better canonical one."""
    return len(new.split()) > len(old.split())


class Resolver:
    """Joins article entities to canonical ones; subclasses say where entities are kept."""

    def candidates(self, exact: set[str], prefixes: set[str], family: str) -> list[Candidate]:
        raise NotImplementedError

    def create(self, name: Name, label: str) -> int:
        raise NotImplementedError

    def add_aliases(self, entity_id: int, aliases: list[tuple[str, str, str]]) -> None:
        raise NotImplementedError

    def rename(self, entity_id: int, display: str) -> None:
        raise NotImplementedError

    def resolve(self, text: str, label: str, mention_texts: Iterable[str] = ()) -> int | None:
        """The canonical entity id for an article entity, creating it when it is new."""
        name = parse_name(text, label)
        if name is None:
            return None
        exact, prefixes = lookup_keys(name)
        entity_id, is_fuller = choose(name, self.candidates(exact, prefixes, name.family))
        if entity_id is None:
            entity_id = self.create(name, label)
        elif is_fuller:
            self.rename(entity_id, name.display)
        aliases = aliases_for(name)
        for m in mention_texts:
            other = parse_name(m, label)
            # Only name-like mentions become aliases: not 'he' or 'the newly installed chief'.
            if other is not None and other.key != name.key and other.display[:1].isupper() \
                    and all(w[:1].isupper() for w in other.display.split()):
                aliases.append((other.key, "name", other.display))
        self.add_aliases(entity_id, aliases)
        return entity_id


class MemoryResolver(Resolver):
    """Entities kept in memory: for tests and for one-off use."""

    def __init__(self):
        self.names: dict[int, str] = {}
        self.families: dict[int, str] = {}
        self.weights: dict[int, int] = {}
        self.aliases: set[tuple[int, str, str]] = set()

    def candidates(self, exact, prefixes, family):
        return [Candidate(e, self.names[e], self.families[e], k, kind, self.weights[e])
                for e, k, kind in self.aliases
                if self.families[e] == family and (k in exact or k[:PREFIX_LEN] in prefixes)]

    def create(self, name, label):
        eid = len(self.names) + 1
        self.names[eid], self.families[eid], self.weights[eid] = name.display, name.family, 0
        return eid

    def add_aliases(self, entity_id, aliases):
        self.weights[entity_id] += 1
        self.aliases.update((entity_id, k, kind) for k, kind, _ in aliases)

    def rename(self, entity_id, display):
        self.names[entity_id] = display
