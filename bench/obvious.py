"""The obvious script a user would write with the same libraries, for comparison.

Sequential: for each feed, feedparser; for each entry, an HTTP GET of its page, trafilatura's
main text, then nongrata's extractor (spaCy over the whole text, every article, one at a
time, no prefilter). spaCy computes as ``spacy.load`` sets it up (thinc's default ops, matrix
products in blis): nongrata's own setup (``nongrata.extractors.english.nlp``, numpy's BLAS)
is one of the optimisations measured against this script. Prints one JSON object: articles,
seconds, the alerting pages.

    python bench/obvious.py FEED_URL...
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date
from typing import Any


def main(feed_urls: list[str]) -> dict[str, Any]:
    started = time.perf_counter()
    import feedparser
    import httpx
    import trafilatura

    from nongrata.extractors.extract import Extractor
    from nongrata.settings import bundled_watchlists_dir
    from nongrata.types import ArticleInput
    from nongrata.watchlists import load_watchlists

    extractor = Extractor(watchlists=load_watchlists(bundled_watchlists_dir()))
    spacy_defaults(extractor.nlp)
    stages = {"poll": 0.0, "fetch": 0.0, "clean": 0.0, "nlp": 0.0}
    articles = 0
    alerting: list[str] = []
    with httpx.Client(timeout=30) as client:
        for feed_url in feed_urls:
            t = time.perf_counter()
            feed = feedparser.parse(client.get(feed_url).content)
            stages["poll"] += time.perf_counter() - t
            for entry in feed.entries:
                link = str(entry.get("link", ""))
                t = time.perf_counter()
                response = client.get(link)
                stages["fetch"] += time.perf_counter() - t
                if response.status_code != 200:
                    continue
                t = time.perf_counter()
                text = trafilatura.extract(response.text, url=link)
                stages["clean"] += time.perf_counter() - t
                if not text:
                    continue
                articles += 1
                parsed = entry.get("published_parsed")
                published = date(*parsed[:3]) if parsed else None
                t = time.perf_counter()
                result = extractor.extract_one(
                    ArticleInput(id=link, text=text, title=entry.get("title"), published=published)
                )
                stages["nlp"] += time.perf_counter() - t
                if result.alert:
                    alerting.append(link)
    return {
        "articles": articles,
        "seconds": time.perf_counter() - started,
        "stages": {k: round(v, 3) for k, v in stages.items()},
        "alerting": sorted(alerting),
    }


def spacy_defaults(nlp: Any) -> None:
    """Every layer computes with the ops ``spacy.load`` gives it (thinc's current ops)."""
    from thinc.api import get_current_ops

    from nongrata.extractors.english.nlp import pipeline_layers

    ops = get_current_ops()
    for layer in pipeline_layers(nlp):
        layer.ops = ops


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:])))
