"""Alert targets through apprise, never a hand-written sender.

A target is an apprise URL (``mailto://…``, ``slack://…``, ``json://…``, ``mqtt://…``…) or
an apprise configuration file with optional tags (stored as ``config:PATH#tag1,tag2``).
Apprise URLs hold tokens and passwords: they are shown only in apprise's privacy form
(:func:`display`), and every error text that leaves this module is scrubbed of their secret
parts (:func:`scrub`).
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit, urlunsplit

import apprise
from apprise.plugins.custom_json import NotifyJSON

from nongrata.errors import AlertError

CONFIG_PREFIX = "config:"
MASK = "****"
_ERROR_CHARS = 500
_LOG_CAPTURE: Any = apprise.LogCapture  # collects apprise's reason for a failure

# render(format, title_blended_into_body) -> (title, body); format is text | html |
# markdown | json (a generic webhook: alerts send their structured document, others text)
Renderer = Callable[[str, bool], tuple[str, str]]


def is_config(spec: str) -> bool:
    return spec.startswith(CONFIG_PREFIX)


def config_spec(path: Path | str, tags: Iterable[str] = ()) -> str:
    tag_list = [t for t in tags if t]
    return f"{CONFIG_PREFIX}{path}" + (f"#{','.join(tag_list)}" if tag_list else "")


def parse_config_spec(spec: str) -> tuple[str, list[str]]:
    body = spec[len(CONFIG_PREFIX) :]
    path, _, tags = body.partition("#")
    return path, [t for t in tags.split(",") if t]


def _masked_unparsed(url: str) -> str:
    """A URL apprise does not accept, with everything that could be secret masked."""
    parts = urlsplit(url)
    if not parts.scheme:
        return MASK
    host = parts.hostname or ""
    if host and not _looks_like_host(host):
        host = MASK
    rest = f"/{MASK}" if (parts.path.strip("/") or parts.query) else ""
    return f"{parts.scheme}://{host}{rest}"


def _looks_like_host(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return "." in host or host == "localhost"
    return True


class _ScrubApprise(logging.Filter):
    """Masks a target's secrets in the log records apprise writes while it handles it."""

    def __init__(self, specs: Iterable[str]) -> None:
        super().__init__()
        self.specs = list(specs)

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = scrub(record.getMessage(), self.specs)
        record.args = None
        return True


@contextmanager
def _scrubbed_apprise_logs(specs: Iterable[str]) -> Iterator[None]:
    logger = logging.getLogger("apprise")
    guard = _ScrubApprise(specs)
    logger.addFilter(guard)
    try:
        yield
    finally:
        logger.removeFilter(guard)


def _load(url: str) -> Any:
    """The apprise plugin object for ``url``, or None when apprise refuses the URL."""
    obj = apprise.Apprise()
    with _scrubbed_apprise_logs([url]):
        if not obj.add(url):
            return None
    return obj[0]


# Query arguments apprise adds to every URL it prints; left out when a target is shown.
_GENERIC_ARGS = frozenset(
    {"format", "overflow", "retry", "wait", "optional", "method", "cto", "rto", "verify", "emojis"}
)


def _short(server: Any) -> str:
    """A plugin's privacy URL without apprise's generic arguments."""
    url = str(server.url(privacy=True))
    base, _, query = url.partition("?")
    kept = [p for p in query.split("&") if p and p.split("=", 1)[0] not in _GENERIC_ARGS]
    return base + ("?" + "&".join(kept) if kept else "")


def display(spec: str) -> str:
    """How a target may be shown: apprise's privacy form (config files: path and tags)."""
    if is_config(spec):
        path, tags = parse_config_spec(spec)
        return f"config {path}" + (f" (tags: {', '.join(tags)})" if tags else "")
    server = _load(spec)
    if server is None:
        return _masked_unparsed(spec)
    # apprise's privacy form masks passwords and the tokens of the services it knows, but a
    # generic webhook's path (json://host/hook/TOKEN) is shown as given: mask it too.
    shown = urlsplit(_short(server))
    path = scrub(shown.path, [spec])
    return urlunsplit((shown.scheme, shown.netloc, path, shown.query, shown.fragment))


def target_hash(spec: str) -> str:
    return hashlib.sha256(spec.encode("utf-8")).hexdigest()


def check_url(url: str) -> str:
    """``url`` stripped, when apprise accepts it; else AlertError naming it in privacy form."""
    url = url.strip()
    if not url or _load(url) is None:
        raise AlertError(f"not a valid apprise URL: {_masked_unparsed(url)}")
    return url


def _config_servers(path: str, tags: list[str]) -> list[Any]:
    config = apprise.AppriseConfig()
    if not Path(path).is_file():
        raise AlertError(f"apprise config file not found: {path}")
    if not config.add(path):
        raise AlertError(f"not a valid apprise config file: {path}")
    obj = apprise.Apprise()
    obj.add(config)
    servers = list(obj.find(tag=tags if tags else apprise.common.MATCH_ALL_TAG))
    if not servers:
        which = f" tagged {', '.join(tags)}" if tags else ""
        raise AlertError(f"apprise config file {path} has no usable URL{which}")
    return servers


def check_config(path: Path | str, tags: Iterable[str] = ()) -> str:
    """The target spec of an apprise config file, when it loads and yields targets."""
    resolved = str(Path(path).expanduser().resolve())
    tag_list = [t.strip() for t in tags if t.strip()]
    _config_servers(resolved, tag_list)
    return config_spec(resolved, tag_list)


def _secret_parts(url: str) -> set[str]:
    """Substrings of an apprise URL that may be secret (tokens, users, passwords, keys)."""
    parts = urlsplit(url)
    secrets: set[str] = set()
    userinfo, _, hostport = parts.netloc.rpartition("@")
    for piece in re.split(r"[:@]", userinfo):
        if piece:
            secrets |= {piece, unquote(piece)}
    for piece in hostport.split(":"):
        if len(piece) >= 6 and not piece.isdigit() and not _looks_like_host(piece):
            secrets |= {piece, unquote(piece)}
    for segment in parts.path.split("/"):
        if len(segment) >= 6:
            secrets |= {segment, unquote(segment)}
    for _key, value in parse_qsl(parts.query, keep_blank_values=False):
        if len(value) >= 6:
            secrets.add(value)
    return {s for s in secrets if len(s) >= 3}


def scrub(text: str, specs: Iterable[str]) -> str:
    """``text`` with every secret part of the given target specs masked."""
    secrets: set[str] = set()
    for spec in specs:
        secrets.add(spec)
        if is_config(spec):
            continue
        secrets |= _secret_parts(spec)
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return text


@dataclass(frozen=True)
class SendResult:
    ok: bool
    services: int  # how many apprise services were notified
    error: str | None = None  # why not, scrubbed of secrets


def _servers(spec: str) -> list[Any]:
    if is_config(spec):
        path, tags = parse_config_spec(spec)
        return _config_servers(path, tags)
    server = _load(spec)
    if server is None:
        raise AlertError(f"not a valid apprise URL: {_masked_unparsed(spec)}")
    return [server]


def _format_name(server: Any) -> str:
    """The format a service reads: ``json`` for generic JSON webhooks (apprise ``json://``:
    the structured alert document as its message), else apprise's ``notify_format``."""
    if isinstance(server, NotifyJSON):
        return "json"
    fmt = getattr(server, "notify_format", apprise.NotifyFormat.TEXT)
    value = str(getattr(fmt, "value", fmt)).lower()
    return value if value in {"text", "html", "markdown"} else "text"


def send(spec: str, render: Renderer, *, attach: Sequence[Path] = ()) -> SendResult:
    """Send one message to one target, each apprise service in the format it supports;
    ``attach``: files attached where the service supports attachments (mail, …).

    Returns the real outcome; failures carry apprise's own reason, scrubbed of secrets.
    """
    try:
        servers = _servers(spec)
    except AlertError as exc:
        return SendResult(ok=False, services=0, error=scrub(str(exc), [spec]))
    secret_specs = [spec] + [str(s.url(privacy=False)) for s in servers if is_config(spec)]
    failures: list[str] = []
    for server in servers:
        fmt = _format_name(server)
        title, body = render(fmt, int(getattr(server, "title_maxlen", 1)) <= 0)
        with (
            _scrubbed_apprise_logs(secret_specs),
            _LOG_CAPTURE(level=logging.WARNING, fmt="%(message)s") as captured,
        ):
            extra: dict[str, Any] = {}
            if attach and getattr(server, "attachment_support", False):
                extra["attach"] = apprise.AppriseAttachment([str(p) for p in attach])
            ok = bool(
                server.notify(
                    body=body,
                    title=title,
                    notify_type=apprise.NotifyType.INFO,
                    body_format=apprise.NotifyFormat("text" if fmt == "json" else fmt),
                    **extra,
                )
            )
        if not ok:
            log = scrub(" ".join(str(captured.getvalue()).split()), secret_specs)
            reason = log or "apprise reported a failure"
            failures.append(reason if len(servers) == 1 else f"{_short(server)}: {reason}")
    if failures:
        error = "; ".join(failures)[:_ERROR_CHARS]
        return SendResult(ok=False, services=len(servers), error=error)
    return SendResult(ok=True, services=len(servers))
