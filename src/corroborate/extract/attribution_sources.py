"""Who a statement's source is: the noun phrase and the name a reader recognises for it.

The entities component (``entities.py``) has already decided who is who in the article: names,
speakers, what each pronoun and description ("he", "the spokeswoman", "the newly installed
Nato chief") refers to. Here a source phrase is cut from the parse and looked up there; nothing
here changes the article's entities. A relative pronoun ("which", "who", "that") is never a
source: the noun it hangs on is.
"""
from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Token

from ..nlp.places import title_words
from . import entities
from .attribution_lexicon import CueLexicon
from .attribution_quotes import QuoteIndex
from .entities import core_phrase
from .types import SourceRef

_RELATIVE_TAGS = ("WDT", "WP", "WP$")


def opens_relative_clause(tok: Token) -> bool:
    """A relative pronoun or "that" at the head of a clause about a noun ("a programme that she
    said would cost £2.4bn")."""
    return tok.tag_ in ("WDT", "WP") or tok.lower_ in ("that", "which", "who")


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Token bounds without surrounding punctuation."""
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].tag_ == "POS"):
        end -= 1
    return start, end


def antecedent(token: Token) -> Token | None:
    """The noun a relative pronoun stands for ('Chrysler, which said' -> Chrysler); the token
    itself when it is none; None when a relative pronoun hangs on nothing."""
    if token.tag_ not in _RELATIVE_TAGS:
        return token
    t = token
    while t.head.i != t.i:
        if t.dep_ == "relcl":
            return t.head
        t = t.head
    return None


class SourceResolver:
    """Per-document source naming."""

    def __init__(self, doc: Doc, lex: CueLexicon, quotes: QuoteIndex):
        self.doc = doc
        self.lex = lex
        self.quotes = quotes
        self._sent_starts = [sent.start for sent in doc.sents]

    def sentence(self, token_i: int) -> tuple[int, int]:
        """Token bounds of the sentence holding a token."""
        si = bisect_right(self._sent_starts, token_i) - 1
        end = self._sent_starts[si + 1] if si + 1 < len(self._sent_starts) else len(self.doc)
        return self._sent_starts[si], end

    # -- naming a source phrase ------------------------------------------------------
    def source(self, head: Token, cue_i: int) -> SourceRef | None:
        """The source phrase governed by ``head`` with its resolved name and entity; the phrase
        stops before the cue when the cue hangs inside it (``with analysts claiming that``).
        None when ``head`` is a relative pronoun that stands for nothing."""
        head = antecedent(head)
        if head is None:
            return None
        doc = self.doc
        end = head.right_edge.i + 1
        if head.i < cue_i < end:
            end = cue_i
        start, end = _trim(doc, head.left_edge.i, end)
        if start >= end or not (start <= head.i < end):
            start, end = head.i, head.i + 1
        span = doc[start:end]
        ref = SourceRef(text=span.text, start=span.start_char, end=span.end_char)
        found = entities.referent(doc, head)
        if found is not None:
            ref.name = found.name
            if found.entity is not None:
                ref.entity, ref.name = found.entity.id, found.entity.name
            return ref
        if head.pos_ == "PRON":
            ref.name = span.text
            return ref
        name_head = self._agent(head) or self._named_apposition(head) or head
        n_start, n_end = core_phrase(name_head)
        if n_start >= n_end:
            n_start, n_end = name_head.i, name_head.i + 1
        entity = entities.entity_for_span(doc, doc[n_start].idx, doc[n_end - 1].idx + len(doc[n_end - 1]))
        if entity is not None and entity.type == "NORP" and n_end - n_start > 1:
            # "BBC Russian": a nationality inside a longer name is not the source
            ref.name = self._name_of(n_start, n_end, use_entities=False)
        elif entity is not None:
            ref.entity, ref.name = entity.id, entity.name
        else:
            ref.name = self._name_of(n_start, n_end)
        return ref

    def named(self, start: int, end: int) -> SourceRef:
        """A source given by name outside any parse (a signature, a transcript's speaker)."""
        span = self.doc[start:end]
        ref = SourceRef(text=span.text, start=span.start_char, end=span.end_char)
        entity = entities.entity_for_span(self.doc, ref.start, ref.end)
        if entity is not None:
            ref.entity, ref.name = entity.id, entity.name
        else:
            ref.name = self._name_of(start, end)
        return ref

    def _agent(self, head: Token) -> Token | None:
        """``estimates by X`` / ``an analysis by X``: X is the source."""
        if head.lower_ not in self.lex.agent_nouns and head.lemma_.lower() not in self.lex.agent_nouns:
            return None
        for child in head.rights:
            if child.dep_ in ("prep", "agent") and child.lower_ in ("by", "from"):
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        return obj
        return None

    @staticmethod
    def _named_apposition(head: Token) -> Token | None:
        """``The alliance's Secretary General, Mark Rutte``: the name in apposition names the source."""
        if head.ent_type_ == "PERSON":
            return None
        for child in head.rights:
            if child.dep_ == "appos" and child.ent_type_ == "PERSON":
                return child
        return None

    def _name_of(self, start: int, end: int, use_entities: bool = True) -> str:
        doc = self.doc
        if use_entities:
            return entities.canonical_name(doc, doc[start].idx, doc[end - 1].idx + len(doc[end - 1]))
        # "European Commission President Ursula von der Leyen": the name follows the last title word
        words = doc[start:end]
        roles = title_words()[1]
        if all(t.pos_ == "PROPN" or t.lower_ in roles for t in words):
            last_role = max((t.i for t in words if t.lower_ in roles), default=None)
            if last_role is not None and last_role + 1 < end:
                return doc[last_role + 1:end].text
        return doc[start:end].text
