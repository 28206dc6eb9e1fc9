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
