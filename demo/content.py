"""The demo's bundled news: outlets and articles (``demo/data``), rendered as RSS/Atom feeds
and HTML pages with dates relative to the moment the demo runs, so its news is always fresh."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import format_datetime
from html import escape
from importlib.resources import files
from xml.sax.saxutils import escape as xml_escape


@dataclass(frozen=True)
class Outlet:
    slug: str
    title: str
    format: str  # rss | atom
    description: str


@dataclass(frozen=True)
class DemoArticle:
    slug: str
    outlet: str
    days_ago: int
    title: str
    author: str
    summary: str
    paragraphs: tuple[str, ...]

    def published(self, now: datetime) -> datetime:
        return (now - timedelta(days=self.days_ago)).replace(microsecond=0)


def load_outlets() -> list[Outlet]:
    raw = json.loads(files("nongrata.demo").joinpath("data/outlets.json").read_text("utf-8"))
    return [Outlet(**item) for item in raw]


def load_articles() -> list[DemoArticle]:
    raw = json.loads(files("nongrata.demo").joinpath("data/articles.json").read_text("utf-8"))
    return [DemoArticle(**{**item, "paragraphs": tuple(item["paragraphs"])}) for item in raw]


def article_path(article: DemoArticle) -> str:
    return f"/{article.outlet}/{article.slug}.html"


def feed_path(outlet: Outlet) -> str:
    return f"/{outlet.slug}/feed.xml"


def render_feed(outlet: Outlet, articles: list[DemoArticle], base: str, now: datetime) -> str:
    items = sorted((a for a in articles if a.outlet == outlet.slug), key=lambda a: a.days_ago)
    if outlet.format == "atom":
        return _render_atom(outlet, items, base, now)
    return _render_rss(outlet, items, base, now)


def _render_rss(outlet: Outlet, items: list[DemoArticle], base: str, now: datetime) -> str:
    entries = "".join(
        f"""
    <item>
      <title>{xml_escape(a.title)}</title>
      <link>{base}{article_path(a)}?utm_source=rss&amp;utm_medium=feed</link>
      <guid isPermaLink="false">{outlet.slug}-{a.slug}</guid>
      <pubDate>{format_datetime(a.published(now))}</pubDate>
      <author>newsroom@example.org ({xml_escape(a.author)})</author>
      <description>{xml_escape(a.summary)}</description>
    </item>"""
        for a in items
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
  <channel>
    <title>{xml_escape(outlet.title)}</title>
    <link>{base}/{outlet.slug}/</link>
    <description>{xml_escape(outlet.description)}</description>{entries}
  </channel>
</rss>
"""


def _render_atom(outlet: Outlet, items: list[DemoArticle], base: str, now: datetime) -> str:
    updated = now.replace(microsecond=0).isoformat()
    entries = "".join(
        f"""
  <entry>
    <title>{xml_escape(a.title)}</title>
    <link rel="alternate" href="{base}{article_path(a)}"/>
    <id>tag:{outlet.slug}.example,2026:{a.slug}</id>
    <updated>{a.published(now).isoformat()}</updated>
    <author><name>{xml_escape(a.author)}</name></author>
    <summary>{xml_escape(a.summary)}</summary>
  </entry>"""
        for a in items
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>{xml_escape(outlet.title)}</title>
  <subtitle>{xml_escape(outlet.description)}</subtitle>
  <link rel="alternate" href="{base}/{outlet.slug}/"/>
  <id>tag:{outlet.slug}.example,2026:feed</id>
  <updated>{updated}</updated>{entries}
</feed>
"""


def render_page(outlet: Outlet, article: DemoArticle, now: datetime) -> str:
    """An article page with the furniture real pages carry (navigation, related links, footer)."""
    published = article.published(now)
    day = published.date().isoformat()
    shown = published.strftime("%d %B %Y")
    body = "\n".join(f"      <p>{escape(p)}</p>" for p in article.paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{escape(article.title)} | {escape(outlet.title)}</title>
  <meta property="og:title" content="{escape(article.title)}">
  <meta property="article:published_time" content="{published.isoformat()}">
  <meta name="author" content="{escape(article.author)}">
</head>
<body>
  <header><nav>
    <a href="/">Home</a> <a href="/world/">World</a> <a href="/security/">Security</a>
  </nav></header>
  <main>
    <article>
      <h1>{escape(article.title)}</h1>
      <p class="byline">By {escape(article.author)} · <time datetime="{day}">{shown}</time></p>
{body}
    </article>
  </main>
  <footer><p>© {published.year} {escape(outlet.title)}. All rights reserved.</p></footer>
</body>
</html>
"""
