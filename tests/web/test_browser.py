"""The pages in a real browser: Playwright driving Debian's chromium (never a downloaded one).

The board and group pages are checked on the bundled sample corpus (its designed conflicts and
its rising flood toll) at a desktop and a phone width: no two pieces of text of a group overlap,
one axis holds every report, a timeline has a date axis in date order, filters and pages live in
the URL, a figure leads to its sentence and back, the keyboard reaches everything, and axe-core
(from npm, scripts/axe-core.sh; handed to the page by the test, never fetched by it) finds no
WCAG A or AA violation. Screenshots are kept under tests/artifacts/ (gitignored).
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from corroborate.web.board import SERIES

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
AXE = ROOT / "tests" / ".npm" / "node_modules" / "axe-core" / "axe.min.js"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
WIDTHS = (1400, 390)

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium "
                                                               "(apt-get install -y chromium)")

# Every piece of text inside each [data-group] box, as the rectangles of its lines; two pieces
# overlap when their rectangles intersect by more than half a pixel each way.
OVERLAPS = """() => {
  const found = [];
  for (const box of document.querySelectorAll('[data-group]')) {
    const rects = [];
    const walk = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    for (let node = walk.nextNode(); node; node = walk.nextNode()) {
      if (!node.textContent.trim()) continue;
      const el = node.parentElement;
      if (el.closest('svg') || getComputedStyle(el).visibility === 'hidden') continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) {
        if (r.width > 0.5 && r.height > 0.5) rects.push({text: node.textContent.trim(), r});
      }
    }
    for (let i = 0; i < rects.length; i++) {
      for (let j = i + 1; j < rects.length; j++) {
        const a = rects[i].r, b = rects[j].r;
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > 0.5 && h > 0.5 && rects[i].text !== rects[j].text)
          found.push(`${box.dataset.group}: "${rects[i].text}" over "${rects[j].text}"`);
      }
    }
  }
  return found;
}"""


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (pip) is not installed")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1100, "height": 800})
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    yield pg
    context.close()


@pytest.fixture(scope="module")
def samples(tmp_path_factory, nlp):
    """The bundled sample corpus in a ledger, served on a loopback port: (url, its groups)."""
    from live import serving

    from corroborate.ingest.sources import read_sources
    from corroborate.ledger import Ledger, queries
    from corroborate.run import ingest
    from corroborate.web.app import create_app

    path = str(tmp_path_factory.mktemp("samples") / "ledger.db")
    with Ledger(path) as led:
        assert ingest(read_sources([str(ROOT / "samples")]), led).failed == 0
        with led.engine.connect() as conn:
            groups = queries.estimates(conn, limit=None, members=None)
    with serving(create_app(db=path)) as url:
        yield url, groups


def several(groups):
    return [g for g in groups if g["sources"] >= 2]


def at_width(browser, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, is_mobile=width < 600)
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    return context, pg


@pytest.mark.parametrize("width", WIDTHS)
def test_no_text_of_a_group_overlaps_another(browser, samples, width):
    url, groups = samples
    context, pg = at_width(browser, width)
    try:
        pages = ["/", "/?sort=latest", *(f"/estimates/{g['id']}" for g in several(groups))]
        for path in pages:
            pg.goto(url + path)
            assert pg.locator("[data-group]").count() >= 1, path
            assert pg.evaluate(OVERLAPS) == [], path
            assert pg.evaluate("document.scrollingElement.scrollWidth") <= width, path
        pg.goto(url + "/")
        pg.screenshot(path=str(ARTIFACTS / f"board-{width}.png"), full_page=True)
    finally:
        context.close()


def test_a_group_page_shows_one_axis_with_every_member(page, samples):
    url, groups = samples
    conflict = next(g for g in groups if g["status"] == "conflict" and g["unit"] == "person")
    page.goto(url + f"/estimates/{conflict['id']}")
    card = page.locator("section.group-card", has=page.locator("#axis-h"))
    assert card.locator(".chart").count() == 1
    reports = card.locator("ol.reports:not(.related) li.report")
    assert reports.count() == conflict["members_total"]
    # Every report's mark lies on the one axis: inside the plot, the police's 8,000 left of the organisers' 40,000.
    track = card.locator(".track").first.bounding_box()
    xs = {}
    for i in range(reports.count()):
        dot = reports.nth(i).locator(".dot").bounding_box()
        assert track["x"] <= dot["x"] and dot["x"] + dot["width"] <= track["x"] + track["width"] + 1
        xs.setdefault(reports.nth(i).locator(".who").inner_text().split()[0], []).append(dot["x"])
    assert max(xs["Police"]) < min(xs["Organisers"])
    assert page.locator(".tick-label").count() >= 2
    assert page.locator("a.figure").first.get_attribute("aria-label").startswith(conflict["members"][0]["source"])
    page.screenshot(path=str(ARTIFACTS / "group-conflict.png"), full_page=True)


def _day(text: str) -> date:
    return date.fromisoformat(text[:10])


def test_a_timeline_group_has_a_date_axis_in_date_order(page, samples):
    url, groups = samples
    timeline = next(g for g in groups if g["status"] == "timeline")
    page.goto(url + f"/estimates/{timeline['id']}")
    view = page.locator("figure.timeview")
    assert view.count() == 1
    ticks = view.locator(".date-tick")
    labels = ticks.all_inner_texts()
    assert len(labels) >= 2
    lefts = [ticks.nth(i).bounding_box()["x"] for i in range(ticks.count())]
    assert lefts == sorted(lefts)
    year = date.fromisoformat(timeline["dates"]["first"]).year
    days = [date.fromisoformat(f"{year}-{m}") for m in
            (re.sub(r"(\d+) (\w+)", lambda x: f"{_month(x[2]):02d}-{int(x[1]):02d}", s) for s in labels)]
    assert days == sorted(days) and len(set(days)) == len(days)
    # Each point sits where its date is: in date order left to right.
    points = view.locator(".pt")
    assert points.count() == sum(1 for m in timeline["members"] if m["date"])
    drawn = points.evaluate_all("ps => ps.map(p => [p.dataset.date, p.getBoundingClientRect().x])")
    assert sorted(d for d, _ in drawn) == sorted(_day(m["date"]).isoformat() for m in timeline["members"] if m["date"])
    drawn.sort()
    assert all(x1 < x2 if d1 < d2 else abs(x1 - x2) < 1 for (d1, x1), (d2, x2) in zip(drawn, drawn[1:]))
    assert view.locator(".legend li").count() == min(SERIES, len({m["source"] or m["outlet"] for m in timeline["members"]}))
    # And the list of reports below is in date order too.
    listed = page.locator("ol.sentences li.member").evaluate_all("ls => ls.map(l => l.dataset.date)")
    assert [_day(d) for d in listed] == sorted(_day(d) for d in listed)
    page.screenshot(path=str(ARTIFACTS / "group-timeline.png"), full_page=True)


def _month(name: str) -> int:
    return ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"].index(name) + 1


def test_filters_and_pages_round_trip_through_the_url(page, samples):
    url, _ = samples
    page.goto(url + "/?per_page=1")
    page.get_by_label("Words").fill("people")
    page.get_by_label("Sort by").select_option("latest")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"about=people"))
    assert "sort=latest" in page.url and "per_page=1" in page.url
    first_story = page.locator("section.story h2").inner_text()
    page.get_by_role("link", name="Next →").click()
    page.wait_for_url(re.compile(r"page=2"))
    assert "about=people" in page.url and "sort=latest" in page.url
    assert page.get_by_label("Words").input_value() == "people"
    assert page.get_by_label("Sort by").input_value() == "latest"
    assert page.locator("section.story h2").inner_text() != first_story
    assert "page 2 of" in page.locator("#board-count").inner_text()
    # The same URL opened afresh gives the same page.
    again = page.url
    page.goto(url + "/")
    page.goto(again)
    assert page.get_by_label("Words").input_value() == "people"
    page.get_by_role("link", name="← Previous").click()
    page.wait_for_url(re.compile(r"page=1"))
    assert page.locator("section.story h2").inner_text() == first_story


def test_a_figure_leads_to_its_highlighted_sentence_and_back(page, samples):
    url, groups = samples
    g = next(g for g in groups if g["status"] == "conflict" and g["unit"] == "person")
    page.goto(url + f"/estimates/{g['id']}")
    page.locator("a.sentence").first.click()
    page.wait_for_url(re.compile(r"/articles/a\d+\?figure=q\d+#q\d+"))
    sentence = page.locator(".hl-sentence")
    assert sentence.count() >= 1
    box, height = page.locator("mark.fig:target").bounding_box(), page.viewport_size["height"]
    assert 0 <= box["y"] < height  # scrolled to it
    assert page.locator("mark.fig:target").evaluate("e => e.closest('p').querySelector('.hl-sentence') !== null")
    colour = sentence.first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour == "rgb(255, 240, 168)"
    page.screenshot(path=str(ARTIFACTS / "article-at-sentence.png"))
    page.get_by_role("link", name=re.compile("back to the group")).click()
    page.wait_for_url(f"**/estimates/{g['id']}")
    # From the board, the figure link itself goes the same way.
    page.goto(url + "/")
    page.locator("a.figure").first.click()
    page.wait_for_url(re.compile(r"\?figure=q\d+#q\d+"))
    assert page.locator("mark.fig:target").count() == 1


def test_a_figure_shows_its_exact_text_on_focus(page, samples):
    url, _ = samples
    page.goto(url + "/")
    fig = page.locator("a.figure").first
    fig.focus()
    tip = fig.evaluate("e => getComputedStyle(e, '::after').content")
    assert "as written" in tip and re.search(r"\d", tip)
    assert fig.inner_text() in ("≈40k", "40k", "8,000") or len(fig.inner_text()) <= 12


def test_the_keyboard_reaches_every_control_with_a_visible_focus(page, samples):
    url, groups = samples
    for path in ("/", f"/estimates/{several(groups)[0]['id']}"):
        page.goto(url + path)
        wanted = page.evaluate("""() => {
            const all = [...document.querySelectorAll('a[href], button, input, select, summary, [tabindex="0"]')]
                .filter(e => e.checkVisibility() && e.type !== "hidden");
            all.forEach((e, i) => e.dataset.kb = i);
            return all.length; }""")
        ringed: dict[str, bool] = {}  # each control: did it show a focus ring (a date field's parts take turns)
        for _ in range(wanted + 20):  # a date field takes a stop for each of its parts
            page.keyboard.press("Tab")
            info = page.evaluate("""() => { const e = document.activeElement; const s = getComputedStyle(e);
                return {key: e.dataset.kb, outline: s.outlineStyle, width: parseFloat(s.outlineWidth),
                        shadow: s.boxShadow, tag: e.tagName}; }""")
            if info["tag"] == "BODY":
                break
            ring = (info["outline"] != "none" and info["width"] >= 2) or info["shadow"] != "none"
            ringed[info["key"]] = ringed.get(info["key"], False) or ring
        assert len(ringed) >= wanted, (path, len(ringed), wanted)
        assert [k for k, ring in ringed.items() if not ring] == [], path
    page.goto(url + "/")
    page.get_by_label("Words").focus()
    page.keyboard.type("attended")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"about=attended"))
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('a.figure')"):
            break
    else:
        pytest.fail("no figure took the keyboard focus")
    page.screenshot(path=str(ARTIFACTS / "board-focus.png"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"\?figure=q\d+#q\d+"))
    assert page.locator("mark.fig:target").count() == 1


def test_pages_meet_wcag_aa(browser, samples):
    if not AXE.exists():
        pytest.skip(f"axe-core is not installed at {AXE} (make test runs scripts/axe-core.sh, which needs npm)")
    url, groups = samples
    timeline = next(g for g in groups if g["status"] == "timeline")
    context = browser.new_context(viewport={"width": 1400, "height": 900}, bypass_csp=True)
    pg = context.new_page()
    try:
        for path in ("/", f"/estimates/{timeline['id']}", f"/estimates/{several(groups)[0]['id']}",
                     f"/stories/{timeline['story']}", "/articles/a1?figure=q1", "/search?q=flood", "/articles"):
            pg.goto(url + path)
            pg.evaluate(AXE.read_text())
            pg.locator("details.others").evaluate_all("ds => ds.forEach(d => d.open = true)")
            result = pg.evaluate("""() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
                                    .then(r => r.violations.map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')))""")
            assert result == [], (path, result)
    finally:
        context.close()


def test_story_page_and_article_page(page, samples):
    url, groups = samples
    timeline = next(g for g in groups if g["status"] == "timeline")
    page.goto(url + f"/stories/{timeline['story']}")
    titles = page.locator("ol.story-articles li a")
    assert titles.count() >= 2
    page.screenshot(path=str(ARTIFACTS / "story.png"), full_page=True)
    page.goto(url + "/articles/a1")
    link = page.locator("aside a[href^='/estimates/']").first
    href = link.get_attribute("href")
    link.click()
    page.wait_for_url("**" + href)
    assert page.locator("h1").count() == 1


def test_search_finds_a_quote(page, live_url):
    page.goto(live_url + "/search")
    page.get_by_label("Words in statements and articles").fill("river banks")
    page.get_by_role("button", name="Search").click()
    hit = page.locator("li.statement-hit")
    assert hit.count() == 1 and "still searching the river banks" in hit.inner_text()
    assert "Ada Quell" in hit.inner_text()
    page.screenshot(path=str(ARTIFACTS / "search.png"), full_page=True)


def test_keyboard_focus_on_a_figure_shows_its_source(page, live_url):
    page.goto(live_url + "/articles/a1")
    fig = page.locator("mark.fig#q1")
    fig.focus()
    assert page.evaluate("document.activeElement.id") == "q1"
    tip = fig.evaluate("e => getComputedStyle(e, '::after').content")
    assert "claimed by Ada Quell" in tip
