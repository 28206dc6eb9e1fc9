"""The pages in a real browser: Playwright driving Debian's chromium (never a downloaded one).

Screenshots are kept under tests/artifacts/ (gitignored) for a person to look at.
"""
from __future__ import annotations

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium "
                                                               "(apt-get install -y chromium)")


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


def test_board_renders_one_svg_group_per_estimate_group(page, live_url, client):
    groups = client.get("/api/estimates").json()
    page.goto(live_url + "/")
    assert page.locator("svg.board g.group").count() == len(groups) == 3
    assert page.locator("svg.board g.group.conflict").count() == 1
    assert page.locator(".conflict-row").get_by_text("Conflict: these sources disagree").is_visible()
    assert page.locator("svg.board a.mark").count() == sum(len(g["members"]) for g in groups)
    page.screenshot(path=str(ARTIFACTS / "board.png"), full_page=True)


def test_clicking_a_figure_opens_the_article_at_it(page, live_url):
    page.goto(live_url + "/")
    page.locator('svg.board a.mark[aria-label^="Ada Quell: at least 40"]').click()
    page.wait_for_url("**/articles/a*#q*")
    target = page.locator("mark.fig:target")
    assert target.count() == 1 and target.inner_text() == "at least 40"
    assert target.is_visible()
    box, height = target.bounding_box(), page.viewport_size["height"]
    assert 0 <= box["y"] < height  # scrolled into view
    assert target.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(255, 216, 184)"
    page.screenshot(path=str(ARTIFACTS / "article-at-figure.png"))


def test_keyboard_focus_on_a_figure_shows_its_source(page, live_url):
    page.goto(live_url + "/articles/a1")
    fig = page.locator("mark.fig#q1")
    fig.focus()
    assert page.evaluate("document.activeElement.id") == "q1"
    tip = fig.evaluate("e => getComputedStyle(e, '::after').content")
    assert "claimed by Ada Quell" in tip
    page.screenshot(path=str(ARTIFACTS / "figure-tooltip.png"))


def test_search_finds_a_quote(page, live_url):
    page.goto(live_url + "/search")
    page.get_by_label("Words in statements and articles").fill("river banks")
    page.get_by_role("button", name="Search").click()
    hit = page.locator("li.statement-hit")
    assert hit.count() == 1 and "still searching the river banks" in hit.inner_text()
    assert "Ada Quell" in hit.inner_text()
    page.screenshot(path=str(ARTIFACTS / "search.png"), full_page=True)


def test_board_fits_a_phone(browser, live_url):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    pg = context.new_page()
    pg.goto(live_url + "/")
    assert pg.evaluate("document.scrollingElement.scrollWidth") <= 375
    pg.screenshot(path=str(ARTIFACTS / "board-phone.png"), full_page=True)
    context.close()


def test_board_marks_are_reachable_by_keyboard(page, live_url):
    page.goto(live_url + "/")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('svg.board a.mark')"):
            break
    else:
        pytest.fail("no board mark took the keyboard focus")
    href = page.evaluate("document.activeElement.getAttribute('href')")
    page.screenshot(path=str(ARTIFACTS / "board-focus.png"))
    page.keyboard.press("Enter")
    page.wait_for_url("**" + href)
    assert page.locator("mark.fig:target").count() == 1
