"""Alert messages in text, HTML and Markdown.

Everything taken from feeds and pages (titles, names, evidence, URLs) is untrusted: control
characters are stripped, line breaks collapsed, and the text escaped for the format —
``html.escape`` for HTML, backslash escaping for Markdown; links are only ever http(s).
The target's apprise ``notify_format`` picks the variant (:mod:`nongrata.alerts.targets`);
webhooks (apprise ``json://``) get the structured JSON document of :mod:`.alert_json`.
Every variant tells the same: the headline; actor → target; persons, agencies, count, date;
the evidence sentences; every source with its outlet, time and clean link; only the watchlist
entries that make the event relevant (``EventReport.reasons``); the event's web page when
``web_base_url`` is set.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal
from urllib.parse import quote, urlsplit

from babel import Locale

from nongrata.alerts.reports import EventReport, Source, agencies_line, country_name, headline
from nongrata.db.models import Notice

Format = Literal["text", "html", "markdown"]
FORMATS: tuple[Format, ...] = ("text", "html", "markdown")
WEBHOOK_FORMAT = "json"  # render_event only: the structured document (alerts.alert_json)

# C0/C1 controls, zero-width and bidirectional overrides, line/paragraph separators.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
# Untrusted text never starts a line (it follows a label or a list marker), so only the
# inline syntax needs escaping: emphasis, code, links, images, HTML, tables, entities.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|<>~&])")
_TYPE_TITLES = {
    "expulsion": "Expulsions",
    "arrest": "Arrests",
    "charge": "Charges",
    "conviction": "Convictions",
    "recall": "Recalls",
    "closure": "Closures",
}


def clean(text: str | None) -> str:
    """One line of untrusted text: control characters gone, whitespace collapsed."""
    if not text:
        return ""
    return " ".join(_CONTROL.sub(" ", text).split())


def escape(text: str | None, fmt: str) -> str:
    """Untrusted text made safe for ``fmt``."""
    line = clean(text)
    if fmt == "html":
        return html.escape(line, quote=True)
    if fmt == "markdown":
        return _MARKDOWN_SPECIAL.sub(r"\\\1", line)
    return line


def safe_url(url: str | None) -> str | None:
    """An http(s) URL with nothing that could break out of a link, or None."""
    line = clean(url).replace(" ", "%20")
    parts = urlsplit(line)
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return None
    return quote(line, safe=":/?#@!$&'*+,;=%-._~")


def _link(label: str | None, url: str | None, fmt: str) -> str:
    target = safe_url(url)
    shown = clean(label) or clean(url) or "(untitled)"
    if target is None:
        return escape(shown, fmt)
    if fmt == "html":
        return f'<a href="{html.escape(target, quote=True)}">{escape(shown, fmt)}</a>'
    if fmt == "markdown":
        md_target = target.replace("(", "%28").replace(")", "%29")
        return f"[{escape(shown, fmt)}]({md_target})"
    return f"{shown} <{target}>"


@dataclass(frozen=True)
class Rendered:
    title: str
    body: str


def _title(text: str, fmt: str, blended: bool) -> str:
    """The title: plain when the service shows it apart; escaped when apprise puts it into
    the body (services without a title field)."""
    return escape(text, fmt) if blended else clean(text)


def _side(iso: str | None, name: str | None) -> str:
    shown = country_name(iso, name) or "unknown"
    return f"{shown} ({iso})" if iso and iso not in shown else shown


def _facts(report: EventReport) -> list[tuple[str, str]]:
    facts = [
        ("Event", report.type),
        (
            "Who",
            f"{_side(report.actor_iso, report.actor)} → {_side(report.target_iso, report.target)}",
        ),
    ]
    if report.persons:
        facts.append(("Persons", ", ".join(report.persons)))
    if report.agencies:
        facts.append(("Agencies", agencies_line(report)))
    if report.count is not None:
        facts.append(("Count", str(report.count)))
    if report.event_date is not None:
        facts.append(("Date", report.event_date.isoformat()))
    facts.append(("Confidence", f"{report.confidence:.2f}"))
    return facts


MAX_EVIDENCE = 3  # quoted sentences in one alert (one per source, first sources first)


def language_name(code: str | None) -> str | None:
    """The English name of a language code ("pl" → "Polish"); None for none or English."""
    if not code or code == "en":
        return None
    try:
        name = Locale("en").languages.get(code.replace("-", "_"))
    except (ValueError, TypeError):
        name = None
    return str(name) if name else code


def _evidence_lines(report: EventReport) -> list[str]:
    """The sources' sentences naming the event, in their own language, the language named:
    an analyst reads the original words behind a report read in English."""
    lines: list[str] = []
    for source in report.sources:
        sentence = clean(source.evidence)
        if not sentence or any(sentence in line for line in lines):
            continue
        language = language_name(source.language)
        lines.append(f"[{language}] “{sentence}”" if language else f"“{sentence}”")
        if len(lines) == MAX_EVIDENCE:
            break
    return lines


def _source_line(source: Source, fmt: str) -> str:
    """'Title (link) — Outlet, 2026-12-07 09:05 UTC, in Polish'."""
    where = [source.outlet or source.host]
    if source.published is not None:
        where.append(source.published.strftime("%Y-%m-%d %H:%M UTC"))
    language = language_name(source.language)
    if language:
        where.append(f"in {language}")
    return f"{_link(source.title, source.url, fmt)} — {escape(', '.join(where), fmt)}"


def event_url(web_base_url: str | None, event_id: int) -> str | None:
    """The event's page in ``nongrata web`` when ``web_base_url`` is set, else None."""
    return f"{web_base_url.rstrip('/')}/events/{event_id}" if web_base_url else None


def _page_line(report: EventReport, fmt: str, web_base_url: str | None) -> list[str]:
    url = event_url(web_base_url, report.id)
    if url is None:
        return []
    link = _link("the event's page", url, fmt)
    if fmt == "html":
        return [f"<p><b>More:</b> {link}</p>"]
    return ["", f"**More:** {link}" if fmt == "markdown" else f"More: {link}"]


def _match_lines(report: EventReport) -> list[str]:
    lines = []
    for m in report.reasons:
        why = f"; {m.reason}" if m.reason else ""
        found = f' as "{m.text}"' if m.text and m.text != m.entry else ""
        lines.append(f"{m.watchlist}: {m.entry}{found} (score {m.score:.2f}{why})")
    return lines


def _event_body(
    report: EventReport, fmt: str, heading_level: int = 0, web_base_url: str | None = None
) -> list[str]:
    facts = _facts(report)
    matches = _match_lines(report)
    evidence = _evidence_lines(report)
    out: list[str] = []
    if fmt == "html":
        if heading_level:
            out.append(f"<h{heading_level}>{escape(headline(report), fmt)}</h{heading_level}>")
        out.append("<ul>")
        out += [f"<li><b>{k}:</b> {escape(v, fmt)}</li>" for k, v in facts]
        out.append("</ul>")
        if matches:
            out.append("<p><b>Watchlist matches:</b></p><ul>")
            out += [f"<li>{escape(line, fmt)}</li>" for line in matches]
            out.append("</ul>")
        if evidence:
            out.append("<p><b>Evidence:</b></p><ul>")
            out += [f"<li>{escape(line, fmt)}</li>" for line in evidence]
            out.append("</ul>")
        out.append(f"<p><b>Sources ({len(report.sources)}):</b></p><ul>")
        out += [f"<li>{_source_line(s, fmt)}</li>" for s in report.sources]
        out.append("</ul>")
        return out + _page_line(report, fmt, web_base_url)
    bullet = "- " if fmt == "markdown" else "  - "
    if heading_level:
        mark = "#" * (heading_level + 1) + " " if fmt == "markdown" else ""
        out.append(f"{mark}{escape(headline(report), fmt)}")
    for k, v in facts:
        out.append(f"**{k}:** {escape(v, fmt)}  " if fmt == "markdown" else f"{k}: {clean(v)}")
    if matches:
        out.append("")
        out.append("**Watchlist matches:**" if fmt == "markdown" else "Watchlist matches:")
        out += [f"{bullet}{escape(line, fmt)}" for line in matches]
    if evidence:
        out.append("")
        out.append("**Evidence:**" if fmt == "markdown" else "Evidence:")
        out += [f"{bullet}{escape(line, fmt)}" for line in evidence]
    out.append("")
    label = f"Sources ({len(report.sources)}):"
    out.append(f"**{label}**" if fmt == "markdown" else label)
    out += [f"{bullet}{_source_line(s, fmt)}" for s in report.sources]
    return out + _page_line(report, fmt, web_base_url)


def _join(lines: Sequence[str]) -> str:
    return "\n".join(lines).strip() + "\n"


def render_event(
    report: EventReport,
    fmt: str,
    *,
    blended_title: bool = False,
    web_base_url: str | None = None,
) -> Rendered:
    """One alert about one event; ``json``: the structured document webhooks get
    (:mod:`nongrata.alerts.alert_json`)."""
    if fmt == WEBHOOK_FORMAT:
        from nongrata.alerts.alert_json import alert_json_text  # it builds on this module

        return Rendered(title=clean(headline(report)), body=alert_json_text(report, web_base_url))
    return Rendered(
        title=_title(headline(report), fmt, blended_title),
        body=_join(_event_body(report, fmt, web_base_url=web_base_url)),
    )


def render_digest(
    reports: Sequence[EventReport],
    fmt: str,
    *,
    name: str,
    local_date: date,
    blended_title: bool = False,
    weekly: bool = False,
    picture: Sequence[str] = (),
    web_base_url: str | None = None,
) -> Rendered:
    """A digest: events grouped by type, then by acting country; ``picture``, lines already
    in ``fmt`` (the trend: a chart, a table), follows the first line."""
    n = len(reports)
    kind = "weekly digest" if weekly else "digest"
    title = f"nongrata {kind} {local_date.isoformat()}: {n} new event{'s' if n != 1 else ''}"
    groups: dict[str, dict[str, list[EventReport]]] = {}
    for report in reports:
        country = country_name(report.actor_iso, report.actor) or "Unknown state"
        groups.setdefault(report.type, {}).setdefault(clean(country), []).append(report)
    lines: list[str] = []
    events = f"{n} new event{'s' if n != 1 else ''}"
    intro = f"{'Weekly' if weekly else 'Daily'} digest for {name}: {events}."
    lines.append(f"<p>{escape(intro, fmt)}</p>" if fmt == "html" else escape(intro, fmt))
    if picture:
        lines += ["", *picture]
    order = list(_TYPE_TITLES)
    for event_type in sorted(groups, key=lambda t: (order.index(t) if t in order else 99, t)):
        section = _TYPE_TITLES.get(event_type, event_type.title())
        lines.append("")
        if fmt == "html":
            lines.append(f"<h2>{escape(section, fmt)}</h2>")
        else:
            shown = escape(section, fmt)
            lines.append(f"## {shown}" if fmt == "markdown" else f"== {shown} ==")
        for country in sorted(groups[event_type]):
            if fmt == "html":
                lines.append(f"<h3>{escape(country, fmt)}</h3>")
            else:
                lines.append(f"### {escape(country, fmt)}" if fmt == "markdown" else country)
            for report in groups[event_type][country]:
                lines += _event_body(report, fmt, heading_level=4, web_base_url=web_base_url)
                lines.append("")
    return Rendered(title=_title(title, fmt, blended_title), body=_join(lines))


def render_test(name: str, fmt: str, *, blended_title: bool = False) -> Rendered:
    """The message ``nongrata subscriptions test`` sends."""
    title = f"nongrata test message for {name}"
    text = f"This target of the subscription {name} receives nongrata alerts."
    body = f"<p>{escape(text, fmt)}</p>" if fmt == "html" else escape(text, fmt)
    return Rendered(title=_title(title, fmt, blended_title), body=body + "\n")


def render_notice(notice: Notice, fmt: str, *, blended_title: bool = False) -> Rendered:
    """An operational notice: a feed is dead, or recovered (``nongrata.alerts.notices``)."""
    dead = notice.kind == "feed-dead"
    name = clean(notice.feed_title) or urlsplit(clean(notice.feed_url)).hostname or "a feed"
    title = f"nongrata: feed {'dead' if dead else 'recovered'}: {name}"
    facts: list[tuple[str, str]] = [("Feed", notice.feed_url)]
    if dead:
        last = notice.since.strftime("%Y-%m-%d %H:%M UTC") if notice.since else "never"
        facts.append(("Last successful poll", last))
        facts.append(("Why", notice.detail or "failing"))
        advice = "Its health and errors: nongrata feeds list."
    else:
        advice = "The feed answers again; its new entries are read as usual."
    if fmt == "html":
        items = "".join(f"<li><b>{k}:</b> {escape(v, fmt)}</li>" for k, v in facts)
        body = f"<ul>{items}</ul><p>{escape(advice, fmt)}</p>"
    elif fmt == "markdown":
        body = "\n".join(f"**{k}:** {escape(v, fmt)}  " for k, v in facts) + f"\n\n{advice}"
    else:
        body = "\n".join(f"{k}: {clean(v)}" for k, v in facts) + f"\n\n{advice}"
    return Rendered(title=_title(title, fmt, blended_title), body=body + "\n")
