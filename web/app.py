"""The web view: a read-only Starlette application over the database.

Handlers are thin: each reads its parameters, calls the plain functions of
:mod:`nongrata.web.events`, :mod:`~nongrata.web.overview` and :mod:`~nongrata.web.ops`, and
renders a Jinja2 template (autoescaped: every text from feeds and pages is escaped) or JSON.
Pages need no JavaScript; the chart and the map are SVG drawn here. Only GET and HEAD are
served.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from importlib.resources import files
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from nongrata.alerts.feed import atom_feed
from nongrata.db import Database
from nongrata.db.types import utcnow
from nongrata.settings import Settings
from nongrata.web import ops
from nongrata.web.chart import timeline_svg
from nongrata.web.events import (
    filter_choices,
    find_events,
    get_event,
    latest_events,
    related_events,
    watchlist_hits,
)
from nongrata.web.export import event_to_json, events_csv
from nongrata.web.filters import EVENT_TYPES, WATCHLIST_CHOICES, BadQuery, parse_filter
from nongrata.web.guard import Guard
from nongrata.web.overview import DEFAULT_WINDOW, WINDOWS, geography, timeline
from nongrata.web.templating import environment
from nongrata.web.worldmap import world_map_svg

LATEST = 10
Clock = Callable[[], datetime]


class WebView:
    """The handlers, bound to one database and the settings."""

    def __init__(self, db: Database, settings: Settings, clock: Clock) -> None:
        self.db = db
        self.settings = settings
        self.clock = clock
        env = environment()
        self.templates = Jinja2Templates(env=env)

    def page(self, request: Request, name: str, status_code: int = 200, **context: Any) -> Response:
        return self.templates.TemplateResponse(request, name, context, status_code=status_code)

    # Pages -----------------------------------------------------------------------------

    def overview(self, request: Request) -> Response:
        days = _window(request.query_params.get("days"))
        whole = request.query_params.get("map") == "world"
        now = self.clock()
        geo = geography(self.db, now, days)
        line = timeline(self.db, now, days)
        latest = latest_events(self.db, LATEST)
        world = world_map_svg(geo, events_url=str(request.url_for("events")), whole_world=whole)
        return self.page(
            request,
            "overview.html",
            days=days,
            windows=WINDOWS,
            whole_world=whole,
            timeline=line,
            chart=timeline_svg(line),
            geo=geo,
            world=world,
            latest=latest,
            hits=watchlist_hits(latest),
        )

    def events(self, request: Request) -> Response:
        choices = filter_choices(self.db)
        try:
            f = parse_filter(request.query_params)
        except BadQuery as exc:
            return self.page(
                request,
                "events.html",
                status_code=400,
                error=str(exc),
                f=None,
                result=None,
                choices=choices,
                types=EVENT_TYPES,
                watchlists=WATCHLIST_CHOICES,
            )
        return self.page(
            request,
            "events.html",
            error=None,
            f=f,
            result=find_events(self.db, f),
            choices=choices,
            types=EVENT_TYPES,
            watchlists=WATCHLIST_CHOICES,
        )

    def event(self, request: Request) -> Response:
        view = get_event(self.db, int(request.path_params["event_id"]))
        if view is None:
            raise HTTPException(404, "no such event")
        return self.page(request, "event.html", e=view, related=related_events(self.db, view))

    def feeds(self, request: Request) -> Response:
        rows = ops.feed_rows(self.db, self.settings.poll_interval_minutes)
        return self.page(request, "feeds.html", feeds=rows)

    def runs(self, request: Request) -> Response:
        return self.page(request, "runs.html", runs=ops.run_rows(self.db))

    def alerts(self, request: Request) -> Response:
        return self.page(
            request,
            "alerts.html",
            alerts=ops.alert_rows(self.db),
            notices=ops.notice_rows(self.db),
            digests=ops.digest_rows(self.db),
        )

    def atom(self, request: Request) -> Response:
        base = self.settings.web_base_url or str(request.base_url).rstrip("/")
        xml = atom_feed(self.db, self.clock(), web_base_url=base)
        return Response(xml, media_type="application/atom+xml; charset=utf-8")

    # Downloads and JSON ----------------------------------------------------------------

    def events_download(self, request: Request) -> Response:
        f = parse_filter(request.query_params)
        result = find_events(self.db, f)
        fmt = request.url.path.rsplit(".", 1)[1]
        name = f"nongrata-events-p{f.page}.{fmt}"
        disposition = {"content-disposition": f'attachment; filename="{name}"'}
        if fmt == "csv":
            return Response(
                events_csv(result.events), media_type="text/csv; charset=utf-8", headers=disposition
            )
        return _json([event_to_json(v) for v in result.events], headers=disposition)

    def api_events(self, request: Request) -> Response:
        f = parse_filter(request.query_params)
        result = find_events(self.db, f)
        headers = {"x-total-count": str(result.total)}
        if f.page < result.pages:
            headers["link"] = f'<{request.url.path}{f.query(page=f.page + 1)}>; rel="next"'
        return _json([event_to_json(v) for v in result.events], headers=headers)

    def api_event(self, request: Request) -> Response:
        view = get_event(self.db, int(request.path_params["event_id"]))
        if view is None:
            raise HTTPException(404, "no such event")
        return _json(event_to_json(view, related=related_events(self.db, view)))

    def api_overview(self, request: Request) -> Response:
        days = _window(request.query_params.get("days"))
        now = self.clock()
        line = timeline(self.db, now, days)
        geo = geography(self.db, now, days)
        return _json(
            {
                "days": days,
                "from": line.start.isoformat(),
                "to": line.end.isoformat(),
                "unit": line.unit,
                "timeline": [
                    {"bucket": b.isoformat(), "counts": dict(line.counts.get(b, {}))}
                    for b in line.buckets
                ],
                "countries": [
                    {
                        "code": c.code,
                        "name": c.name,
                        "as_actor": c.as_actor,
                        "as_target": c.as_target,
                    }
                    for c in geo.countries
                ],
                "pairs": [{"actor": a, "target": t, "events": n} for a, t, n in geo.pairs],
                "latest": [event_to_json(v) for v in latest_events(self.db, LATEST)],
            }
        )

    def api_feeds(self, request: Request) -> Response:
        rows = ops.feed_rows(self.db, self.settings.poll_interval_minutes)
        return _json([r.to_json() for r in rows])

    def api_runs(self, request: Request) -> Response:
        return _json([r.to_json() for r in ops.run_rows(self.db)])

    def api_alerts(self, request: Request) -> Response:
        """Alerts and operational notices, newest first (``kind``: alert | notice)."""
        return _json([r.to_json() for r in ops.alert_and_notice_rows(self.db)])

    def api_digests(self, request: Request) -> Response:
        return _json([d.to_json() for d in ops.digest_rows(self.db)])

    # Errors ----------------------------------------------------------------------------

    def error(self, request: Request, exc: Exception) -> Response:
        if isinstance(exc, BadQuery):
            status, detail = 400, str(exc)
        elif isinstance(exc, HTTPException):
            status, detail = exc.status_code, str(exc.detail)
        else:
            raise exc
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": detail}, status_code=status)
        return self.page(request, "error.html", status_code=status, status=status, detail=detail)


def _window(value: str | None) -> int:
    if value is None or not value.strip():
        return DEFAULT_WINDOW
    if value.strip() in {str(w) for w in WINDOWS}:
        return int(value)
    raise BadQuery(f"days: {value!r} is not one of {', '.join(str(w) for w in WINDOWS)}")


def _json(data: Any, headers: dict[str, str] | None = None) -> Response:
    return JSONResponse(data, headers=headers)


def create_app(db: Database, settings: Settings, *, clock: Clock = utcnow) -> Guard:
    """The application, behind its guard (the token rule, the security headers)."""
    view = WebView(db, settings, clock)
    static = StaticFiles(directory=str(files("nongrata.web").joinpath("static")))
    routes = [
        Route("/", view.overview, name="overview"),
        Route("/events", view.events, name="events"),
        Route("/events.csv", view.events_download, name="events_csv"),
        Route("/events.json", view.events_download, name="events_json"),
        Route("/events/{event_id:int}", view.event, name="event"),
        Route("/feeds", view.feeds, name="feeds"),
        Route("/runs", view.runs, name="runs"),
        Route("/alerts", view.alerts, name="alerts"),
        Route("/alerts.atom", view.atom, name="atom"),
        Route("/api/events", view.api_events, name="api_events"),
        Route("/api/events/{event_id:int}", view.api_event, name="api_event"),
        Route("/api/overview", view.api_overview, name="api_overview"),
        Route("/api/feeds", view.api_feeds, name="api_feeds"),
        Route("/api/runs", view.api_runs, name="api_runs"),
        Route("/api/alerts", view.api_alerts, name="api_alerts"),
        Route("/api/digests", view.api_digests, name="api_digests"),
        Mount("/static", app=static, name="static"),
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={HTTPException: view.error, BadQuery: view.error},
    )
    token = settings.web_token.get_secret_value() if settings.web_token else None
    return Guard(app, token=token)
