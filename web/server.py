"""Serving the web view with uvicorn: loopback unless a token is set.

:func:`check_bind` refuses, in one line, to bind to anything but a loopback address when no
``web_token`` is set: the view shows everything the database holds, and without a token
anyone who can reach the port could read it.
"""

from __future__ import annotations

import ipaddress

from nongrata.db import Database
from nongrata.errors import ConfigError
from nongrata.settings import Settings

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8050


def is_loopback(host: str) -> bool:
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_bind(host: str, port: int, settings: Settings) -> None:
    if not 0 < port < 65536:
        raise ConfigError(f"--port {port}: not a TCP port (1-65535)")
    if not is_loopback(host) and settings.web_token is None:
        raise ConfigError(
            f"--host {host} is not a loopback address: set a token first (web_token in "
            "nongrata.toml or NONGRATA_WEB_TOKEN), every request will then need it"
        )


def serve(
    db: Database, settings: Settings, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT
) -> None:
    """Serve until interrupted (Ctrl-C)."""
    import uvicorn

    from nongrata.web.app import create_app

    check_bind(host, port, settings)
    config = uvicorn.Config(
        create_app(db, settings),
        host=host,
        port=port,
        proxy_headers=False,
        server_header=False,
        access_log=False,
        log_level="warning",
    )
    uvicorn.Server(config).run()
