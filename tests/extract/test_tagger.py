"""The attribution tagger: window planning, BIO decoding, span snapping and exact offsets."""
from __future__ import annotations

import os
import re

import pytest

from corroborate.extract.tagger import (
    MODEL_DIR,
    MODEL_FILE,
    TAGS,
    AttributionTagger,
    TaggedSpan,
    decode_bio,
    length_batches,
    merge_touching,
    plan_windows,
    process_threads,
    snap_span,
    token_runs,
)

T = {tag: i for i, tag in enumerate(TAGS)}
TOKEN = re.compile(r"\w+|[^\w\s]")


def offsets(text: str) -> list[tuple[int, int]]:
    """Word/punctuation offsets: what a BERT pre-tokenizer yields for plain words."""
    return [m.span() for m in TOKEN.finditer(text)]


# --- windows -------------------------------------------------------------------------------


def test_whole_paragraphs_are_packed_into_one_window():
    text = "Aa bb cc.\nDd ee ff.\nGg hh ii."
    assert plan_windows(text, offsets(text), 12) == [(0, 12)]


def test_window_is_cut_at_the_last_paragraph_start_that_fits():
    text = "Aa bb cc.\nDd ee ff.\nGg hh ii."  # 4 tokens per paragraph
    assert plan_windows(text, offsets(text), 9) == [(0, 8), (8, 12)]


def test_long_paragraph_is_cut_at_a_sentence_end():
    text = "Aa bb cc. Dd ee ff. Gg hh ii."
    assert plan_windows(text, offsets(text), 9) == [(0, 8), (8, 12)]


def test_sentence_end_after_a_closing_quote_is_a_cut():
    text = "Aa said “bb.” Cc dd ee ff gg."
    # tokens: Aa said “ bb . ” | Cc dd ee ff gg .
    assert plan_windows(text, offsets(text), 8) == [(0, 6), (6, 12)]


def test_abbreviation_without_space_is_not_a_sentence_end():
    text = "Aa U.S.bb cc dd ee ff gg hh."
    windows = plan_windows(text, offsets(text), 6)
    assert windows[0] == (0, 6)  # hard cut: "U.S.bb" offers no sentence start


def test_overlong_sentence_is_cut_with_overlap_and_covers_every_token():
    text = " ".join(f"w{i}" for i in range(50))
    windows = plan_windows(text, offsets(text), 20)
    assert windows == [(0, 20), (15, 35), (30, 50)]
    covered = set()
    for a, b in windows:
        assert b - a <= 20
        covered.update(range(a, b))
    assert covered == set(range(50))


def test_no_tokens_no_windows():
    assert plan_windows("   ", [], 10) == []


# --- gated regions and batches -------------------------------------------------------------


def test_token_runs_keep_the_tokens_inside_the_regions():
    text = "Aa bb.\nCc dd.\nEe ff."  # tokens: Aa bb . | Cc dd . | Ee ff .
    assert token_runs(offsets(text), [(0, 6), (14, 20)]) == [(0, 3), (6, 9)]


def test_touching_regions_make_one_run_and_a_token_between_them_splits_it():
    text = "Aa bb.\nCc dd.\nEe ff."
    assert token_runs(offsets(text), [(0, 6), (7, 13)]) == [(0, 6)]
    assert token_runs(offsets(text), [(0, 2), (14, 16)]) == [(0, 1), (6, 7)]


def test_no_regions_no_runs():
    text = "Aa bb."
    assert token_runs(offsets(text), []) == []


def test_batches_take_only_windows_of_nearly_one_length():
    jobs = [(0, 0, 100), (0, 100, 201), (1, 0, 102), (1, 0, 200), (2, 0, 200)]
    batches = length_batches(sorted(jobs, key=lambda j: j[2] - j[1]), 8)
    assert [[j[2] - j[1] for j in b] for b in batches] == [[100, 101, 102], [200, 200]]
    assert length_batches([(0, 0, 10)] * 5, 2) == [[(0, 0, 10)] * 2, [(0, 0, 10)] * 2, [(0, 0, 10)]]


def test_threads_follow_omp_num_threads_else_the_usable_cores(monkeypatch):
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    assert process_threads() == 1
    monkeypatch.delenv("OMP_NUM_THREADS")
    assert process_threads() == len(os.sched_getaffinity(0))


# --- BIO decoding --------------------------------------------------------------------------


def test_b_then_i_is_one_span():
    assert decode_bio([T["B-cue"], T["I-cue"], T["O"]]) == [("cue", 0, 1, 1.0)]


def test_stray_i_after_o_opens_a_span():
    assert decode_bio([T["O"], T["I-source"], T["I-source"]]) == [("source", 1, 2, 1.0)]


def test_b_after_b_of_the_same_label_splits():
    assert decode_bio([T["B-content"], T["B-content"], T["I-content"]]) == [
        ("content", 0, 0, 1.0),
        ("content", 1, 2, 1.0),
    ]


def test_i_of_another_label_closes_and_opens():
    assert decode_bio([T["B-source"], T["I-cue"], T["I-content"]]) == [
        ("source", 0, 0, 1.0),
        ("cue", 1, 1, 1.0),
        ("content", 2, 2, 1.0),
    ]


def test_span_running_to_the_end_is_closed():
    assert decode_bio([T["O"], T["B-content"], T["I-content"]]) == [("content", 1, 2, 1.0)]


def test_score_is_the_mean_tag_probability():
    [(_, _, _, score)] = decode_bio([T["B-cue"], T["I-cue"]], [0.9, 0.5])
    assert score == pytest.approx(0.7)


def test_all_o_is_empty():
    assert decode_bio([T["O"]] * 4) == []


# --- merging -------------------------------------------------------------------------------


def test_spans_of_one_label_split_by_a_space_are_joined():
    text = "According to the mayor"
    joined = merge_touching(text, [TaggedSpan("cue", 0, 9, 0.8), TaggedSpan("cue", 10, 12, 0.4)])
    assert joined == [TaggedSpan("cue", 0, 12, pytest.approx((0.8 * 9 + 0.4 * 2) / 11))]


def test_one_word_tagged_twice_becomes_one_span():
    text = "would reopen soon"
    spans = [TaggedSpan("content", 6, 12, 1.0), TaggedSpan("content", 6, 12, 1.0)]
    assert merge_touching(text, spans) == [TaggedSpan("content", 6, 12, 1.0)]


def test_spans_split_by_punctuation_or_another_label_stay_apart():
    text = "Aa bb, cc dd"
    apart = [TaggedSpan("content", 0, 5, 1.0), TaggedSpan("content", 7, 12, 1.0)]
    assert merge_touching(text, apart) == apart
    mixed = [TaggedSpan("source", 0, 5, 1.0), TaggedSpan("content", 7, 12, 1.0)]
    assert merge_touching(text, mixed) == mixed


# --- snapping ------------------------------------------------------------------------------


def test_snap_widens_a_partial_word():
    text = "They acknowledged it."
    assert snap_span(text, 7, 12) == (5, 17)


def test_snap_trims_quotes_and_punctuation():
    text = "He said: “The road is shut.”  "
    assert snap_span(text, 8, 30) == (10, 26)
    assert text[10:26] == "The road is shut"


def test_snap_trims_non_breaking_space():
    text = "The\u00a0minister\u00a0said"
    assert snap_span(text, 3, 13) == (4, 12)


def test_snap_keeps_combining_marks_with_their_letter():
    text = "e\u0301te\u0301 ended"
    assert snap_span(text, 0, 3) == (0, 5)


def test_snap_of_punctuation_only_is_empty():
    text = "a — b"
    start, end = snap_span(text, 1, 4)
    assert start == end


# --- the model -----------------------------------------------------------------------------

needs_model = pytest.mark.skipif(
    not (MODEL_DIR / MODEL_FILE).exists(), reason=f"attribution model not built: {MODEL_DIR / MODEL_FILE}"
)


@pytest.fixture(scope="module")
def tagger() -> AttributionTagger:
    return AttributionTagger.load()


def assert_clean(text: str, spans: list[TaggedSpan]) -> None:
    for s in spans:
        assert s.label in ("cue", "source", "content")
        assert 0 <= s.start < s.end <= len(text)
        piece = text[s.start : s.end]
        assert piece == piece.strip(), piece
        assert snap_span(text, s.start, s.end) == (s.start, s.end), piece
        assert 0.0 <= s.score <= 1.0


ODD = (
    "Ärzte\u00a0warned on Friday.\r\n\r\n"
    "\tThe mayor\u2009said   the bridge — closed since 🚧 May — would reopen.\n"
    "   \n"
    "Café owners, naïvely, “hoped” so; 東京 officials declined to comment.\u200b\n"
    "e\u0301te\u0301 ended."
)


@needs_model
def test_cue_offsets_are_exact_after_odd_whitespace_and_unicode(tagger):
    text = ODD
    spans = tagger.spans(text)
    assert_clean(text, spans)
    said = text.index("said")
    assert any(s.label == "cue" and (s.start, s.end) == (said, said + 4) for s in spans)


@needs_model
def test_source_and_cue_of_a_plain_report(tagger):
    text = "The regional governor said on Tuesday that the dam had been repaired."
    spans = {(s.label, text[s.start : s.end]) for s in tagger.spans(text)}
    assert ("cue", "said") in spans
    assert ("source", "The regional governor") in spans


@needs_model
def test_long_paragraph_spans_are_exact_in_every_window(tagger):
    sentence = "The agency said {n} trucks had crossed the border. "
    text = "Opening line.\n" + "".join(sentence.format(n=n) for n in range(60))
    spans = tagger.spans(text)
    assert_clean(text, spans)
    cue_starts = {s.start for s in spans if s.label == "cue" and text[s.start : s.end] == "said"}
    expected = {m.start() for m in re.finditer(r"\bsaid\b", text)}
    # Four windows here (about 600 tokens); cues deep inside must still be found in place.
    assert cue_starts == expected


@needs_model
def test_one_overlong_sentence_spans_are_exact(tagger):
    text = "Officials said that " + ", ".join(f"road {i} was shut" for i in range(120)) + "."
    spans = tagger.spans(text)
    assert_clean(text, spans)
    assert any(s.label == "cue" and text[s.start : s.end] == "said" for s in spans)


@needs_model
def test_gated_text_is_tagged_only_inside_its_regions_at_its_own_offsets(tagger):
    first = "The regional governor said on Tuesday that the dam had been repaired.\n"
    second = "The mayor said the bridge would reopen in May."
    text = first + second
    gated = tagger.spans(text, [(len(first), len(text))])
    assert_clean(text, gated)
    assert gated and all(s.start >= len(first) for s in gated)
    alone = tagger.spans(second)
    # The second paragraph tagged on its own gives the same spans, shifted to its place.
    assert [(s.label, s.start + len(first), s.end + len(first)) for s in alone] == [(s.label, s.start, s.end) for s in gated]
    assert tagger.spans(text, []) == []


@needs_model
def test_empty_and_blank_texts(tagger):
    assert tagger.spans("") == []
    assert tagger.spans(" \n\t\n") == []


def test_tagger_module_loads_without_spacy():
    """train/attribution.py loads this module by path in a venv without spaCy."""
    import subprocess
    import sys

    from corroborate.extract import tagger

    code = (
        "import importlib.util, sys\n"
        "sys.modules['spacy'] = None\n"  # any import of spaCy now raises ImportError
        f"spec = importlib.util.spec_from_file_location('tagger', {str(tagger.__file__)!r})\n"
        "module = importlib.util.module_from_spec(spec)\n"
        "sys.modules['tagger'] = module\n"
        "spec.loader.exec_module(module)\n"
        "print(module.TAGS[0])\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "O"
