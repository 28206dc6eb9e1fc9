"""Reading numbers from tokens: digits, magnitudes, words, fractions, vague plurals."""
from __future__ import annotations

import pytest

from corroborate.extract.numbers import parse_digits, read_number


def read(text: str, money: bool = False):
    """Read the number at the start of a whitespace-tokenised text."""
    return read_number(text.split(), 0, money=money)


@pytest.mark.parametrize(
    "text, value, suffix",
    [
        ("1,500", 1500, ""),
        ("1,234,567", 1234567, ""),
        ("2.5", 2.5, ""),
        ("0.75", 0.75, ""),
        ("250sq", 250, "sq"),
        ("40%", 40, "%"),
        ("1990s", 1990, "s"),
    ],
)
def test_parse_digits(text, value, suffix):
    assert parse_digits(text) == (value, suffix)


@pytest.mark.parametrize("text", ["020", "1,50", "12,34,567", "1.2.3", "abc", "9/11"])
def test_parse_digits_rejects_codes_and_malformed_numbers(text):
    assert parse_digits(text) is None


@pytest.mark.parametrize(
    "text, value, end",
    [
        ("61bn", 61_000_000_000, 1),
        ("1.5 m shares", 1_500_000, 2),
        ("3 million people", 3_000_000, 2),
        ("20.1 billion", 20_100_000_000, 2),
        ("2.5k", 2500, 1),
        ("5 hundred thousand", 500_000, 3),
        ("2 dozen", 24, 2),
    ],
)
def test_magnitudes_multiply_the_digits(text, value, end):
    number = read(text)
    assert (number.value, number.end, number.kind) == (value, end, "digits")
    assert number.scaled


def test_upper_case_magnitude_needs_a_currency():
    assert read("3M").suffix == "M"  # the company, not three million
    assert read("3M", money=True).value == 3_000_000


@pytest.mark.parametrize(
    "text, value, end",
    [
        ("two", 2, 1),
        ("twenty - one soldiers", 21, 3),
        ("two - and - a - half years", 2.5, 7),
        ("two and a half million", 2_500_000, 5),
        ("a dozen eggs", 12, 2),
        ("half a million", 500_000, 3),
        ("a hundred and fifty", 150, 4),
        ("one hundred thousand", 100_000, 3),
        ("three million", 3_000_000, 2),
    ],
)
def test_number_words(text, value, end):
    number = read(text)
    assert (number.value, number.end, number.kind) == (value, end, "words")


def test_and_between_two_numbers_ends_the_first():
    number = read("two and three")
    assert (number.value, number.end) == (2, 1)


@pytest.mark.parametrize(
    "text, value",
    [("two - thirds of", 2 / 3), ("a third of", 1 / 3), ("three quarters of", 0.75), ("one - fifth", 0.2)],
)
def test_fractions(text, value):
    number = read(text)
    assert number.kind == "fraction"
    assert number.value == pytest.approx(value)


@pytest.mark.parametrize(
    "text, value, end",
    [
        ("dozens of", 12, 1),
        ("hundreds of", 100, 1),
        ("thousands of", 1000, 1),
        ("tens of thousands of", 10_000, 3),
        ("hundreds of thousands of", 100_000, 3),
        ("millions of", 1_000_000, 1),
    ],
)
def test_vague_plurals(text, value, end):
    number = read(text)
    assert (number.value, number.end, number.kind) == (value, end, "vague")


@pytest.mark.parametrize("text", ["a", "an apple", "half", "and", "first", "the two"])
def test_not_numbers(text):
    number = read(text)
    assert number is None or number.kind == "fraction"  # a lone "half" is a fraction; the caller needs "of"
