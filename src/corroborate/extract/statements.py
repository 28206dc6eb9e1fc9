"""Attributed statements: who said (wrote, estimated, claimed, denied...) what, how and when.

``doc._.statements`` lists a Statement per attribution cue that governs something said, in text
order. A cue is
  * a verb of the cue lexicon with a clause, a quotation, or (for some verbs) an object or an
    infinitive as its complement: ``X said (that) ...``, ``"...," X said``, ``..., said X``,
    ``X accused Y of ...``, ``X vowed to ...``, a participle taking the main clause's subject
    (``..., saying that ...``, ``with X claiming that ...``), a cue inside ``refused to deny``;
  * a parenthetical cue verb: ``The plan, he added, was ...`` (the host clause is the content);
  * a noun of the lexicon with a that-clause and a possessor or by-phrase: ``X's claim that ...``;
  * a fixed phrase: ``according to X``;
  * a quotation signed with a dash and a name, and a transcript's ``NAME: ...`` turn.
What is said is the complement; a quotation it touches is taken whole, and a direct quotation
goes on through the following sentences of its paragraph that open with a quotation mark.
Passive cues (``X is said to``, ``it was reported that``) have no source: the grammatical subject
of a passive is not the speaker. The rules leave out beliefs and intentions without a speech act
(``he figures that``, ``they want``), except the few opinion verbs the lexicon lists; in the
default mode the learned tagger adds those that report a source's position.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from . import attribution_linking
from .attribution_lexicon import CueLexicon, lexicon
from .attribution_quotes import QuoteIndex, quote_regions
from .attribution_sources import SourceResolver, opens_relative_clause
from .entities import core_phrase
from .types import SourceRef, Statement, TextSpan, TimeExpr

_SUBJECT = ("nsubj",)
_PASSIVE_MARKERS = ("auxpass", "nsubjpass", "csubjpass")
_CUE_AUX = ("aux", "auxpass", "neg", "advmod")
_PARTICIPLE_DEPS = ("advcl", "xcomp", "conj", "dep")
_OBJECT_CONTENT_DEPS = ("dobj", "attr", "oprd", "prep", "xcomp", "ccomp", "dative", "acomp")
_TIME_DEPS = ("npadvmod", "prep", "advmod", "tmod", "obl", "nmod")
# One word of these kinds is a piece of a phrase the tagger broke up ("added | his | voice"),
# never something said: a possessive, a determiner, a name or title, a preposition, a conjunction.
_FRAGMENT_TAGS = ("PRP$", "DT", "WP$", "NNP", "NNPS", "IN", "CC")
# a dash and a name of capitalised words closing the paragraph or followed by the next quotation
_SIGNATURE = re.compile(r"[ \t\u00a0]*(―|—|–|--)[ \t\u00a0]*([A-Z][\w.'’-]*(?:[ \u00a0][A-Z][\w.'’-]*){0,4})[ \t\u00a0.]*(?=\n|$|[\"“])")
# a paragraph opening with a speaker's name in capitals and a colon
_TURN = re.compile(r"^[\"“]?([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3})(:)[^\n]*", re.MULTILINE)


def _char_span(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Character bounds of tokens [start, end) without edge punctuation other than quotation marks."""
    while start < end and (doc[start].is_space or (doc[start].is_punct and not doc[start].is_quote)):
        start += 1
    while end > start and (doc[end - 1].is_space or (doc[end - 1].is_punct and not doc[end - 1].is_quote)):
        end -= 1
    if start >= end:
        return -1, -1
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1])


def _reflexive_subject(clause: Token) -> bool:
    """``found itself isolated`` is a state, not something found to be true."""
    return any(c.dep_ == "nsubj" and c.lower_.endswith(("self", "selves")) for c in clause.children)


def _is_passive(children: Iterable[Token]) -> bool:
    return any(c.dep_ in _PASSIVE_MARKERS for c in children)


def _that_clause(clause: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)


def _bare_clause(clause: Token) -> bool:
    """A finite clause with its own subject and no subordinating conjunction (because, if, as ...)."""
    kids = list(clause.children)
    return any(c.dep_ == "nsubj" for c in kids) and not any(c.dep_ == "mark" for c in kids)


class _Extractor:
    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc.text
        self.lex: CueLexicon = lexicon()
        self.quotes = QuoteIndex(quote_regions(self.text))
        self.sources = SourceResolver(doc, self.lex, self.quotes)
        self.times: list[TimeExpr] = list(doc._.times or [])

    # -- cues ------------------------------------------------------------------------------
    def run(self) -> list[Statement]:
        found: list[Statement] = []
        phrase_first = {words[0]: words for words, _ in self.lex.phrases}
        for tok in self.doc:
            stmt = None
            low = tok.lower_
            if low in phrase_first:
                words = phrase_first[low]
                if self._matches(tok.i, words):
                    stmt = self._phrase_statement(tok, len(words))
            if stmt is None and tok.pos_ == "VERB" and tok.lemma_.lower() in self.lex.verbs:
                stmt = self._verb_statement(tok)
            elif stmt is None and tok.pos_ == "NOUN" and tok.lemma_.lower() in self.lex.nouns:
                stmt = self._noun_statement(tok)
            if stmt is not None:
                found.append(stmt)
        found.extend(self._signed_quotes())
        found.extend(self._transcript_turns())
        found.extend(self._tagged(found))
        found = _without_overlapping_cues(found)
        for n, s in enumerate(found, 1):
            s.id = f"s{n}"
        return found

    def _tagged(self, found: list[Statement]) -> list[Statement]:
        """Attributions the learned tagger proposes where the rules found none.

        The source is the tagged one, else the cue verb's subject (or a passive's agent) from the
        parse, resolved like the rules' sources. A proposal is dropped when its cue is already a
        cue, sits in a quotation (a speaker's own words, reported by the enclosing statement) or
        is an appearance verb (``not_cues``: it seems that ...); when its content is mostly the
        content of a statement already found (the same attribution seen through another word)
        unless its cue lies inside that content (attributions nest); and when its content is a
        one-word fragment.
        """
        spans = self.doc._.attribution_spans
        if not spans:
            return []
        doc = self.doc
        sentences = [(s.start_char, s.end_char) for s in doc.sents]
        cues = [(s.cue.start, s.cue.end) for s in found]
        contents = [(s.content.start, s.content.end) for s in found]
        out: list[Statement] = []
        for link in attribution_linking.link(self.text, sentences, spans):
            cue = (link.cue.start, link.cue.end)
            cue_span = doc.char_span(*cue, alignment_mode="expand")
            if cue_span is None or not len(cue_span):
                continue
            cue_tok = cue_span.root
            if (any(_overlap(cue, c) for c in cues) or self.quotes.at(cue[0])
                    or cue_tok.lemma_.lower() in self.lex.not_cues
                    or any(_mostly_same(link.content, c) and not _overlap(cue, c) for c in contents)):
                continue
            start, end = link.content
            if self._fragment(start, end):
                continue
            if start < cue[0] and cue[1] < end and cue_tok.pos_ != "VERB" and not (self.quotes.at(start) and self.quotes.at(end - 1)):
                continue  # content on both sides of its cue is a quotation split by the cue, or a wrong link
            source_head = self._tagged_source(link, cue_tok, start, end)
            out.append(self._build(cue_tok, cue_span.start, cue_span.end, cue_tok.lemma_.lower(), source_head, start, end))
            cues.append(cue)
            contents.append(link.content)
        return out

    def _fragment(self, start: int, end: int) -> bool:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        words = [t for t in span if not t.is_punct] if span is not None else []
        return len(words) == 1 and words[0].tag_ in _FRAGMENT_TAGS

    def _tagged_source(self, link: attribution_linking.Link, cue_tok: Token, start: int, end: int) -> Token | None:
        if link.source is not None:
            span = self.doc.char_span(link.source.start, link.source.end, alignment_mode="expand")
            if span is not None and len(span):
                return span.root
        if cue_tok.pos_ not in ("VERB", "AUX"):
            return None
        children = list(cue_tok.children)
        head = self._speaker(cue_tok, children, _is_passive(children))
        if head is None or start <= head.idx < end or self.quotes.at(head.idx):
            return None
        return head

    def _matches(self, i: int, words: tuple[str, ...]) -> bool:
        if i + len(words) > len(self.doc):
            return False
        return all(self.doc[i + k].lower_ == w for k, w in enumerate(words))

    def _verb_statement(self, verb: Token) -> Statement | None:
        if self.quotes.at(verb.idx):
            return None  # a speaker's own words: reported by the enclosing statement
        if verb.tag_ == "VBN" and verb.dep_ in ("acl", "amod"):
            return None  # "the program, called EB-5": a participle naming or describing, no speaker
        lemma = verb.lemma_.lower()
        children = list(verb.children)
        passive = _is_passive(children)
        content = self._complement(verb, lemma, children, passive)
        quote_frame = lemma in self.lex.quote_verbs
        host_clause = False
        if content is None and quote_frame and verb.dep_ == "parataxis" and verb.head.pos_ in ("VERB", "AUX"):
            content = self._host_clause(verb)
            host_clause = content is not None
        if content is None and quote_frame:
            content = self._adjacent_quote(verb)
        source_head = self._speaker(verb, children, passive)
        if content is None and quote_frame and not passive and source_head is not None:
            content = self._fronted(verb, source_head)
        if content is None:
            return None
        if source_head is not None and (self.quotes.at(source_head.idx) or (
                not host_clause and content[0] <= source_head.i < content[1])):
            source_head = None
        start, end = self._with_quotes(*content)
        if start < 0:
            return None
        if source_head is None and not passive:
            return None
        cue_first = self._cue_start(verb)
        return self._build(verb, cue_first, verb.i + 1, lemma, source_head, start, end)

    def _complement(self, verb: Token, lemma: str, children: list[Token], passive: bool) -> tuple[int, int] | None:
        """Token bounds of what the verb reports, from its own dependents."""
        clauses = []
        if lemma in self.lex.clause_verbs:
            clauses = [c for c in children if c.dep_ == "ccomp" and not _reflexive_subject(c)]
            if not clauses:  # "said after the meeting he would ...", "said when ...": a clause parsed as adjunct
                clauses = [c for c in children if c.dep_ == "advcl" and c.i > verb.i and _bare_clause(c)]
            if not clauses:  # "said in a statement that ...": the clause parsed as the medium's
                clauses = [g for c in children if c.dep_ == "prep" and c.lower_ in self.lex.channel_preps
                           for obj in c.children if obj.dep_ == "pobj" and obj.lemma_.lower() in self.lex.channel_nouns
                           for g in obj.children if g.dep_ in ("acl", "ccomp") and _that_clause(g)]
        if not clauses:
            infinitive = lemma in self.lex.infinitive_verbs or passive
            clauses = [c for c in children if c.dep_ == "xcomp" and infinitive and c.pos_ in ("VERB", "AUX")]
        if clauses:
            start = min(c.left_edge.i for c in clauses)
            end = max(c.right_edge.i for c in clauses) + 1
            if start < verb.i and verb.dep_ == "relcl" and opens_relative_clause(self.doc[start]):
                # "a programme that she said would cost £2.4bn": what she said starts after the cue
                start = verb.i + 1
            if passive:  # "X is said to have ...": the subject belongs to what is said
                for c in children:
                    if c.dep_ == "nsubjpass" and c.lower_ not in ("it", "this"):
                        start = min(start, c.left_edge.i)
            return start, end
        if lemma in self.lex.object_verbs:
            rights = [c for c in verb.rights if c.dep_ in _OBJECT_CONTENT_DEPS and not self._is_adjunct(c)]
            if rights and any(c.dep_ in ("dobj", "oprd", "attr", "ccomp", "xcomp") or
                              (c.dep_ == "prep" and c.lower_ in ("for", "of", "as", "on", "about")) for c in rights):
                return rights[0].left_edge.i, rights[-1].right_edge.i + 1
        if lemma in self.lex.at_verbs and not passive:
            # "put the death toll at no fewer than 38": the object and the figure it is valued at
            obj = next((c for c in children if c.dep_ == "dobj" and c.i > verb.i), None)
            at = next((c for c in children if c.dep_ == "prep" and c.lower_ == "at" and c.i > verb.i
                       and any(t.like_num or any(ch.isdigit() for ch in t.text) for t in c.subtree)), None)
            if obj is not None and at is not None:
                return obj.left_edge.i, at.right_edge.i + 1
        return None

    def _is_adjunct(self, tok: Token) -> bool:
        """A time, channel or medium phrase on the cue, not part of what was said."""
        if tok.dep_ == "prep" and tok.lower_ in self.lex.channel_preps:
            return True
        return tok.dep_ == "dative"

    def _host_clause(self, verb: Token) -> tuple[int, int] | None:
        head = verb.head
        own = {t.i for t in verb.subtree}
        rest = [t.i for t in head.subtree if t.i not in own]
        if not rest:
            return None
        return min(rest), max(rest) + 1

    def _adjacent_quote(self, verb: Token) -> tuple[int, int] | None:
        """A quotation next to the cue's clause: ``"...," X said`` or ``X said (in ...): "..."``."""
        doc = self.doc
        subject = next((c for c in verb.children if c.dep_ in _SUBJECT), None)
        lo = min(verb.i, subject.left_edge.i) if subject is not None else verb.i
        lo_char = doc[lo].idx
        para_start = self.text.rfind("\n", 0, lo_char) + 1
        for qs, qe in self.quotes.within(para_start, lo_char):
            if qe <= lo_char and self.text[qe:lo_char].strip(" ,—–-:") == "":
                return self._tokens_of(qs, qe)
        after = verb.idx + len(verb)
        nxt = self._next_quote(after)
        if nxt is not None:
            between = self.text[after:nxt[0]]
            lead = between.rstrip()
            # "X said, "..."" on the line, or "X said:" closing a paragraph the quotation follows
            if len(between) <= 60 and lead.endswith((",", ":")) and not any(ch in between for ch in ".?!;") \
                    and ("\n" not in lead):
                return self._tokens_of(*nxt)
        return None

    def _fronted(self, verb: Token, subject: Token | None) -> tuple[int, int] | None:
        """``People like him, she said.`` / ``..., said the minister.``: the sentence before the cue clause."""
        sent_start, _ = self.sources.sentence(verb.i)
        lo = verb.i
        if subject is not None and subject.i > sent_start and subject.head.i == verb.i:
            lo = min(lo, subject.left_edge.i)
        for c in verb.lefts:
            if c.dep_ in _CUE_AUX:
                lo = min(lo, c.left_edge.i)
        if lo - 2 < sent_start or self.doc[lo - 1].text not in (",", "—", "–"):
            return None
        start = sent_start
        while start < lo - 1 and (self.doc[start].is_space or self.doc[start].is_punct and not self.doc[start].is_quote):
            start += 1
        if lo - 1 - start < 2:
            return None
        return start, lo - 1

    def _tokens_of(self, start_char: int, end_char: int) -> tuple[int, int] | None:
        span = self.doc.char_span(start_char, end_char, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        return span.start, span.end

    def _with_quotes(self, start: int, end: int) -> tuple[int, int]:
        """Character bounds of the content, a touched quotation taken whole and continued."""
        cs, ce = _char_span(self.doc, start, end)
        if cs < 0:
            return cs, ce
        touched = self.quotes.within(cs, ce)
        if not touched:
            return cs, ce
        cs = min(cs, touched[0][0])
        ce = max(ce, touched[-1][1])
        if not self._is_direct(cs, ce):
            return cs, ce
        # A direct quotation continues through the next quotation of the paragraph when only
        # the cue's clause (no other speaker) stands between them.
        while True:
            nxt = self._next_quote(ce)
            if nxt is None:
                return cs, ce
            qs, qe = nxt
            between = self.text[ce:qs]
            if "\n" in between or qs < ce:
                return cs, ce
            if not self._only_cue_between(ce, qs) or not self._whole_sentences(qs, qe):
                return cs, ce
            ce = qe

    def _next_quote(self, offset: int) -> tuple[int, int] | None:
        for region in self.quotes.within(offset, len(self.text)):
            if region[0] >= offset:
                return region
        return None

    def _whole_sentences(self, start: int, end: int) -> bool:
        """A quotation that continues a speaker's words stands as sentences of its own."""
        inner = self.text[start:end].rstrip("\"”'’ ")
        after = self.text[end:end + 2].lstrip(" \t")
        return inner.endswith((".", "?", "!", "…")) or after == "" or after[0] in "\n\"“"

    def _only_cue_between(self, start: int, end: int) -> bool:
        """The text between two quotations is at most the cue's own sentence."""
        between = self.text[start:end]
        if sum(between.count(p + " ") for p in ".?!") > 1:
            return False
        span = self.doc.char_span(start, end, alignment_mode="contract")
        if span is None:
            return between.strip(" .,;:") == ""
        verbs = [t for t in span if t.pos_ == "VERB" and t.lemma_.lower() in self.lex.verbs]
        return len(verbs) <= 1 and len(span) <= 25

    def _is_direct(self, start: int, end: int) -> bool:
        first = self.quotes.at(start)
        last = self.quotes.at(end - 1)
        return first is not None and last is not None and first[0] == start and last[1] == end

    # -- the parts of a statement ---------------------------------------------------------
    def _subject(self, verb: Token) -> Token | None:
        tok = verb
        for _ in range(4):
            # a word inside a quotation parsed as the subject is never the speaker
            for c in sorted(tok.children, key=lambda c: abs(c.i - verb.i)):
                if c.dep_ in _SUBJECT and not self.quotes.at(c.idx):
                    if c.tag_ in ("WP", "WDT") and tok.dep_ == "relcl":
                        return tok.head
                    return c
            if _is_passive(tok.children) and tok.i != verb.i:
                return None
            if tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN", "PRON"):
                # "with Rutte claiming that ..." parsed as a modifier of Rutte
                return tok.head if any(c.dep_ == "ccomp" for c in tok.children) else None
            if tok.dep_ in _PARTICIPLE_DEPS and tok.head.i != tok.i:
                tok = self._reporting_verb(tok.head)
                continue
            if tok.dep_ == "pcomp" and tok.head.dep_ == "prep":
                tok = tok.head.head
                continue
            return None
        return None

    def _reporting_verb(self, tok: Token) -> Token:
        """``X said A had risen, citing B``: a participle hung on what X said is still X's."""
        clause = tok
        while clause.dep_ in ("conj", "xcomp", "advcl") and clause.head.i != clause.i:
            clause = clause.head
        if clause.dep_ == "ccomp" and clause.head.lemma_.lower() in self.lex.clause_verbs:
            return clause.head
        return tok

    def _speaker(self, verb: Token, children: list[Token], passive: bool) -> Token | None:
        """Who the cue verb reports: a passive's agent (``was said by X``), else its subject."""
        return self._agent(children) if passive else self._subject(verb)

    def _agent(self, children: list[Token]) -> Token | None:
        for c in children:
            if c.dep_ == "agent":
                for obj in c.children:
                    if obj.dep_ == "pobj":
                        return obj
        return None

    def _cue_start(self, verb: Token) -> int:
        """The cue with its auxiliaries (``has said``), or the verb it completes (``refused to deny``)."""
        anchor = verb
        if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in self.lex.cue_heads:
            anchor = verb.head
        first = anchor.i
        for c in anchor.lefts:
            if c.dep_ in _CUE_AUX and c.i < anchor.i:
                if all(self.doc[k].dep_ in _CUE_AUX for k in range(c.i, anchor.i)):
                    first = min(first, c.i)
        return first

    def _build(self, cue_tok: Token, cue_first: int, cue_end: int, lemma: str, source_head: Token | None,
               start: int, end: int) -> Statement:
        doc = self.doc
        cue_span = doc[cue_first:cue_end]
        source: SourceRef | None = self.sources.source(source_head, cue_tok.i) if source_head is not None else None
        via, channel = self._medium(cue_tok, start, end)
        return Statement(
            id="",
            source=source,
            cue=TextSpan(cue_span.text, cue_span.start_char, cue_span.end_char),
            cue_lemma=lemma,
            content=TextSpan(self.text[start:end], start, end),
            direct=self._is_direct(start, end),
            via=via,
            channel=channel,
            said_on=self._said_on(cue_tok, start, end),
        )

    def _medium(self, verb: Token, start: int, end: int) -> tuple[str | None, str | None]:
        via = channel = None
        for c in verb.children:
            if start <= c.idx < end:
                continue
            if c.dep_ in ("dative", "dobj") and verb.lemma_ in self.lex.medium_verbs:
                if self._is_outlet(c):
                    via = self._outlet_name(c)
            elif c.dep_ == "prep" and c.lower_ in self.lex.channel_preps:
                for obj in c.children:
                    if obj.dep_ != "pobj":
                        continue
                    if obj.lemma_.lower() in self.lex.channel_nouns or obj.text in self.lex.platforms:
                        channel = self._channel_phrase(obj)
        return via, channel

    def _channel_phrase(self, obj: Token) -> str:
        """``a post on X``, ``an interview with The Times of India``: the noun and its prepositions."""
        end = obj.i + 1
        for child in obj.rights:
            if child.dep_ != "prep":
                break
            end = child.right_edge.i + 1
            for grand in child.children:  # an apposition hung on the object is not part of the medium
                if grand.dep_ == "pobj":
                    end = max(grand.i + 1, max((g.right_edge.i + 1 for g in grand.children
                                                if g.i > grand.i and g.dep_ not in ("appos", "punct")), default=0))
        return self.doc[obj.left_edge.i:end].text

    def _is_outlet(self, tok: Token) -> bool:
        s, e = core_phrase(tok)
        if s >= e:
            return False
        phrase = self.doc[s:e]
        if phrase.text.lower() in self.lex.outlets:
            return True
        if not any(t.pos_ == "PROPN" for t in phrase):
            return False
        return any(t.lower_ in self.lex.outlet_words for t in phrase)

    def _outlet_name(self, tok: Token) -> str:
        s, e = core_phrase(tok)
        return self.doc[s:e].text

    def _said_on(self, verb: Token, start: int, end: int) -> TimeExpr | None:
        if not self.times:
            return None
        anchors = [verb]
        if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in self.lex.cue_heads:
            anchors.append(verb.head)
        for anchor in anchors:
            for c in anchor.children:
                if c.dep_ not in _TIME_DEPS:
                    continue
                cs, ce = c.left_edge.idx, c.right_edge.idx + len(c.right_edge)
                if cs < end and start < ce:
                    continue
                for t in self.times:
                    if t.start >= cs and t.end <= ce:
                        return t
        return None

    # -- cues without a verb -----------------------------------------------------------------
    def _signed_quotes(self) -> list[Statement]:
        """``"..." ― Jane Doe``: a quotation signed with a dash and a name."""
        found = []
        for qs, qe in self.quotes.regions:
            m = _SIGNATURE.match(self.text, qe)
            if m is None:
                continue
            dash = self.doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
            name = self.doc.char_span(m.start(2), m.end(2), alignment_mode="expand")
            if dash is None or name is None or not any(t.pos_ == "PROPN" for t in name):
                continue
            found.append(self._unparsed(dash, name, qs, qe, "sign"))
        return found

    def _transcript_turns(self) -> list[Statement]:
        """``PENCE: And that's why ...``: a speaker's turn in a transcript."""
        found = []
        for m in _TURN.finditer(self.text):
            colon = self.doc.char_span(m.start(2), m.end(2), alignment_mode="expand")
            name = self.doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
            start, end = m.end(2), m.end()
            while start < end and self.text[start].isspace():
                start += 1
            if colon is None or name is None or end - start < 2:
                continue
            found.append(self._unparsed(colon, name, start, end, "say"))
        return found

    def _unparsed(self, cue: Span, name: Span, start: int, end: int, lemma: str) -> Statement:
        return Statement(
            id="",
            source=self.sources.named(name.start, name.end),
            cue=TextSpan(cue.text, cue.start_char, cue.end_char),
            cue_lemma=lemma,
            content=TextSpan(self.text[start:end], start, end),
            direct=self._is_direct(start, end),
        )

    # -- nominal cues ----------------------------------------------------------------------
    def _phrase_statement(self, first: Token, n: int) -> Statement | None:
        """``according to X``: X is the source of the clause the phrase modifies."""
        last = self.doc[first.i + n - 1]
        obj = next((c for c in last.children if c.dep_ == "pobj"), None)
        if obj is None:
            return None
        own = {t.i for t in first.subtree}
        clause = first.head
        while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
            clause = clause.head
        if clause.i == first.i or clause.i in own:  # the phrase parsed as the root: the rest of the sentence
            lo, hi = self.sources.sentence(first.i)
            scope = self.doc[lo:hi]
        elif clause.pos_ in ("VERB", "AUX"):
            scope = clause.subtree
        else:
            return None
        rest = [t for t in scope if t.i not in own and not t.is_punct and not t.is_space
                and not (t.dep_ == "cc" and t.head.i == clause.i)]
        if not rest:
            return None
        start, end = self._with_quotes(min(t.i for t in rest), max(t.i for t in rest) + 1)
        if start < 0:
            return None
        lemma = " ".join(w.lower_ for w in self.doc[first.i:first.i + n])
        return self._build(first, first.i, first.i + n, lemma, obj, start, end)

    def _noun_statement(self, noun: Token) -> Statement | None:
        """``X's claim that ...``, ``a warning by X that ...``."""
        clause = next((c for c in noun.children if c.dep_ in ("acl", "ccomp", "appos") and _that_clause(c)), None)
        if clause is None:
            return None
        source = next((c for c in noun.children if c.dep_ == "poss"), None)
        if source is None:
            for c in noun.children:
                if c.dep_ == "prep" and c.lower_ in ("by", "from"):
                    source = next((o for o in c.children if o.dep_ == "pobj"), None)
        if source is None:
            return None
        start, end = self._with_quotes(clause.left_edge.i, clause.right_edge.i + 1)
        if start < 0:
            return None
        return self._build(noun, noun.i, noun.i + 1, noun.lemma_.lower(), source, start, end)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _mostly_same(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """More than half of each of two character ranges is shared."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return shared > (a[1] - a[0]) / 2 and shared > (b[1] - b[0]) / 2


def _without_overlapping_cues(found: list[Statement]) -> list[Statement]:
    """One statement per cue: ``refused to deny`` is one cue, not ``refused`` and ``deny``; the longer wins."""
    kept: list[Statement] = []
    for s in sorted(found, key=lambda s: (s.cue.start, -(s.cue.end - s.cue.start))):
        if kept and s.cue.start < kept[-1].cue.end:
            continue
        kept.append(s)
    return kept


def extract_statements(doc: Doc) -> list[Statement]:
    """The attributed statements of a parsed Doc, in text order."""
    return _Extractor(doc).run()


@Language.component("corroborate_statements", requires=["doc._.entities", "doc._.times", "token.dep"],
                    assigns=["doc._.statements"])
def component(doc: Doc) -> Doc:
    doc._.statements = extract_statements(doc)
    return doc
