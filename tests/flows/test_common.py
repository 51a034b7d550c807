"""The run's artifacts in Prefect: the feeds a run found to replace (one table, none when
there is none)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from prefect import flow
from prefect.client.orchestration import get_client

from nongrata.flows.common import publish_feeds_to_replace


async def _artifacts(key: str) -> list[str]:
    async with get_client() as client:
        return [f"{a.description} {a.data}" for a in await client.read_artifacts() if a.key == key]


@flow
def _publish(run_id: int, summary: dict[str, Any]) -> None:
    publish_feeds_to_replace(run_id, summary)  # as the monitor flow does, in a flow run


@pytest.mark.usefixtures("prefect_harness")
def test_the_feeds_to_replace_are_a_table_artifact() -> None:
    before = asyncio.run(_artifacts("nongrata-feeds-to-replace"))
    _publish(7, {"ingest": {"to_replace": []}})
    assert asyncio.run(_artifacts("nongrata-feeds-to-replace")) == before
    feed = {
        "url": "http://127.0.0.1:9/gone.xml",
        "why": "answers 410 Gone",
        "bundled": False,
        "hint": "replace it: `nongrata feeds discover http://127.0.0.1:9/`",
    }
    _publish(7, {"ingest": {"to_replace": [feed]}})
    after = asyncio.run(_artifacts("nongrata-feeds-to-replace"))
    assert len(after) == len(before) + 1
    (new,) = [a for a in after if a not in before]
    assert "Feeds nongrata run 7 found at a broken address" in new
    assert "http://127.0.0.1:9/gone.xml" in new
