"""spaCy on more than one core (``nongrata.pipeline.nlp_workers``): real spawned workers give
the same extractions as this process, report a pipeline they cannot load, and a run with
enough new articles starts them while it fetches (or takes those warmed up ahead) and stops
them once extracted."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from nongrata.db import open_database
from nongrata.db.models import Event
from nongrata.demo.server import DemoServer
from nongrata.errors import ExtractionError
from nongrata.extractors import language
from nongrata.extractors.extract import Extractor
from nongrata.extractors.language import UNDETERMINED
from nongrata.pipeline import stages
from nongrata.pipeline.context import RunContext
from nongrata.pipeline.nlp_workers import (
    NlpWorkers,
    WorkerConfig,
    extract_shared,
    nlp_worker_count,
)
from nongrata.pipeline.processes import usable_cores
from nongrata.pipeline.sequence import run_monitor
from nongrata.pipeline.workers import RunWorkers
from nongrata.settings import Settings, bundled_watchlists_dir
from nongrata.types import ArticleInput
from nongrata.watchlists import load_watchlists
from tests.support.ingest import register, spy_cleaning_pools

ARTICLES = [
    ArticleInput(
        id="expel",
        text="Russia expels two Dutch diplomats\n\nMoscow expelled two Dutch diplomats on "
        "Monday in retaliation for the expulsion of Russian intelligence officers by the "
        "Netherlands, the Russian foreign ministry said.",
    ),
    ArticleInput(
        id="arrest",
        text="Germany arrests suspected Chinese spy\n\nGerman prosecutors said on Tuesday they "
        "had arrested a man suspected of spying for China's Ministry of State Security.",
    ),
    ArticleInput(id="none", text="The city council approved a new budget for its parks."),
    ArticleInput(
        id="de",
        lang="de",
        text="Russland weist deutsche Diplomaten aus. Das Außenministerium in Moskau erklärte "
        "am Montag zwei deutsche Diplomaten zu unerwünschten Personen.",
    ),
]


def pipeline_extractor(**overrides: object) -> Extractor:
    options: dict[str, object] = {
        "watchlists": load_watchlists(bundled_watchlists_dir()),
        "article_matches": False,
        "focus": True,
    }
    options.update(overrides)
    return Extractor(**options)  # type: ignore[arg-type]


def pipeline_workers() -> NlpWorkers:
    """One worker process holding the pipeline's extractor (``pipeline_extractor``)."""
    config = WorkerConfig.of(pipeline_extractor())
    assert config is not None
    return NlpWorkers(config, 1)


@pytest.fixture(scope="module")
def workers() -> Iterator[NlpWorkers]:
    started = pipeline_workers()
    try:
        yield started
    finally:
        started.close()


def test_shared_extraction_equals_this_process_alone(workers: NlpWorkers) -> None:
    extractor = pipeline_extractor()
    alone = extractor.extract(ARTICLES)
    assert any(result.events for result in alone)
    assert workers.is_ready(timeout=120)
    assert extract_shared(extractor, workers, ARTICLES) == alone
    # everything on the worker, in input order
    assert [workers.extract([a])[0] for a in ARTICLES] == alone


def language_model_loaded() -> bool:
    """Run in a worker (this module is imported there by name)."""
    return language._identifier.cache_info().currsize > 0


def test_a_worker_never_loads_the_language_model_for_the_pipelines_candidates() -> None:
    # the candidates carry their language, "und" when the prefilter found none
    fresh = pipeline_workers()
    try:
        assert fresh.is_ready(timeout=120)
        undetermined = ArticleInput(id="short", text="Diplomats expelled.", lang=UNDETERMINED)
        candidates = [replace(ARTICLES[0], lang="en"), ARTICLES[3], undetermined]
        assert [r.lang for r in fresh.extract(candidates)] == ["en", "de", None]
        assert fresh._pool.submit(language_model_loaded).result(timeout=60) is False
    finally:
        fresh.close()


def test_a_worker_that_cannot_load_its_pipeline_says_why() -> None:
    extractor = pipeline_extractor(model="no_such_spacy_model")
    config = WorkerConfig.of(extractor)
    assert config is not None
    broken = NlpWorkers(config, 1)
    try:
        with pytest.raises(ExtractionError, match="no_such_spacy_model"):
            broken.is_ready(timeout=120)
        with pytest.raises(ExtractionError, match="no_such_spacy_model"):
            broken.extract(ARTICLES[:1])
    finally:
        broken.close()


def test_workers_extract_only_for_an_extractor_like_theirs() -> None:
    # An extractor that matches whole articles needs the watchlists, which workers lack.
    assert WorkerConfig.of(pipeline_extractor(article_matches=True)) is None
    assert WorkerConfig.of(pipeline_extractor()) == WorkerConfig.of(pipeline_extractor())
    assert WorkerConfig.of(pipeline_extractor()) != WorkerConfig.of(pipeline_extractor(focus=False))
    assert RunWorkers().start_nlp(pipeline_extractor(), 0) is None
    assert RunWorkers().start_nlp(pipeline_extractor(article_matches=True), 1) is None


def test_worker_count_follows_the_setting() -> None:
    assert nlp_worker_count(1) == 0
    assert nlp_worker_count(3) == 2
    assert nlp_worker_count(0) == min(4, usable_cores()) - 1


def test_a_run_with_enough_new_articles_shares_its_extraction(
    make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    def run(name: str, processes: int) -> tuple[dict[str, object], list[str]]:
        url = f"sqlite:///{tmp_path / name}.db"
        settings = make_settings(
            database_url=url,
            nlp_processes=processes,
            nlp_workers_from_articles=1,
            data_dir=tmp_path / name,
        )
        db = open_database(url)
        register(db, *server.feed_urls)
        db.dispose()
        context = stages.begin_run(settings)
        try:
            stages.poll_and_fetch(context)
            extractor = context.extractor()
            started = context.workers.nlp_for(extractor)
            assert (started is not None) == (processes > 1)
            extract = stages.extract_and_record(context)
            assert context.workers.nlp is None  # stopped once extracted
            stages.end_run(context, {"extract": extract})
        finally:
            context.workers.stop()
        db = open_database(url, migrate=False)
        try:
            with db.session() as session:
                events = sorted(
                    f"{e.type}:{e.actor_iso}>{e.target_iso}:{sorted(e.persons)}:{e.new}"
                    for e in session.scalars(select(Event))
                )
        finally:
            db.dispose()
        return extract, events

    with DemoServer() as server:
        alone, alone_events = run("alone", 1)
        shared, shared_events = run("shared", 2)
    assert alone["with_events"]
    assert shared == alone | {"seconds": shared["seconds"]}
    assert shared_events == alone_events


def test_a_backfill_of_enough_articles_starts_the_workers_itself(
    make_settings: Callable[..., Settings], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'b.db'}"
    settings = make_settings(database_url=url, nlp_processes=1)
    with DemoServer() as server:
        db = open_database(url)
        register(db, *server.feed_urls)
        db.dispose()
        first = run_monitor(settings).extract
    started: list[int] = []
    real_start = stages.start_extraction_workers

    def start(context: RunContext) -> NlpWorkers | None:
        workers = real_start(context)
        started.append(0 if workers is None else workers.count)
        return workers

    monkeypatch.setattr(stages, "start_extraction_workers", start)
    again = make_settings(database_url=url, nlp_processes=2, nlp_workers_from_articles=1)
    assert stages.forget_extractions(again) == first["articles"]
    context = RunContext(again)
    try:
        redone = stages.extract_and_record(context)
    finally:
        context.workers.stop()
    assert started == [1]
    assert redone["articles"] == first["articles"]
    assert redone["with_events"] == first["with_events"] > 0
    assert context.workers.nlp is None


def test_workers_warmed_up_ahead_are_the_ones_the_run_uses_and_stops(
    make_settings: Callable[..., Settings], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # ``nongrata run`` warms the workers up while Prefect's API starts: the run's stages then
    # start no others, and stop these as they stop their own.
    cleaners = spy_cleaning_pools(monkeypatch)
    url = f"sqlite:///{tmp_path / 'warm.db'}"
    settings = make_settings(database_url=url, nlp_processes=2, nlp_workers_from_articles=1)
    extractor = RunContext(settings).extractor()
    with DemoServer() as server:
        db = open_database(url)
        register(db, *server.feed_urls)
        db.dispose()
        stages.warm_up_workers(settings)
        stages.warm_up_workers(settings)  # started once
        assert len(cleaners) == 1
        context = stages.begin_run(settings)
        warm = context.workers.nlp_for(extractor)
        assert warm is not None
        try:
            ingest = stages.poll_and_fetch(context)
            assert context.workers.nlp_for(extractor) is warm
            extract = stages.extract_and_record(context)
            stages.end_run(context, {"extract": extract})
        finally:
            context.workers.stop()
    assert ingest["pages_fetched"] > 0
    assert extract["with_events"] > 0
    assert len(cleaners) == 1  # the warm cleaners cleaned the pages
    assert context.workers.nlp is None
    with pytest.raises(RuntimeError, match="shutdown"):
        cleaners[0].submit(int)
