"""Web latency bench: p50/p95 of the board, a group, a story, an article and /api/estimates over a large ledger.

    .venv/bin/python bench/web.py [--articles 10000] [--requests 300] [--db bench/out/web-10000.db]

The ledger is built fast: a few short articles (written here) are analysed once by the real
pipeline, then stored again and again through the ledger's store as new articles (a new URL
gives each a new content hash), with their figures jittered, outlets and dates varied, so the
estimate groups grow large and disagree. It is kept and reused. ``corroborate serve`` then runs
as a subprocess on a free loopback port and this process times a bounded loop of requests.
"""
from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_MS = 100.0

STORY_ARTICLES = 25  # articles a story has: a developing story as a fact-checker meets one
# Each story's texts: one of these, with its own names (so that stories are told apart by them).
TEMPLATES = [
    "Flood toll rises in {place}\nThe mayor of {place}, {person}, said at least 40 people were killed in the flood "
    "on Monday. Police in {place} said 12 people were injured.\n",
    "{place} flood deaths disputed\nThe governor, {person}, said 25 people were killed in the {place} flood. "
    "{last} said the damage in {place} would cost $3 million to repair.\n",
    "Storm hits {place}\nPolice in {place} said between 100 and 120 homes were destroyed by the storm on Friday, "
    "{person} said.\n",
    "Strike spreads in {place}\nUnion leader {person} said about 5,000 workers joined the strike in {place} on "
    "Tuesday. The company said fewer than 2,000 workers stayed away.\n",
    "Fire in the hills above {place}\nFirefighters said the fire had burned 3,400 hectares near {place} by Sunday. "
    "The regional minister, {person}, said 300 people were evacuated.\n",
    "{place} hospital waits\nHealth officials in {place} said 1,200 patients waited more than four hours last "
    "week. The hospital chief, {person}, told reporters that 45 nurses had resigned.\n",
    "Border crossing at {place}\nThe interior ministry said 8,000 people crossed the border at {place} in March. "
    "Aid groups led by {person} said at least 11,000 people had crossed.\n",
    "{place} budget row\nThe finance minister, {person}, said the {place} plan would cost 2 billion euros. "
    "Critics said it would cost up to 3.5 billion euros.\n",
]
OUTLETS = ["Daily Test", "Evening Post", "Morning Wire", "Coast Herald", "City Ledger", "Valley News"]
_SYLLABLES = ["bra", "cor", "del", "fen", "gal", "hol", "ist", "kar", "lum", "mor", "nes", "ost", "pel", "quin",
              "ros", "sel", "tam", "ur", "val", "wen", "yor", "zan"]
_FIRST = ["Ada", "Bram", "Mara", "Tomas", "Ines", "Lena", "Oskar", "Pia", "Rui", "Sana", "Teo", "Una"]


def _name(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(parts)).capitalize()


def story_texts(stories: int, rng: random.Random) -> list[str]:
    """One text a story: a template with its own place and person."""
    out = []
    for k in range(stories):
        last = _name(rng, 3)
        out.append(TEMPLATES[k % len(TEMPLATES)].format(place=_name(rng, 2) + "ford", person=f"{rng.choice(_FIRST)} {last}",
                                                        last=last))
    return out


def build(db: Path, n: int) -> None:
    """``n`` articles in stories of ``STORY_ARTICLES``: each story's text analysed once by the real
    pipeline, then stored as that many articles (a new URL gives each a new content hash) with
    their figures jittered and outlets and dates varied within the story's weeks."""
    import corroborate
    from corroborate.analysis import analyze_articles
    from corroborate.ingest.article import Article
    from corroborate.ledger import Ledger

    rng = random.Random(7)
    stories = max(1, n // STORY_ARTICLES)
    texts = story_texts(stories, rng)
    nlp = corroborate.load_pipeline()
    records = list(analyze_articles([Article(text=t, published=date(2026, 3, 1)) for t in texts], nlp=nlp))
    starts = [date(2024, 1, 1) + timedelta(days=rng.randrange(700)) for _ in range(stories)]
    db.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with Ledger(str(db)) as ledger:
        for i in range(n):
            k = i % stories
            published = starts[k] + timedelta(days=rng.randrange(21))
            article = Article(text=texts[k], id=f"bench-{i}", title=records[k].title, published=published,
                              outlet=rng.choice(OUTLETS), url=f"https://bench.invalid/{i}", origin="bench")
            quantities = []
            for q in records[k].quantities:
                f = rng.uniform(0.6, 1.6)
                scale = {key: (None if getattr(q, key) is None else round(getattr(q, key) * f))
                         for key in ("value", "low", "high")}
                quantities.append(q.model_copy(update=scale))
            record = records[k].model_copy(update={
                "id": article.id, "published": published.isoformat(), "outlet": article.outlet,
                "url": article.url, "quantities": quantities})
            ledger.add(article, record)
            if (i + 1) % 1000 == 0:
                print(f"  stored {i + 1}/{n} ({time.perf_counter() - started:.0f} s)", file=sys.stderr)


def sample_ids(db: Path) -> tuple[list[int], list[int], list[str]]:
    """Groups of two or more reports (what a reader opens from the board), stories, outlets."""
    from corroborate.ledger import Ledger, queries

    with Ledger(str(db)) as ledger, ledger.engine.connect() as conn:
        groups = [int(g["id"][1:]) for g in queries.estimates(conn, limit=None, members=1, min_members=2)]
        stories = [int(s["id"][1:]) for s in queries.stories(conn, limit=None)]
        outlets = queries.group_outlets(conn)
    return groups, stories, outlets


def server_cpu(pid: int) -> float:
    """CPU seconds the server process has used (Linux): what a request costs whatever else runs."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--requests", type=int, default=300, help="timed requests per route (after 20 warm-up)")
    ap.add_argument("--db", type=Path, help="ledger to use (built when missing)")
    args = ap.parse_args()
    db = args.db or ROOT / "bench" / "out" / f"web-{args.articles}.db"
    if not db.exists():
        print(f"building {db} with {args.articles} articles", file=sys.stderr)
        build(db, args.articles)

    import httpx

    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "corroborate.cli", "serve", "--db", str(db), "--host",
                               "127.0.0.1", "--port", str(port), "--read-only"])
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            deadline = time.monotonic() + 60
            while True:
                try:
                    total = client.get("/api/stats").json()["articles"]
                    break
                except httpx.TransportError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise SystemExit("the server did not start")
                    time.sleep(0.2)
            rng = random.Random(11)
            groups, stories, outlets = sample_ids(db)
            routes = {
                "/": lambda: "/",
                "/?filters": lambda: "/?" + rng.choice(["about=killed", "sort=latest&page=3", "unit=person",
                                                          f"outlet={rng.choice(outlets)}", "since=2025-01-01"]),
                "/estimates/{id}": lambda: f"/estimates/g{rng.choice(groups)}",
                "/stories/{id}": lambda: f"/stories/S{rng.choice(stories)}",
                "/articles/{id}": lambda: f"/articles/a{rng.randrange(1, total + 1)}",
                "/api/estimates": lambda: "/api/estimates",
            }
            print(f"{total} articles; {args.requests} requests per route, one at a time, over loopback")
            worst = 0.0
            for name, url in routes.items():
                for _ in range(20):
                    client.get(url()).raise_for_status()
                times = []
                cpu0 = server_cpu(server.pid)
                for _ in range(args.requests):
                    u = url()
                    t0 = time.perf_counter()
                    client.get(u).raise_for_status()
                    times.append((time.perf_counter() - t0) * 1000)
                cpu = (server_cpu(server.pid) - cpu0) / args.requests * 1000
                times.sort()
                p95 = times[max(0, int(round(0.95 * len(times))) - 1)]
                worst = max(worst, p95)
                print(f"{name:16} p50 {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms   max {times[-1]:7.1f} ms"
                      f"   server CPU {cpu:5.1f} ms a request")
    finally:
        server.terminate()
        server.wait(10)
    print(f"target p95 <= {TARGET_MS:.0f} ms: {'met' if worst <= TARGET_MS else 'NOT met'} "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    return 0 if worst <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
