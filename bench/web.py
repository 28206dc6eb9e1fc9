"""Web latency bench: p50/p95 of the board, an article page and /api/estimates over a large ledger.

    .venv/bin/python bench/web.py [--articles 10000] [--requests 300] [--db bench/out/web-10000.db]

The ledger is built fast: a few short articles (written here) are analysed once by the real
pipeline, then stored again and again through the ledger's store as new articles (a new URL
gives each a new content hash), with their figures jittered, outlets and dates varied, so the
estimate groups grow large and disagree. It is kept and reused. ``corroborate serve`` then runs
as a subprocess on a free loopback port and this process times a bounded loop of requests.
"""
from __future__ import annotations

import argparse
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

TEMPLATES = [
    "Flood toll rises\nThe mayor, Ada Quell, said at least 40 people were killed in the flood on Monday. "
    "Police said 12 people were injured.\n",
    "Flood deaths disputed\nThe governor, Bram Osei, said 25 people were killed in the flood. "
    "Osei said the damage would cost $3 million to repair.\n",
    "Storm hits coast\nPolice said between 100 and 120 homes were destroyed by the storm on Friday.\n",
    "Strike spreads\nUnion leader Mara Lind said about 5,000 workers joined the strike on Tuesday. "
    "The company said fewer than 2,000 workers stayed away.\n",
    "Fire in the hills\nFirefighters said the fire had burned 3,400 hectares by Sunday. "
    "The regional minister, Tomas Ferro, said 300 people were evacuated.\n",
    "Hospital waits\nHealth officials said 1,200 patients waited more than four hours last week. "
    "The hospital chief, Ines Varga, told reporters that 45 nurses had resigned.\n",
    "Border crossing\nThe interior ministry said 8,000 people crossed the border in March. "
    "Aid groups said at least 11,000 people had crossed.\n",
    "Budget row\nThe finance minister, Lena Orr, said the plan would cost 2 billion euros. "
    "Critics said it would cost up to 3.5 billion euros.\n",
]
OUTLETS = ["Daily Test", "Evening Post", "Morning Wire", "Coast Herald", "City Ledger", "Valley News"]


def build(db: Path, n: int) -> None:
    import corroborate
    from corroborate.analysis import analyze_articles
    from corroborate.ingest.article import Article
    from corroborate.ledger import Ledger

    nlp = corroborate.load_pipeline()
    base = [Article(text=text, published=date(2026, 3, 1)) for text in TEMPLATES]
    records = list(analyze_articles(base, nlp=nlp))
    rng = random.Random(7)
    db.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with Ledger(str(db)) as ledger:
        for i in range(n):
            k = i % len(TEMPLATES)
            published = date(2025, 1, 1) + timedelta(days=rng.randrange(420))
            article = Article(text=TEMPLATES[k], id=f"bench-{i}", title=records[k].title, published=published,
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
            routes = {
                "/": lambda: "/",
                "/articles/{id}": lambda: f"/articles/a{rng.randrange(1, total + 1)}",
                "/api/estimates": lambda: "/api/estimates",
            }
            print(f"{total} articles; {args.requests} requests per route, one at a time, over loopback")
            worst = 0.0
            for name, url in routes.items():
                for _ in range(20):
                    client.get(url()).raise_for_status()
                times = []
                for _ in range(args.requests):
                    u = url()
                    t0 = time.perf_counter()
                    client.get(u).raise_for_status()
                    times.append((time.perf_counter() - t0) * 1000)
                times.sort()
                p95 = times[max(0, int(round(0.95 * len(times))) - 1)]
                worst = max(worst, p95)
                print(f"{name:16} p50 {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms   max {times[-1]:7.1f} ms")
    finally:
        server.terminate()
        server.wait(10)
    print(f"target p95 <= {TARGET_MS:.0f} ms: {'met' if worst <= TARGET_MS else 'NOT met'}")
    return 0 if worst <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
