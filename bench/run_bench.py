"""nongrata's benchmark: the obvious script against the pipeline, on one machine, in one run.

    .venv/bin/python bench/run_bench.py                 # pages mode (see bench/README.md)
    .venv/bin/python bench/run_bench.py --scale         # 1,000 generated feeds
    .venv/bin/python bench/run_bench.py --json-out results.json

Everything is served from 127.0.0.1 (``bench/bench_site.py``); every nongrata process runs with
``NONGRATA_ONLY_HOSTS=127.0.0.1``. Each mode runs in its own process; its wall time and the
peak resident memory of its whole process tree (pool workers included) are measured from
outside. Prints a table and then the figures as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import psutil

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from bench_site import BenchSite, add_items, pages_site, scale_site  # noqa: E402

PYTHON = sys.executable
NONGRATA = str(Path(PYTHON).parent / "nongrata")
STAGES = ("poll", "fetch+clean", "prefilter", "nlp", "match", "store", "alert")


def measure(cmd: list[str], env: dict[str, str], cwd: Path) -> dict[str, Any]:
    """Run ``cmd``; its wall time, the peak RSS of its process tree, and its JSON output."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        root = psutil.Process(proc.pid)
        while not done.is_set():
            try:
                tree = [root, *root.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
            except psutil.Error:
                pass
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-4000:]}")
    last = [line for line in out.splitlines() if line.startswith("{")]
    return {"wall": wall, "peak_rss_mb": round(peak / 2**20, 1), "out": json.loads(last[-1])}


def nongrata_env(work: Path, name: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NONGRATA_")}
    env.update(
        {
            "NONGRATA_DATA_DIR": str(work / name),
            "NONGRATA_DATABASE_URL": f"sqlite:///{work / name}.db",
            "NONGRATA_ONLY_HOSTS": "127.0.0.1",
            "NONGRATA_ALLOW_PRIVATE_NETWORKS": "true",
            "NONGRATA_SEED_DEFAULT_FEEDS": "false",
            "NONGRATA_POLL_INTERVAL_MINUTES": "0",  # a second run polls every feed again
            # One loopback server stands for many outlets: allow as many connections to it
            # as the overall limit (the default per-host limit is 2).
            "NONGRATA_MAX_CONNECTIONS_PER_HOST": "16",
            "PREFECT_HOME": str(work / "prefect"),
            "PREFECT_LOGGING_LEVEL": "WARNING",
            **extra,
        }
    )
    return env


def setup_db(work: Path, env: dict[str, str], site: BenchSite) -> None:
    feeds_file = work / "feeds.txt"
    feeds_file.write_text("\n".join(site.feed_urls))
    cmd = [PYTHON, str(HERE / "nongrata_run.py"), "setup", str(feeds_file), site.sink_url]
    measure(cmd, env, work)


def row(name: str, result: dict[str, Any], articles: int, alerts: int) -> dict[str, Any]:
    out = result["out"]
    return {
        "mode": name,
        "articles": articles,
        "wall_s": round(result["wall"], 2),
        "pipeline_s": round(out.get("seconds", result["wall"]), 2),
        "articles_per_s": round(articles / result["wall"], 1) if articles else None,
        "stages": out.get("stages", {}),
        "peak_rss_mb": result["peak_rss_mb"],
        "alerts": alerts,
    }


_T = TypeVar("_T")


def _median(items: list[_T], key: Callable[[_T], float]) -> _T:
    """The item of median ``key`` (the lower middle one of an even count)."""
    return sorted(items, key=key)[(len(items) - 1) // 2]


def _walls(runs: list[dict[str, Any]]) -> list[float]:
    return [round(r["wall"], 2) for r in runs]


def pages_mode(
    shared: Path, work: Path, feeds: int, skip_obvious: bool, repeat: int = 1
) -> dict[str, Any]:
    """Modes a, b, c and b' (bench/README.md); b, c and b' ``repeat`` times each, each time on
    a fresh database, the median shown (every wall time is in the JSON)."""
    rows: list[dict[str, Any]] = []
    with BenchSite() as site:
        labelled = pages_site(site, shared, feeds)
        base: dict[str, Any] = {}
        if not skip_obvious:
            obvious = measure(
                [PYTHON, str(HERE / "obvious.py"), *site.feed_urls], nongrata_env(work, "a"), work
            )
            base = obvious["out"]
            rows.append(row("a. obvious script", obvious, base["articles"], len(base["alerting"])))
        pairs: list[tuple[dict[str, Any], dict[str, Any]]] = []
        sink_after_b = 0
        for number in range(repeat):
            env_b = nongrata_env(work, f"b{number}")
            setup_db(work, env_b, site)
            sent_before = len(site.received)
            first = measure([PYTHON, str(HERE / "nongrata_run.py"), "run"], env_b, work)
            sink_after_b = len(site.received) - sent_before
            again = measure([PYTHON, str(HERE / "nongrata_run.py"), "run"], env_b, work)
            pairs.append((first, again))
        first, again = _median(pairs, key=lambda pair: pair[0]["wall"])
        b, c = first["out"], again["out"]
        new_b = b["ingest"]["new_articles"]
        rows.append(row("b. nongrata, no Prefect", first, new_b, len(b["alerting"])))
        rows[-1]["walls"] = _walls([f for f, _ in pairs])
        rows.append(row("c. nongrata, nothing new", again, c["ingest"]["new_articles"], 0))
        rows[-1]["walls"] = _walls([a for _, a in pairs])
        second_run: list[float] = sorted(
            f["out"]["seconds"] / a["out"]["seconds"] for f, a in pairs
        )
        # A daily job's Prefect database exists after its first day: create it (Prefect's
        # own first-use migrations) with a run over no feeds, on another nongrata database.
        env_w = nongrata_env(work, "p-warm")
        measure([NONGRATA, "run", "--json"], env_w, work)
        flows: list[dict[str, Any]] = []
        for number in range(repeat):
            env_p = nongrata_env(work, f"p{number}")
            setup_db(work, env_p, site)
            flow = measure([NONGRATA, "run", "--json"], env_p, work)
            flow["env"] = env_p
            flows.append(flow)
        flow = _median(flows, key=lambda run: run["wall"])
        flow_alerting = measure(
            [PYTHON, str(HERE / "nongrata_run.py"), "alerting"], flow["env"], work
        )["out"]["alerting"]
        flow["out"] = {"seconds": flow["wall"], "summary": flow["out"]}
        new_p = int(flow["out"]["summary"].get("ingest", {}).get("new_articles", 0))
        rows.append(row("b'. nongrata run (Prefect)", flow, new_p, len(flow_alerting)))
        rows[-1]["walls"] = _walls(flows)
    matter = {site_url_path(u) for u in b["alerting"]}
    labelled_paths = {p.path for p in labelled}
    gold = {p.path for p in labelled if p.alert}
    report: dict[str, Any] = {
        "mode": "pages",
        "machine": machine(),
        "rows": rows,
        "second_run_304": {
            "feeds_polled": c["ingest"]["feeds_polled"],
            "feeds_not_modified": c["ingest"]["feeds_not_modified"],
        },
        "prefilter": {
            "articles": b["extract"]["articles"],
            "skipped": b["extract"]["skipped_by_prefilter"],
        },
        "alerts_sent_to_sink": sink_after_b,
        "alerting_pages": sorted(matter),
        "labelled_alert_pages": sorted(p.path for p in labelled if p.alert),
        "agree": {
            "nongrata_vs_prefect_run": matter == {site_url_path(u) for u in flow_alerting},
            # the pages that matter: nongrata alerts on exactly the labelled alert pages
            "nongrata_vs_labels": matter & labelled_paths == gold,
        },
    }
    if base:
        obvious_set = {site_url_path(u) for u in base["alerting"]}
        report["agree"]["nongrata_vs_obvious"] = matter == obvious_set
        report["agree"]["nongrata_vs_obvious_on_labelled"] = (
            matter & labelled_paths == obvious_set & labelled_paths
        )
        report["only_obvious"] = sorted(obvious_set - matter)
        report["only_nongrata"] = sorted(matter - obvious_set)
        # Wall against wall (interpreter start-up and imports included), and the script's
        # own time (imports and model load included) against the stages' time.
        a_wall, a_own = rows[0]["wall_s"], rows[0]["pipeline_s"]
        for r in rows[1:]:
            r["speedup_vs_a"] = round(a_wall / r["wall_s"], 1) if r["wall_s"] else None
            r["speedup_vs_a_pipeline"] = (
                round(a_own / r["pipeline_s"], 1) if r["pipeline_s"] else None
            )
    # the stages' time of each first run over that of the run after it; the median
    median_ratio: float = _median(second_run, key=lambda ratio: ratio)
    report["second_run_speedup"] = round(median_ratio, 1)
    report["second_run_speedups"] = [round(x, 1) for x in second_run]
    return report


def scale_mode(shared: Path, work: Path, feeds: int) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    stored = 0
    with BenchSite() as site:
        items = scale_site(site, shared, feeds)
        env = nongrata_env(work, "s", NONGRATA_FETCH_PAGES="false")
        setup_db(work, env, site)
        plan = [
            ("first run", 0, 0),
            ("nothing new", 0, 0),
            ("new on 1% of feeds", max(1, feeds // 100), 1),
            ("new on 10% of feeds", max(1, feeds // 10), 1),
            ("new on every feed", feeds, 1),
        ]
        for label, new_feeds, per_feed in plan:
            if new_feeds:
                add_items(site, shared, new_feeds, per_feed, datetime.now(UTC))
            result = measure([PYTHON, str(HERE / "nongrata_run.py"), "run"], env, work)
            out = result["out"]
            new = out["ingest"]["new_articles"]
            r = row(label, result, new, len(out["alerting"]))
            r["stored_before"] = stored
            r["feeds_not_modified"] = out["ingest"]["feeds_not_modified"]
            rows.append(r)
            stored += new
    return {"mode": "scale", "feeds": feeds, "items": items, "machine": machine(), "rows": rows}


def site_url_path(url: str) -> str:
    return "/" + url.split("/", 3)[3] if url.count("/") >= 3 else url


def machine() -> dict[str, Any]:
    return {
        "cpus": os.cpu_count(),
        "load_avg_1m": round(os.getloadavg()[0], 2),
        "python": sys.version.split()[0],
    }


def print_table(report: dict[str, Any]) -> None:
    head = ["mode", "articles", "wall s (stages)", "art/s", "vs a", "vs a (stages)", "peak MB"]
    head += ["alerts"]
    head += list(STAGES)
    lines = [head]
    for r in report["rows"]:
        stages = r.get("stages", {})
        lines.append(
            [
                r["mode"],
                str(r["articles"]),
                f"{r['wall_s']:.2f}" + (f" ({r['pipeline_s']:.2f})" if "pipeline_s" in r else ""),
                "-" if r["articles_per_s"] is None else f"{r['articles_per_s']:.1f}",
                "-" if r.get("speedup_vs_a") is None else f"{r['speedup_vs_a']}x",
                "-" if r.get("speedup_vs_a_pipeline") is None else f"{r['speedup_vs_a_pipeline']}x",
                f"{r['peak_rss_mb']:.0f}",
                str(r["alerts"]),
                *(f"{stages[s]:.2f}" if s in stages else "-" for s in STAGES),
            ]
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    for line in lines:
        print("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--feeds", type=int, default=20)
    parser.add_argument("--scale", action="store_true", help="1,000 generated feeds instead")
    parser.add_argument("--scale-feeds", type=int, default=1000)
    parser.add_argument("--skip-obvious", action="store_true", help="skip the slow baseline")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of each nongrata mode (the median is shown)"
    )
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args()
    if not (args.shared / "pages" / "manifest.json").is_file():
        raise SystemExit(f"{args.shared}: no pages/manifest.json (pass --shared ../shared)")
    with tempfile.TemporaryDirectory(prefix="nongrata-bench-") as tmp:
        work = Path(tmp)
        if args.scale:
            report = scale_mode(args.shared, work, args.scale_feeds)
        else:
            report = pages_mode(
                args.shared, work, args.feeds, args.skip_obvious, max(1, args.repeat)
            )
    print_table(report)
    text = json.dumps(report, indent=2)
    print(text)
    if args.json_out:
        args.json_out.write_text(text + "\n")


if __name__ == "__main__":
    main()
