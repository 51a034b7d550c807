"""Helpers shared by the net tests."""

from __future__ import annotations

import asyncio
from typing import Any, Literal

from httpcore import AsyncNetworkBackend

from nongrata.net import HttpClient, HttpResponse, Resolver
from nongrata.settings import Settings


def fetch(
    settings: Settings,
    url: str,
    *,
    kind: Literal["feed", "page"] = "feed",
    resolver: Resolver | None = None,
    network_backend: AsyncNetworkBackend | None = None,
    **conditional: Any,
) -> HttpResponse:
    """One ``HttpClient.get`` on a fresh client, run to completion."""

    async def go() -> HttpResponse:
        async with HttpClient(
            settings, resolver=resolver, network_backend=network_backend
        ) as client:
            return await client.get(url, kind=kind, **conditional)

    return asyncio.run(go())
