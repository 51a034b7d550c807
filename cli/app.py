"""The ``nongrata`` console script's module (``nongrata = "nongrata.cli.app:main"``).

It imports nothing at import time. The page-cleaning pool spawns its workers, and a spawned
process imports the parent's ``__main__`` again — for ``nongrata run``, the console script,
which imports this module: each worker would otherwise import the whole CLI (Typer, the
database, spaCy) and, through the jobs, Prefect, for a job that needs none of them. The
application itself, ``app``, lives in ``nongrata.cli.root`` and is imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from typer import Typer

    app: Typer


def main() -> None:
    from nongrata.cli.root import app

    app()


def __getattr__(name: str) -> Any:
    """``nongrata.cli.app.app``, the Typer application, imported when first asked for."""
    if name == "app":
        from nongrata.cli.root import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
