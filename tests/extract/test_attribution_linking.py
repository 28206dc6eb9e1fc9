"""Linking tagged spans into attributions: which source and which content each cue takes."""
from __future__ import annotations

import re

from corroborate.extract.attribution_linking import link
from corroborate.extract.tagger import TaggedSpan


def spans_of(text: str, proposals: list[tuple[str, str]]) -> list[TaggedSpan]:
    out = []
    for label, words in proposals:
        start = text.index(words)
        out.append(TaggedSpan(label, start, start + len(words), 0.9))
    return out


def sentences_of(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"[^.\n]+[.]?", text)]


def linked(text: str, proposals: list[tuple[str, str]]):
    return [(text[l.cue.start:l.cue.end], l.source and text[l.source.start:l.source.end], text[l.content[0]:l.content[1]])
            for l in link(text, sentences_of(text), spans_of(text, proposals))]


def test_cue_takes_the_nearest_source_of_its_sentence():
    text = "The mayor met the unions. The union leader warned that strikes would follow."
    assert linked(text, [("source", "The mayor"), ("source", "The union leader"), ("cue", "warned"),
                         ("content", "that strikes would follow")]) == [
        ("warned", "The union leader", "that strikes would follow")]


def test_source_after_the_cue_is_taken_when_none_precedes_it():
    text = "Strikes would follow, warned the union leader."
    assert linked(text, [("content", "Strikes would follow"), ("cue", "warned"), ("source", "the union leader")]) == [
        ("warned", "the union leader", "Strikes would follow")]


def test_content_pieces_a_few_words_apart_are_chained():
    text = "The union leader warned that strikes would follow and that the port would shut."
    assert linked(text, [("source", "The union leader"), ("cue", "warned"), ("content", "that strikes would follow"),
                         ("content", "that the port would shut")]) == [
        ("warned", "The union leader", "that strikes would follow and that the port would shut")]


def test_a_paragraph_break_separates_a_cue_from_content():
    text = "The union leader warned\nthat strikes would follow."
    assert linked(text, [("source", "The union leader"), ("cue", "warned"), ("content", "that strikes would follow")]) == []


def test_a_content_span_running_across_a_paragraph_break_ends_with_its_cue_s_paragraph():
    # The tagger's window ran from the headline into the body: the body's sentence is no
    # content of the headline's cue, and the body's own cue takes it.
    text = "Toll climbs as rescuers search for missing\n\nThe toll rose to 31 on Saturday, the agency said."
    assert linked(text, [("source", "rescuers"), ("cue", "search for"),
                         ("content", "missing\n\nThe toll rose to 31 on Saturday"), ("source", "the agency"),
                         ("cue", "said")]) == [
        ("search for", "rescuers", "missing"), ("said", "the agency", "The toll rose to 31 on Saturday")]


def test_a_cue_without_nearby_content_is_no_attribution():
    text = "The union leader warned the mayor twice during the long meeting about strikes."
    assert linked(text, [("source", "The union leader"), ("cue", "warned"), ("content", "about strikes")]) == []


def test_a_cue_with_no_source_in_its_sentence_links_without_one():
    text = "The mayor spoke first. Strikes were expected, it was reported."
    assert linked(text, [("source", "The mayor"), ("content", "Strikes were expected"), ("cue", "reported")]) == [
        ("reported", None, "Strikes were expected")]


def test_content_does_not_run_on_past_a_sentence_end_or_another_cue():
    text = "The growers want to sell the land. They plan to move to the city."
    proposals = [("source", "The growers"), ("cue", "want"), ("content", "to sell the land"),
                 ("source", "They"), ("cue", "plan"), ("content", "to move to the city")]
    assert linked(text, proposals) == [("want", "The growers", "to sell the land"),
                                       ("plan", "They", "to move to the city")]


def test_content_across_a_sentence_end_stays_one_piece_when_the_stop_is_tagged():
    text = 'The grower said the land is sold. The move is next week.'
    proposals = [("source", "The grower"), ("cue", "said"), ("content", "the land is sold. The move is next week")]
    assert linked(text, proposals) == [("said", "The grower", "the land is sold. The move is next week")]


def _quadratic_link(text, sentences, spans):
    """The linking as first written (every cue against every content and marker), kept as the
    reference the indexed one must agree with."""
    from bisect import bisect_right

    def gap_words(a, b, skip):
        if b < a:
            return None
        gap = text[a:b]
        if skip and a <= skip[0] and skip[1] <= b:
            gap = text[a:skip[0]] + " " + text[skip[1]:b]
        if "\n" in gap or re.search(r"[.!?]", gap):
            return None
        return len(re.findall(r"\w+", gap))

    starts = [s for s, _ in sentences]
    sources = [s for s in spans if s.label == "source"]
    contents = []
    for s in spans:  # a content span is cut at its line breaks
        if s.label == "content":
            contents += [TaggedSpan("content", s.start + m.start(), s.start + m.end(), s.score)
                         for m in re.finditer(r"\S(?:[^\n]*\S)?", text[s.start:s.end])]
    contents.sort(key=lambda s: s.start)
    markers = [s for s in spans if s.label != "content"]
    out = []
    for cue in (s for s in spans if s.label == "cue"):
        k = max(bisect_right(starts, cue.start) - 1, 0)
        sent = sentences[k] if sentences else (0, len(text))
        in_sentence = [s for s in sources if s.start < sent[1] and sent[0] < s.end]
        source = min(in_sentence, key=lambda s: (cue.start - s.end if s.end <= cue.start else s.start - cue.end,
                                                 s.start > cue.start), default=None)
        skip = (source.start, source.end) if source else None

        def close(a, b):
            if any(a <= m.start and m.end <= b and m is not source for m in markers):
                return False
            words = gap_words(a, b, skip)
            return words is not None and words <= 3

        chosen = [c for c in contents if close(c.end, cue.start) or close(cue.end, c.start)]
        if not chosen:
            continue
        lo, hi = min(c.start for c in chosen), max(c.end for c in chosen)
        for c in contents:
            if c.start >= hi and close(hi, c.start):
                hi = c.end
        for c in reversed(contents):
            if c.end <= lo and close(c.end, lo):
                lo = c.start
        out.append((cue, source, (lo, hi)))
    return out


def test_indexed_linking_agrees_with_the_quadratic_one_on_random_layouts():
    """Spans laid at random over sentences of short words, punctuation and line breaks: the
    linking that searches by position links exactly as the one that compares every pair."""
    import random

    rng = random.Random(7)
    words = ["the", "mayor", "said", "that", "ten", "people", "died", "and", "it", "rained", ",", ".", "\n", "—"]
    for _ in range(300):
        tokens = [rng.choice(words) for _ in range(rng.randint(5, 80))]
        text = " ".join(tokens)
        bounds, pos = [], 0
        for tok in tokens:
            bounds.append((pos, pos + len(tok)))
            pos += len(tok) + 1
        spans, i = [], 0
        while i < len(tokens):
            n = rng.randint(1, 4)
            label = rng.choice(["cue", "source", "content", None, None])
            if label and tokens[i] not in ".\n":
                spans.append(TaggedSpan(label, bounds[i][0], bounds[min(i + n, len(tokens)) - 1][1], 0.9))
            i += n + rng.randint(0, 2)
        got = [(l.cue, l.source, l.content) for l in link(text, sentences_of(text), spans)]
        assert got == _quadratic_link(text, sentences_of(text), spans), text
