"""Who may read the web view, and the headers every answer carries.

- With a token set (``web_token``), every request needs it: ``?token=…`` once (answered by a
  redirect to the same address without it, setting a cookie that holds only a hash of the
  token), or an ``Authorization: Bearer …`` header (scripts, the JSON API).
- Without a token the view serves loopback only (:mod:`nongrata.web.server` refuses any other
  address), and a request must name a loopback host: a web page elsewhere cannot read it
  through a DNS name pointed at 127.0.0.1.
- Every answer forbids scripts, frames and plugins (Content-Security-Policy), sniffing and
  referrers: the view uses no JavaScript at all, and outlets never learn who followed a link.
"""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import urlencode

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

COOKIE = "nongrata_web"
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})
HEADERS = {
    "content-security-policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cache-control": "no-store",
}


def token_digest(token: str) -> str:
    return hashlib.sha256(b"nongrata-web\0" + token.encode("utf-8")).hexdigest()


def _host_name(host_header: str) -> str:
    host = host_header.strip().lower()
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class Guard:
    """ASGI middleware: the token or loopback rule, then the headers."""

    def __init__(self, app: ASGIApp, *, token: str | None) -> None:
        self.app = app
        self.token = token
        self.digest = token_digest(token) if token else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        refusal = self.check(Request(scope))
        if refusal is not None:
            await refusal(scope, receive, with_headers)
            return
        await self.app(scope, receive, with_headers)

    def check(self, request: Request) -> Response | None:
        """None when the request may go on, else the answer that refuses it."""
        if self.token is None or self.digest is None:
            if _host_name(request.headers.get("host", "")) in LOOPBACK_NAMES:
                return None
            return PlainTextResponse(
                "This nongrata web view serves loopback only: open it as 127.0.0.1 or "
                "localhost (set web_token to serve it to other machines).\n",
                status_code=421,
            )
        given = request.query_params.get("token")
        if given is not None:
            if not hmac.compare_digest(given.encode(), self.token.encode()):
                return self._unauthorised(request, "wrong token")
            rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
            target = request.url.path + ("?" + urlencode(rest) if rest else "")
            redirect = RedirectResponse(target, status_code=303)
            redirect.set_cookie(
                COOKIE,
                self.digest,
                httponly=True,
                samesite="strict",
                secure=request.url.scheme == "https",
                path="/",
            )
            return redirect
        bearer = request.headers.get("authorization", "")
        if bearer[:7].lower() == "bearer " and hmac.compare_digest(
            bearer[7:].strip().encode(), self.token.encode()
        ):
            return None
        if hmac.compare_digest(request.cookies.get(COOKIE, "").encode(), self.digest.encode()):
            return None
        return self._unauthorised(request, "this view needs its token")

    @staticmethod
    def _unauthorised(request: Request, why: str) -> Response:
        message = (
            f"{why}: open the address with ?token=YOUR_TOKEN once (a cookie keeps it), or send "
            "'Authorization: Bearer YOUR_TOKEN' (the web_token setting)"
        )
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message}, status_code=401)
        return PlainTextResponse(message + "\n", status_code=401)
