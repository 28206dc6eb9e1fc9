"""A publication date for an article given none: from its URL, else a dateline."""
from __future__ import annotations

from datetime import date

import pytest

from corroborate.ingest.article import Article
from corroborate.ingest.dates import infer_published


@pytest.mark.parametrize("url, expected", [
    ("https://news.example/2013/05/03/world/quake", date(2013, 5, 3)),
    ("https://news.example/2013/may/03/local/rehab", date(2013, 5, 3)),
    ("https://news.example/story-20130504.html", date(2013, 5, 4)),
])
def test_dates_in_urls(url, expected):
    assert infer_published("No date in the text.", url) == (expected, "url")


@pytest.mark.parametrize("text, expected", [
    ("Quake hits coast\nMay 03, 2013\nA strong quake", date(2013, 5, 3)),
    ("Quake hits coast\nUPDATED 05/03/2013 at 11:00 AM EDT\nA strong quake", date(2013, 5, 3)),
    ("Five dead in quake Tuesday, July 2nd, 2013 A powerful quake", date(2013, 7, 2)),
    ("Storm report\n7 March 2026\nWinds rose.", date(2026, 3, 7)),
])
def test_datelines_near_the_top(text, expected):
    assert infer_published(text, None) == (expected, "dateline")


def test_no_date_and_dates_deep_in_the_story_are_not_taken():
    assert infer_published("Nothing here but words.", None) is None
    assert infer_published("x " * 400 + "On May 3, 2013 the court ruled.", None) is None
    assert infer_published("Report\nFebruary 30, 2013\n", None) is None  # not a day of the calendar


def test_an_article_says_where_its_date_came_from():
    assert Article(text="text", published=date(2024, 1, 2)).dated() == (date(2024, 1, 2), "input")
    assert Article(text="Quake\nMay 03, 2013\nA strong quake").dated() == (date(2013, 5, 3), "dateline")
    assert Article(text="Nothing.").dated() == (None, None)
