"""The console script's module (``nongrata.cli.app``) imports nothing until it runs.

The page-cleaning pool spawns its workers, and a spawned process imports the parent's
``__main__`` again: under ``nongrata run`` that is the ``nongrata`` console script. A worker
must then import the cleaning job only — not the CLI, the database, spaCy or Prefect.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

NONGRATA = Path(sys.executable).parent / "nongrata"

# Run in a fresh interpreter whose __main__ is the console script, as under `nongrata run`
# (what a spawned child imports again is ``__main__.__file__``): start the cleaning pool the
# way the pipeline does and list the modules a worker has imported once it ran a job.
_PROBE = """
import sys

sys.modules["__main__"].__file__ = sys.argv[1]
from nongrata.ingest.ingest import page_cleaning_executor

pool = page_cleaning_executor(1)
try:
    print(" ".join(pool.submit(eval, "sorted(__import__('sys').modules)").result()))
finally:
    pool.shutdown()
"""

HEAVY = (
    "prefect",
    "typer",
    "spacy",
    "sqlalchemy",
    "alembic",
    "nongrata.cli.root",
    "nongrata.flows",
)


def test_cleaning_workers_of_the_cli_import_neither_the_cli_nor_prefect(tmp_path: Path) -> None:
    # the package's install puts the console script beside the interpreter
    assert NONGRATA.is_file(), f"{NONGRATA}: no console script (is nongrata installed?)"
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(NONGRATA)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    modules = set(done.stdout.split())
    # The worker did import the console script again, and ran the cleaning job's module…
    assert "nongrata.cli.app" in modules
    assert "nongrata.ingest.clean_worker" in modules
    # …and nothing the job does not need.
    loaded = sorted(m for m in modules if m.split(".")[0] in HEAVY or m.startswith(HEAVY))
    assert loaded == []


def test_the_application_is_still_importable_from_the_entry_module() -> None:
    from typer import Typer

    from nongrata.cli import app as entry

    assert isinstance(entry.app, Typer)
    with pytest.raises(AttributeError):
        _ = entry.no_such_name
